import { Counter } from 'prom-client';
import type { AppointmentListener } from '../../appointments/index.ts';

// Process-wide, like the bookings they count: every app's registry exposes the same two counters (in
// production one app per process; tests build many, and a booking made through one is still one booking).
export const bookingsTotal = new Counter({
  name: 'chairtime_bookings_total',
  help: 'Appointments created by this process (every way of booking: API, slots, services, holds, bulk import)',
  registers: [],
});
export const slotConflictsTotal = new Counter({
  name: 'chairtime_booking_conflicts_total',
  help: 'Answers 409 slot_conflict: a booking or move refused because the chair or provider was taken',
  registers: [],
});

/**
 * The appointment listener that counts bookings (`created` changes). It runs inside the booking's transaction,
 * so a booking rolled back after it was written (another listener failing, a bulk row undone) is still counted.
 */
export const countBookings: AppointmentListener = async (_tx, change) => {
  if (change.action === 'created') bookingsTotal.inc();
};
