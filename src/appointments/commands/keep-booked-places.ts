import { AppError } from '../../core/errors.ts';
import type { Db } from '../../core/db/client.ts';
import { CHAIR_OCCUPYING } from '../domain/status.ts';
import { staysInOccurrence, staysInSlot, type Placement } from '../domain/booked-places.ts';
import type { AppointmentColumns, AppointmentRow } from '../db/appointments.ts';
import { lockSlotRow, readSlotPlace } from '../db/slot-bookings.ts';
import { countServiceOccurrenceBookings, deleteServiceBooking, findServiceBookingOf, lockServiceOccurrence } from '../db/service-claims.ts';
import { refuseSlotState } from './book-into-slot.ts';

/** What keeping or leaving booked places adds to the write: columns to set and history fields. */
export interface KeptPlaces {
  columns: AppointmentColumns;
  changes: Record<string, unknown>;
}

/**
 * The slot's part: under the slot's row lock (the first lock after the appointment's, as for every booking into
 * the slot), an appointment put outside the slot's time or block chairs leaves it (slot_id null); one that stays
 * and does not hold its place yet takes it again: 409 slot_disabled, slot_locked (a live lock: a move carries no
 * hold token) or slot_full, exactly as a new booking into the slot.
 */
async function keepSlotPlace(tx: Db, orgId: string, row: AppointmentRow, to: Placement, retaking: boolean): Promise<KeptPlaces> {
  const slotId = row.slot_id!;
  await lockSlotRow(tx, orgId, slotId, null);
  const place = (await readSlotPlace(tx, orgId, slotId, null))!;
  if (!staysInSlot({ startMs: Date.parse(place.start_at), endMs: Date.parse(place.end_at), operatoryIds: place.operatory_ids }, to)) {
    return { columns: { slot_id: null }, changes: { slot_id: { old: slotId, new: null } } };
  }
  if (retaking) refuseSlotState(place);
  return { columns: {}, changes: {} };
}

/**
 * The service occurrence's part: an appointment put outside its occurrence (another date, or a start outside the
 * time slot's window) stops being its booking; one that stays and does not hold its place yet takes it again under
 * the occurrence's lock: 409 slot_full at `max_bookings`.
 */
async function keepOccurrencePlace(tx: Db, orgId: string, row: AppointmentRow, to: Placement, retaking: boolean): Promise<KeptPlaces> {
  const booked = await findServiceBookingOf(tx, orgId, row.id);
  if (!booked) return { columns: {}, changes: {} };
  const { serviceId, timeSlotId, date } = booked;
  if (!staysInOccurrence({ date, startTime: booked.start_time, endTime: booked.end_time }, to)) {
    await deleteServiceBooking(tx, orgId, row.id);
    return { columns: {}, changes: { service_booking: { old: { service_id: serviceId, time_slot_id: timeSlotId, date }, new: null } } };
  }
  if (retaking) {
    await lockServiceOccurrence(tx, orgId, timeSlotId, date);
    if ((await countServiceOccurrenceBookings(tx, orgId, timeSlotId, date)) >= booked.max_bookings) {
      throw new AppError('slot_full', `Every place of service ${serviceId}'s time slot ${timeSlotId} on ${date} is taken (${booked.max_bookings})`, ['body'],
        [], { service_id: serviceId, time_slot_id: timeSlotId, date });
    }
  }
  return { columns: {}, changes: {} };
}

/**
 * The rules of booked places for a write that makes `row` scheduled at `to` (move, place, transition to
 * scheduled), applied before the chair's advisory locks are taken: an appointment of a slot or a service
 * occurrence keeps its place while it stays within it, leaves it when put anywhere else (never joining another),
 * and — when it did not hold its place (broken, pinboard, unscheduled, planned) but stays — takes it again or the
 * write is refused with 409 like a new booking. Returns the columns and history fields the write adds.
 */
export async function keepBookedPlaces(tx: Db, orgId: string, row: AppointmentRow, to: Placement): Promise<KeptPlaces> {
  const retaking = !CHAIR_OCCUPYING.includes(row.status);
  const slot = row.slot_id ? await keepSlotPlace(tx, orgId, row, to, retaking) : { columns: {}, changes: {} };
  const occurrence = await keepOccurrencePlace(tx, orgId, row, to, retaking);
  return { columns: { ...slot.columns, ...occurrence.columns }, changes: { ...slot.changes, ...occurrence.changes } };
}
