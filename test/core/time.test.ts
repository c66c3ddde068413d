import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Temporal } from 'temporal-polyfill';
import {
  addDays, dayHours, dayOfWeek, formatEpochMs, formatInstant, inputRange, localDate, normalizeWallTime, resolveLocal, daysBetween, localMidnightMs,
} from '../../src/core/time.ts';

const NY = 'America/New_York';
const BERLIN = 'Europe/Berlin';

describe('dayHours: a local day has 23, 24 or 25 hours', () => {
  const cases: [string, string, number][] = [
    [NY, '2026-03-08', 23], // spring forward: 02:00 EST → 03:00 EDT
    [NY, '2026-11-01', 25], // fall back: 02:00 EDT → 01:00 EST
    [NY, '2026-03-09', 24],
    [BERLIN, '2026-03-29', 23], // 02:00 CET → 03:00 CEST
    [BERLIN, '2026-10-25', 25], // 03:00 CEST → 02:00 CET
    [BERLIN, '2026-07-01', 24],
    ['Asia/Kolkata', '2026-03-08', 24], // no DST at all
  ];
  for (const [zone, date, hours] of cases) {
    it(`${zone} ${date} has ${hours} hours`, () => assert.equal(dayHours(date, zone), hours));
  }
});

describe('resolveLocal: exact, ambiguous (earlier instant) and gap (transition instant)', () => {
  const cases: [string, string, string, string, string][] = [
    // zone, date, wall time, expected kind, expected instant with offset
    [NY, '2026-03-08', '01:59:00', 'exact', '2026-03-08T01:59:00-05:00'], // last EST minute
    [NY, '2026-03-08', '02:30:00', 'gap', '2026-03-08T03:00:00-04:00'], // 02:30 does not exist
    [NY, '2026-03-08', '03:00:00', 'exact', '2026-03-08T03:00:00-04:00'], // first EDT minute
    [NY, '2026-11-01', '01:30:00', 'ambiguous', '2026-11-01T01:30:00-04:00'], // twice: EDT first
    [NY, '2026-11-01', '02:00:00', 'exact', '2026-11-01T02:00:00-05:00'],
    [BERLIN, '2026-03-29', '02:15:00', 'gap', '2026-03-29T03:00:00+02:00'], // 02:15 does not exist
    [BERLIN, '2026-10-25', '02:30:00', 'ambiguous', '2026-10-25T02:30:00+02:00'], // CEST first
    [BERLIN, '2026-10-25', '03:00:00', 'exact', '2026-10-25T03:00:00+01:00'],
  ];
  for (const [zone, date, time, kind, instant] of cases) {
    it(`${zone} ${date} ${time} is ${kind} at ${instant}`, () => {
      const r = resolveLocal(date, time, zone);
      assert.equal(r.kind, kind);
      assert.equal(formatInstant(r.at), instant);
    });
  }
});

describe('inputRange: direct input refuses gap times and takes the earlier ambiguous instant', () => {
  it('refuses a start in the New York spring-forward gap (02:30 on 2026-03-08) with dst_gap', () => {
    assert.deepEqual(inputRange('2026-03-08', '02:30:00', '04:00:00', NY), { ok: false, reason: 'dst_gap', field: 'start_time' });
  });
  it('refuses an end in the Berlin spring-forward gap (02:45 on 2026-03-29) with dst_gap', () => {
    assert.deepEqual(inputRange('2026-03-29', '01:00:00', '02:45:00', BERLIN), { ok: false, reason: 'dst_gap', field: 'end_time' });
  });
  it('00:30–01:30 on the New York fall-back day ends at the first 01:30 (EDT): one hour', () => {
    const r = inputRange('2026-11-01', '00:30:00', '01:30:00', NY);
    assert.ok(r.ok);
    assert.equal((r.endMs - r.startMs) / 60_000, 60);
    assert.equal(formatEpochMs(r.endMs, NY), '2026-11-01T01:30:00-04:00');
  });
  it('08:00–17:00 is nine real hours on both transition days', () => {
    for (const date of ['2026-03-08', '2026-11-01']) {
      const r = inputRange(date, '08:00:00', '17:00:00', NY);
      assert.ok(r.ok);
      assert.equal((r.endMs - r.startMs) / 3_600_000, 9);
    }
  });
  it('an end not after the start is end_before_start', () => {
    assert.deepEqual(inputRange('2026-05-01', '10:00:00', '10:00:00', NY), { ok: false, reason: 'end_before_start', field: 'end_time' });
  });
});

describe('calendar helpers', () => {
  it('dayOfWeek numbers Monday 0 … Sunday 6', () => {
    assert.deepEqual(['2026-11-16', '2026-11-21', '2026-11-22'].map(dayOfWeek), [0, 5, 6]);
  });
  it('addDays crosses months and years', () => {
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(addDays('2026-03-01', -1), '2026-02-28');
  });
  it('normalizeWallTime accepts HH:MM and HH:MM:SS and refuses the rest', () => {
    assert.equal(normalizeWallTime('08:00'), '08:00:00');
    assert.equal(normalizeWallTime('23:59:59'), '23:59:59');
    for (const bad of ['24:00', '8:00', '08:60', '08:00:60', 'noon', '08:00:00.5']) assert.equal(normalizeWallTime(bad), null, bad);
  });
  it('localDate is the date in the zone, not in UTC (03:30 UTC on 2026-11-21 is still the 20th in New York)', () => {
    assert.equal(localDate(new Date('2026-11-21T03:30:00Z'), NY), '2026-11-20');
    assert.equal(localDate(new Date('2026-11-21T03:30:00Z'), BERLIN), '2026-11-21');
  });
});

describe('formatEpochMs: the cached-offset formatter writes exactly what Temporal writes', () => {
  const viaTemporal = (ms: number, zone: string) => formatInstant(Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone));
  const at = (iso: string) => Date.parse(iso);
  // zone, instants around which to probe (each ±1 ms, ±1 s, ±1 min, ±15 min, ±1 h)
  const cases: [string, string, string[]][] = [
    [NY, 'spring forward and fall back', ['2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z']],
    [BERLIN, 'spring forward and fall back', ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z']],
    ['Australia/Lord_Howe', 'a half-hour DST shift', ['2026-04-04T15:00:00Z', '2026-10-03T15:30:00Z']],
    ['Asia/Kathmandu', 'a +05:45 offset', ['2026-06-01T00:00:00Z']],
    ['Pacific/Chatham', '+12:45 / +13:45', ['2026-04-04T14:00:00Z', '2026-09-26T14:00:00Z']],
    ['America/St_Johns', 'a −03:30 / −02:30 zone', ['2026-03-08T05:30:00Z', '2026-11-01T04:30:00Z']],
    ['America/Goose_Bay', 'transitions at 00:01 local, inside a quarter hour', ['1987-04-05T04:01:00Z', '1988-10-30T02:01:00Z']],
    [NY, 'local mean time before 1883 (−04:56:02, not whole minutes: left to Temporal)', ['1880-01-01T12:00:00Z', '1883-11-18T16:59:59Z']],
    ['Europe/Amsterdam', 'the +00:19:32 offset of the 1930s', ['1935-06-01T00:00:00Z', '1937-07-01T00:00:00Z']],
    ['UTC', 'before the epoch and at the ends of four-digit years', ['1969-12-31T23:59:59.500Z', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z']],
  ];
  const steps = [0, 1, -1, 1000, -1000, 60_000, -60_000, 900_000, -900_000, 3_600_000, -3_600_000, 899_999, -899_999];
  for (const [zone, what, instants] of cases) {
    it(`${zone}: ${what}`, () => {
      for (const iso of instants) {
        for (const step of steps) {
          const ms = at(iso) + step;
          if (ms < -62_135_596_800_000 + 86_400_000 && zone !== 'UTC') continue;
          assert.equal(formatEpochMs(ms, zone), viaTemporal(ms, zone), `${zone} ${new Date(ms).toISOString()}`);
          // A second call answers from the cache.
          assert.equal(formatEpochMs(ms, zone), viaTemporal(ms, zone));
        }
      }
    });
  }
  it('a year of quarter hours in New York, each with a random millisecond offset', () => {
    const start = at('2026-01-01T00:00:00Z');
    for (let q = 0; q < 365 * 96; q += 7) {
      const ms = start + q * 900_000 + ((q * 7919) % 900_000);
      assert.equal(formatEpochMs(ms, NY), viaTemporal(ms, NY));
    }
  });
});

describe('calendar arithmetic and local midnights agree with Temporal', () => {
  it('dayOfWeek, addDays and daysBetween over dates from 0001 to 9999 (Gregorian leap rules included)', () => {
    const dates = ['0001-01-01', '0004-02-29', '1582-10-04', '1582-10-15', '1900-02-28', '1900-03-01', '2000-02-29', '2024-12-31', '2026-03-08', '9999-12-30'];
    for (const date of dates) {
      const p = Temporal.PlainDate.from(date);
      assert.equal(dayOfWeek(date), p.dayOfWeek - 1, date);
      for (const n of [-400, -366, -1, 0, 1, 28, 365, 1000]) {
        const expected = p.add({ days: n });
        if (expected.year < 1 || expected.year > 9999) continue;
        assert.equal(addDays(date, n), expected.toString(), `${date} + ${n}`);
        assert.equal(daysBetween(date, expected.toString()), n, `${date} → ${expected}`);
      }
    }
  });

  // Zones whose clocks change at or near midnight, a skipped date (Apia, 30 December 2011), half- and
  // quarter-hour offsets, and plain DST zones: every date of the years around their changes.
  const zones: [string, number[]][] = [
    ['America/New_York', [2026]], ['Europe/Berlin', [2026]], ['America/Santiago', [2022, 2026]], ['America/Havana', [2025]],
    ['Asia/Beirut', [2023]], ['America/Sao_Paulo', [2018]], ['Pacific/Apia', [2011]], ['Australia/Lord_Howe', [2026]],
    ['America/St_Johns', [2026]], ['Asia/Kathmandu', [1986]], ['America/Asuncion', [2024]], ['Africa/Casablanca', [2026]],
  ];
  for (const [zone, years] of zones) {
    it(`localMidnightMs in ${zone} on every date of ${years.join(', ')}`, () => {
      for (const year of years) {
        for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) {
          const expected = Temporal.PlainDate.from(d).toZonedDateTime({ timeZone: zone }).epochMilliseconds;
          assert.equal(localMidnightMs(d, zone), expected, `${zone} ${d}`);
        }
      }
    });
  }
});
