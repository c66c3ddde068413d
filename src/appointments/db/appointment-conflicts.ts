import { providerIntervals, type BlockoutSpan, type HeldTime, type Occupancy, type OverlapRule } from '../domain/conflicts.ts';
import type { Db } from '../../core/db/client.ts';
import { CHAIR_OCCUPYING_SQL } from './sql-fragments.ts';
import { one } from '../../core/db/client.ts';

/** Everything checkConflicts needs around a proposed booking. */
export interface ConflictContext {
  others: Occupancy[];
  blockouts: BlockoutSpan[];
  rules: OverlapRule[];
  held: HeldTime[];
}

interface OtherRow {
  id: string;
  operatory_id: string;
  appointment_type_id: string | null;
  start_at: string;
  end_at: string;
  time_pattern: string | null;
  providers: { provider_id: string; start_at: string | null; end_at: string | null }[];
}

const ms = (text: string) => Date.parse(text);

interface BlockoutRow { id: string; operatory_id: string | null; start_at: string; end_at: string; is_no_schedule: boolean }
interface RuleRow { type_a: string; type_b: string; location_id: string | null; allow_overlap: boolean }
interface HeldRow { id: string; operatory_id: string; start_at: string; end_at: string; provider_ids: string[] }

/**
 * A select-list item for the statement that takes a booking's locks, just before the conflict read: it makes the
 * rest of the transaction plan prepared statements generically, until the conflict read (CONTEXT) sets the mode
 * back to auto while it runs (its plan was chosen when it was bound, before). Left to choose, PostgreSQL re-plans
 * the conflict read for every booking — its generic estimate (an array of providers, ranges bounded by parameters)
 * looks costlier than a custom plan — and planning it cost more than running it (on the bench seed: 0.75 ms to
 * plan, 0.45 ms to run the custom plan, 0.24 ms to run the generic one, which reads the same index ranges).
 * `npm run bench -- --profile book` shows, per statement, the share of runs planned anew; the test in
 * test/appointments/conflict-read.test.ts that the mode is back to auto after the read.
 */
export const PLAN_CONFLICT_READ_GENERICALLY = `set_config('plan_cache_mode', 'force_generic_plan', true)`;

// One named statement, four JSON lists. The appointments that can conflict are read from two index ranges:
// the chair's (GiST on org + chair + time range) and each provider's (the busy index on org + provider + start,
// bounded below by the window's start less 25 hours, the longest an appointment can be: it starts and ends on one
// local date, and the schema checks it). Reading every appointment of the organisation that overlaps the window and
// then keeping the chair's and the providers' made a booking read ~300 rows in a full practice of 300 chairs.
const CONTEXT = {
  name: 'conflict-context',
  text: `
    WITH w AS MATERIALIZED (
      SELECT a.org_id, a.id, a.operatory_id, a.appointment_type_id, a.start_at, a.end_at
        FROM appointments a
       WHERE a.org_id = $1 AND a.operatory_id = $4 AND a.status IN (${CHAIR_OCCUPYING_SQL})
         AND tstzrange(a.start_at, a.end_at) && tstzrange($2, $3) AND a.id IS DISTINCT FROM $6::uuid
      UNION
      SELECT a.org_id, a.id, a.operatory_id, a.appointment_type_id, a.start_at, a.end_at
        FROM appointment_providers ap
        JOIN appointments a ON a.org_id = ap.org_id AND a.id = ap.appointment_id
       WHERE ap.org_id = $1 AND ap.provider_id = ANY($5::uuid[]) AND ap.occupies
         AND ap.appointment_start_at > $2::timestamptz - interval '25 hours' AND ap.appointment_start_at < $3::timestamptz
         AND ap.appointment_end_at > $2::timestamptz
         AND a.status IN (${CHAIR_OCCUPYING_SQL}) AND tstzrange(a.start_at, a.end_at) && tstzrange($2, $3)
         AND a.id IS DISTINCT FROM $6::uuid),
    others AS (
      SELECT w.id, w.operatory_id, w.appointment_type_id, w.start_at, w.end_at, t.time_pattern,
             coalesce((SELECT json_agg(json_build_object('provider_id', ap.provider_id, 'start_at', ap.start_at, 'end_at', ap.end_at))
                         FROM appointment_providers ap WHERE ap.org_id = w.org_id AND ap.appointment_id = w.id), '[]') AS providers
        FROM w
        LEFT JOIN appointment_types t ON t.org_id = w.org_id AND t.id = w.appointment_type_id)
    SELECT (SELECT coalesce(json_agg(o), '[]') FROM others o) AS others,
           (SELECT coalesce(json_agg(json_build_object('id', b.id, 'operatory_id', b.operatory_id, 'start_at', b.start_at,
                                                       'end_at', b.end_at, 'is_no_schedule', bt.is_no_schedule)), '[]')
              FROM blockouts b JOIN blockout_types bt ON bt.org_id = b.org_id AND bt.id = b.blockout_type_id
             WHERE b.org_id = $1 AND b.location_id = $7 AND b.status = 'active'
               AND tstzrange(b.start_at, b.end_at) && tstzrange($2, $3)) AS blockouts,
           (SELECT coalesce(json_agg(json_build_object('type_a', r.appointment_type_a_id, 'type_b', r.appointment_type_b_id,
                                                       'location_id', r.location_id, 'allow_overlap', r.allow_overlap)), '[]')
              FROM appointment_rules r WHERE r.org_id = $1 AND (r.location_id IS NULL OR r.location_id = $7)) AS rules,
           (SELECT coalesce(json_agg(json_build_object('id', h.id, 'operatory_id', h.operatory_id, 'start_at', h.start_at, 'end_at', h.end_at,
                                                       'provider_ids', array(SELECT hp.provider_id FROM hold_providers hp
                                                                             WHERE hp.org_id = h.org_id AND hp.hold_id = h.id))), '[]')
              FROM holds h
             WHERE h.org_id = $1 AND h.expires_at > now() AND tstzrange(h.start_at, h.end_at) && tstzrange($2, $3)
               AND (h.operatory_id = $4 OR EXISTS (SELECT 1 FROM hold_providers hp WHERE hp.org_id = h.org_id AND hp.hold_id = h.id
                                                     AND hp.provider_id = ANY($5::uuid[])))) AS held,
           set_config('plan_cache_mode', 'auto', true) IS NULL AS plans_chosen_again`,
};

/**
 * Loads, for a booking in `operatoryId` over [start, end) (epoch ms): the chair-occupying
 * appointments overlapping it in that operatory or holding one of `providerIds`, each with its
 * providers' busy intervals; the blockouts overlapping it at the location; the appointment rules of the
 * org; and the live holds (not expired at the statement's `now()`) overlapping it on the chair or on one
 * of the providers. One statement whatever the day's size. `excludeId` leaves out the appointment being
 * moved (a hold being converted is deleted before this read, in the same transaction).
 */
export async function loadConflictContext(
  db: Db, orgId: string, locationId: string, operatoryId: string, providerIds: string[],
  start: number, end: number, excludeId: string | null,
): Promise<ConflictContext> {
  const { others, blockouts, rules, held } = (await one<{ others: OtherRow[]; blockouts: BlockoutRow[]; rules: RuleRow[]; held: HeldRow[] }>(db, CONTEXT,
    [orgId, new Date(start).toISOString(), new Date(end).toISOString(), operatoryId, providerIds, excludeId, locationId]))!;
  return {
    others: others.map(toOccupancy),
    blockouts: blockouts.map((b) => ({ id: b.id, operatoryId: b.operatory_id, start: ms(b.start_at), end: ms(b.end_at), isNoSchedule: b.is_no_schedule })),
    rules: rules.map((r) => ({ typeA: r.type_a, typeB: r.type_b, locationId: r.location_id, allowOverlap: r.allow_overlap })),
    held: held.map((h) => ({ id: h.id, operatoryId: h.operatory_id, providerIds: h.provider_ids, start: ms(h.start_at), end: ms(h.end_at) })),
  };
}

function toOccupancy(r: OtherRow): Occupancy {
  const start = ms(r.start_at);
  const end = ms(r.end_at);
  return {
    id: r.id, operatoryId: r.operatory_id, typeId: r.appointment_type_id, start, end,
    providers: r.providers.map((p) => ({
      providerId: p.provider_id,
      intervals: p.start_at && p.end_at ? [{ start: ms(p.start_at), end: ms(p.end_at) }] : providerIntervals(start, end, r.time_pattern),
    })),
  };
}

const LOCK_IN_ORDER = { name: 'lock-in-order', text: `SELECT lock_in_order($1::text[]), ${PLAN_CONFLICT_READ_GENERICALLY} AS generic_plans` };

/**
 * Takes a transaction-scoped advisory lock on each key, strictly in the order given, in one round trip
 * (lock_in_order, migration 006); the caller chooses an order every writer shares.
 */
export async function lockInOrder(tx: Db, keys: string[]): Promise<void> {
  await one(tx, LOCK_IN_ORDER, [keys]);
}
