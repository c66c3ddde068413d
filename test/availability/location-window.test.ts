import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { availabilityWindow, inferIntervalMinutes, slotStepMinutes } from '../../src/availability/domain/location-window.ts';

const TODAY = '2026-03-10';

describe('availabilityWindow (the location availability seed\'s date rules)', () => {
  const cases: [string | null, string | null, string, string | null][] = [
    // start, end, expected from…to or a refused field
    [null, null, '2026-03-10…2026-04-09', null], // neither: today … today + 30
    [null, '2026-04-20', '2026-03-21…2026-04-20', null], // only end: end − 30 … end
    ['2026-03-15', null, '2026-03-15…2026-04-14', null], // only start: start … start + 30
    ['2026-03-01', '2026-03-20', '2026-03-10…2026-03-20', null], // a past start is clamped to today
    ['2026-02-01', '2026-02-10', '2026-03-10…2026-02-10', null], // wholly past: empty (from after to)
    ['2026-05-20', null, '2026-05-20…2026-06-08', null], // the default end stops at today + 90
    ['2026-03-12', '2026-06-08', '2026-03-12…2026-06-08', null], // today + 90 is allowed
    ['2026-03-12', '2026-06-09', '', 'end_date'], // today + 91 is refused
    ['2026-03-20', '2026-03-19', '', 'end_date'], // end before start
    ['2026-06-09', null, '', 'start_date'], // a start beyond the horizon
  ];
  for (const [start, end, expected, refused] of cases) {
    it(`start ${start ?? '—'}, end ${end ?? '—'} → ${refused ? `refused at ${refused}` : expected}`, () => {
      const w = availabilityWindow(start, end, TODAY);
      if (refused) assert.equal(w.ok ? null : w.refusal.field, refused);
      else assert.equal(w.ok ? `${w.from}…${w.to}` : w.refusal.msg, expected);
    });
  }
});

describe('slotStepMinutes', () => {
  for (const [length, step] of [[20, 20], [30, 30], [45, 15], [60, 60], [50, 10], [25, 5], [7, 5], [1, 5], [90, 30], [120, 60], [720, 60]] as const) {
    it(`${length}-minute slots start every ${step} minutes`, () => assert.equal(slotStepMinutes(length), step));
  }
});

describe('inferIntervalMinutes', () => {
  const at = (...minutes: number[]) => minutes.map((m) => m * 60_000);
  it('is the most frequent gap within a day', () => assert.equal(inferIntervalMinutes([at(0, 30, 60, 120), at(0, 30)]), 30));
  it('prefers the shorter gap on a tie', () => assert.equal(inferIntervalMinutes([at(0, 30, 90)]), 30));
  it('is null when no day has two starts', () => assert.equal(inferIntervalMinutes([at(0), at(600)]), null));
  it('never measures across days', () => assert.equal(inferIntervalMinutes([at(0, 45), at(10_000, 10_045)]), 45));
});
