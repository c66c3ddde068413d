import type { Db } from '../../core/db/client.ts';
import { many } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';

/** One provider at one location where they have a weekly template or an override, with both names and states. */
export interface ScheduleRow {
  provider_id: string;
  first_name: string;
  last_name: string;
  provider_active: boolean;
  location_id: string;
  location_name: string;
  location_active: boolean;
}

/** Narrows a schedule list; null: no limit. */
export interface ScheduleFilter {
  providerId: string | null;
  locationId: string | null;
}

// The pairs come from the two tables that give a provider time at a location; the joins keep only
// providers and locations of the organisation (active or archived) that the caller may see.
const LIST = {
  name: 'fhir-schedules',
  text: `
    WITH pairs AS (
      SELECT provider_id, location_id FROM provider_schedule_templates
       WHERE org_id = $1 AND ($3::uuid IS NULL OR provider_id = $3) AND ($4::uuid IS NULL OR location_id = $4)
      UNION
      SELECT provider_id, location_id FROM provider_schedule_overrides
       WHERE org_id = $1 AND ($3::uuid IS NULL OR provider_id = $3) AND ($4::uuid IS NULL OR location_id = $4))
    SELECT p.id AS provider_id, p.first_name, p.last_name, p.is_active AS provider_active,
           l.id AS location_id, l.name AS location_name, l.is_active AS location_active
      FROM pairs
      JOIN providers p ON p.org_id = $1 AND p.id = pairs.provider_id
      JOIN locations l ON l.org_id = $1 AND l.id = pairs.location_id
     WHERE $2::uuid[] IS NULL OR l.id = ANY($2)
     ORDER BY lower(l.name), l.id, lower(p.last_name), lower(p.first_name), p.id`,
};

/**
 * The organisation's schedules at locations visible in `scope`, by location name then provider name:
 * one row per provider and location that a weekly template or an override (any date) connects.
 */
export function listSchedules(db: Db, orgId: string, scope: LocationScope, f: ScheduleFilter): Promise<ScheduleRow[]> {
  return many<ScheduleRow>(db, LIST, [orgId, scope, f.providerId, f.locationId]);
}
