import { decodeCursor, isTimestampText, type CursorRules, type DecodedCursor, type SortDir } from '../../core/cursor.ts';
import { STATUSES } from './status.ts';

/** The orders the appointment cursor list offers. */
export const SORT_FIELDS = ['start_time', 'created_at', 'updated_at', 'status'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

const RULES: CursorRules<SortField> = {
  fields: SORT_FIELDS,
  // Only start_time can be null (an appointment without a start); a status must be one of ours.
  validValue: (sortBy, value): value is string | null => {
    if (value === null) return sortBy === 'start_time';
    if (sortBy === 'status') return (STATUSES as readonly unknown[]).includes(value);
    return isTimestampText(value);
  },
};

/** Reads an appointment list cursor for `sortBy` and `sortDir` (see `decodeCursor` for the refusals). */
export function decodeAppointmentCursor(text: string, sortBy: SortField, sortDir: SortDir): DecodedCursor<SortField> {
  return decodeCursor(text, sortBy, sortDir, RULES);
}
