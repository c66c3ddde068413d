import { STATUSES } from '../appointments/domain/status.ts';

/** The orders the cursor list offers. */
export const SORT_FIELDS = ['start_time', 'created_at', 'updated_at', 'status'] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export type SortDir = 'asc' | 'desc';

/**
 * Where a page ended: the sort it was made for, the last row's sort value (as PostgreSQL text, so
 * timestamps keep their microseconds; null for an appointment without a start) and the last row's id.
 */
export interface CursorPosition {
  sortBy: SortField;
  sortDir: SortDir;
  value: string | null;
  id: string;
}

export type DecodedCursor =
  | { ok: true; position: CursorPosition }
  | { ok: false; reason: 'malformed' | 'other_sort' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// timestamptz::text with TimeZone=UTC, e.g. `2026-03-10 14:00:00.123456+00`; RFC 3339 accepted too.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)$/;

/** The opaque text of a cursor: base64url of a small JSON object. */
export function encodeCursor(p: CursorPosition): string {
  return Buffer.from(JSON.stringify({ s: p.sortBy, d: p.sortDir, v: p.value, i: p.id }), 'utf8').toString('base64url');
}

function validValue(sortBy: SortField, value: unknown): value is string | null {
  if (value === null) return sortBy === 'start_time';
  if (typeof value !== 'string') return false;
  if (sortBy === 'status') return (STATUSES as readonly string[]).includes(value);
  // `+00` is PostgreSQL's short offset; Date.parse needs `+00:00`.
  return TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00')));
}

/**
 * Reads a cursor for a request sorted by `sortBy` and `sortDir`. `malformed`: not base64url JSON of
 * the expected shape (a value of the wrong kind for its sort included); `other_sort`: a well-formed
 * cursor made for another sort field or direction, which would skip or repeat rows if honoured.
 */
export function decodeCursor(text: string, sortBy: SortField, sortDir: SortDir): DecodedCursor {
  let raw: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(text)) return { ok: false, reason: 'malformed' };
    raw = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: 'malformed' };
  const { s, d, v, i } = raw as Record<string, unknown>;
  if (!(SORT_FIELDS as readonly unknown[]).includes(s) || (d !== 'asc' && d !== 'desc')) return { ok: false, reason: 'malformed' };
  if (typeof i !== 'string' || !UUID.test(i) || !validValue(s as SortField, v)) return { ok: false, reason: 'malformed' };
  if (s !== sortBy || d !== sortDir) return { ok: false, reason: 'other_sort' };
  return { ok: true, position: { sortBy, sortDir, value: v, id: i } };
}
