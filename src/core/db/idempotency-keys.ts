import type { Db } from './client.ts';
import { one } from './client.ts';

/** A kept answer: what the first request with the key was, and what it got. */
export interface IdempotencyKeyRow {
  /** sha256 (hex) of the method, URL and canonical body of the request that stored it. */
  fingerprint: string;
  status: number;
  /** The answer's body as sent; null for an answer without one. */
  body: string | null;
  content_type: string | null;
}

export interface NewIdempotencyKey extends IdempotencyKeyRow {
  orgId: string;
  userId: string;
  key: string;
}

const LOCK = { name: 'lock-idempotency-key', text: 'SELECT pg_try_advisory_xact_lock(hashtextextended($1::text, 0)) AS acquired' };

/**
 * Takes the transaction-scoped advisory lock of a user's key without waiting: false while another transaction
 * (a request with the same key still running) holds it. Must run inside a transaction; the lock ends with it.
 */
export async function tryLockIdempotencyKey(tx: Db, orgId: string, userId: string, key: string): Promise<boolean> {
  // Org and user ids are fixed-length uuids, so the text names one (org, user, key) whatever the key holds.
  return (await one<{ acquired: boolean }>(tx, LOCK, [`idempotency:${orgId}:${userId}:${key}`]))!.acquired;
}

const FIND = {
  name: 'find-idempotency-key',
  text: `SELECT fingerprint, status, body, content_type FROM idempotency_keys
          WHERE org_id = $1 AND user_id = $2 AND key = $3 AND created_at > $4`,
};

/** The answer kept for a user's key, unless it was stored at or before `keptAfter` (expired: as if absent). */
export function findIdempotencyKey(db: Db, orgId: string, userId: string, key: string, keptAfter: Date): Promise<IdempotencyKeyRow | undefined> {
  return one<IdempotencyKeyRow>(db, FIND, [orgId, userId, key, keptAfter.toISOString()]);
}

const INSERT = {
  name: 'insert-idempotency-key',
  text: `INSERT INTO idempotency_keys (org_id, user_id, key, fingerprint, status, body, content_type, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (org_id, user_id, key) DO UPDATE
           SET fingerprint = EXCLUDED.fingerprint, status = EXCLUDED.status, body = EXCLUDED.body,
               content_type = EXCLUDED.content_type, created_at = EXCLUDED.created_at
           WHERE idempotency_keys.created_at <= $9
         RETURNING true AS stored`,
};

/**
 * Keeps an answer under its key, stored at `createdAt`, overwriting an expired one (stored at or before
 * `keptAfter`). Returns false, storing nothing, when the key holds an answer that has not expired.
 */
export async function insertIdempotencyKey(db: Db, k: NewIdempotencyKey, createdAt: Date, keptAfter: Date): Promise<boolean> {
  const row = await one<{ stored: boolean }>(db, INSERT, [
    k.orgId, k.userId, k.key, k.fingerprint, k.status, k.body, k.content_type, createdAt.toISOString(), keptAfter.toISOString(),
  ]);
  return row?.stored === true;
}

/**
 * Deletes up to `limit` answers, of every organisation, stored at or before `keptAfter` (never read again),
 * oldest first, and returns how many.
 */
export async function deleteExpiredIdempotencyKeys(db: Db, keptAfter: Date, limit = 1000): Promise<number> {
  const res = await db.query(`
    DELETE FROM idempotency_keys WHERE (org_id, user_id, key) IN (
      SELECT org_id, user_id, key FROM idempotency_keys WHERE created_at <= $1 ORDER BY created_at LIMIT $2)`,
  [keptAfter.toISOString(), limit]);
  return res.rowCount ?? 0;
}
