export type SortDir = 'asc' | 'desc';

/**
 * Where a page ended: the sort it was made for, the last row's sort value (as PostgreSQL text, so
 * timestamps keep their microseconds; null where a row has no value) and the last row's id.
 */
export interface CursorPosition<F extends string = string> {
  sortBy: F;
  sortDir: SortDir;
  value: string | null;
  id: string;
}

export type DecodedCursor<F extends string = string> =
  | { ok: true; position: CursorPosition<F> }
  | { ok: false; reason: 'malformed' | 'other_sort' };

/** What a list accepts in its cursors: its sort fields and, per field, which values a row can have. */
export interface CursorRules<F extends string> {
  fields: readonly F[];
  validValue: (sortBy: F, value: unknown) => value is string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// timestamptz::text with TimeZone=UTC, e.g. `2026-03-10 14:00:00.123456+00`; RFC 3339 accepted too.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)$/;

/** Whether `value` is a timestamp as PostgreSQL prints a timestamptz (or RFC 3339) that names a real instant. */
export function isTimestampText(value: unknown): value is string {
  // `+00` is PostgreSQL's short offset; Date.parse needs `+00:00`.
  return typeof value === 'string' && TIMESTAMP.test(value)
    && !Number.isNaN(Date.parse(value.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00')));
}

/** The opaque text of a cursor: base64url of a small JSON object. */
export function encodeCursor(p: CursorPosition): string {
  return Buffer.from(JSON.stringify({ s: p.sortBy, d: p.sortDir, v: p.value, i: p.id }), 'utf8').toString('base64url');
}

/**
 * Reads a cursor for a request sorted by `sortBy` and `sortDir`. `malformed`: not base64url JSON of
 * the expected shape (a field outside `rules.fields` or a value `rules` refuses included); `other_sort`: a
 * well-formed cursor made for another sort field or direction, which would skip or repeat rows if honoured.
 */
export function decodeCursor<F extends string>(text: string, sortBy: F, sortDir: SortDir, rules: CursorRules<F>): DecodedCursor<F> {
  let raw: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(text)) return { ok: false, reason: 'malformed' };
    raw = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: 'malformed' };
  const { s, d, v, i } = raw as Record<string, unknown>;
  if (!(rules.fields as readonly unknown[]).includes(s) || (d !== 'asc' && d !== 'desc')) return { ok: false, reason: 'malformed' };
  if (typeof i !== 'string' || !UUID.test(i) || !rules.validValue(s as F, v)) return { ok: false, reason: 'malformed' };
  if (s !== sortBy || d !== sortDir) return { ok: false, reason: 'other_sort' };
  return { ok: true, position: { sortBy, sortDir, value: v as string | null, id: i } };
}
