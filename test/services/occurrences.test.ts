import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '../../src/core/random.ts';
import { formatWallSeconds } from '../../src/core/time.ts';
import { engineStepMinutes, placesLeft, windowForStart, type SlotWindow } from '../../src/services/domain/occurrences.ts';
import { findOverlap, formatSlotTime, parseSlotTime, windowRefusal } from '../../src/services/domain/time-slots.ts';

const w = (id: number, dayOfWeek: number, startTime: string, endTime: string, maxBookings = 5): SlotWindow => ({ id, dayOfWeek, startTime, endTime, maxBookings });

describe('time slot times', () => {
  it('parseSlotTime keeps the time of "YYYY-MM-DD HH:MM:SS" with any real date and refuses the rest', () => {
    const cases: [string, string | null][] = [
      ['2023-01-01 09:00:00', '09:00:00'],
      ['2031-12-31 23:59:00', '23:59:00'],
      ['2024-02-29 07:30:15', '07:30:15'], // a leap day
      ['2023-02-29 07:30:00', null],
      ['2023-01-01 24:00:00', null],
      ['2023-01-01T09:00:00', null],
      ['09:00:00', null],
      ['2023-01-01 9:00:00', null],
    ];
    for (const [text, time] of cases) assert.equal(parseSlotTime(text), time, text);
    assert.equal(formatSlotTime('09:00:00'), '2023-01-01 09:00:00');
  });

  it('windowRefusal wants an end after the start and whole minutes', () => {
    const win = (startTime: string, endTime: string) => ({ id: null, dayOfWeek: 0, startTime, endTime });
    assert.equal(windowRefusal(win('09:00:00', '09:01:00')), null);
    assert.equal(windowRefusal(win('09:00:00', '09:00:00'))?.field, 'end_time');
    assert.equal(windowRefusal(win('10:00:00', '09:00:00'))?.field, 'end_time');
    assert.equal(windowRefusal(win('09:00:30', '10:00:00'))?.field, 'start_time');
    assert.equal(windowRefusal(win('09:00:00', '10:00:30'))?.field, 'end_time');
  });

  it('findOverlap names the first clash with another proposed or a kept window; back-to-back and other weekdays do not clash', () => {
    const win = (id: number | null, dayOfWeek: number, startTime: string, endTime: string) => ({ id, dayOfWeek, startTime, endTime });
    assert.equal(findOverlap([win(null, 0, '09:00:00', '10:00:00'), win(null, 0, '10:00:00', '11:00:00'), win(null, 1, '09:30:00', '10:30:00')], []), null);
    assert.deepEqual(findOverlap([win(null, 2, '09:00:00', '10:00:00')], [win(7, 2, '09:59:00', '12:00:00')]),
      { index: 0, other: win(7, 2, '09:59:00', '12:00:00'), otherIndex: null });
    assert.equal(findOverlap([win(null, 3, '09:00:00', '10:00:00'), win(null, 3, '08:00:00', '09:01:00')], [])?.otherIndex, 1);
  });
});

describe('occurrence rules', () => {
  it('windowForStart finds the window holding the whole booking and says whether the start is a session start', () => {
    const windows = [w(1, 0, '09:00:00', '12:00:00'), w(2, 0, '13:10:00', '15:00:00'), w(3, 2, '09:00:00', '10:00:00')];
    const at = (weekday: number, time: string, length: number) => {
      const hit = windowForStart(windows, weekday, Number(time.slice(0, 2)) * 3600 + Number(time.slice(3, 5)) * 60, length);
      return hit ? `${hit.window.id}${hit.onGrid ? '' : ' off-grid'}` : null;
    };
    assert.equal(at(0, '09:00', 60), '1');
    assert.equal(at(0, '11:00', 60), '1');
    assert.equal(at(0, '11:30', 60), null); // would end 12:30
    assert.equal(at(0, '10:30', 60), '1 off-grid');
    assert.equal(at(0, '13:55', 45), '2'); // 13:10 + 45
    assert.equal(at(0, '14:40', 45), null); // would end 15:25
    assert.equal(at(1, '09:00', 60), null); // no window on Tuesday
    assert.equal(at(2, '09:00', 60), '3');
  });

  it('placesLeft never goes below zero', () => {
    assert.deepEqual([placesLeft(5, 0), placesLeft(5, 4), placesLeft(5, 5), placesLeft(2, 3)], [5, 1, 0, 0]);
  });

  it('the engine\'s grid (steps of engineStepMinutes from midnight) filtered by windowForStart gives exactly every session start (random windows against a brute-force list)', () => {
    const rnd = seededRandom(20260302);
    for (let round = 0; round < 300; round++) {
      const length = 5 * (1 + Math.floor(rnd() * 24));
      const windows: SlotWindow[] = [];
      let cursor = Math.floor(rnd() * 300);
      for (let id = 1; id <= 1 + Math.floor(rnd() * 4) && cursor < 1380; id++) {
        const end = Math.min(1439, cursor + 5 + Math.floor(rnd() * 240));
        windows.push(w(id, 0, formatWallSeconds(cursor * 60), formatWallSeconds(end * 60)));
        cursor = end + Math.floor(rnd() * 60);
      }
      // Oracle: every start from each window's start in steps of the length, the booking ending by the window's end.
      const expected: number[] = [];
      for (const x of windows) {
        const [from, to] = [Number(x.startTime.slice(0, 2)) * 60 + Number(x.startTime.slice(3, 5)), Number(x.endTime.slice(0, 2)) * 60 + Number(x.endTime.slice(3, 5))];
        for (let s = from; s + length <= to; s += length) expected.push(s);
      }
      const step = engineStepMinutes(length, windows);
      const got: number[] = [];
      for (let s = 0; s < 1440; s += step) if (windowForStart(windows, 0, s * 60, length)?.onGrid) got.push(s);
      assert.deepEqual(got, expected.sort((a, b) => a - b), `length ${length}, windows ${JSON.stringify(windows)}`);
    }
  });
});
