import { many, one, type Db } from '../../core/db/client.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';
import { WEBHOOK_CHANNEL } from './webhook-outbox.ts';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** A delivery with its event, as the delivery log shows it. */
export interface DeliveryRow {
  org_id: string;
  id: string;
  endpoint_id: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string;
  last_attempt_at: string | null;
  delivered_at: string | null;
  created_at: string;
  event_id: string;
  event_type: string;
  event_data: unknown;
  event_created_at: string;
}

/** One finished attempt of a delivery. */
export interface AttemptRow {
  delivery_id: string;
  attempt: number;
  attempted_at: string;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
}

const FROM = 'webhook_deliveries d JOIN webhook_events ev ON ev.org_id = d.org_id AND ev.id = d.event_id';
const COLUMNS = `d.org_id, d.id, d.endpoint_id, d.status, d.attempts, d.next_attempt_at, d.last_attempt_at, d.delivered_at, d.created_at,
  ev.id AS event_id, ev.type AS event_type, ev.data AS event_data, ev.created_at AS event_created_at`;

/** The deliveries of endpoint `endpointId`, newest first, optionally of one status. */
export function listDeliveries(db: Db, orgId: string, endpointId: string, f: { status?: DeliveryStatus }, page: PageRequest) {
  const where = new Filter(orgId, 'd').add('d.endpoint_id = $?', endpointId).add('d.status = $?', f.status);
  return selectPage<DeliveryRow>(db, COLUMNS, FROM, where, 'd.created_at DESC, d.id DESC', page);
}

/** One delivery of endpoint `endpointId`, or undefined. */
export function getDelivery(db: Db, orgId: string, endpointId: string, id: string): Promise<DeliveryRow | undefined> {
  return one<DeliveryRow>(db, `SELECT ${COLUMNS} FROM ${FROM} WHERE d.org_id = $1 AND d.endpoint_id = $2 AND d.id = $3`, [orgId, endpointId, id]);
}

/** Every finished attempt of the given deliveries, by delivery and attempt number (one statement for a page). */
export function listAttempts(db: Db, orgId: string, deliveryIds: string[]): Promise<AttemptRow[]> {
  if (deliveryIds.length === 0) return Promise.resolve([]);
  return many<AttemptRow>(db, `
    SELECT delivery_id, attempt, attempted_at, duration_ms, status_code, error FROM webhook_delivery_attempts
     WHERE org_id = $1 AND delivery_id = ANY ($2::uuid[]) ORDER BY delivery_id, attempt, attempted_at`, [orgId, deliveryIds]);
}

/**
 * Makes delivery `id` of endpoint `endpointId` pending and due now with a fresh run of attempts (its log
 * stays), and wakes the workers when it commits; false when there is no such delivery.
 */
export async function requeueDelivery(db: Db, orgId: string, endpointId: string, id: string): Promise<boolean> {
  const row = await one<{ id: string }>(db, `
    WITH requeued AS (
      UPDATE webhook_deliveries SET status = 'pending', failures = 0, next_attempt_at = now()
       WHERE org_id = $1 AND endpoint_id = $2 AND id = $3 RETURNING id
    )
    SELECT id, pg_notify('${WEBHOOK_CHANNEL}', '') FROM requeued`, [orgId, endpointId, id]);
  return row !== undefined;
}

/** A delivery a worker claimed, with what it needs to send it. */
export interface ClaimedDelivery {
  org_id: string;
  id: string;
  /** This attempt's number: the claim, and the log entry's `attempt`. */
  attempts: number;
  /** Failures in a row before this attempt. */
  failures: number;
  url: string;
  secret: string;
  previous_secret: string | null;
  event_id: string;
  event_type: string;
  event_data: unknown;
  event_created_at: string;
}

const CLAIM = {
  name: 'webhooks-claim',
  text: `
  WITH due AS (
    SELECT d.org_id, d.id FROM webhook_deliveries d
      JOIN webhook_endpoints e ON e.org_id = d.org_id AND e.id = d.endpoint_id AND e.is_active
     WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND ($3::uuid[] IS NULL OR d.org_id = ANY ($3::uuid[]))
     ORDER BY d.next_attempt_at LIMIT $1
       FOR UPDATE OF d SKIP LOCKED
  )
  UPDATE webhook_deliveries d
     SET attempts = d.attempts + 1, last_attempt_at = now(), next_attempt_at = now() + make_interval(secs => $2::float8 / 1000)
    FROM due, webhook_endpoints e, webhook_events ev
   WHERE d.org_id = due.org_id AND d.id = due.id AND e.org_id = d.org_id AND e.id = d.endpoint_id
     AND ev.org_id = d.org_id AND ev.id = d.event_id
  RETURNING d.org_id, d.id, d.attempts, d.failures, e.url, e.secret,
            CASE WHEN e.previous_secret_until > now() THEN e.previous_secret END AS previous_secret,
            ev.id AS event_id, ev.type AS event_type, ev.data AS event_data, ev.created_at AS event_created_at`,
};

/**
 * Claims up to `limit` due pending deliveries of active endpoints (of `orgIds` only, when given), oldest due
 * first, skipping rows another worker is claiming (SKIP LOCKED): each gets its attempt number and a lease —
 * not due again for `leaseMs` — so a worker that dies mid-send leaves it to be claimed again then.
 */
export function claimDueDeliveries(db: Db, limit: number, leaseMs: number, orgIds: string[] | null): Promise<ClaimedDelivery[]> {
  return many<ClaimedDelivery>(db, CLAIM, [limit, leaseMs, orgIds]);
}

/** How one attempt ended and what follows. */
export interface AttemptOutcome {
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  /** delivered, pending (a retry after retryDelayMs) or failed (no more attempts). */
  status: DeliveryStatus;
  retryDelayMs: number;
}

const FINISH = {
  name: 'webhooks-finish-attempt',
  text: `
  WITH delivery AS (
    UPDATE webhook_deliveries
       SET status = $4, failures = CASE WHEN $4 = 'delivered' THEN 0 ELSE failures + 1 END,
           delivered_at = CASE WHEN $4 = 'delivered' THEN now() ELSE delivered_at END,
           next_attempt_at = now() + make_interval(secs => $5::float8 / 1000)
     WHERE org_id = $1 AND id = $2 AND attempts = $3
  )
  INSERT INTO webhook_delivery_attempts (org_id, delivery_id, attempt, duration_ms, status_code, error)
  SELECT $1, $2, $3, $6, $7, $8 WHERE EXISTS (SELECT 1 FROM webhook_deliveries WHERE org_id = $1 AND id = $2)`,
};

/**
 * Logs attempt `attempt` of delivery `id` and, while that attempt is still the delivery's latest claim,
 * sets what follows (delivered, a retry, or failed); a delivery whose endpoint was deleted meanwhile is gone
 * and nothing is written.
 */
export async function finishAttempt(db: Db, orgId: string, id: string, attempt: number, o: AttemptOutcome): Promise<void> {
  await db.query({ ...FINISH, values: [orgId, id, attempt, o.status, o.retryDelayMs, o.durationMs, o.statusCode, o.error?.slice(0, 500) ?? null] });
}

/** Deliveries still to be made, across organisations (the operators' backlog gauge); the partial index answers it. */
export async function countPendingDeliveries(db: Db): Promise<number> {
  return (await one<{ n: number }>(db, "SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'pending'"))!.n;
}
