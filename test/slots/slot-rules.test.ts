// Pure tier: the slot rules and how a slot's instants are named on a location's wall clock, table-driven.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { capacityRefusal, isSlotAvailable, lockRefusal, retimeRefusal, type SlotState } from '../../src/slots/domain/slot-rules.ts';
import { slotOnWallClock } from '../../src/appointments/index.ts';

const NOW = Date.parse('2026-03-10T14:00:00Z');
const base: SlotState = { status: 'active', capacity: 2, lockable: true, startMs: NOW + 3_600_000, active: 0, liveHolds: 0 };

describe('slot rules', () => {
  it('a slot is available only when active, unlocked, with room and not started', () => {
    const cases: [Partial<SlotState>, boolean][] = [
      [{}, true],
      [{ active: 1 }, true],
      [{ active: 2 }, false],
      [{ active: 3 }, false],
      [{ liveHolds: 1 }, false],
      [{ status: 'disabled' }, false],
      [{ startMs: NOW }, false],
      [{ startMs: NOW - 1 }, false],
      [{ startMs: NOW + 1 }, true],
    ];
    for (const [over, expected] of cases) assert.equal(isSlotAvailable({ ...base, ...over }, NOW), expected, JSON.stringify(over));
  });

  it('a lock is refused in order: not lockable, disabled, already locked, full', () => {
    const cases: [Partial<SlotState>, string | null][] = [
      [{}, null],
      [{ active: 1 }, null],
      [{ lockable: false, status: 'disabled', liveHolds: 1, active: 2 }, 'slot_locked'],
      [{ status: 'disabled', liveHolds: 1 }, 'slot_disabled'],
      [{ liveHolds: 1, active: 2 }, 'slot_locked'],
      [{ active: 2 }, 'slot_full'],
      // A started slot may still be locked: `available` tells clients whether to.
      [{ startMs: NOW - 1 }, null],
    ];
    for (const [over, code] of cases) assert.equal(lockRefusal({ ...base, ...over })?.code ?? null, code, JSON.stringify(over));
  });

  it('capacity may not drop below the scheduled or complete appointments; the time may not move under them or a lock', () => {
    assert.equal(capacityRefusal({ ...base, active: 2 }, 2), null);
    assert.equal(capacityRefusal({ ...base, active: 2 }, 1)?.code, 'state_conflict');
    assert.equal(retimeRefusal(base), null);
    assert.equal(retimeRefusal({ ...base, active: 1 })?.code, 'state_conflict');
    assert.equal(retimeRefusal({ ...base, liveHolds: 1 })?.code, 'slot_locked');
  });
});

describe('slotOnWallClock', () => {
  const at = (iso: string) => Date.parse(iso);
  const cases: [string, string, string, string, [string, string, string] | null][] = [
    ['an ordinary morning', 'America/New_York', '2026-03-11T13:00:00Z', '2026-03-11T14:00:00Z', ['2026-03-11', '09:00:00', '10:00:00']],
    // 01:00 EST – 04:00 EDT on 2026-03-08: through the spring-forward gap (02:00–03:00 does not exist), two real hours.
    ['across the New York spring-forward hour', 'America/New_York', '2026-03-08T06:00:00Z', '2026-03-08T08:00:00Z', ['2026-03-08', '01:00:00', '04:00:00']],
    // 00:30 EDT – 02:30 EST on 2026-11-01: through the repeated hour, three real hours.
    ['across the New York fall-back hour', 'America/New_York', '2026-11-01T04:30:00Z', '2026-11-01T07:30:00Z', ['2026-11-01', '00:30:00', '02:30:00']],
    // 01:00–01:30 EDT: the first pass of the repeated hour, which a wall-clock booking names.
    ['the first pass of the repeated hour', 'America/New_York', '2026-11-01T05:00:00Z', '2026-11-01T05:30:00Z', ['2026-11-01', '01:00:00', '01:30:00']],
    // 01:00–01:30 EST: the second pass; the wall clock names the first.
    ['the second pass of the repeated hour', 'America/New_York', '2026-11-01T06:00:00Z', '2026-11-01T06:30:00Z', null],
    // 01:30 CET – 03:30 CEST on 2026-03-29 in Berlin.
    ['across the Berlin spring-forward hour', 'Europe/Berlin', '2026-03-29T00:30:00Z', '2026-03-29T01:30:00Z', ['2026-03-29', '01:30:00', '03:30:00']],
    // 02:30–02:45 CEST, then CET on 2026-10-25 in Berlin: first pass named, second not.
    ['Berlin\'s first pass', 'Europe/Berlin', '2026-10-25T00:30:00Z', '2026-10-25T00:45:00Z', ['2026-10-25', '02:30:00', '02:45:00']],
    ['Berlin\'s second pass', 'Europe/Berlin', '2026-10-25T01:30:00Z', '2026-10-25T01:45:00Z', null],
    // 23:30 – 00:30 New York: two local dates.
    ['across local midnight', 'America/New_York', '2026-03-11T03:30:00Z', '2026-03-11T04:30:00Z', null],
    // 23:00 – 24:00: ends at the next date's midnight.
    ['ending at local midnight', 'America/New_York', '2026-03-12T03:00:00Z', '2026-03-12T04:00:00Z', null],
    ['ending at 23:59:59', 'America/New_York', '2026-03-12T03:00:00Z', '2026-03-12T03:59:59Z', ['2026-03-11', '23:00:00', '23:59:59']],
    ['an end before the start', 'America/New_York', '2026-03-11T14:00:00Z', '2026-03-11T13:00:00Z', null],
    ['an empty range', 'America/New_York', '2026-03-11T14:00:00Z', '2026-03-11T14:00:00Z', null],
    ['a fraction of a second', 'America/New_York', '2026-03-11T13:00:00.250Z', '2026-03-11T14:00:00Z', null],
  ];
  for (const [what, zone, start, end, expected] of cases) {
    it(`${what} (${zone})`, () => {
      const slot = slotOnWallClock(zone, at(start), at(end));
      assert.deepEqual(slot && [slot.date, slot.startTime, slot.endTime], expected);
      if (slot) assert.deepEqual([slot.start, slot.end], [at(start), at(end)]);
    });
  }
});
