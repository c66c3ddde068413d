import { many, type Db } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { CHAIR_OCCUPYING_SQL } from '../../appointments/index.ts';
import { ACTIVE_SQL, COLUMNS, fromSql, type EntryRow } from './asap-entries.ts';

/** An entry row with its patient's scheduling preference (days and window), for ranking. */
export interface CandidateRow extends EntryRow {
  pref_days: number[] | null;
  pref_time_start: string | null;
  pref_time_end: string | null;
}

export interface CandidateQuery {
  locationId: string;
  includeCrossLocation: boolean;
  /** The opening as instants, half-open [startAt, endAt). */
  startAt: string;
  endAt: string;
  /** A patient never offered this opening (the one who just gave it up); null for none. */
  excludePatientId: string | null;
}

/**
 * Entries stored active, visible in `scope`, that could take an opening at the location (homed there,
 * or, with includeCrossLocation, scope `any` or `selected` naming it), whose patient has no chair-occupying
 * appointment overlapping [startAt, endAt). Ranking (and every other exclusion) is the domain's. One statement.
 */
export function listCandidates(db: Db, orgId: string, scope: LocationScope, now: Date, q: CandidateQuery): Promise<CandidateRow[]> {
  const cross = q.includeCrossLocation ? ` OR e.location_scope = 'any' OR (e.location_scope = 'selected' AND EXISTS (
      SELECT 1 FROM asap_entry_locations x WHERE x.org_id = e.org_id AND x.entry_id = e.id AND x.location_id = $2))` : '';
  return many<CandidateRow>(db, `
    SELECT ${COLUMNS}, psp.preferred_days AS pref_days, psp.preferred_time_start AS pref_time_start, psp.preferred_time_end AS pref_time_end
      FROM ${fromSql('$3')}
      LEFT JOIN patient_scheduling_preferences psp ON psp.org_id = e.org_id AND psp.patient_id = e.patient_id
     WHERE e.org_id = $1 AND e.status IN (${ACTIVE_SQL}) AND (e.location_id = $2${cross})
       AND ($4::uuid[] IS NULL OR e.location_id = ANY($4)) AND e.patient_id IS DISTINCT FROM $7
       AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.org_id = e.org_id AND a.patient_id = e.patient_id
             AND a.status IN (${CHAIR_OCCUPYING_SQL}) AND a.start_at < $6 AND a.end_at > $5)`,
  [orgId, q.locationId, now.toISOString(), scope, q.startAt, q.endAt, q.excludePatientId]);
}
