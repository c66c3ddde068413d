// Local dates and wall-clock times at a location, computed from real instants with Temporal: a day has
// 23, 24 or 25 hours, and the grid's rows follow the instants, never "midnight + N rows".
import { Temporal } from 'temporal-polyfill';

const MINUTE = 60_000;

export function todayIn(timeZone: string): string {
  return Temporal.Now.plainDateISO(timeZone).toString();
}

export function addDays(date: string, n: number): string {
  return Temporal.PlainDate.from(date).add({ days: n }).toString();
}

/** Monday of the ISO week holding `date`. */
export function mondayOf(date: string): string {
  const d = Temporal.PlainDate.from(date);
  return d.subtract({ days: d.dayOfWeek - 1 }).toString();
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return Temporal.PlainDate.from(date).dayOfWeek;
}

/** The instant (epoch ms) of a wall-clock time on a local date; a time in a spring-forward gap moves past it. */
export function instantOf(date: string, time: string, timeZone: string): number {
  const t = Temporal.PlainTime.from(time);
  return Temporal.PlainDate.from(date).toZonedDateTime({ timeZone, plainTime: t }).epochMilliseconds;
}

/** The first instant of the local date after `date`. */
export function endOfDay(date: string, timeZone: string): number {
  return Temporal.PlainDate.from(date).add({ days: 1 }).toZonedDateTime({ timeZone }).epochMilliseconds;
}

function zoned(ms: number, timeZone: string) {
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone);
}

/** Wall-clock time of an instant at the location, HH:MM:SS. */
export function wallTime(ms: number, timeZone: string): string {
  return zoned(ms, timeZone).toPlainTime().toString({ smallestUnit: 'second' });
}

/** Local date of an instant at the location. */
export function localDate(ms: number, timeZone: string): string {
  return zoned(ms, timeZone).toPlainDate().toString();
}

/** Minutes since local midnight of a wall-clock time (for the week view, which lines days up by the clock). */
export function wallMinutes(ms: number, timeZone: string): number {
  const z = zoned(ms, timeZone);
  return z.hour * 60 + z.minute;
}

export function hhmm(time: string): string {
  return time.slice(0, 5);
}

export function shortZone(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' }).formatToParts(new Date(ms));
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
}

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export interface GridRow { at: number; label: string }
export interface GridMarker { at: number; text: string; kind: 'skipped' | 'repeated' }
export interface DayGrid { start: number; end: number; step: number; rows: GridRow[]; markers: GridMarker[] }

/**
 * The rows of a day's grid: every `minutes` of real time from `startTime` to `endTime` (null: the end of
 * the local day). Where the clocks jump, a marker says which wall-clock hour is skipped or repeated, and
 * the rows of a repeated hour carry their zone abbreviation (01:30 EDT, then 01:30 EST).
 */
export function dayGrid(date: string, timeZone: string, startTime: string, endTime: string | null, minutes: number): DayGrid {
  const start = instantOf(date, startTime, timeZone);
  const end = endTime === null || endTime === '24:00:00' ? endOfDay(date, timeZone) : instantOf(date, endTime, timeZone);
  const step = minutes * MINUTE;
  const rows: GridRow[] = [];
  const markers: GridMarker[] = [];
  const seen = new Map<string, number>();
  let prevWall: number | null = null;
  for (let at = start; at < end; at += step) {
    const z = zoned(at, timeZone);
    const wall = z.hour * 60 + z.minute;
    const label = clock(wall);
    if (prevWall !== null && wall !== prevWall + minutes) {
      const expected = clock(prevWall + minutes);
      markers.push(wall > prevWall
        ? { at, kind: 'skipped', text: `${expected}–${label} skipped: clocks go forward to ${shortZone(at, timeZone)}` }
        : { at, kind: 'repeated', text: `${label}–${expected} repeated: clocks go back to ${shortZone(at, timeZone)}` });
    }
    prevWall = wall;
    if (seen.has(label)) {
      const first = rows[seen.get(label)!]!;
      first.label = `${label} ${shortZone(first.at, timeZone)}`;
      rows.push({ at, label: `${label} ${shortZone(at, timeZone)}` });
    } else {
      seen.set(label, rows.length);
      rows.push({ at, label });
    }
  }
  return { start, end, step, rows, markers };
}

/** "Tuesday 10 March 2026". */
export function longDate(date: string): string {
  return Temporal.PlainDate.from(date).toLocaleString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

export function shortDate(date: string): string {
  return Temporal.PlainDate.from(date).toLocaleString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' });
}

export function addMinutesToWall(date: string, time: string, minutes: number, timeZone: string): { date: string; time: string } {
  const ms = instantOf(date, time, timeZone) + minutes * MINUTE;
  return { date: localDate(ms, timeZone), time: wallTime(ms, timeZone) };
}
