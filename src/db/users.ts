import type { Db } from './client.ts';
import { one } from './client.ts';

export interface UserRow {
  org_id: string;
  id: string;
  name: string;
  email: string;
  role: 'admin' | 'staff' | 'viewer';
  location_limited: boolean;
  /** Present when selected with the user's locations; null for users not limited to locations. */
  location_ids?: string[] | null;
  version: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface NewUser {
  name: string;
  email: string;
  role: 'admin' | 'staff' | 'viewer';
  /** null: all locations. */
  locationIds: string[] | null;
}

/** Inserts a user and, when limited, their locations. Run inside a transaction. */
export async function insertUser(db: Db, orgId: string, u: NewUser): Promise<UserRow> {
  const row = (await one<UserRow>(db, `
    INSERT INTO users (org_id, name, email, role, location_limited) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
  [orgId, u.name, u.email, u.role, u.locationIds !== null]))!;
  await replaceUserLocations(db, orgId, row.id, u.locationIds);
  return { ...row, location_ids: u.locationIds };
}

/** Sets the user's location list (empty for an unlimited user). */
export async function replaceUserLocations(db: Db, orgId: string, userId: string, locationIds: string[] | null): Promise<void> {
  await db.query('DELETE FROM user_locations WHERE org_id = $1 AND user_id = $2', [orgId, userId]);
  if (locationIds?.length) {
    await db.query(`INSERT INTO user_locations (org_id, user_id, location_id)
      SELECT $1, $2, unnest($3::uuid[])`, [orgId, userId, locationIds]);
  }
}
