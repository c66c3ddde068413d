import type { Db } from '../../core/db/client.ts';
import type { AppointmentChange, AppointmentListener } from '../../appointments/index.ts';
import { appointmentEventType, type EventType } from '../domain/event-types.ts';
import { appointmentOutboxEvent, insertOutboxEvent, insertOutboxEvents } from '../db/webhook-outbox.ts';

/**
 * Records event `type` (e.g. `blockout.created`) with payload data `data` for every active endpoint of
 * `orgId` subscribed to it: call it with the transaction of the change it describes, so the event exists
 * exactly when the change does. One statement; nothing is written when no endpoint wants the type.
 */
export function recordEvent(tx: Db, orgId: string, type: EventType, data: unknown): Promise<void> {
  return insertOutboxEvent(tx, orgId, type, data);
}

/**
 * Records one event `type` per item of `data` like recordEvent (same transaction rule): for a change of several
 * records at once (a blockout copy, a bulk remove). One statement whatever the count, an index probe when no
 * endpoint wants the type; nothing at all for an empty list.
 */
export function recordEvents(tx: Db, orgId: string, type: EventType, data: readonly unknown[]): Promise<void> {
  return insertOutboxEvents(tx, orgId, type, data);
}

/** The scheduling facts of an appointment a payload carries: ids, status and times, no name or note. */
function snapshot(row: AppointmentChange['before']) {
  if (!row) return null;
  return {
    id: row.id, status: row.status, location_id: row.location_id, operatory_id: row.operatory_id, patient_id: row.patient_id,
    appointment_type_id: row.appointment_type_id, schedule_date: row.schedule_date, start_time: row.start_time, end_time: row.end_time,
    start_at: row.start_at, end_at: row.end_at, version: row.version,
  };
}

/**
 * The appointment listener (registered with onAppointmentChange) that writes the webhook outbox in the
 * appointment's transaction: event `appointment.<created|updated|moved|status_changed|deleted>` (from the
 * history action) with data `{action, appointment, previous}`. A part of the statement the listeners share.
 */
export const publishAppointmentChange: AppointmentListener = {
  part: (change) => {
    const previous = snapshot(change.before);
    return appointmentOutboxEvent(appointmentEventType(change.action), change.action, change.action === 'deleted' ? previous : null, previous);
  },
};
