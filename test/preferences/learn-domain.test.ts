// Learning a preference from a patient's visits: table-driven cases, then a property test against a
// brute-force oracle over random histories (every pair of times tried as a window, every weekday and
// provider counted by hand).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '../../src/core/random.ts';
import { addDays, dayOfWeek, formatWallSeconds, wallSeconds } from '../../src/core/time.ts';
import {
  MIN_VISITS, RECENT_VISITS, deriveLearnedPreference, mostRecentVisits, windowQuota, type LearnedPreference, type Visit,
} from '../../src/preferences/domain/learn.ts';

/** A visit on local `date` from `start` to `end` (HH:MM) with provider `p` and chair `o`. */
function visit(date: string, start: string, end: string, p: string | null = 'dr-a', o: string | null = 'op-1'): Visit {
  return { date, weekday: dayOfWeek(date), startTime: `${start}:00`, endTime: `${end}:00`, providerId: p, operatoryId: o };
}

function learned(visits: Visit[]): LearnedPreference {
  const out = deriveLearnedPreference(visits);
  assert.ok(out.ok, 'expected enough visits');
  return out.learned;
}

// 2026-03-02 is a Monday; 2026-03-08 (Sunday) is New York's spring-forward day and 2026-11-01 its fall-back
// day: visits carry wall-clock times, so those days are plain days here.
const MON = '2026-03-02';
const TUE = '2026-03-03';
const THU = '2026-03-05';

describe('deriveLearnedPreference', () => {
  it('refuses fewer than three visits, naming how many there are', () => {
    assert.deepEqual(deriveLearnedPreference([]), { ok: false, visits: 0, required: MIN_VISITS });
    assert.deepEqual(deriveLearnedPreference([visit(MON, '09:00', '10:00'), visit(TUE, '09:00', '10:00')]),
      { ok: false, visits: 2, required: 3 });
  });

  const cases: [string, Visit[], Partial<LearnedPreference>][] = [
    ['three Monday mornings: Monday, the span of all three (3 × 80 % rounds up to 3)', [
      visit(MON, '09:00', '10:00'), visit(addDays(MON, 7), '08:30', '09:30'), visit(addDays(MON, 14), '10:00', '11:00'),
    ], { preferredDays: [0], timeStart: '08:30:00', timeEnd: '11:00:00', providerId: 'dr-a', operatoryId: 'op-1', visitsUsed: 3 }],
    ['five visits: one evening outlier falls outside the 80 % window (4 of 5)', [
      visit(MON, '09:00', '10:00'), visit(TUE, '09:30', '10:30'), visit(THU, '09:00', '09:45'),
      visit(addDays(MON, 7), '09:15', '10:00'), visit(addDays(TUE, 7), '18:00', '19:00'),
    ], { preferredDays: [0, 1], timeStart: '09:00:00', timeEnd: '10:30:00' }],
    ['days at exactly a quarter qualify, below do not (8 visits: 2 Thu qualify, 1 Tue does not)', [
      ...[0, 7, 14, 21, 28].map((d) => visit(addDays(MON, d), '14:00', '15:00')),
      visit(THU, '14:00', '15:00'), visit(addDays(THU, 7), '14:00', '15:00'), visit(TUE, '14:00', '15:00'),
    ], { preferredDays: [0, 3], timeStart: '14:00:00', timeEnd: '15:00:00' }],
    ['visits spread over five weekdays leave no day preference', [
      visit(MON, '08:00', '09:00'), visit(TUE, '08:00', '09:00'), visit('2026-03-04', '08:00', '09:00'),
      visit(THU, '08:00', '09:00'), visit('2026-03-06', '08:00', '09:00'),
    ], { preferredDays: null }],
    ['the most frequent provider and chair win', [
      visit(MON, '09:00', '10:00', 'dr-b', 'op-2'), visit(TUE, '09:00', '10:00', 'dr-a', 'op-2'),
      visit(THU, '09:00', '10:00', 'dr-b', 'op-1'),
    ], { providerId: 'dr-b', operatoryId: 'op-2' }],
    ['a tie goes to the most recent (by date, then start time; future visits count)', [
      visit(MON, '09:00', '10:00', 'dr-a', 'op-1'), visit(TUE, '09:00', '10:00', 'dr-b', 'op-2'),
      visit('2026-12-01', '09:00', '10:00', 'dr-c', 'op-3'), visit('2026-12-01', '08:00', '09:00', 'dr-d', 'op-4'),
    ], { providerId: 'dr-c', operatoryId: 'op-3' }],
    ['visits without a provider leave the provider to those that have one, or null', [
      visit(MON, '09:00', '10:00', null, null), visit(TUE, '09:00', '10:00', null, null), visit(THU, '09:00', '10:00', 'dr-b', null),
    ], { providerId: 'dr-b', operatoryId: null }],
    ['DST days are plain wall-clock days: 01:30 on New York\'s fall-back Sunday is just 01:30', [
      visit('2026-11-01', '01:30', '02:00'), visit('2026-03-08', '03:00', '03:30'), visit('2026-11-08', '01:45', '02:15'),
    ], { preferredDays: [6], timeStart: '01:30:00', timeEnd: '03:30:00' }],
  ];
  for (const [name, visits, expected] of cases) {
    it(name, () => {
      const got = learned(visits);
      for (const [k, v] of Object.entries(expected)) assert.deepEqual(got[k as keyof LearnedPreference], v, k);
    });
  }

  it('only the most recent visits count', () => {
    const old = Array.from({ length: 30 }, (_, i) => visit(addDays('2024-01-01', i * 7), '07:00', '08:00', 'dr-old', 'op-old'));
    const recent = Array.from({ length: RECENT_VISITS }, (_, i) => visit(addDays('2026-01-06', i * 7), '16:00', '17:00', 'dr-new', 'op-new'));
    const got = learned([...old, ...recent]);
    assert.deepEqual([got.preferredDays, got.timeStart, got.timeEnd, got.providerId, got.visitsUsed],
      [[1], '16:00:00', '17:00:00', 'dr-new', RECENT_VISITS]);
  });
});

// ---- the property test ----

const PROVIDERS = ['dr-a', 'dr-b', 'dr-c', null];
const CHAIRS = ['op-1', 'op-2', null];

function randomHistory(rnd: () => number): Visit[] {
  const n = Math.floor(rnd() * 30);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  // Around New York's and Berlin's DST weekends, and a plain summer stretch.
  const base = pick(['2026-03-01', '2026-03-25', '2026-10-22', '2026-10-29', '2026-06-01']);
  const visits = Array.from({ length: n }, () => {
    const start = (6 * 60 + Math.floor(rnd() * 12 * 4) * 15) * 60; // 06:00 … 17:45 on a quarter hour
    const end = start + (1 + Math.floor(rnd() * 8)) * 15 * 60;
    const date = addDays(base, Math.floor(rnd() * 60));
    return { date, weekday: dayOfWeek(date), startTime: formatWallSeconds(start), endTime: formatWallSeconds(end),
      providerId: pick(PROVIDERS), operatoryId: pick(CHAIRS) };
  });
  // One patient is not booked twice at the same start: keep one visit per date and start time.
  return [...new Map(visits.map((v) => [`${v.date} ${v.startTime}`, v])).values()];
}

/** The oracle's window: every (visit start, visit end) pair tried; the narrowest holding 80 % whole, then the earliest. */
function oracleWindow(vs: Visit[]): [string, string] {
  const need = Math.ceil(vs.length * 0.8 - 1e-9);
  let best: [number, number] | null = null;
  for (const a of vs) {
    for (const b of vs) {
      const s = wallSeconds(a.startTime);
      const e = wallSeconds(b.endTime);
      const held = vs.filter((v) => wallSeconds(v.startTime) >= s && wallSeconds(v.endTime) <= e).length;
      if (held < need || e <= s) continue;
      if (!best || e - s < best[1] - best[0] || (e - s === best[1] - best[0] && s < best[0])) best = [s, e];
    }
  }
  return [formatWallSeconds(best![0]), formatWallSeconds(best![1])];
}

/** The modes of `ids` (null ignored) and, among them, the one whose latest visit is latest. */
function oracleMode(vs: Visit[], key: 'providerId' | 'operatoryId'): { modes: string[]; latest: string | null } {
  const ids = [...new Set(vs.map((v) => v[key]).filter((x): x is string => x !== null))];
  const count = (id: string) => vs.filter((v) => v[key] === id).length;
  const top = Math.max(0, ...ids.map(count));
  const modes = ids.filter((id) => count(id) === top);
  const lastSeen = (id: string) => vs.filter((v) => v[key] === id).map((v) => `${v.date} ${v.startTime}`).sort().at(-1)!;
  const latest = modes.sort((x, y) => (lastSeen(x) < lastSeen(y) ? 1 : -1))[0] ?? null;
  return { modes, latest };
}

describe('deriveLearnedPreference against a brute-force oracle', () => {
  it('over 1,500 random histories: days are exactly those with a quarter of the visits, the window holds 80 % and is the narrowest, provider and chair are modes', () => {
    const rnd = seededRandom(20260310);
    for (let run = 0; run < 1500; run++) {
      const history = randomHistory(rnd);
      const out = deriveLearnedPreference(history);
      if (history.length < 3) {
        assert.deepEqual(out, { ok: false, visits: history.length, required: 3 });
        continue;
      }
      assert.ok(out.ok);
      const l = out.learned;
      // The oracle picks the recent visits its own way: sort "date time" text, newest first.
      const recent = [...history].sort((a, b) => (`${a.date} ${a.startTime}` < `${b.date} ${b.startTime}` ? 1 : -1)).slice(0, 20);
      assert.deepEqual(new Set(mostRecentVisits(history).map((v) => `${v.date} ${v.startTime}`)), new Set(recent.map((v) => `${v.date} ${v.startTime}`)));
      const days = [0, 1, 2, 3, 4, 5, 6].filter((d) => recent.filter((v) => v.weekday === d).length / recent.length >= 0.25);
      assert.deepEqual(l.preferredDays, days.length ? days : null, `run ${run} days`);
      const held = recent.filter((v) => v.startTime >= l.timeStart && v.endTime <= l.timeEnd).length;
      assert.ok(held >= windowQuota(recent.length) && held / recent.length >= 0.8, `run ${run}: window holds ${held} of ${recent.length}`);
      assert.deepEqual([l.timeStart, l.timeEnd], oracleWindow(recent), `run ${run} window`);
      for (const key of ['providerId', 'operatoryId'] as const) {
        const { modes, latest } = oracleMode(recent, key);
        const got = l[key];
        assert.ok(got === null ? modes.length === 0 : modes.includes(got), `run ${run} ${key} ${got} not a mode of ${modes}`);
        assert.equal(got, latest, `run ${run} ${key} tie`);
      }
    }
  });
});
