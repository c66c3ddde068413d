import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkConflicts, providerIntervals, rulesAllowOverlap, type BlockoutSpan, type Occupancy, type OverlapRule } from '../../src/appointments/domain/conflicts.ts';

const MIN = 60_000;
const at = (minutes: number) => minutes * MIN;
const LOC = 'loc-1';

function appt(id: string | null, op: string, from: number, to: number, over: Partial<Occupancy> = {}): Occupancy {
  return { id, operatoryId: op, typeId: null, start: at(from), end: at(to), providers: [], ...over };
}
const withProvider = (p: string, from: number, to: number) => ({ providers: [{ providerId: p, intervals: [{ start: at(from), end: at(to) }] }] });

describe('providerIntervals: the X segments of the time pattern', () => {
  it('/XX/ over 20 minutes is provider time from minute 5 to 15', () => {
    assert.deepEqual(providerIntervals(0, at(20), '/XX/'), [{ start: at(5), end: at(15) }]);
  });
  it('no pattern means the whole appointment', () => {
    assert.deepEqual(providerIntervals(0, at(30), null), [{ start: 0, end: at(30) }]);
  });
  it('time past the pattern is provider time; a pattern longer than the appointment is cut', () => {
    assert.deepEqual(providerIntervals(0, at(20), '//'), [{ start: at(10), end: at(20) }]);
    assert.deepEqual(providerIntervals(0, at(10), 'XXXX'), [{ start: 0, end: at(10) }]);
  });
});

describe('checkConflicts', () => {
  const booking = appt(null, 'op-1', 60, 120, { typeId: 'type-a', ...withProvider('dr-1', 60, 120) });

  const cases: [string, Occupancy[], BlockoutSpan[], OverlapRule[], boolean, string[]][] = [
    ['a free chair has no conflict', [appt('a1', 'op-2', 60, 120)], [], [], false, []],
    ['back-to-back in the same chair is not a conflict', [appt('a1', 'op-1', 0, 60), appt('a2', 'op-1', 120, 180)], [], [], false, []],
    ['an overlap in the same chair conflicts', [appt('a1', 'op-1', 90, 150)], [], [], false, ['appointment:a1']],
    ['allow_overlap waives a chair overlap', [appt('a1', 'op-1', 90, 150)], [], [], true, []],
    ['the same provider in another chair at the same time conflicts', [appt('a1', 'op-2', 90, 150, withProvider('dr-1', 90, 150))], [], [], false, ['provider:a1']],
    ['the provider in another chair only during assistant time does not conflict', [appt('a1', 'op-2', 90, 150, withProvider('dr-1', 130, 150))], [], [], false, []],
    ['allow_overlap waives provider double-booking', [appt('a1', 'op-2', 90, 150, withProvider('dr-1', 90, 150))], [], [], true, []],
    ['a no-schedule blockout on the chair conflicts', [], [{ id: 'b1', operatoryId: 'op-1', start: at(100), end: at(110), isNoSchedule: true }], [], false, ['blockout:b1']],
    ['a location-wide no-schedule blockout conflicts', [], [{ id: 'b1', operatoryId: null, start: at(100), end: at(110), isNoSchedule: true }], [], false, ['blockout:b1']],
    ['allow_overlap never waives a no-schedule blockout', [], [{ id: 'b1', operatoryId: null, start: at(100), end: at(110), isNoSchedule: true }], [], true, ['blockout:b1']],
    ['a blockout that allows scheduling does not conflict', [], [{ id: 'b1', operatoryId: 'op-1', start: at(100), end: at(110), isNoSchedule: false }], [], false, []],
    ['a blockout on another chair does not conflict', [], [{ id: 'b1', operatoryId: 'op-2', start: at(100), end: at(110), isNoSchedule: true }], [], false, []],
    ['a rule allowing the pair waives the chair overlap', [appt('a1', 'op-1', 90, 150, { typeId: 'type-b' })], [], [{ typeA: 'type-b', typeB: 'type-a', locationId: null, allowOverlap: true }], false, []],
    ['a location rule refusing overrides an org-wide rule allowing', [appt('a1', 'op-1', 90, 150, { typeId: 'type-b' })], [],
      [{ typeA: 'type-a', typeB: 'type-b', locationId: null, allowOverlap: true }, { typeA: 'type-a', typeB: 'type-b', locationId: LOC, allowOverlap: false }], false, ['appointment:a1']],
    ['the booking itself (a move) is not its own conflict', [appt('self', 'op-1', 60, 120)], [], [], false, []],
  ];
  for (const [name, others, blockouts, rules, allow, expected] of cases) {
    it(name, () => {
      const self = name.includes('itself') ? { ...booking, id: 'self' } : booking;
      const got = checkConflicts(self, others, blockouts, rules, LOC, allow, []).map((c) => `${c.kind}:${c.id}`);
      assert.deepEqual(got, expected);
    });
  }

  it('rulesAllowOverlap needs both types', () => {
    assert.equal(rulesAllowOverlap([{ typeA: 'a', typeB: 'b', locationId: null, allowOverlap: true }], 'a', null, LOC), false);
  });
});

describe('checkConflicts with live holds', () => {
  // A booking in op-1 from 60 to 120 with dr-1's provider time only from 80 to 100 (a time pattern).
  const booking = appt(null, 'op-1', 60, 120, { typeId: 'type-a', ...withProvider('dr-1', 80, 100) });
  const hold = (id: string, op: string, from: number, to: number, providerIds: string[] = []) => ({ id, operatoryId: op, providerIds, start: at(from), end: at(to) });
  const cases: [string, ReturnType<typeof hold>[], boolean, string[]][] = [
    ['a hold on the same chair overlapping conflicts', [hold('h1', 'op-1', 110, 130)], false, ['hold:h1']],
    ['a hold on the same chair back-to-back does not', [hold('h1', 'op-1', 120, 150)], false, []],
    ['a hold on another chair with another provider does not', [hold('h1', 'op-2', 60, 120, ['dr-2'])], false, []],
    ['a hold on another chair holding the provider during their provider time conflicts', [hold('h1', 'op-2', 90, 95, ['dr-1'])], false, ['hold:h1']],
    ['a hold on the provider only outside their provider time does not', [hold('h1', 'op-2', 60, 80, ['dr-1'])], false, []],
    ['allow_overlap never waives a hold', [hold('h1', 'op-1', 60, 120)], true, ['hold:h1']],
  ];
  for (const [name, held, allow, expected] of cases) {
    it(name, () => {
      assert.deepEqual(checkConflicts(booking, [], [], [], LOC, allow, held).map((c) => `${c.kind}:${c.id}`), expected);
    });
  }
  it('a provider-only hold conflict names the provider', () => {
    assert.equal(checkConflicts(booking, [], [], [], LOC, false, [hold('h1', 'op-2', 90, 95, ['dr-1'])])[0]!.providerId, 'dr-1');
  });
});
