import type { Db } from '../../core/db/client.ts';
import { one } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';

/** A hold with the names its API shape shows. */
export interface HoldRow {
  id: string;
  location_id: string;
  location_name: string;
  timezone: string;
  operatory_id: string;
  operatory_name: string;
  providers: { id: string; name: string }[];
  schedule_date: string;
  start_time: string;
  end_time: string;
  start_at: string;
  end_at: string;
  expires_at: string;
  /** The patient a slot lock keeps the slot for (only their booking may convert it), or null. */
  patient_id: string | null;
  /** Whether the hold still counts: not expired at the statement's now(). */
  live: boolean;
  created_at: string;
}

const SELECT = `
  SELECT h.id, h.location_id, l.name AS location_name, l.timezone, h.operatory_id, o.name AS operatory_name,
         coalesce((SELECT json_agg(json_build_object('id', p.id, 'name', p.first_name || ' ' || p.last_name) ORDER BY p.last_name, p.first_name, p.id)
                     FROM hold_providers hp JOIN providers p ON p.org_id = hp.org_id AND p.id = hp.provider_id
                    WHERE hp.org_id = h.org_id AND hp.hold_id = h.id), '[]') AS providers,
         h.schedule_date, h.start_time, h.end_time, h.start_at, h.end_at, h.expires_at, h.patient_id,
         h.expires_at > now() AS live, h.created_at
    FROM holds h
    JOIN locations l ON l.org_id = h.org_id AND l.id = h.location_id
    JOIN operatories o ON o.org_id = h.org_id AND o.id = h.operatory_id`;

/** One hold visible in `scope` (live or expired but not yet swept), or undefined. */
export function getHold(db: Db, orgId: string, id: string, scope: LocationScope): Promise<HoldRow | undefined> {
  return one<HoldRow>(db, `${SELECT} WHERE h.org_id = $1 AND h.id = $2 AND ($3::uuid[] IS NULL OR h.location_id = ANY($3))`, [orgId, id, scope]);
}

/** A hold to insert: wall-clock date and times at the location, their instants, and who holds it. */
export interface NewHold {
  locationId: string;
  operatoryId: string;
  providerIds: string[];
  date: string;
  startTime: string;
  endTime: string;
  startAt: string;
  endAt: string;
  ttlSeconds: number;
  tokenHash: Buffer;
  createdBy: string | null;
  /** The slot the hold locks, if any. */
  slotId?: string | null;
  /** The patient it is kept for (slot locks only), if any. */
  patientId?: string | null;
}

/** Inserts a hold expiring `ttlSeconds` after the database's now(), with its providers; returns its id. */
export async function insertHold(db: Db, orgId: string, h: NewHold): Promise<string> {
  const row = (await one<{ id: string }>(db, `
    WITH h AS (
      INSERT INTO holds (org_id, location_id, operatory_id, schedule_date, start_time, end_time, start_at, end_at, expires_at, token_hash, created_by, slot_id,
                         patient_id)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now() + make_interval(secs => $9), $10, $11, $13, $14) RETURNING id),
    p AS (INSERT INTO hold_providers (org_id, hold_id, provider_id) SELECT $1, h.id, unnest($12::uuid[]) FROM h)
    SELECT id FROM h`,
  [orgId, h.locationId, h.operatoryId, h.date, h.startTime, h.endTime, h.startAt, h.endAt, h.ttlSeconds, h.tokenHash, h.createdBy, h.providerIds, h.slotId ?? null,
    h.patientId ?? null]))!;
  return row.id;
}

/** Deletes a hold visible in `scope` (releasing it at once); false when there is none. */
export async function deleteHold(db: Db, orgId: string, id: string, scope: LocationScope): Promise<boolean> {
  const res = await db.query('DELETE FROM holds WHERE org_id = $1 AND id = $2 AND ($3::uuid[] IS NULL OR location_id = ANY($3))', [orgId, id, scope]);
  return res.rowCount === 1;
}

/** Deletes every hold that locks the slot `slotId` (live or expired); returns how many. */
export async function deleteSlotHolds(db: Db, orgId: string, slotId: string): Promise<number> {
  const res = await db.query('DELETE FROM holds WHERE org_id = $1 AND slot_id = $2', [orgId, slotId]);
  return res.rowCount ?? 0;
}

/**
 * Deletes the organisation's holds that expired more than an hour ago. Only housekeeping: an expired hold
 * stops counting the instant it expires whether or not it is still stored.
 */
export async function sweepExpiredHolds(db: Db, orgId: string): Promise<void> {
  await db.query("DELETE FROM holds WHERE org_id = $1 AND expires_at < now() - interval '1 hour'", [orgId]);
}
