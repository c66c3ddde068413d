import type { Db } from '../../core/db/client.ts';
import { many, one } from '../../core/db/client.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';

/** A patient flow event joined with its status's name. */
export interface FlowEventRow {
  id: string;
  appointment_id: string;
  flow_status_id: string;
  flow_status_name: string;
  changed_at: string;
  changed_by: string | null;
  changed_by_name: string | null;
  change_note: string;
}

const EVENT_COLUMNS = `e.id, e.appointment_id, e.flow_status_id, s.name AS flow_status_name, e.changed_at, e.changed_by,
  e.changed_by_name, e.change_note`;
const EVENT_FROM = 'patient_flow_events e JOIN patient_flow_statuses s ON s.org_id = e.org_id AND s.id = e.flow_status_id';

export interface NewFlowEvent {
  flowStatusId: string;
  /** The injected clock's now. */
  changedAt: Date;
  changedBy: string | null;
  changeNote: string;
}

/**
 * Appends a flow event, naming the acting user as they are now. Events of one appointment get
 * strictly increasing instants: one given an instant not after the previous event's is placed 1 µs
 * after it, so the timeline has one order even for simultaneous writes or a clock that steps back.
 * Call with the appointment row locked.
 */
export async function insertFlowEvent(db: Db, orgId: string, appointmentId: string, e: NewFlowEvent): Promise<FlowEventRow> {
  const row = await one<{ id: string }>(db, `
    INSERT INTO patient_flow_events (org_id, appointment_id, flow_status_id, changed_at, changed_by, changed_by_name, change_note)
    VALUES ($1, $2, $3,
            greatest($4::timestamptz, (SELECT max(changed_at) + interval '1 microsecond' FROM patient_flow_events
                                        WHERE org_id = $1 AND appointment_id = $2)),
            $5, (SELECT name FROM users WHERE org_id = $1 AND id = $5), $6)
    RETURNING id`, [orgId, appointmentId, e.flowStatusId, e.changedAt.toISOString(), e.changedBy, e.changeNote]);
  return (await one<FlowEventRow>(db, `SELECT ${EVENT_COLUMNS} FROM ${EVENT_FROM} WHERE e.org_id = $1 AND e.id = $2`, [orgId, row!.id]))!;
}

/** One page of an appointment's flow events, oldest first. */
export function listFlowEvents(db: Db, orgId: string, appointmentId: string, page: PageRequest) {
  const where = new Filter(orgId, 'e').add('e.appointment_id = $?', appointmentId);
  return selectPage<FlowEventRow>(db, EVENT_COLUMNS, EVENT_FROM, where, 'e.changed_at, e.id', page);
}

/** Every flow event of an appointment, oldest first (for stats). */
export function listAllFlowEvents(db: Db, orgId: string, appointmentId: string): Promise<FlowEventRow[]> {
  return many<FlowEventRow>(db, `SELECT ${EVENT_COLUMNS} FROM ${EVENT_FROM}
    WHERE e.org_id = $1 AND e.appointment_id = $2 ORDER BY e.changed_at, e.id`, [orgId, appointmentId]);
}
