import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rankMatches, scoreEntry, exclusion, type Candidate, type Opening } from '../../src/waitlist/domain/quick-fill.ts';
import { canTransition, effectiveStatus, responseTarget, ENTRY_STATUSES } from '../../src/waitlist/domain/entry-status.ts';
import { seededRandom } from '../../src/core/random.ts';

const L1 = 'loc-1';
const L2 = 'loc-2';
// Thursday 2026-03-12, 09:00–10:00 at L1 with provider P1.
const OPENING: Opening = {
  date: '2026-03-12', startTime: '09:00:00', endTime: '10:00:00', lengthMins: 60, locationId: L1, providerId: 'P1',
  appointmentTypeId: null, includeCrossLocation: true, today: '2026-03-10',
};
const base: Candidate = {
  id: 'e1', patientId: 'p1', status: 'waiting', urgency: 'routine', priorityRank: null, priorityName: null, daysWaiting: 0,
  locationId: L1, locationScope: 'home_only', additionalLocationIds: [], appointmentTypeId: null, providerId: null, durationMins: null,
  dateRangeStart: null, dateRangeEnd: null, preferredDays: null, timeStart: null, timeEnd: null, patientPreference: null,
};

describe('quick-fill scoring (table)', () => {
  const cases: [string, Partial<Candidate>, number | null, Partial<ReturnType<typeof scoreEntry> & object>?][] = [
    // routine 10 + neutral days 5 + time 5 + duration 5 + provider 5 + home 10
    ['a plain entry', {}, 40, { quality: 'good', provider_match: true, location_match: true, duration_fit: 'unknown' }],
    ['urgent', { urgency: 'urgent' }, 70],
    ['flexible', { urgency: 'flexible' }, 30],
    ['most important priority', { priorityRank: 0 }, 60],
    ['priority floor', { priorityRank: 9 }, 45],
    ['61 days waiting caps at 30', { daysWaiting: 61 }, 70],
    ['7 days waiting', { daysWaiting: 7 }, 43],
    ['on a preferred day (Thursday = 3)', { preferredDays: [3] }, 45],
    ['not on a preferred day', { preferredDays: [0, 1] }, 35],
    ['the patient\'s days when the entry has none', { patientPreference: { preferredDays: [3], timeStart: null, timeEnd: null } }, 45],
    ['the entry\'s days win over the patient\'s', { preferredDays: [0], patientPreference: { preferredDays: [3], timeStart: null, timeEnd: null } }, 35],
    ['within the window (edges touch)', { timeStart: '09:00:00', timeEnd: '10:00:00' }, 45],
    ['outside the window', { timeStart: '13:00:00', timeEnd: null }, 35],
    ['exact duration', { durationMins: 60 }, 45, { duration_fit: 'exact', quality: 'good' }],
    ['everything fits', { durationMins: 60, providerId: 'P1', preferredDays: [3], timeStart: '09:00:00' }, 60, { quality: 'excellent' }],
    ['little fits', { durationMins: 15, providerId: 'P2', preferredDays: [0], timeEnd: '09:30:00' }, 23, { quality: 'fair' }],
    ['half the opening', { durationMins: 30 }, 40, { duration_fit: 'shorter' }],
    ['the preferred provider', { providerId: 'P1' }, 45],
    ['another provider', { providerId: 'P2' }, 35, { provider_match: false }],
    ['cross-location, scope any', { locationId: L2, locationScope: 'any' }, 30, { location_match: false }],
    ['cross-location, selected naming it', { locationId: L2, locationScope: 'selected', additionalLocationIds: [L1] }, 30],
    ['excluded: longer than the opening', { durationMins: 61 }, null],
    ['excluded: home only elsewhere', { locationId: L2 }, null],
    ['excluded: selected not naming it', { locationId: L2, locationScope: 'selected', additionalLocationIds: ['x'] }, null],
    ['excluded: scheduled', { status: 'scheduled' }, null],
    ['excluded: removed', { status: 'removed' }, null],
    ['excluded: expired by range', { dateRangeEnd: '2026-03-09' }, null],
    ['excluded: opening after the range', { dateRangeEnd: '2026-03-11' }, null],
    ['excluded: opening before the range', { dateRangeStart: '2026-03-13' }, null],
  ];
  for (const [name, over, score, more] of cases) {
    it(`${name} → ${score ?? 'excluded'}`, () => {
      const m = scoreEntry({ ...base, ...over }, OPENING);
      if (score === null) {
        assert.equal(m, null);
        assert.notEqual(exclusion({ ...base, ...over }, OPENING), null);
        return;
      }
      assert.ok(m);
      assert.equal(m.score, score);
      assert.equal(m.score_details.total, score);
      for (const [k, v] of Object.entries(more ?? {})) assert.deepEqual((m as any)[k], v, k);
    });
  }

  it('another appointment type is excluded only when both name one', () => {
    const o = { ...OPENING, appointmentTypeId: 'T1' };
    assert.equal(scoreEntry({ ...base, appointmentTypeId: 'T2' }, o), null);
    assert.ok(scoreEntry({ ...base, appointmentTypeId: 'T1' }, o));
    assert.ok(scoreEntry(base, o));
    assert.equal(scoreEntry({ ...base, locationId: L2, locationScope: 'any' }, { ...OPENING, includeCrossLocation: false }), null);
  });

  it('ties break by urgency, then days waiting, then id', () => {
    const a = { ...base, id: 'b', urgency: 'soon' as const, daysWaiting: 0, preferredDays: [0] }; // 25 + 0 days + 0 fit day …
    const b = { ...base, id: 'a', urgency: 'routine' as const, daysWaiting: 20 }; // same total, less urgent
    assert.equal(scoreEntry(a, OPENING)!.score, scoreEntry(b, OPENING)!.score);
    assert.deepEqual(rankMatches([b, a], OPENING).map((m) => m.entryId), ['b', 'a']);
    assert.deepEqual(rankMatches([{ ...base, id: 'z' }, { ...base, id: 'y' }], OPENING).map((m) => m.entryId), ['y', 'z']);
  });
});

describe('ASAP entry state table', () => {
  it('contact takes waiting to contacted; responses need an outstanding contact; nothing enters expired', () => {
    assert.ok(canTransition('waiting', 'contacted', 'contact'));
    assert.ok(!canTransition('scheduled', 'scheduled', 'contact'));
    assert.deepEqual(responseTarget('contacted', 'accepted'), { to: 'scheduled', via: 'accept' });
    assert.deepEqual(responseTarget('offered', 'expired'), { to: 'waiting', via: 'release' });
    assert.ok(!canTransition('waiting', 'scheduled', 'accept'));
    assert.ok(!canTransition('waiting', 'waiting', 'release'));
    for (const from of ENTRY_STATUSES) for (const via of ['contact', 'accept', 'release', 'update', 'remove', 'book'] as const) {
      assert.ok(!canTransition(from, 'expired', via), `${from} → expired by ${via}`);
    }
    assert.equal(effectiveStatus('contacted', '2026-03-09', '2026-03-10'), 'expired');
    assert.equal(effectiveStatus('contacted', '2026-03-10', '2026-03-10'), 'contacted');
    assert.equal(effectiveStatus('scheduled', '2026-03-09', '2026-03-10'), 'scheduled');
  });
});

// The oracle: every component by its plain definition, a brute-force sort (repeatedly pick the best remaining).
function oracle(cs: Candidate[], o: Opening): { id: string; score: number }[] {
  const weekday = (new Date(`${o.date}T00:00:00Z`).getUTCDay() + 6) % 7;
  const mins = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const urgencyPts = { urgent: 40, soon: 25, routine: 10, flexible: 0 };
  const ok: { c: Candidate; score: number }[] = [];
  for (const c of cs) {
    const expired = ['waiting', 'contacted', 'offered'].includes(c.status) && c.dateRangeEnd !== null && c.dateRangeEnd < o.today;
    if (!['waiting', 'contacted', 'offered'].includes(c.status) || expired) continue;
    if ((c.dateRangeStart && o.date < c.dateRangeStart) || (c.dateRangeEnd && o.date > c.dateRangeEnd)) continue;
    const home = c.locationId === o.locationId;
    if (!home && !(o.includeCrossLocation && (c.locationScope === 'any' || (c.locationScope === 'selected' && c.additionalLocationIds.includes(o.locationId))))) continue;
    if (o.appointmentTypeId && c.appointmentTypeId && o.appointmentTypeId !== c.appointmentTypeId) continue;
    if (c.durationMins !== null && c.durationMins > o.lengthMins) continue;
    let s = urgencyPts[c.urgency];
    if (c.priorityRank !== null) s += Math.max(5, 20 - 5 * c.priorityRank);
    let d = 0;
    for (let day = 2; day <= c.daysWaiting && d < 30; day += 2) d++;
    s += d;
    const days = c.preferredDays?.length ? c.preferredDays : c.patientPreference?.preferredDays?.length ? c.patientPreference.preferredDays : null;
    s += days === null ? 5 : days.includes(weekday) ? 10 : 0;
    const win = c.timeStart !== null || c.timeEnd !== null ? c : c.patientPreference && (c.patientPreference.timeStart || c.patientPreference.timeEnd) ? c.patientPreference : null;
    s += win === null ? 5 : (win.timeStart === null || mins(o.startTime) >= mins(win.timeStart)) && (win.timeEnd === null || mins(o.endTime) <= mins(win.timeEnd)) ? 10 : 0;
    s += c.durationMins === null ? 5 : Math.round(10 * c.durationMins / o.lengthMins);
    s += c.providerId === null || o.providerId === null ? 5 : c.providerId === o.providerId ? 10 : 0;
    s += home ? 10 : 0;
    ok.push({ c, score: s });
  }
  const out: { id: string; score: number }[] = [];
  while (ok.length) {
    let best = 0;
    for (let i = 1; i < ok.length; i++) {
      const x = ok[i]!; const y = ok[best]!;
      const better = x.score !== y.score ? x.score > y.score
        : urgencyPts[x.c.urgency] !== urgencyPts[y.c.urgency] ? urgencyPts[x.c.urgency] > urgencyPts[y.c.urgency]
          : x.c.daysWaiting !== y.c.daysWaiting ? x.c.daysWaiting > y.c.daysWaiting : x.c.id < y.c.id;
      if (better) best = i;
    }
    const [picked] = ok.splice(best, 1);
    out.push({ id: picked!.c.id, score: picked!.score });
  }
  return out;
}

describe('quick-fill ranking against a brute-force oracle (property)', () => {
  it('gives the same order and scores for 300 random lists and openings', () => {
    const rnd = seededRandom(20260310);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const time = () => `${String(7 + Math.floor(rnd() * 10)).padStart(2, '0')}:${pick(['00', '15', '30', '45'])}:00`;
    const dates = ['2026-03-08', '2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-15', '2026-11-01'];
    for (let run = 0; run < 300; run++) {
      const start = time();
      const len = pick([15, 30, 45, 60, 90]);
      const endMin = Number(start.slice(0, 2)) * 60 + Number(start.slice(3, 5)) + len;
      const date = pick(dates.slice(2));
      // On a DST day (2026-11-01 falls back in New York) the real length differs from the wall-clock one.
      const shift = date === '2026-11-01' && rnd() < 0.5 ? 60 : 0;
      const o: Opening = {
        date, startTime: start, endTime: `${String(Math.floor(endMin / 60)).padStart(2, '0')}:${String(endMin % 60).padStart(2, '0')}:00`,
        lengthMins: len + shift, locationId: pick([L1, L2]), providerId: pick([null, 'P1', 'P2']),
        appointmentTypeId: pick([null, 'T1']), includeCrossLocation: rnd() < 0.7, today: '2026-03-10',
      };
      const cs: Candidate[] = Array.from({ length: Math.floor(rnd() * 25) }, (_, i) => {
        const s = rnd() < 0.5 ? null : pick(['07:00:00', '09:00:00', '12:00:00']);
        return {
          id: `e${String(i).padStart(2, '0')}${pick(['a', 'b'])}`, patientId: `p${i}`,
          status: pick(['waiting', 'waiting', 'contacted', 'offered', 'scheduled', 'removed', 'expired'] as const),
          urgency: pick(['urgent', 'soon', 'routine', 'flexible'] as const), priorityRank: pick([null, 0, 1, 2, 5]), priorityName: null,
          daysWaiting: Math.floor(rnd() * 90), locationId: pick([L1, L2]), locationScope: pick(['home_only', 'selected', 'any'] as const),
          additionalLocationIds: rnd() < 0.5 ? [L1] : [L2], appointmentTypeId: pick([null, 'T1', 'T2']), providerId: pick([null, 'P1', 'P2']),
          durationMins: pick([null, 15, 30, 45, 60, 90]), dateRangeStart: pick([null, ...dates]), dateRangeEnd: pick([null, null, ...dates]),
          preferredDays: pick([null, [], [0, 1], [3], [2, 3, 4]]), timeStart: s, timeEnd: s === null && rnd() < 0.5 ? null : pick([null, '11:00:00', '17:00:00']),
          patientPreference: rnd() < 0.5 ? null : { preferredDays: pick([null, [3], [5, 6]]), timeStart: pick([null, '08:00:00']), timeEnd: pick([null, '12:00:00']) },
        };
      }).map((c) => (c.timeStart && c.timeEnd && c.timeStart >= c.timeEnd ? { ...c, timeEnd: null } : c));
      const got = rankMatches(cs, o).map((m) => ({ id: m.entryId, score: m.score }));
      assert.deepEqual(got, oracle(cs, o), `run ${run}`);
    }
  });
});
