import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveProviderDay, resolveProviderDays, type OverrideRule, type TemplateRule } from '../../src/schedule/domain/schedule.ts';
import { formatEpochMs } from '../../src/core/time.ts';

const NY = 'America/New_York';
const BERLIN = 'Europe/Berlin';
const P = 'provider-1';
const Q = 'provider-2';

function tpl(over: Partial<TemplateRule> & Pick<TemplateRule, 'dayOfWeek' | 'startTime' | 'endTime'>): TemplateRule {
  return { id: `t-${over.startTime}`, providerId: P, operatoryId: null, effectiveFrom: '2026-01-01', effectiveTo: null, ...over };
}
function ovr(over: Partial<OverrideRule> & Pick<OverrideRule, 'date'>): OverrideRule {
  return { id: `o-${over.startTime}`, providerId: P, operatoryId: null, startTime: null, endTime: null, isUnavailable: false, ...over };
}
const hours = (r: { start: number; end: number }) => (r.end - r.start) / 3_600_000;

describe('resolveProviderDay across DST transitions', () => {
  const SUNDAY = 6;
  const cases: [string, string, string, string, string, number, string][] = [
    // zone, date, template start, template end, meaning, real hours, first instant
    [NY, '2026-03-08', '00:00', '06:00', '00:00 EST → 06:00 EDT: spring forward eats an hour', 5, '2026-03-08T00:00:00-05:00'],
    [NY, '2026-11-01', '00:00', '06:00', '00:00 EDT → 06:00 EST: fall back adds an hour', 7, '2026-11-01T00:00:00-04:00'],
    [NY, '2026-03-08', '08:00', '17:00', 'a day shift after the jump is untouched', 9, '2026-03-08T08:00:00-04:00'],
    [NY, '2026-11-01', '08:00', '17:00', 'a day shift after the fall-back is untouched', 9, '2026-11-01T08:00:00-05:00'],
    [NY, '2026-03-08', '01:00', '03:30', 'spans the transition hour: 01:00 EST → 03:30 EDT', 1.5, '2026-03-08T01:00:00-05:00'],
    [NY, '2026-03-08', '02:30', '04:00', 'starts in the gap: clamped to the transition 03:00 EDT', 1, '2026-03-08T03:00:00-04:00'],
    [NY, '2026-11-01', '01:30', '03:00', 'ambiguous 01:30 is the earlier (EDT) instant', 2.5, '2026-11-01T01:30:00-04:00'],
    [BERLIN, '2026-03-29', '00:00', '06:00', '00:00 CET → 06:00 CEST', 5, '2026-03-29T00:00:00+01:00'],
    [BERLIN, '2026-10-25', '00:00', '06:00', '00:00 CEST → 06:00 CET', 7, '2026-10-25T00:00:00+02:00'],
    [BERLIN, '2026-03-29', '01:30', '03:30', 'spans the Berlin jump: 01:30 CET → 03:30 CEST', 1, '2026-03-29T01:30:00+01:00'],
  ];
  for (const [zone, date, start, end, meaning, expected, firstInstant] of cases) {
    it(`${zone} ${date} ${start}–${end}: ${meaning}`, () => {
      const day = resolveProviderDay([tpl({ dayOfWeek: SUNDAY, startTime: `${start}:00`, endTime: `${end}:00` })], [], P, date, zone);
      assert.equal(day.ranges.length, 1);
      assert.equal(hours(day.ranges[0]!), expected);
      assert.equal(formatEpochMs(day.ranges[0]!.start, zone), firstInstant);
      assert.equal(day.ranges[0]!.startTime, `${start}:00`);
    });
  }

  it('a range lying wholly in the spring-forward gap (02:00–02:45 on 2026-03-08) has no real time and is dropped', () => {
    const day = resolveProviderDay([tpl({ dayOfWeek: 6, startTime: '02:00:00', endTime: '02:45:00' })], [], P, '2026-03-08', NY);
    assert.deepEqual(day.ranges, []);
  });
});

describe('resolveProviderDay: templates, split shifts, effective periods, override precedence', () => {
  const MONDAY = 0;
  const morning = tpl({ id: 'am', dayOfWeek: MONDAY, startTime: '08:00:00', endTime: '12:00:00', operatoryId: 'op-1' });
  const afternoon = tpl({ id: 'pm', dayOfWeek: MONDAY, startTime: '13:00:00', endTime: '17:00:00' });

  it('two templates on one weekday make a split shift, ordered by start', () => {
    const day = resolveProviderDay([afternoon, morning], [], P, '2026-11-16', NY);
    assert.equal(day.isOverride, false);
    assert.deepEqual(day.ranges.map((r) => [r.startTime, r.endTime, r.operatoryId, r.sourceId]),
      [['08:00:00', '12:00:00', 'op-1', 'am'], ['13:00:00', '17:00:00', null, 'pm']]);
  });

  it('a template applies only on its weekday', () => {
    assert.deepEqual(resolveProviderDay([morning], [], P, '2026-11-17', NY).ranges, []);
  });

  const periodCases: [string | null, string, number, string][] = [
    [null, '2026-11-16', 1, 'open-ended period applies'],
    ['2026-11-16', '2026-11-16', 1, 'effective_to is inclusive'],
    ['2026-11-15', '2026-11-16', 0, 'after effective_to it no longer applies'],
  ];
  for (const [to, date, count, name] of periodCases) {
    it(`effective period: ${name}`, () => {
      const t = tpl({ dayOfWeek: MONDAY, startTime: '08:00:00', endTime: '12:00:00', effectiveFrom: '2026-11-16', effectiveTo: to });
      assert.equal(resolveProviderDay([t], [], P, date, NY).ranges.length, count);
    });
  }
  it('effective_from is inclusive and the day before does not apply', () => {
    const t = tpl({ dayOfWeek: MONDAY, startTime: '08:00:00', endTime: '12:00:00', effectiveFrom: '2026-11-16' });
    assert.equal(resolveProviderDay([t], [], P, '2026-11-16', NY).ranges.length, 1);
    assert.equal(resolveProviderDay([t], [], P, '2026-11-09', NY).ranges.length, 0);
  });

  it('an override replaces the day\'s templates entirely', () => {
    const day = resolveProviderDay([morning, afternoon], [ovr({ date: '2026-11-16', startTime: '10:00:00', endTime: '14:00:00' })], P, '2026-11-16', NY);
    assert.equal(day.isOverride, true);
    assert.deepEqual(day.ranges.map((r) => [r.startTime, r.endTime, r.source]), [['10:00:00', '14:00:00', 'override']]);
  });

  it('several overrides on a date give several ranges', () => {
    const day = resolveProviderDay([], [
      ovr({ date: '2026-11-16', startTime: '14:00:00', endTime: '18:00:00' }),
      ovr({ date: '2026-11-16', startTime: '07:00:00', endTime: '09:00:00' }),
    ], P, '2026-11-16', NY);
    assert.deepEqual(day.ranges.map((r) => r.startTime), ['07:00:00', '14:00:00']);
  });

  it('an unavailable override means no time at all, and it is still an override day', () => {
    const day = resolveProviderDay([morning], [ovr({ date: '2026-11-16', isUnavailable: true })], P, '2026-11-16', NY);
    assert.deepEqual(day, { providerId: P, date: '2026-11-16', isOverride: true, ranges: [] });
  });

  it('an override on another date or of another provider does not touch this day', () => {
    const day = resolveProviderDay([morning], [ovr({ date: '2026-11-17', isUnavailable: true }), ovr({ date: '2026-11-16', providerId: Q, isUnavailable: true })], P, '2026-11-16', NY);
    assert.equal(day.isOverride, false);
    assert.equal(day.ranges.length, 1);
  });
});

describe('resolveProviderDays', () => {
  it('lists each provider with a template or override on each date, and omits the others', () => {
    const templates = [
      tpl({ dayOfWeek: 0, startTime: '08:00:00', endTime: '17:00:00' }),
      tpl({ providerId: Q, dayOfWeek: 1, startTime: '09:00:00', endTime: '15:00:00' }),
    ];
    const overrides = [ovr({ providerId: Q, date: '2026-11-16', isUnavailable: true })];
    const days = resolveProviderDays(templates, overrides, ['2026-11-16', '2026-11-17', '2026-11-18'], NY);
    assert.deepEqual(days.map((d) => [d.date, d.providerId, d.isOverride, d.ranges.length]), [
      ['2026-11-16', P, false, 1],
      ['2026-11-16', Q, true, 0],
      ['2026-11-17', Q, false, 1],
    ]);
  });
});
