// The pure rules of booked places: when a moved appointment stays in its slot or its service occurrence.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { staysInOccurrence, staysInSlot, type Placement } from '../../src/appointments/domain/booked-places.ts';

const ms = (iso: string) => Date.parse(iso);
const at = (operatoryId: string, date: string, startTime: string, start: string, end: string): Placement =>
  ({ operatoryId, date, startTime, start: ms(start), end: ms(end) });

describe('staysInSlot', () => {
  // The slot: 2026-03-11 09:00–10:00 in New York (13:00–14:00 UTC), chairs a and b.
  const slot = { startMs: ms('2026-03-11T13:00:00Z'), endMs: ms('2026-03-11T14:00:00Z'), operatoryIds: ['a', 'b'] };
  const cases: [string, Placement, boolean][] = [
    ['the slot exactly', at('a', '2026-03-11', '09:00:00', '2026-03-11T13:00:00Z', '2026-03-11T14:00:00Z'), true],
    ['a part of it, in another block chair', at('b', '2026-03-11', '09:30:00', '2026-03-11T13:30:00Z', '2026-03-11T14:00:00Z'), true],
    ['running past its end', at('a', '2026-03-11', '09:30:00', '2026-03-11T13:30:00Z', '2026-03-11T14:30:00Z'), false],
    ['starting before it', at('a', '2026-03-11', '08:59:00', '2026-03-11T12:59:00Z', '2026-03-11T13:30:00Z'), false],
    ['back to back after it', at('a', '2026-03-11', '10:00:00', '2026-03-11T14:00:00Z', '2026-03-11T15:00:00Z'), false],
    ['in a chair outside the block', at('c', '2026-03-11', '09:00:00', '2026-03-11T13:00:00Z', '2026-03-11T14:00:00Z'), false],
  ];
  for (const [name, to, expected] of cases) it(`${name} → ${expected}`, () => assert.equal(staysInSlot(slot, to), expected));
});

describe('staysInOccurrence', () => {
  // A Sunday window 01:00–05:00 on 2026-03-08, the spring-forward day in New York (02:00–03:00 does not exist).
  const occurrence = { date: '2026-03-08', startTime: '01:00:00', endTime: '05:00:00' };
  const cases: [string, Placement, boolean][] = [
    ['its first session', at('a', '2026-03-08', '01:00:00', '2026-03-08T06:00:00Z', '2026-03-08T07:00:00Z'), true],
    // 03:00 EDT is 07:00 UTC: one real hour after 01:00 EST, two on the wall clock; the wall clock decides.
    ['after the gap', at('a', '2026-03-08', '03:00:00', '2026-03-08T07:00:00Z', '2026-03-08T08:00:00Z'), true],
    ['starting in the window, ending past it', at('a', '2026-03-08', '04:30:00', '2026-03-08T08:30:00Z', '2026-03-08T09:30:00Z'), true],
    ['at the window\'s end', at('a', '2026-03-08', '05:00:00', '2026-03-08T09:00:00Z', '2026-03-08T10:00:00Z'), false],
    ['before the window', at('a', '2026-03-08', '00:30:00', '2026-03-08T05:30:00Z', '2026-03-08T06:30:00Z'), false],
    ['the same time a week later', at('a', '2026-03-15', '01:00:00', '2026-03-15T05:00:00Z', '2026-03-15T06:00:00Z'), false],
  ];
  for (const [name, to, expected] of cases) it(`${name} → ${expected}`, () => assert.equal(staysInOccurrence(occurrence, to), expected));
});
