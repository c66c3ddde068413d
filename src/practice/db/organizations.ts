import type { Db } from '../../core/db/client.ts';
import { one } from '../../core/db/client.ts';

export interface OrganizationRow {
  id: string;
  name: string;
  /** Browser origins (scheme://host[:port]) allowed to call the availability face. */
  allowed_origins: string[];
  version: number;
  created_at: string;
  updated_at: string;
}

/** Inserts an organisation (the tenant root). */
export async function insertOrganization(db: Db, name: string): Promise<OrganizationRow> {
  return (await one<OrganizationRow>(db, 'INSERT INTO organizations (name) VALUES ($1) RETURNING *', [name]))!;
}

/** Counts organisations; the demo loader runs only on an empty database. */
export async function countOrganizations(db: Db): Promise<number> {
  return (await one<{ n: number }>(db, 'SELECT count(*)::int AS n FROM organizations'))!.n;
}

/** The organisation `id`, or undefined. */
export function getOrganization(db: Db, id: string): Promise<OrganizationRow | undefined> {
  return one<OrganizationRow>(db, { name: 'organization-by-id', text: 'SELECT * FROM organizations WHERE id = $1' }, [id]);
}

/**
 * Sets the given settings of organisation `id` when it is at `baseVersion` (version + 1); returns the row,
 * or the current version when `baseVersion` is stale.
 */
export async function updateOrganization(
  db: Db, id: string, baseVersion: number, changes: { name?: string; allowed_origins?: string[] },
): Promise<OrganizationRow | { current: number }> {
  const row = await one<OrganizationRow>(db, `
    UPDATE organizations SET name = coalesce($3, name), allowed_origins = coalesce($4, allowed_origins), version = version + 1
     WHERE id = $1 AND version = $2 RETURNING *`, [id, baseVersion, changes.name ?? null, changes.allowed_origins ?? null]);
  if (row) return row;
  return { current: (await getOrganization(db, id))!.version };
}
