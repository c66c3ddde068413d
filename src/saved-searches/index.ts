// What other areas may use of saved searches: reading the caller's own search to run it, reading a
// find_free_time search's criteria as free-time parameters, and the routes.
export { getOwnSavedSearch } from './db/saved-searches.ts';
export { freeTimeParamsFromCriteria, type FreeTimeParams } from './domain/criteria.ts';
export { FIND_FREE_TIME } from './domain/search-types.ts';
export { savedSearchesSchemas } from './schemas/saved-searches.ts';
export { savedSearchesRoutes } from './routes/saved-searches.ts';
export { createSavedSearch } from './commands/saved-searches.ts';
