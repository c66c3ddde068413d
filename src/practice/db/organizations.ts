import type { Db } from '../../core/db/client.ts';
import { one } from '../../core/db/client.ts';

export interface OrganizationRow {
  id: string;
  name: string;
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
