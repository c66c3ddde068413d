import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { attainmentPct, bucketOf, formatCents, summarizeProduction, toCents } from '../../src/appointments/domain/production.ts';
import type { AppointmentStatus } from '../../src/appointments/domain/status.ts';

describe('production amounts in cents', () => {
  const parsed: [string, number][] = [
    ['0', 0], ['0.00', 0], ['125', 12500], ['125.5', 12550], ['125.50', 12550], ['0.01', 1], ['-3.25', -325],
    ['9999999999.99', 999999999999],
  ];
  for (const [text, cents] of parsed) it(`"${text}" is ${cents} cents`, () => assert.equal(toCents(text), cents));

  for (const bad of ['', '1.234', '1e3', '12,50', 'abc', '.5']) {
    it(`"${bad}" is refused`, () => assert.throws(() => toCents(bad)));
  }

  const formatted: [number, string][] = [[0, '0.00'], [1, '0.01'], [12550, '125.50'], [-5, '-0.05'], [-12345, '-123.45'], [999999999999, '9999999999.99']];
  for (const [cents, text] of formatted) it(`${cents} cents format as "${text}"`, () => assert.equal(formatCents(cents), text));

  it('sums that binary floating point gets wrong stay exact', () => {
    // 0.1 + 0.2 in floats is 0.30000000000000004
    assert.equal(formatCents(toCents('0.10') + toCents('0.20')), '0.30');
    assert.equal(formatCents(toCents('999.81') * 3), '2999.43');
  });
});

describe('attainment percentage', () => {
  const cases: [number, number, number][] = [
    [0, 0, 0], // no goal → 0.0
    [5000, 0, 0], // production but no goal → 0.0
    [0, 10000, 0],
    [10000, 10000, 100],
    [15000, 10000, 150],
    [1, 3, 33.3], // 33.33…
    [2, 3, 66.7], // 66.66… rounds up
    [1, 8, 12.5], // exactly 12.5
    [1, 16, 6.3], // 6.25 rounds half up
    [123456, 1000000, 12.3], // 12.3456
    [99999, 100000, 100], // 99.999 rounds to 100.0
  ];
  for (const [completed, goal, pct] of cases) {
    it(`${completed} of ${goal} cents is ${pct}%`, () => assert.equal(attainmentPct(completed, goal), pct));
  }
});

describe('production buckets', () => {
  const buckets: [AppointmentStatus, string | null][] = [
    ['scheduled', 'scheduled'], ['complete', 'completed'], ['broken', 'lost'], ['cancelled', 'lost'],
    ['planned', null], ['unscheduled', null], ['pinboard', null],
  ];
  for (const [status, bucket] of buckets) it(`${status} counts as ${bucket ?? 'nothing'}`, () => assert.equal(bucketOf(status), bucket));
});

describe('production summary', () => {
  it('buckets lines per provider, adds goals, and keeps unassigned production in the totals only', () => {
    const s = summarizeProduction([
      { providerId: 'a', status: 'scheduled', amount: '100.10' },
      { providerId: 'a', status: 'complete', amount: '200.20' },
      { providerId: 'a', status: 'broken', amount: '10.00' },
      { providerId: 'a', status: 'cancelled', amount: '5.05' },
      { providerId: 'b', status: 'complete', amount: '50.00' },
      { providerId: null, status: 'complete', amount: '1000.00' },
      { providerId: 'c', status: 'planned', amount: '77.00' },
    ], [
      { providerId: 'a', amount: '400.40' },
      { providerId: 'd', amount: '300.00' },
    ]);
    assert.deepEqual(s.providers, [
      { providerId: 'a', scheduled: 10010, completed: 20020, lost: 1505, goal: 40040, attainmentPct: 50 },
      { providerId: 'b', scheduled: 0, completed: 5000, lost: 0, goal: 0, attainmentPct: 0 },
      { providerId: 'd', scheduled: 0, completed: 0, lost: 0, goal: 30000, attainmentPct: 0 },
    ], 'c has only planned production and no goal, so it is left out');
    assert.deepEqual(s.totals, { scheduled: 10010, completed: 125020, lost: 1505, goal: 70040 });
    assert.equal(s.overallAttainmentPct, 178.5); // 1250.20 / 700.40 = 178.498…
  });

  it('an empty range gives no providers, zero totals and 0% attainment', () => {
    assert.deepEqual(summarizeProduction([], []), {
      providers: [], totals: { scheduled: 0, completed: 0, lost: 0, goal: 0 }, overallAttainmentPct: 0,
    });
  });
});
