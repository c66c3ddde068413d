import { AppError, invalid, notFound, versionConflict } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { isUniqueViolation } from '../../core/db/records.ts';
import type pg from 'pg';
import { findUnstorableCriteria } from '../domain/criteria.ts';
import {
  ONE_DEFAULT_KEY, deleteSavedSearch, getSavedSearch, insertSavedSearch, lockDefaultOf, unsetOtherDefaults,
  updateSavedSearchAtVersion, type NewSavedSearch, type SavedSearchRow,
} from '../db/saved-searches.ts';

// A write that leaves a search the default runs under that default's advisory lock, so the unique key can
// only fire against a writer that skipped the lock; the write is then simply run again.
const ATTEMPTS = 3;

/** 422 at the exact place in `criteria` that jsonb could not keep as given (U+0000, a lone surrogate, deep nesting). */
function checkCriteria(criteria: Record<string, unknown> | undefined): void {
  const fault = criteria === undefined ? null : findUnstorableCriteria(criteria);
  if (fault) throw invalid(['body', 'criteria', ...fault.path], fault.msg);
}

/**
 * Runs `write` in a transaction; when it loses a race at ONE_DEFAULT_KEY (its unset of the previous default
 * could not see a default committed meanwhile), runs it again, since the client's request stays valid: the
 * new search simply becomes the default. After ATTEMPTS losses → 409 state_conflict.
 */
async function withDefaultRetry<T>(db: Db, write: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withTransaction(db, write);
    } catch (err) {
      if (!isUniqueViolation(err, ONE_DEFAULT_KEY)) throw err;
      if (attempt >= ATTEMPTS) {
        throw new AppError('state_conflict', 'Other requests kept changing the default search; retry the request', ['body', 'is_default']);
      }
    }
  }
}

/** Under the default's lock, makes `keepId` (null: a search about to be inserted) the only default of the user and type. */
async function takeDefault(tx: pg.PoolClient, orgId: string, userId: string, searchType: string, keepId: string | null): Promise<void> {
  await lockDefaultOf(tx, orgId, userId, searchType);
  // A new statement, so a new snapshot: it sees a default committed by whoever held the lock before us.
  await unsetOtherDefaults(tx, orgId, userId, searchType, keepId);
}

/**
 * Creates a search of `userId` (version 1) with `criteria` kept as given. As the default, it unsets the
 * user's previous default of the same type in the same transaction. Throws 422 value_error for criteria
 * jsonb cannot hold.
 */
export function createSavedSearch(db: Db, orgId: string, userId: string, input: NewSavedSearch): Promise<SavedSearchRow> {
  checkCriteria(input.criteria);
  return withDefaultRetry(db, async (tx) => {
    if (input.is_default) await takeDefault(tx, orgId, userId, input.search_type, null);
    return insertSavedSearch(tx, orgId, userId, input);
  });
}

/**
 * Changes a search of `userId` guarded by `baseVersion` (not_found for an unknown or another user's search,
 * version_conflict naming the current version). When the search is the default afterwards — made so, or
 * already so and perhaps moved to another type — every other default of the user and its type is unset.
 */
export function updateSavedSearch(
  db: Db, orgId: string, userId: string, id: string, baseVersion: number, changes: Partial<NewSavedSearch>,
): Promise<SavedSearchRow> {
  checkCriteria(changes.criteria);
  return withDefaultRetry(db, async (tx) => {
    const current = await getSavedSearch(tx, orgId, userId, id);
    if (!current) throw notFound('Saved search', ['path', 'search_uuid']);
    if (current.version !== baseVersion) throw versionConflict(current.version);
    if (changes.is_default ?? current.is_default) await takeDefault(tx, orgId, userId, changes.search_type ?? current.search_type, id);
    const row = await updateSavedSearchAtVersion(tx, orgId, userId, id, baseVersion, changes);
    if (row) return row;
    // Changed or deleted between the read and the update (the read takes no lock, to keep the lock order).
    const now = await getSavedSearch(tx, orgId, userId, id);
    if (!now) throw notFound('Saved search', ['path', 'search_uuid']);
    throw versionConflict(now.version);
  });
}

/** Hard-deletes a search of `userId`; not_found for an unknown or another user's search. */
export async function removeSavedSearch(db: Db, orgId: string, userId: string, id: string): Promise<void> {
  if (!(await deleteSavedSearch(db, orgId, userId, id))) throw notFound('Saved search', ['path', 'search_uuid']);
}
