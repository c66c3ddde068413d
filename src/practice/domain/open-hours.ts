import { normalizeWallTime, wallSeconds } from '../../core/time.ts';

/** One opening range as clients write it: a weekday (0 = Monday) and wall-clock [start_time, end_time). */
export interface OpenHoursInput {
  day_of_week: number;
  start_time: string;
  end_time: string;
}

/** Why a set of opening ranges is refused: the index of the offending range and what is wrong with it. */
export interface OpenHoursRefusal {
  index: number;
  field: 'start_time' | 'end_time';
  msg: string;
}

/**
 * Checks and normalises a location's opening ranges: times to HH:MM:SS, each start before its end, no two
 * ranges of one weekday overlapping (touching is fine). Returns them ordered by weekday and start, or the
 * first refusal (in input order).
 */
export function normalizeOpenHours(ranges: readonly OpenHoursInput[]): { ok: true; ranges: OpenHoursInput[] } | { ok: false; refusal: OpenHoursRefusal } {
  const out = ranges.map((r) => ({ day_of_week: r.day_of_week, start_time: normalizeWallTime(r.start_time)!, end_time: normalizeWallTime(r.end_time)! }));
  for (let i = 0; i < out.length; i++) {
    const r = out[i]!;
    if (wallSeconds(r.end_time) <= wallSeconds(r.start_time)) {
      return { ok: false, refusal: { index: i, field: 'end_time', msg: 'end_time must be after start_time' } };
    }
    const other = out.findIndex((o, j) => j < i && o.day_of_week === r.day_of_week && o.start_time < r.end_time && r.start_time < o.end_time);
    if (other >= 0) {
      return { ok: false, refusal: { index: i, field: 'start_time', msg: `Overlaps open_hours[${other}] on the same day_of_week` } };
    }
  }
  out.sort((a, b) => a.day_of_week - b.day_of_week || (a.start_time < b.start_time ? -1 : 1));
  return { ok: true, ranges: out };
}
