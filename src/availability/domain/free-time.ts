import { mergeIntervals, type Interval } from '../../core/intervals.ts';
import { dayOfWeek, formatWallSeconds, wallClock, wallSeconds, type LocalMs } from '../../core/time.ts';

/** Wall-clock opening hours of a location on one weekday (0 = Monday), `[startTime, endTime)`. */
export interface OpenRange {
  dayOfWeek: number;
  startTime: string;
  endTime: string;
}

/** Time no booking may take: a no-schedule blockout of one chair, or of every chair (`operatoryId` null). */
export interface BlockedTime extends Interval {
  operatoryId: string | null;
}

/** A provider's working ranges at the location on one local date (the schedule's resolved day). */
export interface WorkingDay {
  providerId: string;
  date: string;
  /** Instants [start, end); a range naming a chair lets the provider work only in that chair. */
  ranges: readonly (Interval & { operatoryId: string | null })[];
}

/** What is asked: a length (and the type's provider-time pattern) in a window of local dates at one location. */
export interface FreeTimeQuery {
  zone: string;
  /** Inclusive local dates YYYY-MM-DD. */
  dateFrom: string;
  dateTo: string;
  durationMinutes: number;
  /** The provider time of a booking over [start, end): the `X` segments of the type's time pattern, or all of it. */
  providerTime: (start: number, end: number) => Interval[];
  /** Starts on the local clock every `stepMinutes` from midnight (1–1440). */
  stepMinutes: number;
  /** Weekdays allowed (0 = Monday); null: every day. */
  daysOfWeek: readonly number[] | null;
  /** Wall clock: start at or after `earliestTime`, end at or before `latestTime`; null: no bound. */
  earliestTime: string | null;
  latestTime: string | null;
  /** Epoch ms before which nothing starts (now); null: no bound. */
  notBefore: number | null;
  /** At most this many results. */
  limit: number;
  /** One result per start: the first provider, then operatory, in the given orders. */
  onePerStart: boolean;
}

/** The world the query runs against, already read: who works when, what is taken, what is closed. */
export interface FreeTimeWorld {
  /** null: no limit beyond provider schedules. A weekday without ranges is closed. */
  openHours: readonly OpenRange[] | null;
  /** Candidate providers, in result order. A provider without a day in `providerDays` has no time. */
  providerIds: readonly string[];
  /** Candidate operatories at the location, in result order. */
  operatoryIds: readonly string[];
  /** Resolved working ranges per provider and date at the location. */
  workingDays: readonly WorkingDay[];
  /** Dates closed by a holiday blockout. */
  holidays: ReadonlySet<string>;
  /** No-schedule blockouts at the location overlapping the window. */
  blocked: readonly BlockedTime[];
  /**
   * Time already taken in the window (appointments, later holds), leaving out what an appointment rule lets
   * the asked type overlap: chair time by operatory id, and each candidate's provider time (their `X`
   * segments) anywhere, by provider id. Unmerged, in any order.
   */
  chairTaken: ReadonlyMap<string, readonly Interval[]>;
  providerTaken: ReadonlyMap<string, readonly Interval[]>;
}

/** One bookable start: a booking of `providerId` in `operatoryId` at these wall-clock times would be accepted. */
export interface FreeStart {
  date: string;
  startTime: string;
  endTime: string;
  /** Epoch ms, half-open [start, end). */
  start: number;
  end: number;
  providerId: string;
  operatoryId: string;
}

const DAY_SECONDS = 86_400;

/** Index of the first interval of sorted, disjoint `xs` that ends after `t`. */
function firstEndingAfter(xs: readonly Interval[], t: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]!.end <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** True when [start, end) meets none of the sorted, disjoint `busy` intervals. */
function isFree(busy: readonly Interval[], start: number, end: number): boolean {
  const i = firstEndingAfter(busy, start);
  return i === busy.length || busy[i]!.start >= end;
}

/** True when [start, end) lies inside one of the sorted, disjoint `ranges`. */
function isInside(ranges: readonly Interval[], start: number, end: number): boolean {
  const i = firstEndingAfter(ranges, start);
  return i < ranges.length && ranges[i]!.start <= start && ranges[i]!.end >= end;
}

/** The local dates from `from` to `to`, inclusive. */
function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = nextDate(d)) out.push(d);
  return out;
}

function nextDate(date: string): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}

/** A candidate start on the local clock of one date, resolved as POST /appointments would resolve it. */
interface Candidate {
  startSeconds: number;
  endSeconds: number;
  start: number;
  end: number;
}

/**
 * The starts of one date on the step grid that a booking can name: start and end wall-clock times on that
 * date (the end before midnight, as a booking's derived end must be), neither in a spring-forward gap, an
 * ambiguous time at its earlier instant (as bookings resolve it), within the time-of-day bounds.
 */
function candidatesOn(date: string, q: FreeTimeQuery, clock: (date: string, seconds: number) => LocalMs): Candidate[] {
  const step = q.stepMinutes * 60;
  const length = q.durationMinutes * 60;
  const earliest = q.earliestTime === null ? 0 : wallSeconds(q.earliestTime);
  const latest = q.latestTime === null ? DAY_SECONDS - 1 : wallSeconds(q.latestTime);
  const out: Candidate[] = [];
  for (let s = Math.ceil(earliest / step) * step; s + length < DAY_SECONDS && s + length <= latest; s += step) {
    const start = clock(date, s);
    const end = clock(date, s + length);
    if (start.kind === 'gap' || end.kind === 'gap' || end.ms <= start.ms) continue;
    if (q.notBefore !== null && start.ms < q.notBefore) continue;
    out.push({ startSeconds: s, endSeconds: s + length, start: start.ms, end: end.ms });
  }
  return out;
}

/** Working time of one provider on one date, for any chair and per chair named by a range. */
interface Working {
  any: Interval[];
  byOperatory: Map<string, Interval[]>;
}

function workingOf(day: WorkingDay, operatoryIds: readonly string[]): Working {
  const any = mergeIntervals(day.ranges.filter((r) => r.operatoryId === null));
  const byOperatory = new Map<string, Interval[]>();
  for (const o of operatoryIds) {
    const own = day.ranges.filter((r) => r.operatoryId === o);
    if (own.length) byOperatory.set(o, mergeIntervals([...any, ...own]));
  }
  return { any, byOperatory };
}

/**
 * Bookable starts at one location, in start order, then provider and operatory in the world's orders.
 * A start is offered for a provider and an operatory when a booking there — these wall-clock times on
 * this date, this length and provider time — meets nothing the conflict function refuses (the chair free
 * of taken time, the provider's time free of their taken time anywhere, no no-schedule blockout) and,
 * beyond it, lies inside the location's open hours and one working range of the provider (a range naming
 * a chair allows only that chair), on a date without a holiday, at or after `notBefore`.
 */
export function findFreeStarts(q: FreeTimeQuery, w: FreeTimeWorld): FreeStart[] {
  const clock = wallClock(q.zone);
  const chairBusy = new Map(w.operatoryIds.map((o) => [o, mergeIntervals([
    ...w.chairTaken.get(o) ?? [], ...w.blocked.filter((b) => b.operatoryId === null || b.operatoryId === o),
  ])]));
  const providerBusy = new Map(w.providerIds.map((p) => [p, mergeIntervals(w.providerTaken.get(p) ?? [])]));
  const daysOf = new Map<string, WorkingDay>();
  for (const d of w.workingDays) daysOf.set(`${d.providerId}|${d.date}`, d);
  const out: FreeStart[] = [];

  for (const date of datesBetween(q.dateFrom, q.dateTo)) {
    const weekday = dayOfWeek(date);
    if (w.holidays.has(date) || (q.daysOfWeek !== null && !q.daysOfWeek.includes(weekday))) continue;
    const open = w.openHours === null ? null : mergeIntervals(w.openHours.filter((r) => r.dayOfWeek === weekday)
      .map((r) => ({ start: clock(date, wallSeconds(r.startTime)).ms, end: clock(date, wallSeconds(r.endTime)).ms })));
    const working = w.providerIds.map((p) => {
      const day = daysOf.get(`${p}|${date}`);
      return day ? workingOf(day, w.operatoryIds) : null;
    });
    // Anyone's working time that day bounds the starts worth a look.
    const anyone = mergeIntervals(working.flatMap((x) => (x ? [...x.any, ...[...x.byOperatory.values()].flat()] : [])));
    if (!anyone.length) continue;
    for (const c of candidatesOn(date, q, clock)) {
      if (!isInside(anyone, c.start, c.end) || (open !== null && !isInside(open, c.start, c.end))) continue;
      // Chairs first: in a full book most starts have no free chair, and then no provider need be checked.
      const chairs = w.operatoryIds.filter((o) => isFree(chairBusy.get(o)!, c.start, c.end));
      if (!chairs.length) continue;
      const mine = q.providerTime(c.start, c.end);
      let offered = false;
      for (let i = 0; i < w.providerIds.length && !(offered && q.onePerStart); i++) {
        const work = working[i];
        if (!work) continue;
        const busy = providerBusy.get(w.providerIds[i]!)!;
        if (!mine.every((x) => isFree(busy, x.start, x.end))) continue;
        for (const operatoryId of chairs) {
          if (!isInside(work.byOperatory.get(operatoryId) ?? work.any, c.start, c.end)) continue;
          out.push({
            date, startTime: formatWallSeconds(c.startSeconds), endTime: formatWallSeconds(c.endSeconds),
            start: c.start, end: c.end, providerId: w.providerIds[i]!, operatoryId,
          });
          if (out.length >= q.limit) return out;
          offered = true;
          if (q.onePerStart) break;
        }
      }
    }
  }
  return out;
}

