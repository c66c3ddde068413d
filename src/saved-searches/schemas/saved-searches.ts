import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { SavedSearchRow } from '../db/saved-searches.ts';
import { FIND_FREE_TIME, NAME_MAX_LENGTH, SEARCH_TYPE_MAX_LENGTH, SEARCH_TYPE_PATTERN } from '../domain/search-types.ts';
import { MAX_CRITERIA_DEPTH } from '../domain/criteria.ts';
import { BaseVersion, Body, Defaulted, PageOf, PageQuery, Stamps, Uuid } from '../../core/http/schemas.ts';

const SearchType = (description: string, extra: object = {}) => Type.String({
  minLength: 1, maxLength: SEARCH_TYPE_MAX_LENGTH, pattern: SEARCH_TYPE_PATTERN, examples: [FIND_FREE_TIME], description, ...extra,
});
const SEARCH_TYPE_TEXT = `Category of search the criteria apply to: a snake_case key (\`${SEARCH_TYPE_PATTERN}\`, at most `
  + `${SEARCH_TYPE_MAX_LENGTH} characters). \`${FIND_FREE_TIME}\` is the one chairtime runs; other keys are kept, listed and filtered.`;

const Name = Type.String({ minLength: 1, maxLength: NAME_MAX_LENGTH, description: `Display name, 1–${NAME_MAX_LENGTH} characters; not unique.` });

const Criteria = (description: string) => Type.Object({}, { additionalProperties: true, description });
const CRITERIA_TEXT = 'Search criteria as a JSON object with user-defined keys, kept as given (values, nesting and list order; JSON '
  + `objects are unordered, so key order may differ). Not checked on write: a \`${FIND_FREE_TIME}\` search's keys are checked when `
  + `it runs. Refused (422): text holding U+0000 or a lone surrogate, nesting deeper than ${MAX_CRITERIA_DEPTH} levels.`;

export const SavedSearchSchema = Type.Object({
  id: Uuid,
  name: Type.String({ description: 'Display name of this saved search' }),
  search_type: Type.String({ description: `Category of search the criteria apply to, e.g. '${FIND_FREE_TIME}'` }),
  criteria: Criteria('Search criteria as the client gave them'),
  is_default: Type.Boolean({ description: 'Whether this is the user\'s default search for its search_type (at most one per type)' }),
  ...Stamps,
}, { $id: 'SavedSearch', description: 'A search saved by the calling user; no other user, admins included, sees it.' });
export type SavedSearch = Static<typeof SavedSearchSchema>;

export const CreateSavedSearchBody = Body({
  name: Name,
  criteria: Criteria(CRITERIA_TEXT),
  search_type: Defaulted(SearchType(SEARCH_TYPE_TEXT, { default: FIND_FREE_TIME })),
  is_default: Defaulted(Type.Boolean({
    default: false, description: 'Make this the caller\'s default for its search_type; any previous default of that type is unset.',
  })),
}, 'The owner is the caller: `user_id`/`user_uuid` are refused like any unknown field (422 extra_forbidden).');

export const UpdateSavedSearchBody = Body({
  base_version: BaseVersion,
  name: Type.Optional(Name),
  criteria: Type.Optional(Criteria(`${CRITERIA_TEXT} Replaces the whole object.`)),
  search_type: Type.Optional(SearchType(`${SEARCH_TYPE_TEXT} A default search stays the default in its new type.`)),
  is_default: Type.Optional(Type.Boolean({
    description: 'true: make this the default of its (new) search_type, unsetting the previous one; false: no longer the default.',
  })),
}, 'Fields left out keep their value; null is not a value of any of them (422).');

export const SavedSearchQuery = Type.Object({
  ...PageQuery,
  search_type: Type.Optional(SearchType('Only searches of this type (e.g. \'find_free_time\')')),
});

export const SavedSearchPage = PageOf(Type.Ref(SavedSearchSchema));
export const SavedSearchParams = Type.Object({ org_id: Type.String(), search_uuid: Uuid });

/** Record schemas of saved searches referenced by `$ref`; registered once in app.ts. */
export const savedSearchesSchemas: TSchema[] = [SavedSearchSchema];

/** API shape of a saved search row: criteria exactly as stored, no owner (it is always the caller). */
export function toSavedSearchJson(r: SavedSearchRow): SavedSearch {
  return {
    id: r.id, name: r.name, search_type: r.search_type, criteria: r.criteria, is_default: r.is_default,
    version: r.version, created_at: r.created_at, updated_at: r.updated_at,
  };
}
