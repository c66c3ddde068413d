import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeFlowStats, type FlowEvent } from '../../src/appointments/domain/flow-stats.ts';

const MIN = 60_000;
const ev = (id: string, minute: number): FlowEvent => ({ flowStatusId: id, name: id.toUpperCase(), at: minute * MIN });
/** [status, start minute, end minute | null, duration seconds | null] */
type Seg = [string, number, number | null, number | null];
const segs = (r: ReturnType<typeof computeFlowStats>): Seg[] =>
  r.segments.map((s) => [s.flowStatusId, s.start / MIN, s.end === null ? null : s.end / MIN, s.durationSeconds]);
const totals = (r: ReturnType<typeof computeFlowStats>) => r.totals.map((t) => [t.flowStatusId, t.durationSeconds]);

describe('computeFlowStats', () => {
  const cases: { name: string; events: FlowEvent[]; now: number; includeOpen: boolean; segments: Seg[]; totals: [string, number][] }[] = [
    { name: 'no events give no segments and no totals', events: [], now: 100, includeOpen: true, segments: [], totals: [] },
    {
      name: 'one event is one open segment counted up to now',
      events: [ev('arrived', 0)], now: 10, includeOpen: true,
      segments: [['arrived', 0, null, 600]], totals: [['arrived', 600]],
    },
    {
      name: 'without include_open the open segment is listed with a null duration and left out of the totals',
      events: [ev('arrived', 0), ev('seated', 5)], now: 30, includeOpen: false,
      segments: [['arrived', 0, 5, 300], ['seated', 5, null, null]], totals: [['arrived', 300]],
    },
    {
      name: 'consecutive events form closed segments; a status seen twice is summed in first-seen order',
      events: [ev('arrived', 0), ev('seated', 5), ev('arrived', 20), ev('checkout', 22)], now: 60, includeOpen: true,
      segments: [['arrived', 0, 5, 300], ['seated', 5, 20, 900], ['arrived', 20, 22, 120], ['checkout', 22, null, 2280]],
      totals: [['arrived', 420], ['seated', 900], ['checkout', 2280]],
    },
    {
      name: 'events given out of order are ordered by instant',
      events: [ev('seated', 5), ev('arrived', 0)], now: 5, includeOpen: true,
      segments: [['arrived', 0, 5, 300], ['seated', 5, null, 0]], totals: [['arrived', 300], ['seated', 0]],
    },
    {
      name: 'a now before the last event counts the open segment as 0 seconds, never negative',
      events: [ev('arrived', 10)], now: 9, includeOpen: true,
      segments: [['arrived', 10, null, 0]], totals: [['arrived', 0]],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = computeFlowStats(c.events, c.now * MIN, c.includeOpen);
      assert.deepEqual(segs(r), c.segments);
      assert.deepEqual(totals(r), c.totals);
    });
  }

  it('durations are whole seconds, rounded down', () => {
    const r = computeFlowStats([{ flowStatusId: 'a', name: 'A', at: 0 }, { flowStatusId: 'b', name: 'B', at: 1999 }], 2500, true);
    assert.deepEqual(r.segments.map((s) => s.durationSeconds), [1, 0]);
  });

  it('counts real seconds across the fall-back hour in America/New_York', () => {
    // 01:30 EDT (05:30Z) to 01:30 EST (06:30Z) on 2026-11-01: the same wall-clock time, one real hour apart.
    const r = computeFlowStats([
      { flowStatusId: 'arrived', name: 'Arrived', at: Date.parse('2026-11-01T05:30:00Z') },
      { flowStatusId: 'seated', name: 'Seated', at: Date.parse('2026-11-01T06:30:00Z') },
    ], Date.parse('2026-11-01T06:30:00Z'), true);
    assert.equal(r.segments[0]!.durationSeconds, 3600);
  });

  it('counts real seconds across the spring-forward gap in America/New_York', () => {
    // 01:30 EST (06:30Z) to 03:30 EDT (07:30Z) on 2026-03-08: two wall-clock hours, one real hour.
    const r = computeFlowStats([{ flowStatusId: 'arrived', name: 'Arrived', at: Date.parse('2026-03-08T06:30:00Z') }], Date.parse('2026-03-08T07:30:00Z'), true);
    assert.equal(r.segments[0]!.durationSeconds, 3600);
  });

  it('keeps each status\'s name on its segments and totals', () => {
    const r = computeFlowStats([ev('arrived', 0)], MIN, true);
    assert.equal(r.segments[0]!.name, 'ARRIVED');
    assert.equal(r.totals[0]!.name, 'ARRIVED');
  });
});
