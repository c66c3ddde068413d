import type { Db } from '../../core/db/client.ts';
import { one } from '../../core/db/client.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';

/** A saved search as stored; `criteria` is the client's JSON object. */
export interface SavedSearchRow {
  org_id: string;
  id: string;
  user_id: string;
  name: string;
  search_type: string;
  criteria: Record<string, unknown>;
  is_default: boolean;
  version: number;
  created_at: string;
  updated_at: string;
}

/** The partial unique index allowing one default per user and search type: the backstop under races. */
export const ONE_DEFAULT_KEY = 'saved_searches_one_default_key';

/** Lists the searches of one user (optionally of one type), by name case-insensitively, then creation, then id. */
export function listSavedSearches(db: Db, orgId: string, userId: string, searchType: string | undefined, page: PageRequest) {
  const where = new Filter(orgId).add('user_id = $?', userId).add('search_type = $?', searchType);
  return selectPage<SavedSearchRow>(db, '*', 'saved_searches', where, 'lower(name), created_at, id', page);
}

/** One search of `userId`, or undefined (unknown, or another user's). */
export function getSavedSearch(db: Db, orgId: string, userId: string, id: string): Promise<SavedSearchRow | undefined> {
  return one<SavedSearchRow>(db, 'SELECT * FROM saved_searches WHERE org_id = $1 AND user_id = $2 AND id = $3', [orgId, userId, id]);
}

/**
 * The type and criteria of one search of `userId` (`id` a UUID), or undefined when it does not exist or
 * belongs to another user, whatever the caller's role. What running a saved search needs.
 */
export function getOwnSavedSearch(
  db: Db, orgId: string, userId: string, id: string,
): Promise<{ search_type: string; criteria: Record<string, unknown> } | undefined> {
  return one<{ search_type: string; criteria: Record<string, unknown> }>(db, 'SELECT search_type, criteria FROM saved_searches WHERE org_id = $1 AND user_id = $2 AND id = $3', [orgId, userId, id]);
}

/**
 * Takes the transaction-scoped advisory lock of one user's default of one search type, held until the
 * transaction ends: every write that leaves a search the default takes it before touching any row, so
 * two such writes run one after the other. Must run in its own statement, before the reads it guards.
 */
export async function lockDefaultOf(db: Db, orgId: string, userId: string, searchType: string): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock(hashtextextended($1::text, 0))', [`saved-search-default:${orgId}:${userId}:${searchType}`]);
}

/** Makes every default search of the user and type other than `exceptId` (null: none) a non-default, bumping its version. */
export async function unsetOtherDefaults(db: Db, orgId: string, userId: string, searchType: string, exceptId: string | null): Promise<void> {
  await db.query(`UPDATE saved_searches SET is_default = false, version = version + 1
    WHERE org_id = $1 AND user_id = $2 AND search_type = $3 AND is_default AND ($4::uuid IS NULL OR id <> $4)`,
  [orgId, userId, searchType, exceptId]);
}

export interface NewSavedSearch {
  name: string;
  search_type: string;
  criteria: Record<string, unknown>;
  is_default: boolean;
}

/** Inserts a search of `userId` (version 1); a second default of the type raises 23505 on ONE_DEFAULT_KEY. */
export async function insertSavedSearch(db: Db, orgId: string, userId: string, s: NewSavedSearch): Promise<SavedSearchRow> {
  return (await one<SavedSearchRow>(db, `
    INSERT INTO saved_searches (org_id, user_id, name, search_type, criteria, is_default)
    VALUES ($1, $2, $3, $4, $5::jsonb, $6) RETURNING *`,
  [orgId, userId, s.name, s.search_type, JSON.stringify(s.criteria), s.is_default]))!;
}

/**
 * Applies the given fields to one search of `userId` when its version is `baseVersion`, bumping the version
 * (an empty change still bumps it). Undefined when no row matched: unknown, another user's, or stale.
 */
export function updateSavedSearchAtVersion(
  db: Db, orgId: string, userId: string, id: string, baseVersion: number, c: Partial<NewSavedSearch>,
): Promise<SavedSearchRow | undefined> {
  return one<SavedSearchRow>(db, `
    UPDATE saved_searches SET name = coalesce($5, name), search_type = coalesce($6, search_type),
           criteria = coalesce($7::jsonb, criteria), is_default = coalesce($8, is_default), version = version + 1
     WHERE org_id = $1 AND user_id = $2 AND id = $3 AND version = $4 RETURNING *`,
  [orgId, userId, id, baseVersion, c.name ?? null, c.search_type ?? null,
    c.criteria === undefined ? null : JSON.stringify(c.criteria), c.is_default ?? null]);
}

/** Hard-deletes one search of `userId`; false when there was none. */
export async function deleteSavedSearch(db: Db, orgId: string, userId: string, id: string): Promise<boolean> {
  const res = await db.query('DELETE FROM saved_searches WHERE org_id = $1 AND user_id = $2 AND id = $3', [orgId, userId, id]);
  return (res.rowCount ?? 0) > 0;
}
