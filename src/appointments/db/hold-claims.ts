// Booking with a hold: the appointment takes the place the hold kept. The holds table belongs to the holds
// area; a booking only reads the hold its token names and deletes it in its own transaction.
import type { Db } from '../../core/db/client.ts';
import { one } from '../../core/db/client.ts';

/** The hold a token names, as a booking converting it needs it. */
export interface HeldPlace {
  id: string;
  location_id: string;
  operatory_id: string;
  provider_ids: string[];
  schedule_date: string;
  start_time: string;
  end_time: string;
  start_at: string;
  end_at: string;
  /** Not expired at the statement's now(). */
  live: boolean;
  /** The slot the hold locks (POST /slots/{id}/lock), or null. */
  slot_id: string | null;
  /** The patient the hold is kept for (only their booking may convert it), or null. */
  patient_id: string | null;
}

/** The hold of the organisation whose token hashes to `tokenHash` (live or expired), or undefined. */
export function findHoldByToken(db: Db, orgId: string, tokenHash: Buffer): Promise<HeldPlace | undefined> {
  return one<HeldPlace>(db, `
    SELECT h.id, h.location_id, h.operatory_id, h.schedule_date, h.start_time, h.end_time, h.start_at, h.end_at,
           h.expires_at > now() AS live, h.slot_id, h.patient_id,
           array(SELECT hp.provider_id FROM hold_providers hp WHERE hp.org_id = h.org_id AND hp.hold_id = h.id ORDER BY hp.provider_id) AS provider_ids
      FROM holds h WHERE h.org_id = $1 AND h.token_hash = $2`, [orgId, tokenHash]);
}

/**
 * Deletes the hold `id` if it is still live, so the booking converting it takes its place in the same
 * transaction; false when it expired, was released or was already converted meanwhile.
 */
export async function claimHold(tx: Db, orgId: string, id: string): Promise<boolean> {
  const res = await tx.query('DELETE FROM holds WHERE org_id = $1 AND id = $2 AND expires_at > now()', [orgId, id]);
  return res.rowCount === 1;
}
