import type { Db } from '../../core/db/client.ts';
import type { AppointmentChange } from '../../appointments/index.ts';
import { notifyAppointmentChange } from '../db/appointment-changes.ts';

/**
 * The appointment listener (registered with onAppointmentChange) that tells every open page: one notice
 * per (location, local date) the change touched — the day it left and the day it landed on for a move.
 * Runs in the appointment's transaction, so a change that rolls back is never announced.
 */
export async function announceAppointmentChange(tx: Db, change: AppointmentChange): Promise<void> {
  await notifyAppointmentChange(tx, change.orgId, change.appointmentId, change.action, change.before);
}
