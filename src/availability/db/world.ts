import type { Db } from '../../core/db/client.ts';
import { one } from '../../core/db/client.ts';
import { CHAIR_OCCUPYING_SQL } from '../../appointments/index.ts';

/**
 * Everything around a location's window that the availability engine reads besides the schedules. The two
 * large lists come as parallel arrays of numbers: chairs, candidates and types by their 1-based index in
 * `operatories`, `candidates` and `types` (type 0: none), instants as epoch ms (null: no explicit time).
 */
export interface WorldRows {
  operatories: { id: string; name: string }[];
  candidates: string[];
  inactive_provider_ids: string[];
  types: { id: string; pattern: string | null }[];
  /**
   * Chair time in the location's active chairs over the window: the chair-occupying appointments merged per
   * chair and type (rules waive overlaps by type, so merging within one type loses nothing).
   */
  chair_taken: { operatory: number[]; type: number[]; start: number[]; end: number[] };
  /** The candidates' rows on chair-occupying appointments anywhere overlapping the window. */
  provider_taken: {
    provider: number[]; type: number[]; start: number[]; end: number[];
    /** The provider's own explicit time on the appointment, else null (the type's X segments). */
    own_start: (number | null)[]; own_end: (number | null)[];
  };
  blocked: { operatory_id: string | null; start_at: string; end_at: string }[];
  /** Live holds overlapping the window on the location's chairs or on a candidate's time. */
  held: { operatory_id: string; provider_ids: string[]; start_at: string; end_at: string }[];
  holidays: string[];
  rules: { type_a: string; type_b: string; location_id: string | null; allow_overlap: boolean }[];
}

// date_part returns float8; extract returns numeric since PostgreSQL 14, several times slower over thousands of rows.
const MS = (col: string) => `(date_part('epoch', ${col}) * 1000)`;

// One named statement. The candidate providers are the given ones, or everyone with a template or
// override at the location. Taken time comes from two covering indexes (migration 008): the location's
// chair-occupying appointments by start, merged per chair and type (range_agg), and per candidate their
// rows by appointment start (provider time anywhere; the row carries its appointment's range and type, and
// stays unmerged because a type's time pattern applies from each appointment's own start). An appointment lasts less than a day, so one
// starting a day before the window is the earliest that can reach into it.
const WORLD = {
  name: 'availability-world',
  text: `
    WITH cand AS MATERIALIZED (
      SELECT p, row_number() OVER (ORDER BY p)::int AS n FROM (
        SELECT unnest($5::uuid[]) AS p WHERE $5::uuid[] IS NOT NULL
        UNION
        SELECT t.provider_id FROM provider_schedule_templates t WHERE $5::uuid[] IS NULL AND t.org_id = $1 AND t.location_id = $2
        UNION
        SELECT o.provider_id FROM provider_schedule_overrides o
         WHERE $5::uuid[] IS NULL AND o.org_id = $1 AND o.location_id = $2 AND o.override_date BETWEEN $6::date AND $7::date) c),
    types AS MATERIALIZED (
      SELECT id, time_pattern, row_number() OVER (ORDER BY id)::int AS n FROM appointment_types WHERE org_id = $1),
    ops AS MATERIALIZED (
      SELECT id, name, row_number() OVER (ORDER BY item_order, name, id)::int AS n
        FROM operatories WHERE org_id = $1 AND location_id = $2 AND is_active),
    idx AS MATERIALIZED (
      SELECT (SELECT coalesce(array_agg(id ORDER BY n), '{}') FROM ops) AS ops, (SELECT coalesce(array_agg(id ORDER BY n), '{}') FROM types) AS types),
    chair AS (
      SELECT op, type, ${MS('lower(r)')} AS s, ${MS('upper(r)')} AS e
        FROM (SELECT array_position(idx.ops, a.operatory_id) AS op, coalesce(array_position(idx.types, a.appointment_type_id), 0) AS type,
                     unnest(range_agg(tstzrange(a.start_at, a.end_at))) AS r
                FROM idx, appointments a
               WHERE a.org_id = $1 AND a.location_id = $2 AND a.status IN (${CHAIR_OCCUPYING_SQL}) AND a.operatory_id = ANY(idx.ops)
                 AND a.start_at >= $3::timestamptz - interval '1 day' AND a.start_at < $4::timestamptz AND a.end_at > $3::timestamptz
               GROUP BY 1, 2) m),
    prov AS (
      SELECT c.n AS provider, coalesce(array_position(idx.types, x.appointment_type_id), 0) AS type,
             ${MS('x.appointment_start_at')} AS s, ${MS('x.appointment_end_at')} AS e, ${MS('x.start_at')} AS own_s, ${MS('x.end_at')} AS own_e
        FROM idx, cand c CROSS JOIN LATERAL (
          SELECT ap.appointment_start_at, ap.appointment_end_at, ap.appointment_type_id, ap.start_at, ap.end_at
            FROM appointment_providers ap
           WHERE ap.org_id = $1 AND ap.provider_id = c.p AND ap.occupies
             AND ap.appointment_start_at >= $3::timestamptz - interval '1 day' AND ap.appointment_start_at < $4::timestamptz
             AND ap.appointment_end_at > $3::timestamptz OFFSET 0) x)
    SELECT
      (SELECT coalesce(json_agg(json_build_object('id', id, 'name', name) ORDER BY n), '[]') FROM ops) AS operatories,
      (SELECT coalesce(json_agg(p ORDER BY n), '[]') FROM cand) AS candidates,
      (SELECT coalesce(json_agg(p.id), '[]') FROM cand JOIN providers p ON p.org_id = $1 AND p.id = cand.p WHERE NOT p.is_active)
        AS inactive_provider_ids,
      (SELECT coalesce(json_agg(json_build_object('id', id, 'pattern', time_pattern) ORDER BY n), '[]') FROM types) AS types,
      (SELECT json_build_object('operatory', coalesce(array_agg(op), '{}'), 'type', coalesce(array_agg(type), '{}'),
                                'start', coalesce(array_agg(s), '{}'), 'end', coalesce(array_agg(e), '{}')) FROM chair) AS chair_taken,
      (SELECT json_build_object('provider', coalesce(array_agg(provider), '{}'), 'type', coalesce(array_agg(type), '{}'),
                                'start', coalesce(array_agg(s), '{}'), 'end', coalesce(array_agg(e), '{}'),
                                'own_start', coalesce(array_agg(own_s), '{}'), 'own_end', coalesce(array_agg(own_e), '{}')) FROM prov)
        AS provider_taken,
      (SELECT coalesce(json_agg(json_build_object('operatory_id', b.operatory_id, 'start_at', b.start_at, 'end_at', b.end_at)), '[]')
         FROM blockouts b JOIN blockout_types bt ON bt.org_id = b.org_id AND bt.id = b.blockout_type_id
        WHERE b.org_id = $1 AND b.location_id = $2 AND b.status = 'active' AND bt.is_no_schedule
          AND tstzrange(b.start_at, b.end_at) && tstzrange($3, $4)) AS blocked,
      (SELECT coalesce(json_agg(json_build_object('operatory_id', h.operatory_id, 'start_at', h.start_at, 'end_at', h.end_at,
                                                  'provider_ids', array(SELECT hp.provider_id FROM hold_providers hp
                                                                        WHERE hp.org_id = h.org_id AND hp.hold_id = h.id AND hp.provider_id IN (SELECT p FROM cand)))), '[]')
         FROM holds h
        WHERE h.org_id = $1 AND h.expires_at > now() AND tstzrange(h.start_at, h.end_at) && tstzrange($3, $4)
          AND (h.location_id = $2 OR EXISTS (SELECT 1 FROM hold_providers hp JOIN cand ON cand.p = hp.provider_id
                                             WHERE hp.org_id = h.org_id AND hp.hold_id = h.id))) AS held,
      (SELECT coalesce(json_agg(DISTINCT b.schedule_date), '[]')
         FROM blockouts b JOIN blockout_types bt ON bt.org_id = b.org_id AND bt.id = b.blockout_type_id
        WHERE b.org_id = $1 AND b.location_id = $2 AND b.status = 'active' AND bt.is_holiday
          AND b.schedule_date BETWEEN $6::date AND $7::date) AS holidays,
      (SELECT coalesce(json_agg(json_build_object('type_a', r.appointment_type_a_id, 'type_b', r.appointment_type_b_id,
                                                  'location_id', r.location_id, 'allow_overlap', r.allow_overlap)), '[]')
         FROM appointment_rules r WHERE r.org_id = $1 AND (r.location_id IS NULL OR r.location_id = $2)) AS rules`,
};

/**
 * Reads, for a location and the instants [startAt, endAt) covering local dates [fromDate, toDate]: its
 * active operatories (display order), the candidate providers and which are archived, the types and their
 * patterns, the chair-occupying appointments overlapping the window in its active chairs (chair time) and the
 * candidates' rows on such appointments anywhere (provider time), the live holds (chair time at the
 * location, the candidates' time anywhere), the no-schedule blockouts, the holiday dates and the appointment
 * rules. Candidates: `providerIds`, or when null everyone with a template or
 * override at the location. One statement.
 */
export async function readWorld(
  db: Db, orgId: string, locationId: string, startAt: string, endAt: string, providerIds: string[] | null, fromDate: string, toDate: string,
): Promise<WorldRows> {
  return (await one<WorldRows>(db, WORLD, [orgId, locationId, startAt, endAt, providerIds, fromDate, toDate]))!;
}
