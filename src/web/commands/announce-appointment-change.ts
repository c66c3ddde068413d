import type { Db } from '../../core/db/client.ts';
import { getAppointment, type AppointmentChange } from '../../appointments/index.ts';
import { notifyAppointmentChange } from '../db/appointment-changes.ts';

/**
 * The appointment listener (registered with onAppointmentChange) that tells every open page: one notice
 * per (location, local date) the change touched — the day it left and the day it landed on for a move.
 * Runs in the appointment's transaction, so a change that rolls back is never announced.
 */
export async function announceAppointmentChange(tx: Db, change: AppointmentChange): Promise<void> {
  const after = change.action === 'deleted' ? undefined : await getAppointment(tx, change.orgId, change.appointmentId, null);
  const places = new Map<string, { location_id: string; date: string | null }>();
  for (const row of [change.before, after]) {
    if (row) places.set(`${row.location_id} ${row.schedule_date}`, { location_id: row.location_id, date: row.schedule_date });
  }
  for (const place of places.values()) {
    await notifyAppointmentChange(tx, { org_id: change.orgId, appointment_id: change.appointmentId, action: change.action, ...place });
  }
}
