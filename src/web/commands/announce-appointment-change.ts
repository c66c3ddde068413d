import { afterCommit, type Db } from '../../core/db/client.ts';
import type { AppointmentChange } from '../../appointments/index.ts';
import { notifyAppointmentChange } from '../db/appointment-changes.ts';

/**
 * The appointment listener (registered with onAppointmentChange) that tells every open page: one notice
 * per (location, local date) the change touched — the day it left and the day it landed on for a move.
 * Sent once the appointment's transaction has committed (nothing runs inside it), so a change that rolls
 * back is never announced and no commit waits for another's notice.
 */
export async function announceAppointmentChange(tx: Db, change: AppointmentChange): Promise<void> {
  const { orgId, appointmentId, action, before } = change;
  const place = before && { location_id: before.location_id, schedule_date: before.schedule_date };
  afterCommit(tx, (pool) => notifyAppointmentChange(pool, { orgId, appointmentId, action, before: place }));
}
