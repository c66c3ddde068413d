// Recall dates and statuses: calendar-correct intervals (month ends, leap days) checked against a slow,
// obviously correct oracle over random dates and intervals, and the status rules.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '../../src/core/random.ts';
import { addInterval, normalizeInterval, type RecallInterval } from '../../src/recalls/domain/interval.ts';
import { recallStatus, type RecallFacts } from '../../src/recalls/domain/recall-status.ts';

describe('addInterval', () => {
  const cases: [string, string, RecallInterval, string][] = [
    ['six months from Aug 31 is the last day of February (2027 is common)', '2026-08-31', { months: 6 }, '2027-02-28'],
    ['six months from Aug 31 before a leap year is Feb 29', '2027-08-31', { months: 6 }, '2028-02-29'],
    ['one month from Jan 31 is Feb 28', '2026-01-31', { months: 1 }, '2026-02-28'],
    ['two months from Aug 31 is Oct 31 (clamped once, at the end, not month by month)', '2026-08-31', { months: 2 }, '2026-10-31'],
    ['one month from Mar 31 is Apr 30', '2026-03-31', { months: 1 }, '2026-04-30'],
    ['a year from Feb 29 is Feb 28', '2028-02-29', { years: 1 }, '2029-02-28'],
    ['four years from Feb 29 is Feb 29', '2028-02-29', { years: 4 }, '2032-02-29'],
    ['twelve months equal a year', '2028-02-29', { months: 12 }, '2029-02-28'],
    ['26 weeks are 182 days', '2026-03-10', { weeks: 26 }, '2026-09-08'],
    ['months first, then days: Jan 31 + 1 month 1 day = Mar 1', '2026-01-31', { months: 1, days: 1 }, '2026-03-01'],
    ['across the year end', '2026-11-15', { months: 3 }, '2027-02-15'],
    ['a DST weekend changes nothing: dates carry no zone', '2026-03-08', { days: 1 }, '2026-03-09'],
    ['90 days from Dec 1 in a leap year', '2027-12-01', { days: 90 }, '2028-02-29'],
  ];
  for (const [name, date, interval, expected] of cases) {
    it(name, () => assert.equal(addInterval(date, interval), expected));
  }
});

// The oracle: months are counted one at a time on a (year, month) counter and the day is clamped once at
// the end; days are then stepped one at a time. Month lengths come from Date.UTC (day 0 of the next month),
// not from Temporal.
function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function oracle(date: string, i: RecallInterval): string {
  let [year, month, day] = date.split('-').map(Number) as [number, number, number];
  for (let m = 0; m < (i.years ?? 0) * 12 + (i.months ?? 0); m++) {
    month += 1;
    if (month === 13) { month = 1; year += 1; }
  }
  day = Math.min(day, daysInMonth(year, month));
  for (let d = 0; d < (i.weeks ?? 0) * 7 + (i.days ?? 0); d++) {
    day += 1;
    if (day > daysInMonth(year, month)) {
      day = 1; month += 1;
      if (month === 13) { month = 1; year += 1; }
    }
  }
  const two = (n: number) => String(n).padStart(2, '0');
  return `${year}-${two(month)}-${two(day)}`;
}

describe('addInterval against the oracle', () => {
  it('agrees on 3000 random dates (month ends and leap days weighted in) and intervals', () => {
    const rand = seededRandom(20260310);
    const int = (n: number) => Math.floor(rand() * n);
    for (let k = 0; k < 3000; k++) {
      const year = 1996 + int(40);
      const month = 1 + int(12);
      // Half the dates at or near a month's end, where clamping happens.
      const dim = daysInMonth(year, month);
      const day = rand() < 0.5 ? dim - int(3) : 1 + int(dim);
      const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      const interval: RecallInterval = {};
      if (rand() < 0.3) interval.years = int(5);
      if (rand() < 0.7) interval.months = int(25);
      if (rand() < 0.3) interval.weeks = int(60);
      if (rand() < 0.3) interval.days = int(400);
      assert.equal(addInterval(date, interval), oracle(date, interval), `${date} + ${JSON.stringify(interval)}`);
    }
  });
});

describe('normalizeInterval', () => {
  it('drops zero units and writes units in the order years, months, weeks, days', () => {
    assert.deepEqual(normalizeInterval({ days: 3, months: 0, years: 1 }), { years: 1, days: 3 });
  });
  it('refuses an interval with no positive unit', () => {
    assert.match(normalizeInterval({ months: 0 }) as string, /at least one positive unit/);
  });
});

describe('recallStatus', () => {
  const base: RecallFacts = { typeActive: true, dateScheduled: null, dateDue: '2026-03-10', today: '2026-03-10' };
  const cases: [string, Partial<RecallFacts>, string][] = [
    ['due today is due', {}, 'due'],
    ['due tomorrow is due', { dateDue: '2026-03-11' }, 'due'],
    ['due yesterday is overdue', { dateDue: '2026-03-09' }, 'overdue'],
    ['no due date is due', { dateDue: null }, 'due'],
    ['a booked appointment makes it scheduled, overdue or not', { dateDue: '2025-01-01', dateScheduled: '2026-03-20' }, 'scheduled'],
    ['an inactive type makes it completed, before every other rule', { typeActive: false, dateScheduled: '2026-03-20' }, 'completed'],
  ];
  for (const [name, over, expected] of cases) it(name, () => assert.equal(recallStatus({ ...base, ...over }), expected));
});
