import { invalid, notFound } from '../../core/errors.ts';
import { CHAIR_OCCUPYING } from '../domain/status.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { recordChange } from './appointment-events.ts';
import { getFlowStatus } from '../../practice/index.ts';
import { insertFlowEvent, type FlowEventRow } from '../db/patient-flow.ts';
import type { Actor } from './book-appointment.ts';
import { lockVisibleAppointment } from './appointment-locks.ts';
import { updateAppointments } from '../db/appointments.ts';

/**
 * Sets an appointment's patient flow status at `now` (the injected clock): 404 appointment, 404
 * unknown flow status, 422 inactive flow status, 422 unless the appointment is scheduled or complete.
 * Appends an event by the acting user, sets the appointment's current flow status, bumps its version
 * and writes `flow_status_set`, in one transaction. Returns the event.
 */
export async function setFlowStatus(db: Db, actor: Actor, now: Date, appointmentId: string, flowStatusId: string, changeNote: string): Promise<FlowEventRow> {
  const { orgId } = actor;
  return withTransaction(db, async (tx) => {
    const row = await lockVisibleAppointment(tx, actor, appointmentId);
    const status = await getFlowStatus(tx, orgId, flowStatusId);
    if (!status) throw notFound('Flow status', ['body', 'flow_status_uuid']);
    if (!status.is_active) throw invalid(['body', 'flow_status_uuid'], `The flow status ${status.name} is inactive`);
    if (!CHAIR_OCCUPYING.includes(row.status)) {
      throw invalid(['path', 'appointment_uuid'], `Patient flow applies to scheduled or complete appointments; this one is ${row.status}`);
    }
    const previous = row.flow_status_id ? await getFlowStatus(tx, orgId, row.flow_status_id) : undefined;
    const event = await insertFlowEvent(tx, orgId, row.id, { flowStatusId: status.id, changedAt: now, changedBy: actor.userId, changeNote });
    await updateAppointments(tx, orgId, [row.id], { flow_status_id: status.id });
    await recordChange(tx, actor, row.id, 'flow_status_set', {
      flow_status: { old: previous ? { id: previous.id, name: previous.name } : null, new: { id: status.id, name: status.name } },
      event_id: event.id, change_note: changeNote,
    }, row);
    return event;
  });
}
