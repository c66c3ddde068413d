import { notFound } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { recordChange } from './appointment-events.ts';
import { deleteAppointmentRow, lockAppointment } from '../db/appointments.ts';
import type { Actor } from './book-appointment.ts';

/**
 * Hard-deletes an appointment visible to the actor (404 otherwise); its providers, procedures, tags
 * and flow events go with it by cascade. In the same transaction a final `deleted` history entry
 * records what it was; history has no foreign key, so the whole trail survives.
 */
export function deleteAppointment(db: Db, actor: Actor, id: string): Promise<void> {
  return withTransaction(db, async (tx) => {
    const row = await lockAppointment(tx, actor.orgId, id, actor.scope);
    if (!row) throw notFound('Appointment', ['path', 'appointment_uuid']);
    await deleteAppointmentRow(tx, actor.orgId, row.id);
    await recordChange(tx, actor, row.id, 'deleted', {
      status: { old: row.status, new: null }, version: row.version, patient_id: row.patient_id, location_id: row.location_id,
      operatory_id: row.operatory_id, schedule_date: row.schedule_date, start_time: row.start_time, end_time: row.end_time,
    }, row);
  });
}
