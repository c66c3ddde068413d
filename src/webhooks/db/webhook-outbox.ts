import { afterCommit, type Db } from '../../core/db/client.ts';
import type { ListenerPart } from '../../appointments/index.ts';

/** The PostgreSQL channel that wakes delivery workers when deliveries are queued (sent on commit only). */
export const WEBHOOK_CHANNEL = 'chairtime_webhook_deliveries';

/**
 * The outbox write around the SQL expression `data` (which may use the columns of `from`, a FROM clause giving one
 * row per event; none: one event), as common table expressions, with `org` and `type` the SQL of the organisation
 * and the event type (parameters): the organisation's active endpoints subscribed to the type; when there are any,
 * one event row per event and one delivery per event and endpoint, and QUEUED is then true (the caller wakes the
 * workers). With no endpoint (the common case) it is one index probe and writes nothing.
 */
const outboxCtes = (data: string, from: string, org: string, type: string): [string, string][] => [
  ['wh_endpoints', `SELECT id FROM webhook_endpoints WHERE org_id = ${org} AND is_active AND ${type} = ANY (events)`],
  ['wh_event', `INSERT INTO webhook_events (org_id, type, data)
                SELECT ${org}, ${type}, ${data} ${from} WHERE EXISTS (SELECT 1 FROM wh_endpoints) RETURNING id`],
  ['wh_deliveries', `INSERT INTO webhook_deliveries (org_id, endpoint_id, event_id)
                     SELECT ${org}, wh_endpoints.id, wh_event.id FROM wh_endpoints, wh_event RETURNING 1`],
];
const QUEUED = 'EXISTS (SELECT 1 FROM wh_deliveries)';

/** The outbox write as one statement: $1 the organisation, $2 the type; `data` and `from` as for outboxCtes. */
const outbox = (data: string, from = '') =>
  `WITH ${outboxCtes(data, from, '$1', '$2').map(([name, sql]) => `${name} AS (${sql})`).join(',\n')}\nSELECT ${QUEUED} AS queued`;

const GENERIC = { name: 'webhooks-outbox', text: outbox('$3::jsonb') };
const BATCH = { name: 'webhooks-outbox-batch', text: outbox('x.data', 'FROM jsonb_array_elements($3::jsonb) AS x(data)') };

/**
 * Wakes the delivery workers once the transaction that queued deliveries commits (never inside it: a NOTIFY in a
 * transaction makes every notifying commit wait for the previous one's WAL flush; see afterCommit). A lost wake-up
 * costs a delay: workers also look every second.
 */
function wakeWorkersOnCommit(db: Db, queued: boolean): void {
  if (!queued) return;
  afterCommit(db, (pool) => void pool.query(`SELECT pg_notify('${WEBHOOK_CHANNEL}', '')`).catch(() => undefined));
}

/**
 * Queues event `type` with payload data `data` for every active endpoint of `orgId` subscribed to it, in one
 * statement on `db` (pass the transaction of the change, so the event commits or rolls back with it).
 */
export async function insertOutboxEvent(db: Db, orgId: string, type: string, data: unknown): Promise<void> {
  wakeWorkersOnCommit(db, (await db.query<{ queued: boolean }>({ ...GENERIC, values: [orgId, type, JSON.stringify(data)] })).rows[0]!.queued);
}

/** Queues one event `type` per item of `data` like insertOutboxEvent, all in one statement; nothing for an empty list. */
export async function insertOutboxEvents(db: Db, orgId: string, type: string, data: readonly unknown[]): Promise<void> {
  if (!data.length) return;
  wakeWorkersOnCommit(db, (await db.query<{ queued: boolean }>({ ...BATCH, values: [orgId, type, JSON.stringify(data)] })).rows[0]!.queued);
}

// The appointment ($2) as it is after the change: scheduling facts and ids, no patient name or note.
const APPOINTMENT = `(SELECT jsonb_build_object(
    'id', a.id, 'status', a.status, 'location_id', a.location_id, 'operatory_id', a.operatory_id,
    'patient_id', a.patient_id, 'appointment_type_id', a.appointment_type_id, 'schedule_date', a.schedule_date,
    'start_time', a.start_time, 'end_time', a.end_time,
    'start_at', to_char(a.start_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'end_at', to_char(a.end_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'version', a.version)
  FROM appointments a WHERE a.org_id = $1 AND a.id = $2)`;
const APPOINTMENT_EVENT_CTES = outboxCtes(
  `jsonb_build_object('action', $4::text, 'appointment', COALESCE(${APPOINTMENT}, $5::jsonb), 'previous', $6::jsonb)`, '', '$1', '$3');

/**
 * Queues appointment event `type` like insertOutboxEvent, as a listener part (see ListenerPart): its data read in
 * the same statement, `{action, appointment, previous}`; `appointment` is the row after the change, or `gone` when
 * it no longer exists (deleted); `previous` is the caller's snapshot of the row before the change, or null.
 */
export function appointmentOutboxEvent(type: string, action: string, gone: unknown, previous: unknown): ListenerPart {
  return {
    with: APPOINTMENT_EVENT_CTES,
    result: QUEUED,
    values: [type, action, JSON.stringify(gone), JSON.stringify(previous)],
    then: async (tx, queued) => wakeWorkersOnCommit(tx, queued === true),
  };
}
