import { wallSeconds } from '../../core/time.ts';

/** The date every time slot time is written with: time slots recur weekly, so only the time of day counts. */
export const PLACEHOLDER_DATE = '2023-01-01';

const SLOT_TIME = /^(\d{4}-\d{2}-\d{2}) ([01]\d|2[0-3]):([0-5]\d):([0-5]\d)$/;

/**
 * The wall-clock time `HH:MM:SS` of a time slot time `"YYYY-MM-DD HH:MM:SS"` whose date part is a real
 * calendar date (any date: it is a placeholder); null when malformed.
 */
export function parseSlotTime(text: string): string | null {
  const m = SLOT_TIME.exec(text);
  if (!m) return null;
  const ms = Date.parse(`${m[1]}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== m[1]) return null;
  return `${m[2]}:${m[3]}:${m[4]}`;
}

/** A wall-clock time `HH:MM:SS` as a time slot time on the placeholder date. */
export function formatSlotTime(time: string): string {
  return `${PLACEHOLDER_DATE} ${time.slice(0, 8)}`;
}

/** A weekly window of a service: wall clock `[startTime, endTime)` on a weekday (0 = Monday … 6 = Sunday). */
export interface WeeklyWindow {
  /** null for a window not yet stored. */
  id: number | null;
  dayOfWeek: number;
  startTime: string;
  endTime: string;
}

/**
 * Why one window cannot be stored, or null: its end must come after its start on the same day, and both
 * must be whole minutes (bookable starts fall on whole minutes of the location's clock).
 */
export function windowRefusal(w: WeeklyWindow): { field: 'start_time' | 'end_time'; msg: string } | null {
  if (!w.startTime.endsWith(':00')) return { field: 'start_time', msg: 'start_time must be a whole minute (seconds 00)' };
  if (!w.endTime.endsWith(':00')) return { field: 'end_time', msg: 'end_time must be a whole minute (seconds 00)' };
  if (wallSeconds(w.endTime) <= wallSeconds(w.startTime)) return { field: 'end_time', msg: 'end_time must be after start_time on the same day' };
  return null;
}

/** True when two windows share a weekday and some time of it (half-open: back-to-back windows do not overlap). */
export function windowsOverlap(a: WeeklyWindow, b: WeeklyWindow): boolean {
  return a.dayOfWeek === b.dayOfWeek
    && wallSeconds(a.startTime) < wallSeconds(b.endTime) && wallSeconds(b.startTime) < wallSeconds(a.endTime);
}

/**
 * For each of `proposed` (in order), the first window it overlaps: another proposed one, or one of `kept`
 * (stored windows the proposal leaves as they are). Returns the first clash found, or null.
 */
export function findOverlap(proposed: readonly WeeklyWindow[], kept: readonly WeeklyWindow[]):
  { index: number; other: WeeklyWindow; otherIndex: number | null } | null {
  for (let i = 0; i < proposed.length; i++) {
    const w = proposed[i]!;
    const j = proposed.findIndex((x, k) => k !== i && windowsOverlap(w, x));
    if (j >= 0) return { index: i, other: proposed[j]!, otherIndex: j };
    const other = kept.find((x) => windowsOverlap(w, x));
    if (other) return { index: i, other, otherIndex: null };
  }
  return null;
}
