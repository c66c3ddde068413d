import { Temporal } from 'temporal-polyfill';

/**
 * Returns the IANA zone id as Temporal knows it (e.g. `America/New_York`), or null when `zone` is
 * not a known IANA zone. Bare offsets such as `+02:00`, which Temporal accepts, are refused: a practice
 * location lives in a named zone with real DST rules.
 */
export function canonicalTimeZone(zone: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9]*(?:[/_+-][A-Za-z0-9_+-]+)*$/.test(zone)) return null;
  try {
    return Temporal.ZonedDateTime.from({ timeZone: zone, year: 2000, month: 1, day: 1 }).timeZoneId;
  } catch {
    return null;
  }
}

const WALL_TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

/** Normalises a wall-clock time `HH:MM` or `HH:MM:SS` to `HH:MM:SS`; null when malformed. */
export function normalizeWallTime(text: string): string | null {
  const m = WALL_TIME.exec(text);
  return m ? `${m[1]}:${m[2]}:${m[3] ?? '00'}` : null;
}

/**
 * Seconds since local midnight of a well-formed wall-clock time `HH:MM[:SS]` (no zone: pure clock
 * arithmetic). Digit arithmetic rather than split/parse: the schedule engine calls it per range.
 */
export function wallSeconds(time: string): number {
  const d = (i: number) => time.charCodeAt(i) - 48;
  return (d(0) * 10 + d(1)) * 3600 + (d(3) * 10 + d(4)) * 60 + (time.length >= 8 ? d(6) * 10 + d(7) : 0);
}

const DAY_MS = 86_400_000;

// Calendar arithmetic on YYYY-MM-DD dates (years 0001–9999) through UTC epoch days: the same proleptic
// Gregorian calendar as Temporal's, without building a PlainDate per call (the availability engine does
// this for every date of a 90-day window). Throws on a date that is not YYYY-MM-DD.
function utcMidnight(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms) || date.length !== 10) throw new RangeError(`not a date: ${date}`);
  return ms;
}

/** Day of week of a local date, 0 = Monday … 6 = Sunday (the contract's numbering). */
export function dayOfWeek(date: string): number {
  return (new Date(utcMidnight(date)).getUTCDay() + 6) % 7;
}

/** `date` plus `days` (may be negative), as YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  return new Date(utcMidnight(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS);
}

/**
 * Where a local date and wall-clock time falls in `zone`:
 * - `exact`: one instant;
 * - `ambiguous`: the fall-back hour happens twice; `at` is the earlier instant (chairtime's rule);
 * - `gap`: the spring-forward hour does not exist; `at` is the transition instant, the first real
 *   instant after the gap (used to clamp recurring ranges; direct input in a gap is refused).
 */
export type LocalInstant =
  | { kind: 'exact' | 'ambiguous'; at: Temporal.ZonedDateTime }
  | { kind: 'gap'; at: Temporal.ZonedDateTime };

/** Resolves a local date + wall-clock time in `zone` (see LocalInstant). */
export function resolveLocal(date: string, time: string, zone: string): LocalInstant {
  const local = Temporal.PlainDateTime.from(`${date}T${time}`);
  const earlier = local.toZonedDateTime(zone, { disambiguation: 'earlier' });
  if (!Temporal.PlainDateTime.compare(earlier.toPlainDateTime(), local)) {
    const later = local.toZonedDateTime(zone, { disambiguation: 'later' });
    return { kind: earlier.epochNanoseconds === later.epochNanoseconds ? 'exact' : 'ambiguous', at: earlier };
  }
  // In a gap, 'earlier' lands before the transition; the next transition is where real time resumes.
  const transition = earlier.getTimeZoneTransition('next');
  return { kind: 'gap', at: transition ?? earlier };
}

/** A local wall-clock time resolved to epoch ms; kinds as in LocalInstant (a gap's `ms` is the transition). */
export interface LocalMs {
  kind: LocalInstant['kind'];
  ms: number;
}

/**
 * A memoising resolver of local (date, wall-clock seconds since midnight) in `zone`. On a 24-hour day the
 * offset cannot change, so an instant is local midnight plus the seconds (one zone lookup per date); only
 * 23- and 25-hour days go through resolveLocal. Seconds must be in [0, 86400).
 */
export function wallClock(zone: string): (date: string, seconds: number) => LocalMs {
  const midnights = new Map<string, number>(); // consecutive dates share their boundary
  const midnight = (date: string) => {
    let ms = midnights.get(date);
    if (ms === undefined) midnights.set(date, (ms = localMidnightMs(date, zone)));
    return ms;
  };
  const days = new Map<string, { start: number; regular: boolean }>();
  return (date, seconds) => {
    let day = days.get(date);
    if (!day) {
      const start = midnight(date);
      days.set(date, (day = { start, regular: midnight(addDays(date, 1)) - start === 86_400_000 }));
    }
    if (day.regular) return { kind: 'exact', ms: day.start + seconds * 1000 };
    const r = resolveLocal(date, formatWallSeconds(seconds), zone);
    return { kind: r.kind, ms: r.at.epochMilliseconds };
  };
}

/** `HH:MM:SS` of seconds since local midnight, in [0, 86400). */
export function formatWallSeconds(seconds: number): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
}

/** First instant of a local date in `zone`, and of the next date: the day is [start, end). */
export function localDayBounds(date: string, zone: string): { start: Temporal.ZonedDateTime; end: Temporal.ZonedDateTime } {
  const day = Temporal.PlainDate.from(date);
  return {
    start: day.toZonedDateTime({ timeZone: zone }),
    end: day.add({ days: 1 }).toZonedDateTime({ timeZone: zone }),
  };
}

/**
 * Epoch ms of the first instant of a local date in `zone` (local midnight, or later if skipped). From the
 * quarter-hour offset cache when the offset is the same three hours either side of midnight; Temporal
 * decides every day with a transition near midnight.
 */
export function localMidnightMs(date: string, zone: string): number {
  const wall = utcMidnight(date);
  const guess = cachedOffsetMs(wall, zone);
  if (guess !== undefined) {
    const at = wall - guess;
    const before = cachedOffsetMs(at - 3 * 3_600_000, zone);
    if (before === guess && cachedOffsetMs(at, zone) === guess && cachedOffsetMs(at + 3 * 3_600_000, zone) === guess) return at;
  }
  return Temporal.PlainDate.from(date).toZonedDateTime({ timeZone: zone }).epochMilliseconds;
}

/** Length of a local date in hours: 23 on a spring-forward day, 25 on a fall-back day, else 24. */
export function dayHours(date: string, zone: string): number {
  const { start, end } = localDayBounds(date, zone);
  return (end.epochMilliseconds - start.epochMilliseconds) / 3_600_000;
}

/** RFC 3339 text of an instant with the zone's offset, e.g. `2026-03-08T08:00:00-04:00`. */
export function formatInstant(at: Temporal.ZonedDateTime): string {
  return at.toString({ timeZoneName: 'never', smallestUnit: 'second' });
}

// Offsets by zone and quarter hour of UTC: every response formats dozens of instants, and building a
// ZonedDateTime for each was a tenth of a calendar request's CPU. Most transitions fall on a quarter
// hour; a quarter whose two ends disagree holds one (Goose Bay's at 00:01 local until 2011) and is
// answered by Temporal, never cached. NaN marks an offset that is not whole minutes (local mean time
// before ~1900), also left to Temporal.
const QUARTER_MS = 900_000;
const OFFSET_CACHE_LIMIT = 50_000;
const offsetCache = new Map<string, Map<number, number>>();

function exactOffsetMs(ms: number, zone: string): number {
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone).offsetNanoseconds / 1e6;
}

function cachedOffsetMs(ms: number, zone: string): number | undefined {
  const quarter = Math.floor(ms / QUARTER_MS);
  let byQuarter = offsetCache.get(zone);
  if (!byQuarter) offsetCache.set(zone, (byQuarter = new Map()));
  let offset = byQuarter.get(quarter);
  if (offset === undefined) {
    const first = exactOffsetMs(quarter * QUARTER_MS, zone);
    const last = exactOffsetMs(quarter * QUARTER_MS + QUARTER_MS - 1, zone);
    if (first !== last) return undefined;
    offset = first % 60_000 === 0 ? first : NaN;
    if (byQuarter.size >= OFFSET_CACHE_LIMIT) byQuarter.clear();
    byQuarter.set(quarter, offset);
  }
  return Number.isNaN(offset) ? undefined : offset;
}

// Years 0001–9999 as local wall time: what Date#toISOString writes with four digits.
const MIN_WALL_MS = -62_135_596_800_000;
const MAX_WALL_MS = 253_402_300_799_999;

/** RFC 3339 text of epoch milliseconds in `zone` with its offset, to the second (as `formatInstant`). */
export function formatEpochMs(ms: number, zone: string): string {
  const offset = cachedOffsetMs(ms, zone);
  const wall = offset === undefined ? NaN : ms + offset;
  if (!(wall >= MIN_WALL_MS && wall <= MAX_WALL_MS)) {
    return formatInstant(Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone));
  }
  const minutes = Math.abs(offset!) / 60_000;
  const sign = offset! < 0 ? '-' : '+';
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${new Date(wall).toISOString().slice(0, 19)}${sign}${hh}:${mm}`;
}

/** Today's local date in `zone` at instant `now` (injected: domain code never reads the clock). */
export function localDate(now: Date, zone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(zone).toPlainDate().toString();
}

/**
 * A wall-clock range on one local date as instants, for direct input (overrides, blockouts,
 * appointments): null `reason` when valid; `dst_gap` names which end falls in a spring-forward gap;
 * `end_before_start` when the end is not after the start. Ambiguous times take the earlier instant.
 */
export function inputRange(date: string, startTime: string, endTime: string, zone: string):
  | { ok: true; startMs: number; endMs: number }
  | { ok: false; reason: 'dst_gap' | 'end_before_start'; field: 'start_time' | 'end_time' } {
  const start = resolveLocal(date, startTime, zone);
  if (start.kind === 'gap') return { ok: false, reason: 'dst_gap', field: 'start_time' };
  const end = resolveLocal(date, endTime, zone);
  if (end.kind === 'gap') return { ok: false, reason: 'dst_gap', field: 'end_time' };
  if (end.at.epochMilliseconds <= start.at.epochMilliseconds) return { ok: false, reason: 'end_before_start', field: 'end_time' };
  return { ok: true, startMs: start.at.epochMilliseconds, endMs: end.at.epochMilliseconds };
}
