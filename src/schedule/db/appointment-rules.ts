import type { Db } from '../../core/db/client.ts';
import { one } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';

/** An appointment rule joined with the names of its two types and of its location (null: org-wide). */
export interface AppointmentRuleRow {
  org_id: string;
  id: string;
  appointment_type_a_id: string;
  type_a_name: string;
  appointment_type_b_id: string;
  type_b_name: string;
  location_id: string | null;
  location_name: string | null;
  allow_overlap: boolean;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface AppointmentRuleFilter {
  /** A location's rules; undefined: the org-wide rules (location_id null). */
  locationId?: string;
  /** Rules with this type on either side of the pair. */
  typeId?: string;
}

/** The unique expression index that makes (A, B) and (B, A) at one location (or both org-wide) the same rule. */
export const APPOINTMENT_RULE_PAIR_KEY = 'appointment_rules_pair_key';

const FROM = `appointment_rules r
  JOIN appointment_types ta ON ta.org_id = r.org_id AND ta.id = r.appointment_type_a_id
  JOIN appointment_types tb ON tb.org_id = r.org_id AND tb.id = r.appointment_type_b_id
  LEFT JOIN locations l ON l.org_id = r.org_id AND l.id = r.location_id`;
const COLUMNS = 'r.*, ta.name AS type_a_name, tb.name AS type_b_name, l.name AS location_name';
const IN_SCOPE = '(r.location_id IS NULL OR r.location_id = ANY($?))';

/**
 * Lists the rules of one location, or the org-wide rules when `locationId` is undefined, by the names of
 * type A then type B (case-insensitive), then id. A location-limited `scope` sees no rules of other locations.
 */
export function listAppointmentRules(db: Db, orgId: string, scope: LocationScope, f: AppointmentRuleFilter, page: PageRequest) {
  const where = new Filter(orgId, 'r')
    .add(IN_SCOPE, scope ?? undefined)
    .add('r.location_id IS NOT DISTINCT FROM $?::uuid', f.locationId ?? null)
    .add('(r.appointment_type_a_id = $? OR r.appointment_type_b_id = $?)', f.typeId);
  return selectPage<AppointmentRuleRow>(db, COLUMNS, FROM, where, 'lower(ta.name), lower(tb.name), r.id', page);
}

/** One rule visible in `scope` (org-wide rules are visible to everyone), or undefined. */
export function getAppointmentRule(db: Db, orgId: string, id: string, scope: LocationScope): Promise<AppointmentRuleRow | undefined> {
  return one<AppointmentRuleRow>(db, `SELECT ${COLUMNS} FROM ${FROM}
    WHERE r.org_id = $1 AND r.id = $2 AND ($3::uuid[] IS NULL OR ${IN_SCOPE.replace('$?', '$3')})`, [orgId, id, scope]);
}

/** The id of the rule for the unordered pair {typeA, typeB} at `locationId` (null: org-wide), or undefined. */
export async function findAppointmentRuleId(
  db: Db, orgId: string, typeA: string, typeB: string, locationId: string | null,
): Promise<string | undefined> {
  const row = await one<{ id: string }>(db, `
    SELECT id FROM appointment_rules
     WHERE org_id = $1 AND least(appointment_type_a_id, appointment_type_b_id) = least($2::uuid, $3::uuid)
       AND greatest(appointment_type_a_id, appointment_type_b_id) = greatest($2::uuid, $3::uuid)
       AND location_id IS NOT DISTINCT FROM $4::uuid`, [orgId, typeA, typeB, locationId]);
  return row?.id;
}

export interface NewAppointmentRule {
  appointment_type_a_id: string;
  appointment_type_b_id: string;
  location_id: string | null;
  allow_overlap: boolean;
}

/** Inserts a rule; a rule for the same unordered pair and location raises 23505 on APPOINTMENT_RULE_PAIR_KEY. */
export async function insertAppointmentRule(db: Db, orgId: string, r: NewAppointmentRule): Promise<AppointmentRuleRow> {
  return (await one<AppointmentRuleRow>(db, `
    WITH r AS (
      INSERT INTO appointment_rules (org_id, appointment_type_a_id, appointment_type_b_id, location_id, allow_overlap)
      VALUES ($1, $2, $3, $4, $5) RETURNING *)
    SELECT ${COLUMNS} FROM ${FROM.replace('appointment_rules r', 'r')}`,
  [orgId, r.appointment_type_a_id, r.appointment_type_b_id, r.location_id, r.allow_overlap]))!;
}
