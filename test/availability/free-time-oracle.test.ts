// The availability engine against a slow, obviously correct oracle, over random worlds in DST weeks.
// The oracle walks every minute of the window as an instant, reads its local wall clock with Temporal and
// checks each minute of each candidate booking one by one; the engine works on merged intervals and a
// wall-clock grid. Every start the engine offers must also pass the conflict function that every booking
// passes (checkConflicts) and resolve, as POST /appointments resolves it, to the same instants.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Temporal } from 'temporal-polyfill';
import { seededRandom } from '../../src/core/random.ts';
import { addDays, dayOfWeek, inputRange, localMidnightMs, resolveLocal, wallSeconds } from '../../src/core/time.ts';
import { findFreeStarts, type FreeStart, type FreeTimeQuery, type FreeTimeWorld, type OpenRange } from '../../src/availability/domain/free-time.ts';
import { checkConflicts, providerIntervals, rulesAllowOverlap, type BlockoutSpan, type Occupancy, type OverlapRule } from '../../src/appointments/domain/conflicts.ts';
import { resolveSlot } from '../../src/appointments/domain/slot.ts';
import { resolveProviderDays, type OverrideRule, type TemplateRule } from '../../src/schedule/domain/schedule.ts';

const MIN = 60_000;
const LOC = 'loc';

/** DST weeks (and one plain week) of the zones the practice lives in. */
const WINDOWS: { zone: string; from: string; to: string }[] = [
  { zone: 'America/New_York', from: '2026-03-06', to: '2026-03-09' }, // spring forward Sun 8 Mar
  { zone: 'America/New_York', from: '2026-10-30', to: '2026-11-02' }, // fall back Sun 1 Nov
  { zone: 'America/Los_Angeles', from: '2026-03-07', to: '2026-03-09' },
  { zone: 'America/Los_Angeles', from: '2026-10-31', to: '2026-11-02' },
  { zone: 'Europe/Berlin', from: '2026-03-28', to: '2026-03-30' }, // Sun 29 Mar
  { zone: 'Europe/Berlin', from: '2026-10-24', to: '2026-10-26' }, // Sun 25 Oct
  { zone: 'America/New_York', from: '2026-06-01', to: '2026-06-03' },
];

interface Scenario {
  q: FreeTimeQuery;
  pattern: string | null;
  typeId: string | null;
  templates: TemplateRule[];
  overrides: OverrideRule[];
  openHours: OpenRange[] | null;
  providers: string[];
  operatories: string[];
  appointments: Occupancy[];
  blockouts: BlockoutSpan[];
  holidays: Set<string>;
  rules: OverlapRule[];
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`;

function randomScenario(seed: number): Scenario {
  const rnd = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const win = pick(WINDOWS);
  const providers = Array.from({ length: int(1, 3) }, (_, i) => `p${i}`);
  const operatories = Array.from({ length: int(1, 3) }, (_, i) => `o${i}`);
  const dates: string[] = [];
  for (let d = win.from; d <= win.to; d = addDays(d, 1)) dates.push(d);
  // Shifts often cross 01:00–03:00, where the clocks change.
  const shift = () => {
    const start = pick([0, 60, 90, 120, 150, 180, 420, 480, 510, 720, 780]);
    return { start, end: Math.min(1435, start + pick([60, 120, 180, 240, 300, 480, 600])) };
  };
  const templates: TemplateRule[] = [];
  const overrides: OverrideRule[] = [];
  for (const p of providers) {
    for (let dow = 0; dow < 7; dow++) {
      if (rnd() < 0.2) continue;
      const a = shift();
      templates.push({ id: `t${templates.length}`, providerId: p, operatoryId: rnd() < 0.2 ? pick(operatories) : null, dayOfWeek: dow,
        startTime: hhmm(a.start), endTime: hhmm(a.end), effectiveFrom: '2026-01-01', effectiveTo: null });
      if (a.end < 1000 && rnd() < 0.4) {
        const b = { start: a.end + pick([0, 30, 60]), end: Math.min(1435, a.end + pick([120, 240])) };
        if (b.end > b.start) templates.push({ id: `t${templates.length}`, providerId: p, operatoryId: null, dayOfWeek: dow,
          startTime: hhmm(b.start), endTime: hhmm(b.end), effectiveFrom: '2026-01-01', effectiveTo: null });
      }
    }
    if (rnd() < 0.4) {
      const a = shift();
      const unavailable = rnd() < 0.3;
      overrides.push({ id: `v${overrides.length}`, providerId: p, operatoryId: null, date: pick(dates),
        startTime: unavailable ? null : hhmm(a.start), endTime: unavailable ? null : hhmm(a.end), isUnavailable: unavailable });
    }
  }
  const first = localMidnightMs(win.from, win.zone);
  const last = localMidnightMs(addDays(win.to, 1), win.zone);
  const randomInstant = () => first + Math.floor(rnd() * ((last - first) / (5 * MIN))) * 5 * MIN;
  const types = ['tA', 'tB', null];
  const patterns = [null, 'XX//XX', 'X/', '//XXXX//'];
  const appointments: Occupancy[] = Array.from({ length: int(0, 14) }, (_, i) => {
    const start = randomInstant();
    const end = start + pick([15, 30, 45, 60, 90]) * MIN;
    const pattern = pick(patterns);
    return {
      id: `a${i}`, operatoryId: pick(operatories), typeId: pick(types), start, end,
      providers: providers.filter(() => rnd() < 0.5).map((providerId) => ({ providerId, intervals: providerIntervals(start, end, pattern) })),
    };
  });
  const blockouts: BlockoutSpan[] = Array.from({ length: int(0, 4) }, (_, i) => {
    const start = randomInstant();
    return { id: `b${i}`, operatoryId: rnd() < 0.3 ? null : pick(operatories), start, end: start + pick([30, 60, 120]) * MIN, isNoSchedule: rnd() < 0.7 };
  });
  const rules: OverlapRule[] = rnd() < 0.5 ? [{ typeA: 'tA', typeB: 'tA', locationId: null, allowOverlap: true }] : [];
  if (rnd() < 0.3) rules.push({ typeA: 'tA', typeB: 'tB', locationId: LOC, allowOverlap: rnd() < 0.5 });
  const openHours = rnd() < 0.5 ? null : Array.from({ length: 7 }, (_, dow) => dow).filter(() => rnd() < 0.8).flatMap((dow) => {
    const a = shift();
    return [{ dayOfWeek: dow, startTime: hhmm(a.start), endTime: hhmm(a.end) }];
  });
  const durationMinutes = pick([5, 15, 20, 30, 45, 60, 90]);
  const patternAsked = rnd() < 0.5 ? null : Array.from({ length: durationMinutes / 5 }, () => (rnd() < 0.6 ? 'X' : '/')).join('');
  const earliest = rnd() < 0.3 ? pick([60, 480, 545]) : null;
  const latest = rnd() < 0.3 ? pick([300, 720, 1020, 1439]) : null;
  const q: FreeTimeQuery = {
    zone: win.zone, dateFrom: win.from, dateTo: win.to, durationMinutes,
    providerTime: (s, e) => providerIntervals(s, e, patternAsked),
    stepMinutes: pick([5, 10, 15, 20, 25, 30, 45, 60]),
    daysOfWeek: rnd() < 0.3 ? [0, 1, 2, 3, 4, 5, 6].filter(() => rnd() < 0.6) : null,
    earliestTime: earliest === null ? null : hhmm(earliest), latestTime: latest === null ? null : hhmm(latest),
    notBefore: rnd() < 0.3 ? randomInstant() : null,
    limit: 100_000, onePerStart: false,
  };
  return {
    q, pattern: patternAsked, typeId: pick(types), templates, overrides, openHours, providers, operatories, appointments, blockouts,
    holidays: new Set(dates.filter(() => rnd() < 0.1)), rules,
  };
}

/** Chair time by operatory and provider time by provider, as the availability query groups them. */
function takenMaps(appointments: Occupancy[]): Pick<FreeTimeWorld, 'chairTaken' | 'providerTaken'> {
  const chairTaken = new Map<string, Occupancy[]>();
  const providerTaken = new Map<string, { start: number; end: number }[]>();
  for (const a of appointments) {
    chairTaken.set(a.operatoryId, [...chairTaken.get(a.operatoryId) ?? [], a]);
    for (const p of a.providers) providerTaken.set(p.providerId, [...providerTaken.get(p.providerId) ?? [], ...p.intervals]);
  }
  return { chairTaken, providerTaken };
}

/** The engine's world, built from the scenario as the availability query builds it from the database. */
function worldOf(s: Scenario): FreeTimeWorld {
  const dates: string[] = [];
  for (let d = s.q.dateFrom; d <= s.q.dateTo; d = addDays(d, 1)) dates.push(d);
  return {
    openHours: s.openHours, providerIds: s.providers, operatoryIds: s.operatories,
    workingDays: resolveProviderDays(s.templates, s.overrides, dates, s.q.zone),
    holidays: s.holidays,
    blocked: s.blockouts.filter((b) => b.isNoSchedule),
    ...takenMaps(s.appointments.filter((a) => !rulesAllowOverlap(s.rules, s.typeId, a.typeId, LOC))),
  };
}

const key = (f: Pick<FreeStart, 'start' | 'providerId' | 'operatoryId'>) => `${f.start}|${f.providerId}|${f.operatoryId}`;

/** Every bookable (start, provider, operatory), found minute by minute. */
function oracle(s: Scenario): Set<string> {
  const { q } = s;
  const out = new Set<string>();
  const days = resolveProviderDays(s.templates, s.overrides, (() => {
    const ds: string[] = [];
    for (let d = q.dateFrom; d <= q.dateTo; d = addDays(d, 1)) ds.push(d);
    return ds;
  })(), q.zone);
  const covers = (x: { start: number; end: number }, t: number) => x.start <= t && t < x.end;
  const resolve = (date: string, minutes: number) => resolveLocal(date, hhmm(minutes), q.zone);
  const first = localMidnightMs(q.dateFrom, q.zone);
  const last = localMidnightMs(addDays(q.dateTo, 1), q.zone);
  for (let t = first; t < last; t += MIN) {
    const local = Temporal.Instant.fromEpochMilliseconds(t).toZonedDateTimeISO(q.zone);
    const date = local.toPlainDate().toString();
    const wall = local.hour * 60 + local.minute;
    if (wall % q.stepMinutes !== 0) continue;
    if (resolve(date, wall).at.epochMilliseconds !== t) continue; // the second pass of a repeated hour cannot be booked
    const endWall = wall + q.durationMinutes;
    if (endWall >= 1440) continue;
    const endAt = resolve(date, endWall);
    if (endAt.kind === 'gap') continue;
    const end = endAt.at.epochMilliseconds;
    if (s.holidays.has(date) || (q.daysOfWeek && !q.daysOfWeek.includes(dayOfWeek(date)))) continue;
    if (q.earliestTime && wall * 60 < wallSeconds(q.earliestTime)) continue;
    if (q.latestTime && endWall * 60 > wallSeconds(q.latestTime)) continue;
    if (q.notBefore !== null && t < q.notBefore) continue;
    const minutes: number[] = [];
    for (let m = t; m < end; m += MIN) minutes.push(m);
    if (s.openHours) {
      const open = s.openHours.filter((r) => r.dayOfWeek === dayOfWeek(date)).map((r) => ({
        start: resolveLocal(date, r.startTime, q.zone).at.epochMilliseconds, end: resolveLocal(date, r.endTime, q.zone).at.epochMilliseconds,
      }));
      if (!minutes.every((m) => open.some((r) => covers(r, m)))) continue;
    }
    const taken = s.appointments.filter((a) => !rulesAllowOverlap(s.rules, s.typeId, a.typeId, LOC));
    const mine = providerIntervals(t, end, s.pattern);
    for (const p of s.providers) {
      const day = days.find((d) => d.providerId === p && d.date === date);
      if (!day) continue;
      const providerFree = mine.every((x) => {
        for (let m = x.start; m < x.end; m += MIN) {
          if (taken.some((a) => a.providers.some((ap) => ap.providerId === p && ap.intervals.some((i) => covers(i, m))))) return false;
        }
        return true;
      });
      if (!providerFree) continue;
      for (const o of s.operatories) {
        const works = minutes.every((m) => day.ranges.some((r) => (r.operatoryId === null || r.operatoryId === o) && covers(r, m)));
        const chairFree = minutes.every((m) => !taken.some((a) => a.operatoryId === o && covers(a, m))
          && !s.blockouts.some((b) => b.isNoSchedule && (b.operatoryId === null || b.operatoryId === o) && covers(b, m)));
        if (works && chairFree) out.add(key({ start: t, providerId: p, operatoryId: o }));
      }
    }
  }
  return out;
}

describe('availability engine against a minute-by-minute oracle (random worlds, DST weeks)', () => {
  const RUNS = 120;
  it(`agrees with the oracle and with the conflict function in ${RUNS} random worlds`, () => {
    let offered = 0;
    for (let seed = 1; seed <= RUNS; seed++) {
      const s = randomScenario(seed);
      const starts = findFreeStarts(s.q, worldOf(s));
      offered += starts.length;
      const expected = oracle(s);
      const got = new Set(starts.map(key));
      const missed = [...expected].filter((k) => !got.has(k));
      const extra = [...got].filter((k) => !expected.has(k));
      assert.deepEqual({ seed, missed: missed.slice(0, 5), extra: extra.slice(0, 5) }, { seed, missed: [], extra: [] });
      for (let i = 1; i < starts.length; i++) assert.ok(starts[i - 1]!.start <= starts[i]!.start, `seed ${seed}: results in start order`);
      for (const f of starts) {
        // A booking naming these wall-clock times resolves to these instants …
        const slot = resolveSlot(s.q.zone, f.date, f.startTime, null, s.q.durationMinutes);
        assert.deepEqual([slot.start, slot.end, slot.endTime], [f.start, f.end, f.endTime], `seed ${seed}: ${f.date} ${f.startTime}`);
        const range = inputRange(f.date, f.startTime, f.endTime, s.q.zone);
        assert.ok(range.ok && range.startMs === f.start && range.endMs === f.end);
        // … and passes the conflict function every booking passes.
        const booking: Occupancy = {
          id: null, operatoryId: f.operatoryId, typeId: s.typeId, start: f.start, end: f.end,
          providers: [{ providerId: f.providerId, intervals: providerIntervals(f.start, f.end, s.pattern) }],
        };
        assert.deepEqual(checkConflicts(booking, s.appointments, s.blockouts, s.rules, LOC, false, []), [], `seed ${seed}: ${key(f)}`);
      }
    }
    assert.ok(offered > RUNS * 10, `the random worlds offer starts (${offered})`);
  });

  it('limit and one_per_start cut the same ordered list', () => {
    for (let seed = 200; seed < 230; seed++) {
      const s = randomScenario(seed);
      const all = findFreeStarts(s.q, worldOf(s));
      assert.deepEqual(findFreeStarts({ ...s.q, limit: 7 }, worldOf(s)), all.slice(0, 7));
      const one = findFreeStarts({ ...s.q, onePerStart: true }, worldOf(s));
      const firstPerStart = all.filter((f, i) => i === 0 || all[i - 1]!.start !== f.start);
      assert.deepEqual(one, firstPerStart);
    }
  });
});
