import type { Db } from '../../core/db/client.ts';
import { many, one } from '../../core/db/client.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';

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

export interface UserFilter {
  role?: 'admin' | 'staff' | 'viewer';
  q?: string;
}

// The user's locations, sorted, or null for a user not limited to locations.
const LOCATION_IDS = `CASE WHEN u.location_limited THEN
  coalesce((SELECT array_agg(ul.location_id ORDER BY ul.location_id) FROM user_locations ul
             WHERE ul.org_id = u.org_id AND ul.user_id = u.id), '{}')
END AS location_ids`;

const LIVE_USERS = '(SELECT * FROM users WHERE deleted_at IS NULL) u';

/** Lists users that are not deleted, by name (case-insensitive) then id, with their sorted location ids. */
export function listUsers(db: Db, orgId: string, f: UserFilter, page: PageRequest) {
  const where = new Filter(orgId, 'u')
    .add('u.role = $?', f.role)
    .add('(strpos(lower(u.name), lower($?)) > 0 OR strpos(lower(u.email), lower($?)) > 0)', f.q);
  return selectPage<UserRow>(db, `u.*, ${LOCATION_IDS}`, LIVE_USERS, where, 'lower(u.name), u.id', page);
}

/** One user that is not deleted, with their sorted location ids, or undefined. */
export function getUser(db: Db, orgId: string, id: string): Promise<UserRow | undefined> {
  return one<UserRow>(db, `SELECT u.*, ${LOCATION_IDS} FROM ${LIVE_USERS} WHERE u.org_id = $1 AND u.id = $2`, [orgId, id]);
}

/** Locks one user that is not deleted (FOR UPDATE, inside a transaction); undefined when there is none. No location ids. */
export function lockUser(tx: Db, orgId: string, id: string): Promise<UserRow | undefined> {
  return one<UserRow>(tx, 'SELECT * FROM users WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL FOR UPDATE', [orgId, id]);
}

/**
 * Locks every admin of the organisation that is not deleted and returns their ids. Two transactions
 * that both remove an admin serialise here, so the second sees the first's change.
 */
export async function lockAdmins(tx: Db, orgId: string): Promise<string[]> {
  const rows = await many<{ id: string }>(tx, `
    SELECT id FROM users WHERE org_id = $1 AND role = 'admin' AND deleted_at IS NULL ORDER BY id FOR UPDATE`, [orgId]);
  return rows.map((r) => r.id);
}

/** Marks a user deleted (the row stays for history) and bumps its version; their location list is emptied. */
export async function softDeleteUser(tx: Db, orgId: string, id: string): Promise<void> {
  await tx.query('UPDATE users SET deleted_at = now(), version = version + 1 WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL', [orgId, id]);
  await replaceUserLocations(tx, orgId, id, null);
}

/** The user that is not deleted with `email` (compared case-insensitively, as the unique index does), or undefined. */
export function findUserByEmail(db: Db, orgId: string, email: string): Promise<UserRow | undefined> {
  return one<UserRow>(db, 'SELECT * FROM users WHERE org_id = $1 AND lower(email) = lower($2) AND deleted_at IS NULL', [orgId, email]);
}
