import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clampInterval, mergeIntervals, overlaps, subtractIntervals, type Interval } from '../../src/core/intervals.ts';

const iv = (start: number, end: number): Interval => ({ start, end });

describe('intervals are half-open [start, end)', () => {
  const overlapCases: [Interval, Interval, boolean, string][] = [
    [iv(0, 10), iv(10, 20), false, 'back-to-back do not overlap'],
    [iv(0, 10), iv(9, 20), true, 'one shared minute overlaps'],
    [iv(0, 30), iv(10, 20), true, 'containment overlaps'],
    [iv(5, 6), iv(0, 5), false, 'touching at the start does not overlap'],
  ];
  for (const [a, b, expected, name] of overlapCases) {
    it(name, () => {
      assert.equal(overlaps(a, b), expected);
      assert.equal(overlaps(b, a), expected);
    });
  }

  it('mergeIntervals joins overlapping and touching intervals and drops empty ones', () => {
    assert.deepEqual(mergeIntervals([iv(20, 30), iv(0, 10), iv(10, 15), iv(25, 40), iv(50, 50)]), [iv(0, 15), iv(20, 40)]);
  });

  const subtractCases: [Interval[], Interval[], Interval[], string][] = [
    [[iv(0, 100)], [iv(40, 60)], [iv(0, 40), iv(60, 100)], 'a lunch cut splits a shift'],
    [[iv(0, 100)], [iv(0, 100)], [], 'a full cut leaves nothing'],
    [[iv(0, 100)], [iv(-10, 10), iv(90, 110)], [iv(10, 90)], 'cuts over both ends clamp the range'],
    [[iv(0, 10), iv(20, 30)], [iv(5, 25)], [iv(0, 5), iv(25, 30)], 'one cut across two ranges'],
    [[iv(0, 10)], [], [iv(0, 10)], 'nothing to cut'],
  ];
  for (const [from, remove, expected, name] of subtractCases) {
    it(`subtractIntervals: ${name}`, () => assert.deepEqual(subtractIntervals(from, remove), expected));
  }

  it('clampInterval clamps a range at both ends to a window, or gives null outside it', () => {
    assert.deepEqual(clampInterval(iv(-5, 105), iv(0, 100)), iv(0, 100));
    assert.deepEqual(clampInterval(iv(10, 20), iv(0, 100)), iv(10, 20));
    assert.equal(clampInterval(iv(100, 120), iv(0, 100)), null);
  });
});
