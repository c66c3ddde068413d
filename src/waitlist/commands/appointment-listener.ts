import type { Db } from '../../core/db/client.ts';
import type { AppointmentChange } from '../../appointments/index.ts';
import { insertEntryFromAppointment, scheduleEntriesForAppointment } from '../db/appointment-sync.ts';

// History actions after which the appointment may newly be scheduled.
const BOOKING_ACTIONS = new Set(['created', 'moved', 'placed', 'status_changed']);

/**
 * Keeps the ASAP list true as appointments change, inside the appointment's transaction: a break or
 * cancel with `add_to_asap` puts the patient on the list (source appointment_flag; an active entry of
 * the same patient, location and type is kept instead); an appointment that is scheduled after a
 * create, move, place or transition marks the patient's matching active entries scheduled. At most
 * one statement per change, none for other actions.
 */
export async function keepWaitlistTrue(tx: Db, change: AppointmentChange): Promise<void> {
  if (change.action === 'broken' || change.action === 'cancelled') {
    if (change.options.add_to_asap === true) await insertEntryFromAppointment(tx, change.orgId, change.appointmentId);
    return;
  }
  if (BOOKING_ACTIONS.has(change.action)) await scheduleEntriesForAppointment(tx, change.orgId, change.appointmentId);
}
