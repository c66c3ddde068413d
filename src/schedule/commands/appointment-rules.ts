import type pg from 'pg';
import { AppError, notFound } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import {
  APPOINTMENT_RULE_PAIR_KEY, findAppointmentRuleId, getAppointmentRule, insertAppointmentRule,
  type AppointmentRuleRow, type NewAppointmentRule,
} from '../db/appointment-rules.ts';
import { getLocation } from '../../practice/index.ts';
import type { LocationScope } from '../../core/scope.ts';
import { deleteOrArchive, updateVersioned, isUniqueViolation } from '../../core/db/records.ts';
import { findAppointmentTypeIds } from '../../appointments/index.ts';

const RULE_LOC = ['path', 'rule_uuid'];

function ruleExists(id: string | undefined): AppError {
  const which = id ? `: rule ${id}` : '';
  return new AppError('already_exists',
    `A rule for this pair of appointment types (in either order) already exists at this location${which}`, ['body']);
}

// Org-wide rules bind every location, so only a caller who may see every location may write them.
function checkMayWrite(scope: LocationScope, locationId: string | null, loc: (string | number)[]): void {
  if (locationId === null && scope !== null) {
    throw new AppError('forbidden', 'Only users not limited to locations may create, change or delete org-wide rules', loc);
  }
}

/** 404 at the body field of the first of the two types that is not an appointment type of the organisation. */
async function checkTypes(tx: pg.PoolClient, orgId: string, a: string, b: string): Promise<void> {
  const known = await findAppointmentTypeIds(tx, orgId, [a, b]);
  if (!known.has(a)) throw notFound('Appointment type', ['body', 'appointment_type_uuid_a']);
  if (!known.has(b)) throw notFound('Appointment type', ['body', 'appointment_type_uuid_b']);
}

/**
 * Creates a rule for the unordered pair of types at a location visible in `scope`, or org-wide when
 * `location_id` is null (403 for a location-limited caller). Throws 404 for an unknown type or location,
 * and 409 already_exists naming the rule that already holds the pair (in either order) at that location.
 */
export async function createAppointmentRule(db: Db, orgId: string, scope: LocationScope, input: NewAppointmentRule): Promise<AppointmentRuleRow> {
  const rule = {
    ...input, appointment_type_a_id: input.appointment_type_a_id.toLowerCase(),
    appointment_type_b_id: input.appointment_type_b_id.toLowerCase(), location_id: input.location_id?.toLowerCase() ?? null,
  };
  const { appointment_type_a_id: a, appointment_type_b_id: b, location_id: locationId } = rule;
  checkMayWrite(scope, locationId, ['body', 'location_uuid']);
  try {
    return await withTransaction(db, async (tx) => {
      await checkTypes(tx, orgId, a, b);
      if (locationId && !(await getLocation(tx, orgId, locationId, scope))) throw notFound('Location', ['body', 'location_uuid']);
      const existing = await findAppointmentRuleId(tx, orgId, a, b, locationId);
      if (existing) throw ruleExists(existing);
      return insertAppointmentRule(tx, orgId, rule);
    });
  } catch (err) {
    if (!isUniqueViolation(err, APPOINTMENT_RULE_PAIR_KEY)) throw err;
    // The transaction is over (rolled back), so `db` can look up the rule that won the race.
    throw ruleExists(await findAppointmentRuleId(db, orgId, a, b, locationId));
  }
}

/** A rule visible in `scope` that the caller may write (404, then 403 for an org-wide rule and a limited caller). */
async function writableRule(tx: pg.PoolClient, orgId: string, scope: LocationScope, id: string): Promise<AppointmentRuleRow> {
  const rule = await getAppointmentRule(tx, orgId, id, scope);
  if (!rule) throw notFound('Appointment rule', RULE_LOC);
  checkMayWrite(scope, rule.location_id, RULE_LOC);
  return rule;
}

/** Sets `allow_overlap` of a rule, guarded by `baseVersion`; the pair and location never change. */
export function updateAppointmentRule(
  db: Db, orgId: string, scope: LocationScope, id: string, baseVersion: number, changes: { allow_overlap: boolean },
): Promise<AppointmentRuleRow> {
  return withTransaction(db, async (tx) => {
    await writableRule(tx, orgId, scope, id);
    await updateVersioned(tx, {
      table: 'appointment_rules', what: 'Appointment rule', idParam: 'rule_uuid', orgId, id, baseVersion, changes,
    });
    return (await getAppointmentRule(tx, orgId, id, scope))!;
  });
}

/** Hard-deletes a rule the caller may write (not_found / forbidden). */
export function removeAppointmentRule(db: Db, orgId: string, scope: LocationScope, id: string): Promise<void> {
  return withTransaction(db, async (tx) => {
    await writableRule(tx, orgId, scope, id);
    await deleteOrArchive(tx, 'appointment_rules', orgId, id);
  });
}
