import { Temporal } from 'temporal-polyfill';

/** A recall interval: a calendar duration such as {months: 6} or {weeks: 26}, whole non-negative units. */
export interface RecallInterval {
  years?: number;
  months?: number;
  weeks?: number;
  days?: number;
}

/** The units an interval may name, in the order they are written back, with the largest value each may take. */
export const INTERVAL_LIMITS = { years: 10, months: 120, weeks: 520, days: 3650 } as const;
export const INTERVAL_UNITS = Object.keys(INTERVAL_LIMITS) as (keyof RecallInterval)[];

/**
 * The interval in its stored shape: units in the order years, months, weeks, days, zero units left out.
 * Returns a reason (for a 422) instead when no unit is positive, since a recall must move forward.
 * Units and ranges are the schema's to check; this adds only the rule a schema cannot say.
 */
export function normalizeInterval(interval: RecallInterval): RecallInterval | string {
  const out: RecallInterval = {};
  for (const unit of INTERVAL_UNITS) {
    const n = interval[unit];
    if (n) out[unit] = n;
  }
  return Object.keys(out).length ? out : 'The interval must have at least one positive unit (years, months, weeks or days)';
}

/**
 * The local date `interval` after `date` (YYYY-MM-DD), calendar-correct: years and months are added
 * first and a day past the month's end is clamped to its last day (Aug 31 + 6 months = Feb 28, or 29 in
 * a leap year; Feb 29 + 1 year = Feb 28), then weeks and days are added. Dates carry no zone: a recall
 * is due on a day, not at an instant.
 */
export function addInterval(date: string, interval: RecallInterval): string {
  return Temporal.PlainDate.from(date).add({
    years: interval.years ?? 0, months: interval.months ?? 0, weeks: interval.weeks ?? 0, days: interval.days ?? 0,
  }, { overflow: 'constrain' }).toString();
}
