/** Deepest nesting of objects and arrays a criteria object may have; the criteria object itself is level 1. */
export const MAX_CRITERIA_DEPTH = 32;

/** Why a criteria value cannot be stored as given, at `path` (relative to the criteria object). */
export interface CriteriaFault {
  path: (string | number)[];
  msg: string;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function textFault(text: string): string | null {
  if (text.includes('\u0000')) return 'Text may not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'Text must be valid Unicode (it holds a lone surrogate)';
  return null;
}

/**
 * The first place where `value` (a parsed JSON criteria object) cannot be kept exactly as given, or null:
 * a key or string PostgreSQL's jsonb cannot hold (U+0000, a lone surrogate), or nesting deeper than
 * MAX_CRITERIA_DEPTH. Everything else — any keys, values, nesting and arrays — is kept.
 */
export function findUnstorableCriteria(value: unknown, path: (string | number)[] = [], depth = 1): CriteriaFault | null {
  if (typeof value === 'string') {
    const msg = textFault(value);
    return msg ? { path, msg } : null;
  }
  if (value === null || typeof value !== 'object') return null;
  if (depth > MAX_CRITERIA_DEPTH) return { path, msg: `Criteria may nest objects and lists at most ${MAX_CRITERIA_DEPTH} levels deep` };
  const entries: [string | number, unknown][] = Array.isArray(value) ? [...value.entries()] : Object.entries(value);
  for (const [key, item] of entries) {
    const keyMsg = typeof key === 'string' ? textFault(key) : null;
    if (keyMsg) return { path: [...path, key], msg: `Key: ${keyMsg}` };
    const fault = findUnstorableCriteria(item, [...path, key], depth + 1);
    if (fault) return fault;
  }
  return null;
}

/** The criteria as query parameters, or the first key (in the criteria's key order) the search does not know. */
export type FreeTimeParams = { ok: true; params: Record<string, unknown> } | { ok: false; key: string };

/**
 * Reads a `find_free_time` search's criteria as parameters of the free-time search: `{ok: true, params}` when
 * every key is one of `known` (keys whose value is null are left out: a query has no null, and a saved form's
 * empty field means "not set"), else `{ok: false, key}` naming the first unknown key. Values are passed on as
 * stored, for the caller to validate as it validates its query. Criteria that are not a JSON object → key ''.
 */
export function freeTimeParamsFromCriteria(criteria: unknown, known: readonly string[]): FreeTimeParams {
  if (criteria === null || typeof criteria !== 'object' || Array.isArray(criteria)) return { ok: false, key: '' };
  const params: [string, unknown][] = [];
  for (const [key, value] of Object.entries(criteria)) {
    if (!known.includes(key)) return { ok: false, key };
    if (value !== null) params.push([key, value]);
  }
  return { ok: true, params: Object.fromEntries(params) };
}
