import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkDuration, checkTimePattern, effectiveTimePattern, resolveTiming,
  type Timing, type TimingChange, type TimingRefusalReason,
} from '../../src/appointments/domain/time-pattern.ts';

const derived60: Timing = { timePattern: null, durationMinutes: 60 };
const explicit20: Timing = { timePattern: '/XX/', durationMinutes: 20 };

describe('checkTimePattern', () => {
  const cases: [string, string, boolean][] = [
    ['one provider slot', 'X', true],
    ['one assistant slot', '/', true],
    ['assistant, provider, assistant', '//XXXX//', true],
    ['144 slots (720 minutes)', 'X'.repeat(144), true],
    ['empty', '', false],
    ['145 slots (725 minutes)', 'X'.repeat(145), false],
    ['lower-case x', 'xx', false],
    ['a space', 'X X', false],
    ['a backslash', 'X\\X', false],
    ['a hyphen', 'X-X', false],
  ];
  for (const [name, pattern, valid] of cases) {
    it(`${valid ? 'accepts' : 'refuses'} ${name}`, () => {
      assert.equal(checkTimePattern(pattern) === null, valid);
    });
  }
});

describe('checkDuration', () => {
  const cases: [number, boolean][] = [
    [5, true], [30, true], [720, true], [0, false], [-5, false], [3, false], [32, false], [725, false], [7.5, false],
  ];
  for (const [minutes, valid] of cases) {
    it(`${valid ? 'accepts' : 'refuses'} ${minutes} minutes`, () => {
      assert.equal(checkDuration(minutes) === null, valid);
    });
  }
});

describe('resolveTiming', () => {
  type Expect = Timing | TimingRefusalReason;
  const cases: [string, TimingChange, Timing | undefined, Expect][] = [
    // Creation (current = the defaults).
    ['neither pattern nor duration gives 30 minutes without a pattern', {}, undefined, { timePattern: null, durationMinutes: 30 }],
    ['a pattern alone derives the duration', { timePattern: '//XXXX//' }, undefined, { timePattern: '//XXXX//', durationMinutes: 40 }],
    ['a duration alone keeps the pattern null', { durationMinutes: 45 }, undefined, { timePattern: null, durationMinutes: 45 }],
    ['a pattern and a duration that agree', { timePattern: 'XX//', durationMinutes: 20 }, undefined, { timePattern: 'XX//', durationMinutes: 20 }],
    ['a pattern and a duration that disagree', { timePattern: 'XX//', durationMinutes: 30 }, undefined, 'time_pattern_mismatch'],
    ['a null pattern on creation is the same as none', { timePattern: null, durationMinutes: 15 }, undefined, { timePattern: null, durationMinutes: 15 }],
    ['a pattern with a foreign character', { timePattern: 'XOX' }, undefined, 'invalid_time_pattern'],
    ['an empty pattern', { timePattern: '' }, undefined, 'invalid_time_pattern'],
    ['a duration that is not a multiple of 5', { durationMinutes: 32 }, undefined, 'invalid_duration'],
    ['a duration over 12 hours', { durationMinutes: 725 }, undefined, 'invalid_duration'],
    ['an invalid pattern is reported before a mismatch', { timePattern: 'X?', durationMinutes: 60 }, undefined, 'invalid_time_pattern'],
    // Updates of a type without an explicit pattern (60 minutes).
    ['changing only the duration of a derived type', { durationMinutes: 90 }, derived60, { timePattern: null, durationMinutes: 90 }],
    ['giving a pattern to a derived type replaces its duration', { timePattern: 'X/' }, derived60, { timePattern: 'X/', durationMinutes: 10 }],
    ['an empty change keeps everything', {}, derived60, derived60],
    // Updates of a type with an explicit pattern (/XX/, 20 minutes).
    ['changing only the duration of an explicit pattern', { durationMinutes: 30 }, explicit20, 'time_pattern_mismatch'],
    ['sending the same duration again', { durationMinutes: 20 }, explicit20, explicit20],
    ['a new pattern alone re-derives the duration', { timePattern: 'XXXXXX' }, explicit20, { timePattern: 'XXXXXX', durationMinutes: 30 }],
    ['a null pattern keeps the duration and derives the pattern', { timePattern: null }, explicit20, { timePattern: null, durationMinutes: 20 }],
    ['a null pattern with a new duration', { timePattern: null, durationMinutes: 50 }, explicit20, { timePattern: null, durationMinutes: 50 }],
    ['a new pattern with a disagreeing duration', { timePattern: 'XX', durationMinutes: 20 }, explicit20, 'time_pattern_mismatch'],
  ];
  for (const [name, change, current, expected] of cases) {
    it(name, () => {
      const result = resolveTiming(change, current);
      if (typeof expected === 'string') {
        assert.equal(result.ok, false);
        if (!result.ok) assert.equal(result.refusal.reason, expected);
      } else {
        assert.deepEqual(result, { ok: true, timing: expected });
      }
    });
  }

  it('blames duration_minutes for a mismatch and time_pattern for a bad pattern', () => {
    const mismatch = resolveTiming({ durationMinutes: 30 }, explicit20);
    assert.equal(!mismatch.ok && mismatch.refusal.field, 'duration_minutes');
    assert.match(!mismatch.ok ? mismatch.refusal.msg : '', /does not match time_pattern '\/XX\/'/);
    const bad = resolveTiming({ timePattern: 'abc' });
    assert.equal(!bad.ok && bad.refusal.field, 'time_pattern');
  });
});

describe('effectiveTimePattern', () => {
  const cases: [string, Timing, string][] = [
    ['an explicit pattern is used as is', { timePattern: '//XX/', durationMinutes: 25 }, '//XX/'],
    ['a derived pattern is provider time throughout', { timePattern: null, durationMinutes: 30 }, 'XXXXXX'],
    ['the shortest derived pattern', { timePattern: null, durationMinutes: 5 }, 'X'],
    ['the longest derived pattern', { timePattern: null, durationMinutes: 720 }, 'X'.repeat(144)],
  ];
  for (const [name, timing, expected] of cases) {
    it(name, () => assert.equal(effectiveTimePattern(timing), expected));
  }
});
