import type pg from 'pg';
import { AppError, invalid, notFound, versionConflict } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { revokeAllTokensOfUser, revokeToken, type TokenRow } from '../db/tokens.ts';
import {
  getUser, insertUser, lockAdmins, lockUser, replaceUserLocations, softDeleteUser,
  type NewUser, type UserRow,
} from '../db/users.ts';
import { updateVersioned, isUniqueViolation } from '../../core/db/records.ts';
import { findVisibleLocationIds } from '../db/locations.ts';
import { issueToken } from './issue-token.ts';

export type UserChanges = Partial<Pick<NewUser, 'name' | 'email' | 'role' | 'locationIds'>>;

const USER_LOC = ['path', 'user_uuid'];

/** Lower-cased, de-duplicated location ids; the 404 for an id outside the org names its index in the body. */
async function checkLocations(tx: pg.PoolClient, orgId: string, ids: string[] | null): Promise<string[] | null> {
  if (ids === null) return null;
  const wanted = ids.map((id) => id.toLowerCase());
  const known = await findVisibleLocationIds(tx, orgId, wanted, null);
  const missing = wanted.findIndex((id) => !known.has(id));
  if (missing >= 0) throw notFound('Location', ['body', 'location_uuids', missing]);
  return [...new Set(wanted)];
}

// Admins manage users, so a location-limited admin could widen their own reach: refused.
function checkAdminUnlimited(role: NewUser['role'], limited: boolean, loc: (string | number)[]): void {
  if (role === 'admin' && limited) {
    throw invalid(loc, 'An admin cannot be limited to locations: send location_uuids null or choose another role');
  }
}

// The unique index on (org_id, lower(email)) among live users is the arbiter; its violation gets a field loc.
async function withEmailCheck<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err, 'users_email_key')) {
      throw new AppError('already_exists', 'A user with this email already exists in the organisation', ['body', 'email']);
    }
    throw err;
  }
}

// `admins` comes from lockAdmins, taken before the user's own row lock so that two removals of
// admins queue on the same rows in the same order instead of deadlocking.
function refuseLastAdmin(admins: string[], userId: string, loc: (string | number)[]): void {
  if (!admins.some((a) => a !== userId)) {
    throw new AppError('state_conflict', 'The organisation must keep at least one admin', loc);
  }
}

/**
 * Creates a user, limited to `locationIds` unless null. Throws 404 for a location outside the org,
 * 422 for a location-limited admin, 409 already_exists for an email taken (case-insensitively).
 */
export function createUser(db: Db, orgId: string, input: NewUser): Promise<UserRow> {
  checkAdminUnlimited(input.role, input.locationIds !== null, ['body', 'location_uuids']);
  return withTransaction(db, async (tx) => {
    const locationIds = await checkLocations(tx, orgId, input.locationIds);
    const row = await withEmailCheck(() => insertUser(tx, orgId, { ...input, locationIds }));
    return (await getUser(tx, orgId, row.id))!;
  });
}

/**
 * Patches a user guarded by `baseVersion`; `locationIds: null` clears the limit. Refuses (409
 * state_conflict) demoting the organisation's last admin.
 */
export function updateUser(db: Db, orgId: string, id: string, baseVersion: number, changes: UserChanges): Promise<UserRow> {
  return withTransaction(db, async (tx) => {
    const admins = changes.role !== undefined && changes.role !== 'admin' ? await lockAdmins(tx, orgId) : null;
    const current = await lockUser(tx, orgId, id);
    if (!current) throw notFound('User', USER_LOC);
    if (current.version !== baseVersion) throw versionConflict(current.version);
    const role = changes.role ?? current.role;
    const limited = changes.locationIds !== undefined ? changes.locationIds !== null : current.location_limited;
    checkAdminUnlimited(role, limited, changes.locationIds !== undefined ? ['body', 'location_uuids'] : ['body', 'role']);
    if (current.role === 'admin' && admins) refuseLastAdmin(admins, id, ['body', 'role']);
    const locationIds = changes.locationIds === undefined ? undefined : await checkLocations(tx, orgId, changes.locationIds);
    const cols: Record<string, unknown> = {};
    if (changes.name !== undefined) cols.name = changes.name;
    if (changes.email !== undefined) cols.email = changes.email;
    if (changes.role !== undefined) cols.role = changes.role;
    if (locationIds !== undefined) cols.location_limited = locationIds !== null;
    await withEmailCheck(() => updateVersioned(tx, {
      table: 'users', what: 'User', idParam: 'user_uuid', orgId, id, baseVersion, changes: cols,
    }));
    if (locationIds !== undefined) await replaceUserLocations(tx, orgId, id, locationIds);
    return (await getUser(tx, orgId, id))!;
  });
}

/**
 * Soft-deletes a user and revokes all their tokens in one transaction. Refuses (409 state_conflict)
 * deleting oneself (`actorId`) or the organisation's last admin.
 */
export function deleteUser(db: Db, orgId: string, actorId: string, id: string): Promise<void> {
  return withTransaction(db, async (tx) => {
    const admins = await lockAdmins(tx, orgId);
    const user = await lockUser(tx, orgId, id);
    if (!user) throw notFound('User', USER_LOC);
    if (user.id === actorId) throw new AppError('state_conflict', 'You cannot delete yourself', USER_LOC);
    if (user.role === 'admin') refuseLastAdmin(admins, id, USER_LOC);
    await softDeleteUser(tx, orgId, id);
    await revokeAllTokensOfUser(tx, orgId, id);
  });
}

/** Issues a new token for a user that is not deleted; the clear text is only in the result. */
export function createUserToken(
  db: Db, orgId: string, userId: string, name: string | null, scopes: string[] | null = null,
): Promise<{ row: TokenRow; token: string }> {
  return withTransaction(db, async (tx) => {
    if (!(await lockUser(tx, orgId, userId))) throw notFound('User', USER_LOC);
    return issueToken(tx, orgId, userId, name, scopes);
  });
}

/** Revokes one live token of a user; 404 when the user or a live token of theirs does not exist. */
export function revokeUserToken(db: Db, orgId: string, userId: string, tokenId: string): Promise<void> {
  return withTransaction(db, async (tx) => {
    if (!(await lockUser(tx, orgId, userId))) throw notFound('User', USER_LOC);
    if (!(await revokeToken(tx, orgId, userId, tokenId))) throw notFound('Token', ['path', 'token_uuid']);
  });
}
