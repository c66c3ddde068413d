import type { Db } from '../../core/db/client.ts';
import { one } from '../../core/db/client.ts';
import { CHAIR_OCCUPYING_SQL } from '../../appointments/index.ts';

/** A chair-occupying appointment overlapping the window: its chair, type and providers' explicit times. */
export interface TakenRow {
  id: string;
  location_id: string;
  operatory_id: string;
  appointment_type_id: string | null;
  time_pattern: string | null;
  start_at: string;
  end_at: string;
  providers: { provider_id: string; start_at: string | null; end_at: string | null }[];
}

/** Everything around a location's window that the availability engine reads besides the schedules. */
export interface WorldRows {
  operatories: { id: string; name: string }[];
  inactive_provider_ids: string[];
  taken: TakenRow[];
  blocked: { operatory_id: string | null; start_at: string; end_at: string }[];
  holidays: string[];
  rules: { type_a: string; type_b: string; location_id: string | null; allow_overlap: boolean }[];
}

// One named statement, six JSON lists. The candidate providers are the given ones, or everyone with a
// template or override at the location. Taken time is read by two index ranges: the location's
// appointments by start (appointments_day_idx) and the candidates' appointments anywhere by start
// (appointment_providers_busy_idx, migration 008); an appointment lasts less than a day, so one starting a
// day before the window is the earliest that can reach into it.
const WORLD = {
  name: 'availability-world',
  text: `
    WITH cand AS MATERIALIZED (
      SELECT unnest($5::uuid[]) AS provider_id WHERE $5::uuid[] IS NOT NULL
      UNION
      SELECT t.provider_id FROM provider_schedule_templates t
       WHERE $5::uuid[] IS NULL AND t.org_id = $1 AND t.location_id = $2
      UNION
      SELECT o.provider_id FROM provider_schedule_overrides o
       WHERE $5::uuid[] IS NULL AND o.org_id = $1 AND o.location_id = $2 AND o.override_date BETWEEN $6::date AND $7::date),
    ids AS (
      SELECT a.id FROM appointments a
       WHERE a.org_id = $1 AND a.location_id = $2 AND a.status IN (${CHAIR_OCCUPYING_SQL})
         AND a.start_at >= $3::timestamptz - interval '1 day' AND a.start_at < $4::timestamptz AND a.end_at > $3::timestamptz
      UNION
      SELECT ap.appointment_id FROM cand JOIN appointment_providers ap ON ap.org_id = $1 AND ap.provider_id = cand.provider_id
       WHERE ap.occupies AND ap.appointment_start_at >= $3::timestamptz - interval '1 day'
         AND ap.appointment_start_at < $4::timestamptz AND ap.appointment_end_at > $3::timestamptz),
    taken AS (
      SELECT a.id, a.location_id, a.operatory_id, a.appointment_type_id, t.time_pattern, a.start_at, a.end_at,
             coalesce((SELECT json_agg(json_build_object('provider_id', ap.provider_id, 'start_at', ap.start_at, 'end_at', ap.end_at))
                         FROM appointment_providers ap WHERE ap.org_id = a.org_id AND ap.appointment_id = a.id), '[]') AS providers
        FROM ids JOIN appointments a ON a.org_id = $1 AND a.id = ids.id
        LEFT JOIN appointment_types t ON t.org_id = a.org_id AND t.id = a.appointment_type_id)
    SELECT
      (SELECT coalesce(json_agg(json_build_object('id', o.id, 'name', o.name) ORDER BY o.item_order, o.name, o.id), '[]')
         FROM operatories o WHERE o.org_id = $1 AND o.location_id = $2 AND o.is_active) AS operatories,
      (SELECT coalesce(json_agg(p.id), '[]') FROM cand JOIN providers p ON p.org_id = $1 AND p.id = cand.provider_id
        WHERE NOT p.is_active) AS inactive_provider_ids,
      (SELECT coalesce(json_agg(x), '[]') FROM taken x) AS taken,
      (SELECT coalesce(json_agg(json_build_object('operatory_id', b.operatory_id, 'start_at', b.start_at, 'end_at', b.end_at)), '[]')
         FROM blockouts b JOIN blockout_types bt ON bt.org_id = b.org_id AND bt.id = b.blockout_type_id
        WHERE b.org_id = $1 AND b.location_id = $2 AND b.status = 'active' AND bt.is_no_schedule
          AND tstzrange(b.start_at, b.end_at) && tstzrange($3, $4)) AS blocked,
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
 * active operatories (display order), which candidate providers are archived, the chair-occupying
 * appointments overlapping the window at the location or holding a candidate provider anywhere, the
 * no-schedule blockouts, the holiday dates and the appointment rules. Candidates: `providerIds`, or when
 * null everyone with a template or override at the location. One statement.
 */
export async function readWorld(
  db: Db, orgId: string, locationId: string, startAt: string, endAt: string, providerIds: string[] | null, fromDate: string, toDate: string,
): Promise<WorldRows> {
  return (await one<WorldRows>(db, WORLD, [orgId, locationId, startAt, endAt, providerIds, fromDate, toDate]))!;
}
