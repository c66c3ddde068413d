import type pg from 'pg';
import { notFound, versionConflict } from '../errors.ts';
import type { Db } from './client.ts';

/** Tenant tables whose rows carry `version` and may be patched generically. */
export type VersionedTable =
  | 'locations' | 'operatories' | 'providers' | 'patients' | 'procedure_codes' | 'definitions'
  | 'appointment_types' | 'users' | 'provider_schedule_templates' | 'provider_schedule_overrides' | 'schedule_notes'
  | 'patient_flow_statuses' | 'appointment_rules' | 'blockout_types' | 'blockouts' | 'block_schedule_templates'
  | 'appointments' | 'production_goals';

/**
 * The columns a generic patch may set, per table: never a key, the organisation, the version or a
 * timestamp, and never a name that is not a column. Routes build `changes` from validated bodies, but
 * this list, not the body schema, is what keeps a client's key out of the SQL.
 */
export const UPDATABLE: Record<VersionedTable, readonly string[]> = {
  locations: ['name', 'timezone', 'address', 'phone', 'is_active', 'open_hours', 'default_appointment_type_id'],
  operatories: ['location_id', 'name', 'abbrev', 'is_hygiene', 'item_order', 'is_active'],
  providers: ['first_name', 'last_name', 'abbrev', 'provider_type', 'color', 'is_active'],
  patients: ['first_name', 'last_name', 'preferred_name', 'birth_date', 'chart_number', 'mobile_phone', 'email', 'balance_due', 'is_active'],
  procedure_codes: ['code', 'description', 'default_fee', 'default_minutes'],
  definitions: ['category', 'name', 'color', 'item_order', 'is_hidden'],
  appointment_types: ['name', 'abbrev', 'color', 'duration_minutes', 'time_pattern', 'blockout_only', 'is_hidden', 'item_order', 'require_all', 'status', 'deleted_at'],
  users: ['name', 'email', 'role', 'location_limited', 'deleted_at'],
  provider_schedule_templates: ['provider_id', 'location_id', 'operatory_id', 'day_of_week', 'start_time', 'end_time', 'effective_from', 'effective_to', 'note'],
  provider_schedule_overrides: [
    'provider_id', 'location_id', 'operatory_id', 'override_date', 'start_time', 'end_time', 'start_at', 'end_at', 'is_unavailable', 'override_reason', 'note',
  ],
  schedule_notes: ['location_id', 'note_date', 'note'],
  patient_flow_statuses: ['name', 'slug', 'color', 'item_order', 'is_active'],
  appointment_rules: ['appointment_type_a_id', 'appointment_type_b_id', 'location_id', 'allow_overlap'],
  blockout_types: ['name', 'abbreviation', 'color', 'is_no_schedule', 'is_do_not_copy', 'is_hidden', 'is_holiday', 'item_order', 'status'],
  blockouts: ['location_id', 'operatory_id', 'blockout_type_id', 'group_id', 'schedule_date', 'start_time', 'end_time', 'start_at', 'end_at', 'note', 'status'],
  block_schedule_templates: ['location_id', 'name', 'description', 'day_of_week', 'is_hidden', 'item_order', 'status'],
  appointments: [
    'patient_id', 'location_id', 'operatory_id', 'appointment_type_id', 'status', 'schedule_date', 'start_time', 'end_time', 'start_at', 'end_at',
    'ask_to_arrive_at', 'note', 'priority', 'is_new_patient', 'is_time_locked', 'item_order', 'color_override', 'confirmation_status_id',
    'broken_reason_id', 'cancel_reason_id', 'cancelled_by', 'flow_status_id', 'recall_id', 'production_override', 'estimated_insurance',
    'estimated_patient_portion', 'overlap_permitted', 'slot_id',
  ],
  production_goals: ['provider_id', 'location_id', 'goal_date', 'goal_amount'],
};

/** Throws (a programming error, 500) unless every column is an updatable column of `table`. */
export function requireUpdatable(table: VersionedTable, columns: readonly string[]): void {
  const bad = columns.find((c) => !UPDATABLE[table].includes(c));
  if (bad !== undefined) throw new Error(`${JSON.stringify(bad)} is not an updatable column of ${table}`);
}

/** How a still-referenced row of each table is archived instead of deleted (absent: 409 in_use). */
const ARCHIVE_COLUMN: Partial<Record<VersionedTable, string>> = {
  locations: 'is_active = false',
  operatories: 'is_active = false',
  providers: 'is_active = false',
  patients: 'is_active = false',
  definitions: 'is_hidden = true',
  patient_flow_statuses: 'is_active = false',
  blockout_types: "status = 'inactive'",
};

export interface VersionedUpdate {
  table: VersionedTable;
  /** Record name for the 404 message, e.g. 'Location'. */
  what: string;
  /** Path parameter that named the record, for the 404 `loc`. */
  idParam: string;
  orgId: string;
  id: string;
  baseVersion: number;
  /** Column → new value; every column must be in UPDATABLE for the table (checked, else an Error). */
  changes: Record<string, unknown>;
  /** Narrows visibility, e.g. `location_id = ANY($?)`; `$?` is bound to `scopeValue`. */
  scopeSql?: string;
  scopeValue?: unknown;
}

/**
 * Applies `changes` to one row when its version is `baseVersion` and bumps the version (an empty
 * change still bumps it: the client asked for a write). Throws not_found when the row is missing or
 * outside the scope, or version_conflict naming the current version.
 */
export async function updateVersioned<T extends pg.QueryResultRow>(db: Db, u: VersionedUpdate): Promise<T> {
  const scoped = u.scopeSql !== undefined;
  const params: unknown[] = scoped ? [u.orgId, u.id, u.scopeValue] : [u.orgId, u.id];
  const where = `org_id = $1 AND id = $2${scoped ? ` AND ${u.scopeSql!.replaceAll('$?', '$3')}` : ''}`;
  const cols = Object.keys(u.changes);
  requireUpdatable(u.table, cols);
  const sets = cols.map((c, i) => `${c} = $${params.length + i + 1}`);
  const res = await db.query<T>(
    `UPDATE ${u.table} SET ${[...sets, 'version = version + 1'].join(', ')}
      WHERE ${where} AND version = $${params.length + cols.length + 1} RETURNING *`,
    [...params, ...cols.map((c) => u.changes[c]), u.baseVersion],
  );
  if (res.rows[0]) return res.rows[0];
  const current = await db.query<{ version: number }>(`SELECT version FROM ${u.table} WHERE ${where}`, params);
  if (!current.rows[0]) throw notFound(u.what, ['path', u.idParam]);
  throw versionConflict(current.rows[0].version);
}

/**
 * Deletes one row; when other rows still reference it (foreign key violation) and the table has an
 * archive column, archives it instead. Must run inside a transaction (it uses a savepoint).
 * Returns 'deleted', 'archived', or null when no such row; a referenced row of a table without an
 * archive column rethrows the 23503 error (409 in_use).
 */
export async function deleteOrArchive(
  tx: pg.PoolClient, table: VersionedTable, orgId: string, id: string,
): Promise<'deleted' | 'archived' | null> {
  await tx.query('SAVEPOINT delete_or_archive');
  try {
    const res = await tx.query(`DELETE FROM ${table} WHERE org_id = $1 AND id = $2`, [orgId, id]);
    await tx.query('RELEASE SAVEPOINT delete_or_archive');
    return res.rowCount ? 'deleted' : null;
  } catch (err) {
    const archive = ARCHIVE_COLUMN[table];
    if ((err as { code?: string }).code !== '23503' || !archive) throw err;
    await tx.query('ROLLBACK TO SAVEPOINT delete_or_archive');
    await tx.query(`UPDATE ${table} SET ${archive}, version = version + 1 WHERE org_id = $1 AND id = $2`, [orgId, id]);
    return 'archived';
  }
}

/** True when `err` is PostgreSQL's unique violation (23505) on `constraint`, the schema's backstop under races. */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint?: string };
  return e.code === '23505' && e.constraint === constraint;
}
