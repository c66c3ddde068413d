import { AppError, invalid, notFound } from '../../core/errors.ts';
import type { Db } from '../../core/db/client.ts';
import { FIND_FREE_TIME, freeTimeParamsFromCriteria, getOwnSavedSearch } from '../../saved-searches/index.ts';

/**
 * The criteria of the caller's own saved search `id` as free-time query parameters (values as stored, for
 * the caller to validate as a query): 404 when it is unknown or another user's, 422 when it is of another
 * type, 422 `extra_forbidden` at `["saved_search", "criteria", key]` for the first key not in `known`.
 */
export async function savedFreeTimeParams(
  db: Db, orgId: string, userId: string, id: string, known: readonly string[],
): Promise<Record<string, unknown>> {
  const saved = await getOwnSavedSearch(db, orgId, userId, id);
  if (!saved) throw notFound('Saved search', ['query', 'saved_search_uuid']);
  if (saved.search_type !== FIND_FREE_TIME) {
    throw invalid(['query', 'saved_search_uuid'], `The saved search is of type "${saved.search_type}"; only ${FIND_FREE_TIME} searches run here`);
  }
  const read = freeTimeParamsFromCriteria(saved.criteria, known);
  if (!read.ok) {
    throw new AppError('extra_forbidden', `The saved search's criteria hold "${read.key}", which the free-time search does not understand`,
      ['saved_search', 'criteria', read.key]);
  }
  return read.params;
}
