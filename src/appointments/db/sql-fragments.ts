import { PRODUCTION_STATUSES } from '../domain/production.ts';
import { CHAIR_OCCUPYING, type AppointmentStatus } from '../domain/status.ts';

const literals = (statuses: readonly AppointmentStatus[]) => statuses.map((s) => `'${s}'`).join(', ');

/**
 * `CHAIR_OCCUPYING` as an SQL list of literals, for `status IN (…)`. Literal, not a parameter, so that the
 * planner can match the partial indexes whose predicate is the same list (migrations 003 and 005).
 */
export const CHAIR_OCCUPYING_SQL = literals(CHAIR_OCCUPYING);

/** `PRODUCTION_STATUSES` as an SQL list of literals: the statuses the production summary counts. */
export const PRODUCTION_STATUSES_SQL = literals(PRODUCTION_STATUSES);

/**
 * The SQL expression of an appointment's production, for the appointment row aliased `a`: its explicit
 * override, else the sum of its procedures' fees (0 without procedures). numeric, unrounded.
 */
export function productionAmountSql(a: string): string {
  return `coalesce(${a}.production_override,
             (SELECT coalesce(sum(pc.fee), 0) FROM appointment_procedures pc WHERE pc.org_id = ${a}.org_id AND pc.appointment_id = ${a}.id))`;
}
