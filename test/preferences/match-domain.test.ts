// Whether a candidate start fits a patient's preference (the free-time search ranks by it), and the
// rule for a preferred time window.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkTimeWindow, matchesPreference, type CandidateStart, type SchedulingPreference } from '../../src/preferences/domain/preference.ts';

const NONE: SchedulingPreference = {
  id: 'pref', patientId: 'pt', preferredDays: null, timeStart: null, timeEnd: null, providerId: null, operatoryId: null, learnedFromHistory: false,
};
// Tuesday 09:00–10:00 with dr-a in op-1.
const START: CandidateStart = { weekday: 1, startTime: '09:00:00', endTime: '10:00:00', providerId: 'dr-a', operatoryId: 'op-1' };

describe('matchesPreference', () => {
  const cases: [string, Partial<SchedulingPreference>, Partial<CandidateStart>, boolean][] = [
    ['a preference with nothing set fits every start', {}, {}, true],
    ['an empty day list means any day', { preferredDays: [] }, {}, true],
    ['the weekday is one of the preferred days', { preferredDays: [1, 3] }, {}, true],
    ['the weekday is not among them', { preferredDays: [0, 2] }, {}, false],
    ['Sunday is 6 (0 = Monday)', { preferredDays: [6] }, { weekday: 6 }, true],
    ['starting exactly at the window start fits', { timeStart: '09:00:00' }, {}, true],
    ['starting a minute before the window does not', { timeStart: '09:01:00' }, {}, false],
    ['ending exactly at the window end fits', { timeEnd: '10:00:00' }, {}, true],
    ['ending a second after the window does not', { timeEnd: '09:59:59' }, {}, false],
    ['a start inside the window whose end is outside does not fit', { timeStart: '08:00:00', timeEnd: '09:30:00' }, {}, false],
    ['a one-sided window: after 15:00', { timeStart: '15:00:00' }, { startTime: '15:30:00', endTime: '16:00:00' }, true],
    ['HH:MM candidate times compare like HH:MM:SS', { timeStart: '09:00:00', timeEnd: '10:00:00' }, { startTime: '09:00', endTime: '10:00' }, true],
    ['the preferred provider', { providerId: 'dr-a' }, {}, true],
    ['another provider', { providerId: 'dr-b' }, {}, false],
    ['the preferred chair', { operatoryId: 'op-1' }, {}, true],
    ['another chair', { operatoryId: 'op-2' }, {}, false],
    ['everything set and met', { preferredDays: [1], timeStart: '08:00:00', timeEnd: '12:00:00', providerId: 'dr-a', operatoryId: 'op-1' }, {}, true],
    ['everything met but the chair', { preferredDays: [1], timeStart: '08:00:00', timeEnd: '12:00:00', providerId: 'dr-a', operatoryId: 'op-9' }, {}, false],
  ];
  for (const [name, pref, start, expected] of cases) {
    it(`${name} → ${expected}`, () => {
      assert.equal(matchesPreference({ ...NONE, ...pref }, { ...START, ...start }), expected);
    });
  }
});

describe('checkTimeWindow', () => {
  const cases: [string | null, string | null, boolean][] = [
    [null, null, true], ['09:00:00', null, true], [null, '17:00:00', true], ['09:00:00', '17:00:00', true],
    ['09:00', '09:00:01', true], ['17:00:00', '09:00:00', false], ['09:00:00', '09:00:00', false], ['09:00', '09:00:00', false],
  ];
  for (const [start, end, ok] of cases) {
    it(`${start} – ${end} is ${ok ? 'accepted' : 'refused'}`, () => {
      const why = checkTimeWindow(start, end);
      assert.equal(why === null, ok);
      if (!ok) assert.match(why!, /must be before/);
    });
  }
});
