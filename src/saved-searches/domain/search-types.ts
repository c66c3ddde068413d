/**
 * The search type a saved search gets when none is given (the catalogue's default), and the one type
 * chairtime can run: `GET /schedule/free-time?saved_search_uuid=…`.
 */
export const FIND_FREE_TIME = 'find_free_time';

/**
 * The catalogue types `search_type` as an open string ("e.g. 'find_free_time'") and lists no other value,
 * so any snake_case key is kept; a type no search understands is stored, listed and filtered, never run.
 */
export const SEARCH_TYPE_PATTERN = '^[a-z][a-z0-9_]*$';
export const SEARCH_TYPE_MAX_LENGTH = 50;

/** The catalogue's limit on a saved search's display name. */
export const NAME_MAX_LENGTH = 100;
