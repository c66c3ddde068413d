import { addDays } from '../../core/time.ts';

/** How far ahead of today the location availability face looks at most, in days. */
export const MAX_DAYS_AHEAD = 90;
/** The window's length when one end is left out, in days. */
export const DEFAULT_WINDOW_DAYS = 30;

/** Why a requested window is refused (400 on the location availability face). */
export interface WindowRefusal {
  field: 'start_date' | 'end_date';
  msg: string;
}

/**
 * The inclusive window of local dates the location availability face searches, following its seed: both
 * ends left out → today … today + 30; only `endDate` → endDate − 30 …; only `startDate` → … startDate + 30;
 * a start in the past is clamped to today (silently), so a window wholly in the past comes back empty, and
 * a default end stops at today + 90
 * (`from` after `to`). Refused: an end before the start, or more than 90 days after today. Dates are
 * YYYY-MM-DD, already checked to be real dates.
 */
export function availabilityWindow(startDate: string | null, endDate: string | null, today: string):
  { ok: true; from: string; to: string } | { ok: false; refusal: WindowRefusal } {
  let from = startDate ?? (endDate === null ? today : addDays(endDate, -DEFAULT_WINDOW_DAYS));
  const horizon = addDays(today, MAX_DAYS_AHEAD);
  if (startDate !== null && startDate > horizon) {
    return { ok: false, refusal: { field: 'start_date', msg: `start_date must be within ${MAX_DAYS_AHEAD} days of today (${horizon})` } };
  }
  // A default end never reaches past the horizon: only an end the caller chose can be refused for it.
  const to = endDate ?? (addDays(from, DEFAULT_WINDOW_DAYS) > horizon ? horizon : addDays(from, DEFAULT_WINDOW_DAYS));
  if (to < from) return { ok: false, refusal: { field: 'end_date', msg: 'end_date must be on or after start_date' } };
  if (to > horizon) return { ok: false, refusal: { field: 'end_date', msg: `end_date must be within ${MAX_DAYS_AHEAD} days of today (${horizon})` } };
  if (from < today) from = today;
  return { ok: true, from, to };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * The step between offered starts for slots of `durationMinutes` on the widget faces (location
 * availability, FHIR): the largest divisor of an hour that divides the length, at least 5 minutes, so a
 * 20-minute slot starts at :00 :20 :40, a 30-minute one on the half hour, a 45-minute one every quarter.
 */
export function slotStepMinutes(durationMinutes: number): number {
  return Math.max(5, gcd(durationMinutes, 60));
}

/**
 * The gap between consecutive slot starts, inferred from the offered starts (epoch ms, grouped by day):
 * the most frequent gap within a day, the shorter one on a tie; null with fewer than two starts in any day.
 */
export function inferIntervalMinutes(days: readonly (readonly number[])[]): number | null {
  const counts = new Map<number, number>();
  for (const starts of days) {
    for (let i = 1; i < starts.length; i++) {
      const gap = Math.round((starts[i]! - starts[i - 1]!) / 60_000);
      counts.set(gap, (counts.get(gap) ?? 0) + 1);
    }
  }
  let best: number | null = null;
  for (const [gap, n] of counts) {
    if (best === null || n > counts.get(best)! || (n === counts.get(best)! && gap < best)) best = gap;
  }
  return best;
}
