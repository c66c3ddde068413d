import { Type } from '@sinclair/typebox';
import { notFound } from '../../core/errors.ts';
import type { Role } from '../../core/http/auth.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { NoContent, responses } from '../../core/http/schemas.ts';
import { getSavedSearch, listSavedSearches } from '../db/saved-searches.ts';
import { createSavedSearch, removeSavedSearch, updateSavedSearch } from '../commands/saved-searches.ts';
import {
  CreateSavedSearchBody, SavedSearchPage, SavedSearchParams, SavedSearchQuery, SavedSearchSchema, UpdateSavedSearchBody,
  toSavedSearchJson,
} from '../schemas/saved-searches.ts';

const tags = ['Saved searches'];
const SavedSearch = Type.Ref(SavedSearchSchema);
// Saved searches are the caller's own preferences, not the practice's records: a viewer saves theirs too.
const config = { roles: ['admin', 'staff', 'viewer'] as Role[] };

const OWN = 'Only the caller\'s own searches exist for them: another user\'s search (same organisation, whatever the caller\'s '
  + 'role, admins included) is 404 exactly like an unknown one. Every role may read and write its own searches.';

/** Saved searches: named criteria private to the calling user, one default per search_type. */
export function savedSearchesRoutes(app: Api, { db }: Deps): void {
  app.get('/schedule/saved-searches', {
    schema: {
      tags, summary: 'List saved searches',
      description: 'The caller\'s own searches (no user parameter exists), ordered by `name` case-insensitively, then creation '
        + 'time. `search_type` keeps only searches of that type. Paging out of range → 422.',
      querystring: SavedSearchQuery, response: responses({ 200: SavedSearchPage }),
    },
  }, async (req) => {
    const { page, page_size, search_type } = req.query;
    const { rows, total } = await listSavedSearches(db, req.auth.orgId, req.auth.userId, search_type, { page, pageSize: page_size });
    return { items: rows.map(toSavedSearchJson), page, page_size, total };
  });

  app.get('/schedule/saved-searches/:search_uuid', {
    schema: {
      tags, summary: 'Get saved search', description: OWN,
      params: SavedSearchParams, response: responses({ 200: SavedSearch }, [404]),
    },
  }, async (req) => {
    const row = await getSavedSearch(db, req.auth.orgId, req.auth.userId, req.params.search_uuid);
    if (!row) throw notFound('Saved search', ['path', 'search_uuid']);
    return toSavedSearchJson(row);
  });

  app.post('/schedule/saved-searches', {
    config,
    schema: {
      tags, summary: 'Create saved search',
      description: 'Saves a search for the caller (the owner is always the caller; version 1). `search_type` defaults to '
        + '`find_free_time`, `is_default` to false. With `is_default: true` the caller\'s previous default of the same type is '
        + 'unset in the same transaction (its version goes up); concurrent requests leave exactly one default, the last to '
        + 'commit. `criteria` is kept as given and not interpreted here: a `find_free_time` search is checked when run '
        + `(\`GET /schedule/free-time?saved_search_uuid=…\`). ${OWN}`,
      body: CreateSavedSearchBody, response: responses({ 201: SavedSearch }, [403, 409]),
    },
  }, async (req, reply) => {
    const row = await createSavedSearch(db, req.auth.orgId, req.auth.userId, req.body);
    return reply.code(201).send(toSavedSearchJson(row));
  });

  app.patch('/schedule/saved-searches/:search_uuid', {
    config,
    schema: {
      tags, summary: 'Update saved search',
      description: '`base_version` must be current (409 `version_conflict` naming the current version). `criteria` replaces the '
        + 'whole object. A search that is the default afterwards — set with `is_default: true`, or already the default and '
        + 'moved to another `search_type` — becomes the only default of its type: the previous one is unset in the same '
        + `transaction. \`is_default: false\` leaves the type without a default. ${OWN}`,
      params: SavedSearchParams, body: UpdateSavedSearchBody, response: responses({ 200: SavedSearch }, [403, 404, 409]),
    },
  }, async (req) => {
    const { base_version, ...changes } = req.body;
    const row = await updateSavedSearch(db, req.auth.orgId, req.auth.userId, req.params.search_uuid, base_version, changes);
    return toSavedSearchJson(row);
  });

  app.delete('/schedule/saved-searches/:search_uuid', {
    config,
    schema: {
      tags, summary: 'Delete saved search',
      description: `Hard delete, irreversible (204). Deleting the default leaves its type without one. ${OWN}`,
      params: SavedSearchParams, response: responses({ 204: NoContent }, [403, 404]),
    },
  }, async (req, reply) => {
    await removeSavedSearch(db, req.auth.orgId, req.auth.userId, req.params.search_uuid);
    return reply.code(204).send();
  });
}
