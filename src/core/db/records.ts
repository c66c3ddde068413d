import type pg from 'pg';
import { notFound, versionConflict } from '../errors.ts';
import type { Db } from './client.ts';

/** Tenant tables whose rows carry `version` and may be patched generically. */
export type VersionedTable =
  | 'locations' | 'operatories' | 'providers' | 'patients' | 'procedure_codes' | 'definitions'
  | 'appointment_types' | 'users' | 'provider_schedule_templates' | 'provider_schedule_overrides' | 'schedule_notes'
  | 'patient_flow_statuses' | 'appointment_rules' | 'blockout_types' | 'blockouts' | 'block_schedule_templates'
  | 'appointments' | 'production_goals';

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
  /** Column → new value. Column names are ours, never a client's. */
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
