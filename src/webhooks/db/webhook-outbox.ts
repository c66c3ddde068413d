import type pg from 'pg';
import { afterCommit, type Db } from '../../core/db/client.ts';

/** The PostgreSQL channel that wakes delivery workers when deliveries are queued (sent on commit only). */
export const WEBHOOK_CHANNEL = 'chairtime_webhook_deliveries';

/**
 * The outbox write around the SQL expression `data` (which may use $1 org, $2 type and later parameters, and
 * the columns of `from`, a FROM clause giving one row per event; none: one event): the organisation's active
 * endpoints subscribed to the type; when there are any, one event row per event and one delivery per event and
 * endpoint, and the caller wakes the workers. With no endpoint (the common case) it is one index probe and writes
 * nothing.
 */
const outbox = (data: string, from = '') => `
  WITH endpoints AS (
    SELECT id FROM webhook_endpoints WHERE org_id = $1 AND is_active AND $2 = ANY (events)
  ), event AS (
    INSERT INTO webhook_events (org_id, type, data)
    SELECT $1, $2, ${data} ${from} WHERE EXISTS (SELECT 1 FROM endpoints) RETURNING id
  ), deliveries AS (
    INSERT INTO webhook_deliveries (org_id, endpoint_id, event_id)
    SELECT $1, endpoints.id, event.id FROM endpoints, event RETURNING 1
  )
  SELECT EXISTS (SELECT 1 FROM deliveries) AS queued`;

const GENERIC = { name: 'webhooks-outbox', text: outbox('$3::jsonb') };
const BATCH = { name: 'webhooks-outbox-batch', text: outbox('x.data', 'FROM jsonb_array_elements($3::jsonb) AS x(data)') };

/**
 * Wakes the delivery workers once the transaction that queued deliveries commits (never inside it: a NOTIFY in a
 * transaction makes every notifying commit wait for the previous one's WAL flush; see afterCommit). A lost wake-up
 * costs a delay: workers also look every second.
 */
function wakeWorkersOnCommit(db: Db, result: pg.QueryResult<{ queued: boolean }>): void {
  if (!result.rows[0]?.queued) return;
  afterCommit(db, (pool) => void pool.query(`SELECT pg_notify('${WEBHOOK_CHANNEL}', '')`).catch(() => undefined));
}

/**
 * Queues event `type` with payload data `data` for every active endpoint of `orgId` subscribed to it, in one
 * statement on `db` (pass the transaction of the change, so the event commits or rolls back with it).
 */
export async function insertOutboxEvent(db: Db, orgId: string, type: string, data: unknown): Promise<void> {
  wakeWorkersOnCommit(db, await db.query({ ...GENERIC, values: [orgId, type, JSON.stringify(data)] }));
}

/** Queues one event `type` per item of `data` like insertOutboxEvent, all in one statement; nothing for an empty list. */
export async function insertOutboxEvents(db: Db, orgId: string, type: string, data: readonly unknown[]): Promise<void> {
  if (!data.length) return;
  wakeWorkersOnCommit(db, await db.query({ ...BATCH, values: [orgId, type, JSON.stringify(data)] }));
}

// The appointment as it is after the change: scheduling facts and ids, no patient name or note.
const APPOINTMENT = `(SELECT jsonb_build_object(
    'id', a.id, 'status', a.status, 'location_id', a.location_id, 'operatory_id', a.operatory_id,
    'patient_id', a.patient_id, 'appointment_type_id', a.appointment_type_id, 'schedule_date', a.schedule_date,
    'start_time', a.start_time, 'end_time', a.end_time,
    'start_at', to_char(a.start_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'end_at', to_char(a.end_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'version', a.version)
  FROM appointments a WHERE a.org_id = $1 AND a.id = $3)`;

const APPOINTMENT_EVENT = {
  name: 'webhooks-outbox-appointment',
  text: outbox(`jsonb_build_object('action', $4::text, 'appointment', COALESCE(${APPOINTMENT}, $5::jsonb), 'previous', $6::jsonb)`),
};

/**
 * Queues appointment event `type` like insertOutboxEvent, its data read in the same statement:
 * `{action, appointment, previous}`; `appointment` is the row after the change, or `gone` when it no longer
 * exists (deleted); `previous` is the caller's snapshot of the row before the change, or null.
 */
export async function insertAppointmentOutboxEvent(
  db: Db, orgId: string, type: string, appointmentId: string, action: string, gone: unknown, previous: unknown,
): Promise<void> {
  wakeWorkersOnCommit(db, await db.query({ ...APPOINTMENT_EVENT, values: [orgId, type, appointmentId, action, JSON.stringify(gone), JSON.stringify(previous)] }));
}
