import { formatWallSeconds, wallSeconds } from '../../core/time.ts';

/** One of the patient's completed or scheduled appointments, on its location's wall clock. */
export interface Visit {
  /** Local date, YYYY-MM-DD. */
  date: string;
  /** 0 = Monday … 6 = Sunday, of `date`. */
  weekday: number;
  /** Wall-clock HH:MM:SS; `startTime` < `endTime` (the same local date). */
  startTime: string;
  endTime: string;
  /** The appointment's primary provider, if any. */
  providerId: string | null;
  operatoryId: string | null;
}

/** What learning derives; `timeStart`/`timeEnd` are HH:MM:SS. */
export interface LearnedPreference {
  preferredDays: number[] | null;
  timeStart: string;
  timeEnd: string;
  providerId: string | null;
  operatoryId: string | null;
  /** How many visits the derivation used (the most recent, at most RECENT_VISITS). */
  visitsUsed: number;
}

export type LearnOutcome =
  | { ok: true; learned: LearnedPreference }
  | { ok: false; visits: number; required: number };

/** Statuses whose appointments count as visits: the patient came, or has chosen to come. */
export const LEARN_STATUSES = ['scheduled', 'complete'] as const;
/** Fewer visits than this say too little to learn from. */
export const MIN_VISITS = 3;
/** Only the most recent visits count (by local date, then start time): habits change. */
export const RECENT_VISITS = 20;
/** A weekday is preferred when at least 1/4 of the visits fell on it (at most four days can qualify). */
export const DAY_SHARE = { num: 1, den: 4 };
/** The time window holds at least 4/5 of the visits whole. */
export const WINDOW_SHARE = { num: 4, den: 5 };

/** The most recent `limit` visits, newest first (by date, then start time). */
export function mostRecentVisits(visits: readonly Visit[], limit = RECENT_VISITS): Visit[] {
  const newestFirst = [...visits].sort((a, b) =>
    (a.date === b.date ? compareText(b.startTime, a.startTime) : compareText(b.date, a.date)));
  return newestFirst.slice(0, limit);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Weekdays (ascending) on which at least DAY_SHARE of `visits` fell; null when none qualifies. */
export function preferredDaysOf(visits: readonly Visit[]): number[] | null {
  const counts = new Array<number>(7).fill(0);
  for (const v of visits) counts[v.weekday] = counts[v.weekday]! + 1;
  const days = counts.flatMap((n, day) => (n > 0 && n * DAY_SHARE.den >= visits.length * DAY_SHARE.num ? [day] : []));
  return days.length ? days : null;
}

/** The smallest whole number of visits that is at least WINDOW_SHARE of `n`. */
export function windowQuota(n: number): number {
  return Math.ceil((n * WINDOW_SHARE.num) / WINDOW_SHARE.den);
}

/**
 * The narrowest wall-clock window [start, end] (in seconds since midnight) that holds at least
 * windowQuota(n) visits whole (start ≥ window start, end ≤ window end); among equally narrow ones the
 * earliest. Its bounds are a visit's start and a visit's end. `visits` must not be empty.
 */
export function narrowestWindow(visits: readonly Visit[]): { start: number; end: number } {
  const spans = visits.map((v) => ({ start: wallSeconds(v.startTime), end: wallSeconds(v.endTime) }));
  const quota = windowQuota(spans.length);
  let best: { start: number; end: number } | null = null;
  for (const start of [...new Set(spans.map((s) => s.start))].sort((a, b) => a - b)) {
    const ends = spans.filter((s) => s.start >= start).map((s) => s.end).sort((a, b) => a - b);
    if (ends.length < quota) break;
    const end = ends[quota - 1]!;
    if (!best || end - start < best.end - best.start) best = { start, end };
  }
  return best!;
}

/**
 * The most frequent non-null value of `key` over `newestFirst`; a tie goes to the value seen most
 * recently (the earliest in `newestFirst`). Null when no visit has one.
 */
export function mostFrequent(newestFirst: readonly Visit[], key: 'providerId' | 'operatoryId'): string | null {
  const counts = new Map<string, number>();
  for (const v of newestFirst) {
    const id = v[key];
    if (id !== null) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  let best: string | null = null;
  // Map iteration follows first insertion, i.e. recency; a later value must beat, not tie.
  for (const [id, n] of counts) if (best === null || n > counts.get(best)!) best = id;
  return best;
}

/**
 * Derives a preference from the patient's visits: of the RECENT_VISITS most recent, the weekdays with at
 * least DAY_SHARE of them, the narrowest window holding WINDOW_SHARE of them, and the most frequent
 * provider and chair (ties: the most recent). Fewer than MIN_VISITS visits → a refusal naming the count.
 */
export function deriveLearnedPreference(visits: readonly Visit[]): LearnOutcome {
  if (visits.length < MIN_VISITS) return { ok: false, visits: visits.length, required: MIN_VISITS };
  const recent = mostRecentVisits(visits);
  const window = narrowestWindow(recent);
  return {
    ok: true,
    learned: {
      preferredDays: preferredDaysOf(recent),
      timeStart: formatWallSeconds(window.start),
      timeEnd: formatWallSeconds(window.end),
      providerId: mostFrequent(recent, 'providerId'),
      operatoryId: mostFrequent(recent, 'operatoryId'),
      visitsUsed: recent.length,
    },
  };
}
