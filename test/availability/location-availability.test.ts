import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Api } from '../../src/core/http/deps.ts';
import { Client, closeTestApp, FIXED_NOW, firstIssue, newOrg, testApp, testAppAt, type Res } from '../helpers.ts';
import { NY_SPRING_FORWARD_HALF_HOURS } from './dst-expectations.ts';
import { makeLocation, makeOperatory, makeProvider } from '../factories.ts';

// GET /locations/{id}/availability (the location availability seed) and its CORS preflight, through the API.
// The shared test app believes it is 2026-03-10 14:00 UTC (10:00 in New York); the DST Sundays need clocks
// before them (the window reaches at most 90 days ahead and nothing before now is offered).
const SPRING_NOW = new Date('2026-03-01T12:00:00Z');
const AUTUMN_NOW = new Date('2026-10-25T12:00:00Z');
let springApp: Api;
let autumnApp: Api;

before(async () => {
  springApp = await testAppAt(SPRING_NOW);
  autumnApp = await testAppAt(AUTUMN_NOW);
});
after(closeTestApp);

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';
const ORIGIN = 'https://booking.example.com';
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];
const CACHE_CONTROL = 'private, max-age=30, stale-while-revalidate=60';

type Slot = { start: string; end: string };
type Day = { date: string; slots: Slot[] };

/** The inclusive local dates from `from` to `to`. */
function dates(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= to; d.setUTCDate(d.getUTCDate() + 1)) out.push(d.toISOString().slice(0, 10));
  return out;
}

/** The `HH:MM±hh:mm` of every start of `days` (one string per slot), prefixed by its date. */
const starts = (days: Day[]) => days.flatMap((d) => d.slots.map((s) => s.start));
const startsOn = (days: Day[], date: string) => days.find((d) => d.date === date)?.slots.map((s) => s.start) ?? [];
/** Access-Control-* headers of a response, by lower-case name. */
const corsHeaders = (headers: Record<string, unknown>) => Object.keys(headers).filter((h) => h.toLowerCase().startsWith('access-control-'));

/** A house error body: status, the single issue's loc and type. */
function assertError(res: Res, status: number, loc: (string | number)[], type: string): void {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(res.body.detail.length, 1);
  assert.deepEqual(firstIssue(res).loc, loc);
  assert.equal(firstIssue(res).type, type);
  assert.equal(typeof firstIssue(res).msg, 'string');
}

/**
 * An organisation seen through `app` with a location in `zone`, one chair, one provider working `start`–`end`
 * on `days`, a patient and a 30-minute type set as the location's default (unless `defaultType` is false).
 */
async function practice(opts: { app?: Api; zone?: string; start?: string; end?: string; days?: number[]; defaultType?: boolean } = {}) {
  const base = await newOrg();
  const c = new Client(opts.app ?? await testApp(), base.orgId, base.token);
  const loc = await makeLocation(c.orgId, { name: 'Main Street', timezone: opts.zone ?? 'America/New_York' });
  const op = await makeOperatory(c.orgId, loc.id, 'Op 1');
  const provider = await makeProvider(c.orgId);
  for (const day of opts.days ?? EVERY_DAY) {
    const res = await c.post('/schedule/templates', {
      provider_uuid: provider.id, location_uuid: loc.id, day_of_week: day, start_time: opts.start ?? '08:00', end_time: opts.end ?? '12:00', effective_from: '2026-01-01',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
  const patient = (await c.post('/patients', { first_name: 'Pat', last_name: 'Ient' })).body;
  const type = (await c.post('/appointment-types', { name: 'Check', duration_minutes: 30 })).body;
  let version = loc.version;
  if (opts.defaultType !== false) {
    const res = await c.patch(`/locations/${loc.id}`, { base_version: version, default_appointment_type_uuid: type.id });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.default_appointment_type_uuid, type.id);
    version = res.body.version;
  }
  const avail = (q = '', client: Client = c, locationId = loc.id) => client.get(`/locations/${locationId}/availability${q ? `?${q}` : ''}`);
  const book = (date: string, start: string, typeId = type.id) => c.post('/appointments', {
    patient_uuid: patient.id, location_uuid: loc.id, operatory_uuid: op.id, provider_uuid: provider.id,
    appointment_type_uuid: typeId, schedule_date: date, start_time: start,
  });
  const patchLocation = async (body: Record<string, unknown>) => {
    const res = await c.patch(`/locations/${loc.id}`, { base_version: version, ...body });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    version = res.body.version;
    return res.body;
  };
  return { c, adminUserId: base.adminUserId, loc, op, provider, patient, type, avail, book, patchLocation };
}

describe('GET /locations/{id}/availability: the window', () => {
  it('with neither date covers today … today + 30 in the location zone, nothing before now (200)', async () => {
    const p = await practice();
    const res = await p.avail();
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.days.map((d: Day) => d.date), dates('2026-03-10', '2026-04-09'));
    // 14:00 UTC is 10:00 EDT: the morning's earlier starts are past.
    assert.deepEqual(startsOn(res.body.days, '2026-03-10'), [
      '2026-03-10T10:00:00-04:00', '2026-03-10T10:30:00-04:00', '2026-03-10T11:00:00-04:00', '2026-03-10T11:30:00-04:00',
    ]);
    assert.equal(startsOn(res.body.days, '2026-04-09').length, 8);
    assert.equal(starts(res.body.days).length, 4 + 30 * 8);
  });

  it('with only end_date covers end_date − 30 … end_date (200)', async () => {
    const p = await practice();
    const res = await p.avail('end_date=2026-04-20');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.days.map((d: Day) => d.date), dates('2026-03-21', '2026-04-20'));
  });

  it('with only start_date covers start_date … start_date + 30 (200)', async () => {
    const p = await practice();
    const res = await p.avail('start_date=2026-03-20');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.days.map((d: Day) => d.date), dates('2026-03-20', '2026-04-19'));
  });

  it('clamps a past start_date to today and offers no slot before now (200)', async () => {
    const p = await practice();
    const res = await p.avail('start_date=2026-03-01&end_date=2026-03-12');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.days.map((d: Day) => d.date), ['2026-03-10', '2026-03-11', '2026-03-12']);
    assert.equal(res.body.days[0].slots[0].start, '2026-03-10T10:00:00-04:00');
    assert.ok(starts(res.body.days).every((s) => Date.parse(s) >= FIXED_NOW.getTime()));
    // Only a past start_date: its + 30 end stays, the start moves to today.
    const open = await p.avail('start_date=2026-03-01');
    assert.equal(open.status, 200);
    assert.deepEqual(open.body.days.map((d: Day) => d.date), dates('2026-03-10', '2026-03-31'));
    // A window wholly in the past is empty, not an error.
    const past = await p.avail('start_date=2026-03-01&end_date=2026-03-05');
    assert.equal(past.status, 200);
    assert.deepEqual(past.body.days, []);
    assert.equal(past.body.slot_interval_minutes, null);
  });

  it('returns 400 bad_request naming end_date for an end_date before start_date', async () => {
    const p = await practice();
    const res = await p.avail('start_date=2026-03-20&end_date=2026-03-19');
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, { detail: [{ loc: ['query', 'end_date'], msg: 'end_date must be on or after start_date', type: 'bad_request' }] });
    // The same day at both ends is a one-day window.
    const one = await p.avail('start_date=2026-03-20&end_date=2026-03-20');
    assert.equal(one.status, 200);
    assert.deepEqual(one.body.days.map((d: Day) => d.date), ['2026-03-20']);
  });

  it('returns 400 naming end_date for an end_date more than 90 days after today; 90 days is accepted (200)', async () => {
    const p = await practice();
    const last = await p.avail('start_date=2026-06-07&end_date=2026-06-08');
    assert.equal(last.status, 200);
    assert.deepEqual(last.body.days.map((d: Day) => d.date), ['2026-06-07', '2026-06-08']);
    for (const q of ['start_date=2026-06-07&end_date=2026-06-09', 'end_date=2026-06-09', 'start_date=2026-03-10&end_date=2027-01-01']) {
      assertError(await p.avail(q), 400, ['query', 'end_date'], 'bad_request');
    }
  });

  it('returns 400 naming the field for a date that is not a real YYYY-MM-DD date', async () => {
    const p = await practice();
    for (const bad of ['2026-02-30', '2026/03/01', '2026-3-1', '2026-13-01', 'tomorrow', '']) {
      for (const field of ['start_date', 'end_date']) {
        assertError(await p.avail(`${field}=${encodeURIComponent(bad)}`), 400, ['query', field], 'bad_request');
      }
    }
  });

  it('returns 400 naming timezone for an unknown time zone', async () => {
    const p = await practice();
    for (const zone of ['Mars/Olympus_Mons', 'Europe/Atlantis', '+25:00']) {
      assertError(await p.avail(`timezone=${encodeURIComponent(zone)}`), 400, ['query', 'timezone'], 'bad_request');
    }
  });

  it('returns 404 for an unknown, malformed, inactive or other organisation\'s location', async () => {
    const p = await practice();
    const other = await newOrg();
    const foreign = await makeLocation(other.orgId);
    const inactive = await makeLocation(p.c.orgId, { name: 'Closed' });
    assert.equal((await p.c.patch(`/locations/${inactive.id}`, { base_version: 1, is_active: false })).status, 200);
    for (const id of [MISSING, 'not-a-uuid', inactive.id, foreign.id]) {
      assertError(await p.avail('', p.c, id), 404, ['path', 'location_uuid'], 'not_found');
    }
    // The other organisation's own token does see it (the 404 above is the tenancy, not the location).
    assert.equal((await other.get(`/locations/${foreign.id}/availability`)).status, 200);
  });

  it('returns 403 to a location-limited user for another location of the organisation, 200 for their own', async () => {
    const p = await practice();
    const elsewhere = await makeLocation(p.c.orgId, { name: 'Elsewhere' });
    const user = await p.c.post('/users', { name: 'Front Desk', email: 'desk@example.test', role: 'staff', location_uuids: [p.loc.id] });
    assert.equal(user.status, 201, JSON.stringify(user.body));
    const token = await p.c.post(`/users/${user.body.id}/tokens`, {});
    assert.equal(token.status, 201);
    const limited = p.c.as(token.body.token);
    assertError(await p.avail('', limited, elsewhere.id), 403, ['path', 'location_uuid'], 'forbidden');
    const own = await p.avail('start_date=2026-03-16&end_date=2026-03-16', limited);
    assert.equal(own.status, 200);
    assert.deepEqual((await p.avail('start_date=2026-03-16&end_date=2026-03-16')).body, own.body);
  });
});

describe('GET /locations/{id}/availability: the answer', () => {
  it('gives location_id, the location zone, the default type\'s length, the inferred interval and each slot (200)', async () => {
    const p = await practice();
    const res = await p.avail('start_date=2026-03-16&end_date=2026-03-16');
    assert.equal(res.status, 200);
    const at = (t: string) => `2026-03-16T${t}:00-04:00`;
    const times = ['08:00', '08:30', '09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '12:00'];
    assert.deepEqual(res.body, {
      location_id: p.loc.id, timezone: 'America/New_York', slot_duration_minutes: 30, slot_interval_minutes: 30,
      days: [{ date: '2026-03-16', slots: times.slice(0, -1).map((t, i) => ({ start: at(t), end: at(times[i + 1]!) })) }],
    });
  });

  it('uses appointment_type_uuid over the default: a 60-minute type gives hourly starts (200)', async () => {
    const p = await practice();
    const long = (await p.c.post('/appointment-types', { name: 'Crown', duration_minutes: 60 })).body;
    const res = await p.avail(`start_date=2026-03-16&end_date=2026-03-16&appointment_type_uuid=${long.id}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.slot_duration_minutes, 60);
    assert.equal(res.body.slot_interval_minutes, 60);
    assert.deepEqual(res.body.days[0].slots, ['08', '09', '10', '11'].map((h) => ({
      start: `2026-03-16T${h}:00:00-04:00`, end: `2026-03-16T${String(Number(h) + 1).padStart(2, '0')}:00:00-04:00`,
    })));
  });

  it('returns 404 for an unknown appointment_type_uuid and 400 for a malformed, archived or elsewhere-only one', async () => {
    const p = await practice();
    assertError(await p.avail(`appointment_type_uuid=${MISSING}`), 404, ['query', 'appointment_type_uuid'], 'not_found');
    assertError(await p.avail('appointment_type_uuid=abc'), 400, ['query', 'appointment_type_uuid'], 'bad_request');
    const old = (await p.c.post('/appointment-types', { name: 'Old', duration_minutes: 30 })).body;
    assert.equal((await p.c.post(`/appointment-types/${old.id}/archive`)).status, 200);
    assertError(await p.avail(`appointment_type_uuid=${old.id}`), 400, ['query', 'appointment_type_uuid'], 'bad_request');
    const far = await makeLocation(p.c.orgId, { name: 'Far' });
    const farOnly = (await p.c.post('/appointment-types', { name: 'Far only', duration_minutes: 30, location_uuids: [far.id] })).body;
    assertError(await p.avail(`appointment_type_uuid=${farOnly.id}`), 400, ['query', 'appointment_type_uuid'], 'bad_request');
  });

  it('gives slot_duration_minutes null, interval null and no days when the location has no default type and none is asked (200)', async () => {
    const p = await practice({ defaultType: false });
    const res = await p.avail();
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { location_id: p.loc.id, timezone: 'America/New_York', slot_duration_minutes: null, slot_interval_minutes: null, days: [] });
  });

  it('treats a default type archived, or moved to other locations, after it was set as no scheduling configuration (200, no days)', async () => {
    const none = (p: { loc: { id: string } }) => ({ location_id: p.loc.id, timezone: 'America/New_York', slot_duration_minutes: null, slot_interval_minutes: null, days: [] });
    const archived = await practice();
    assert.equal((await archived.c.post(`/appointment-types/${archived.type.id}/archive`)).status, 200);
    const res = await archived.avail();
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, none(archived));
    const moved = await practice();
    const far = await makeLocation(moved.c.orgId, { name: 'Far' });
    assert.equal((await moved.c.patch(`/appointment-types/${moved.type.id}`, { base_version: moved.type.version, location_uuids: [far.id] })).status, 200);
    assert.deepEqual((await moved.avail()).body, none(moved));
    // Asked for by name, the same type is still the caller's mistake.
    assertError(await moved.avail(`appointment_type_uuid=${moved.type.id}`), 400, ['query', 'appointment_type_uuid'], 'bad_request');
  });

  it('omits days without slots and gives slot_interval_minutes null when no day has two starts (200)', async () => {
    // Monday and Wednesday, one 30-minute slot each.
    const p = await practice({ days: [0, 2], start: '08:00', end: '08:30' });
    const res = await p.avail('start_date=2026-03-16&end_date=2026-03-22');
    assert.equal(res.status, 200);
    assert.equal(res.body.slot_duration_minutes, 30);
    assert.equal(res.body.slot_interval_minutes, null);
    assert.deepEqual(res.body.days, [
      { date: '2026-03-16', slots: [{ start: '2026-03-16T08:00:00-04:00', end: '2026-03-16T08:30:00-04:00' }] },
      { date: '2026-03-18', slots: [{ start: '2026-03-18T08:00:00-04:00', end: '2026-03-18T08:30:00-04:00' }] },
    ]);
  });

  it('offers only bookable slots: booking each through POST /appointments succeeds (201) and removes it from the answer', async () => {
    const p = await practice();
    const q = 'start_date=2026-03-17&end_date=2026-03-17';
    let offered: Slot[] = (await p.avail(q)).body.days[0].slots;
    assert.equal(offered.length, 8);
    while (offered.length) {
      const slot = offered[0]!;
      const booked = await p.book('2026-03-17', slot.start.slice(11, 16));
      assert.equal(booked.status, 201, JSON.stringify(booked.body));
      assert.equal(booked.body.start_time, slot.start);
      assert.equal(booked.body.end_time, slot.end);
      const after = await p.avail(q);
      assert.equal(after.status, 200);
      const left: Slot[] = after.body.days[0]?.slots ?? [];
      assert.deepEqual(left, offered.slice(1));
      offered = left;
    }
    assert.deepEqual((await p.avail(q)).body.days, []);
  });
});

describe('GET /locations/{id}/availability: timezone', () => {
  it('renders the same instants with Europe/Berlin offsets (+01:00, then +02:00) and echoes the zone (200)', async () => {
    const p = await practice();
    const q = 'start_date=2026-03-25&end_date=2026-04-02';
    const local = await p.avail(q);
    const berlin = await p.avail(`${q}&timezone=Europe/Berlin`);
    assert.equal(berlin.status, 200);
    assert.equal(berlin.body.timezone, 'Europe/Berlin');
    assert.equal(local.body.timezone, 'America/New_York');
    assert.equal(berlin.body.slot_duration_minutes, 30);
    assert.equal(berlin.body.slot_interval_minutes, 30);
    // 08:00–12:00 in New York is the afternoon in Berlin: the same dates in both frames.
    assert.deepEqual(berlin.body.days.map((d: Day) => d.date), dates('2026-03-25', '2026-04-02'));
    assert.deepEqual(starts(berlin.body.days).map(Date.parse), starts(local.body.days).map(Date.parse));
    assert.equal(starts(berlin.body.days).length, 9 * 8);
    assert.equal(berlin.body.days[0].slots[0].start, '2026-03-25T13:00:00+01:00');
    assert.equal(local.body.days[0].slots[0].start, '2026-03-25T08:00:00-04:00');
    // Europe springs forward on 29 March: 08:00 EDT is 14:00 CEST.
    assert.deepEqual(berlin.body.days.find((d: Day) => d.date === '2026-03-30').slots[0], { start: '2026-03-30T14:00:00+02:00', end: '2026-03-30T14:30:00+02:00' });
    assert.ok(starts(berlin.body.days).every((s) => /\+0[12]:00$/.test(s)));
    // The zone is matched case-insensitively and echoed canonically.
    assert.equal((await p.avail(`${q}&timezone=europe/berlin`)).body.timezone, 'Europe/Berlin');
  });

  it('frames start_date and end_date in the timezone given: a Berlin date holds the New York evening before (200)', async () => {
    const p = await practice({ start: '19:00', end: '21:00' });
    const berlin = await p.avail('start_date=2026-03-17&end_date=2026-03-17&timezone=Europe/Berlin');
    assert.equal(berlin.status, 200);
    // 19:00 EDT on 16 March is midnight CET on 17 March; 19:00 EDT on 17 March is already 18 March in Berlin.
    assert.deepEqual(berlin.body.days, [{
      date: '2026-03-17', slots: [['00:00', '00:30'], ['00:30', '01:00'], ['01:00', '01:30'], ['01:30', '02:00']]
        .map(([s, e]) => ({ start: `2026-03-17T${s}:00+01:00`, end: `2026-03-17T${e}:00+01:00` })),
    }]);
    const local = await p.avail('start_date=2026-03-16&end_date=2026-03-16');
    assert.deepEqual(starts(berlin.body.days).map(Date.parse), starts(local.body.days).map(Date.parse));
  });
});

describe('GET /locations/{id}/availability: what limits the slots', () => {
  it('offers only starts whose whole slot lies inside open_hours, and all the provider\'s time once open_hours is null (200)', async () => {
    const p = await practice({ start: '07:00', end: '19:00' });
    await p.patchLocation({ open_hours: EVERY_DAY.map((d) => ({ day_of_week: d, start_time: '09:00', end_time: '12:00' })) });
    const q = 'start_date=2026-03-16&end_date=2026-03-17';
    const res = await p.avail(q);
    assert.equal(res.status, 200);
    for (const date of ['2026-03-16', '2026-03-17']) {
      assert.deepEqual(startsOn(res.body.days, date), ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'].map((t) => `${date}T${t}:00-04:00`));
    }
    // Open only on Mondays: Tuesday is closed.
    await p.patchLocation({ open_hours: [{ day_of_week: 0, start_time: '09:00', end_time: '10:00' }] });
    assert.deepEqual((await p.avail(q)).body.days.map((d: Day) => [d.date, d.slots.length]), [['2026-03-16', 2]]);
    await p.patchLocation({ open_hours: null });
    const free = await p.avail(q);
    assert.equal(startsOn(free.body.days, '2026-03-16').length, 24);
    assert.equal(startsOn(free.body.days, '2026-03-16')[0], '2026-03-16T07:00:00-04:00');
    assert.equal(startsOn(free.body.days, '2026-03-16').at(-1), '2026-03-16T18:30:00-04:00');
  });

  it('leaves out the whole day of a holiday blockout (200)', async () => {
    const p = await practice();
    const holiday = await p.c.post('/blockouts/types', { name: 'Holiday', is_holiday: true, is_no_schedule: true });
    assert.equal(holiday.status, 201, JSON.stringify(holiday.body));
    const blockout = await p.c.post('/blockouts/instances', {
      blockout_type_uuid: holiday.body.id, location_uuid: p.loc.id, schedule_date: '2026-03-17', start_time: '00:00', end_time: '01:00',
    });
    assert.equal(blockout.status, 201, JSON.stringify(blockout.body));
    const res = await p.avail('start_date=2026-03-16&end_date=2026-03-18');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.days.map((d: Day) => [d.date, d.slots.length]), [['2026-03-16', 8], ['2026-03-18', 8]]);
  });

  it('leaves out the slot an appointment takes, and only that one (200)', async () => {
    const p = await practice();
    assert.equal((await p.book('2026-03-16', '10:00')).status, 201);
    const res = await p.avail('start_date=2026-03-16&end_date=2026-03-16');
    assert.deepEqual(starts(res.body.days), ['08:00', '08:30', '09:00', '09:30', '10:30', '11:00', '11:30'].map((t) => `2026-03-16T${t}:00-04:00`));
    assert.equal(res.body.slot_interval_minutes, 30);
  });
});

describe('GET /locations/{id}/availability: DST', () => {
  const night = (zone: string, app: Api) => practice({ app, zone, days: [6], start: '00:00', end: '06:00' });
  const pairs = (days: Day[]) => days.flatMap((d) => d.slots.map((s) => [s.start, s.end]));

  it('skips the missing New York hour on 2026-03-08: 00:00–01:00 at -05:00, then 03:00 on at -04:00 (200)', async () => {
    const p = await night('America/New_York', springApp);
    const res = await p.avail('start_date=2026-03-08&end_date=2026-03-08');
    assert.equal(res.status, 200);
    assert.deepEqual(pairs(res.body.days), NY_SPRING_FORWARD_HALF_HOURS);
    assert.ok(!starts(res.body.days).some((s) => s.includes('T02:')));
    assert.equal(res.body.slot_interval_minutes, 30);
    const gap = await p.book('2026-03-08', '01:30');
    assert.equal(gap.status, 422);
    assert.equal(firstIssue(gap).type, 'dst_gap');
  });

  it('offers the repeated New York hour once on 2026-11-01: 01:00 and 01:30 at -04:00, from 02:00 at -05:00 (200)', async () => {
    const p = await night('America/New_York', autumnApp);
    const res = await p.avail('start_date=2026-11-01&end_date=2026-11-01');
    assert.equal(res.status, 200);
    assert.deepEqual(pairs(res.body.days), [
      ['2026-11-01T00:00:00-04:00', '2026-11-01T00:30:00-04:00'],
      ['2026-11-01T00:30:00-04:00', '2026-11-01T01:00:00-04:00'],
      ['2026-11-01T01:00:00-04:00', '2026-11-01T01:30:00-04:00'],
      // By the wall clock 01:30–02:00; really 90 minutes, as POST /appointments resolves it.
      ['2026-11-01T01:30:00-04:00', '2026-11-01T02:00:00-05:00'],
      ['2026-11-01T02:00:00-05:00', '2026-11-01T02:30:00-05:00'],
      ['2026-11-01T02:30:00-05:00', '2026-11-01T03:00:00-05:00'],
      ['2026-11-01T03:00:00-05:00', '2026-11-01T03:30:00-05:00'],
      ['2026-11-01T03:30:00-05:00', '2026-11-01T04:00:00-05:00'],
      ['2026-11-01T04:00:00-05:00', '2026-11-01T04:30:00-05:00'],
      ['2026-11-01T04:30:00-05:00', '2026-11-01T05:00:00-05:00'],
      ['2026-11-01T05:00:00-05:00', '2026-11-01T05:30:00-05:00'],
      ['2026-11-01T05:30:00-05:00', '2026-11-01T06:00:00-05:00'],
    ]);
    assert.equal(starts(res.body.days).filter((s) => s.slice(11, 16) === '01:00').length, 1);
    assert.equal(starts(res.body.days).filter((s) => s.slice(11, 16) === '01:30').length, 1);
    const booked = await p.book('2026-11-01', '01:30');
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    assert.deepEqual([booked.body.start_time, booked.body.end_time], ['2026-11-01T01:30:00-04:00', '2026-11-01T02:00:00-05:00']);
  });

  it('does the same in Los Angeles: -08:00 then -07:00 on 2026-03-08, -07:00 then -08:00 on 2026-11-01 (200)', async () => {
    const spring = await night('America/Los_Angeles', springApp);
    const march = await spring.avail('start_date=2026-03-08&end_date=2026-03-08');
    assert.equal(march.status, 200);
    assert.deepEqual(starts(march.body.days), [
      '2026-03-08T00:00:00-08:00', '2026-03-08T00:30:00-08:00', '2026-03-08T01:00:00-08:00',
      '2026-03-08T03:00:00-07:00', '2026-03-08T03:30:00-07:00', '2026-03-08T04:00:00-07:00',
      '2026-03-08T04:30:00-07:00', '2026-03-08T05:00:00-07:00', '2026-03-08T05:30:00-07:00',
    ]);
    const autumn = await night('America/Los_Angeles', autumnApp);
    const november = await autumn.avail('start_date=2026-11-01&end_date=2026-11-01');
    assert.equal(november.status, 200);
    assert.deepEqual(starts(november.body.days), [
      '2026-11-01T00:00:00-07:00', '2026-11-01T00:30:00-07:00', '2026-11-01T01:00:00-07:00', '2026-11-01T01:30:00-07:00',
      '2026-11-01T02:00:00-08:00', '2026-11-01T02:30:00-08:00', '2026-11-01T03:00:00-08:00', '2026-11-01T03:30:00-08:00',
      '2026-11-01T04:00:00-08:00', '2026-11-01T04:30:00-08:00', '2026-11-01T05:00:00-08:00', '2026-11-01T05:30:00-08:00',
    ]);
  });
});

describe('GET /locations/{id}/availability: caching headers', () => {
  it('sends Cache-Control and an ETag on 200; If-None-Match with it gives 304 without a body; a booking changes it', async () => {
    const p = await practice();
    const q = 'start_date=2026-03-16&end_date=2026-03-16';
    const first = await p.avail(q);
    assert.equal(first.status, 200);
    assert.equal(first.headers['cache-control'], CACHE_CONTROL);
    const etag = first.headers.etag as string;
    assert.match(etag, /^"[A-Za-z0-9_-]{10,}"$/);
    assert.equal((await p.avail(q)).headers.etag, etag, 'the same answer has the same tag');

    const cached = await p.c.request('GET', `/locations/${p.loc.id}/availability?${q}`, undefined, { 'if-none-match': etag });
    assert.equal(cached.status, 304);
    assert.equal(cached.body, undefined);
    assert.equal(cached.headers['cache-control'], CACHE_CONTROL);
    assert.equal(cached.headers.etag, etag);
    const weak = await p.c.request('GET', `/locations/${p.loc.id}/availability?${q}`, undefined, { 'if-none-match': `"other", W/${etag}` });
    assert.equal(weak.status, 304);

    assert.equal((await p.book('2026-03-16', '08:00')).status, 201);
    const stale = await p.c.request('GET', `/locations/${p.loc.id}/availability?${q}`, undefined, { 'if-none-match': etag });
    assert.equal(stale.status, 200);
    assert.equal(stale.headers['cache-control'], CACHE_CONTROL);
    assert.notEqual(stale.headers.etag, etag);
    assert.equal(stale.body.days[0].slots[0].start, '2026-03-16T08:30:00-04:00');
    // Another window is another body, so another tag.
    assert.notEqual((await p.avail('start_date=2026-03-17&end_date=2026-03-17')).headers.etag, stale.headers.etag);
  });
});

describe('location availability: CORS', () => {
  /** A request without a token, as a browser's preflight is. */
  const bare = (method: 'OPTIONS' | 'GET', url: string, headers: Record<string, string>) => testApp().then((app) => app.inject({ method, url, headers }));
  const preflightHeaders = (origin: string) => ({ origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' });

  async function withOrigins(origins: string[]) {
    const p = await practice();
    const org = (await p.c.get('/organization')).body;
    const patched = await p.c.patch('/organization', { base_version: org.version, allowed_origins: origins });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    return { ...p, url: `/api/v1/${p.c.orgId}/locations/${p.loc.id}/availability` };
  }

  it('answers the preflight of an allowed origin without a token: 204 with Access-Control-Allow-Origin and GET', async () => {
    const p = await withOrigins([ORIGIN]);
    const res = await bare('OPTIONS', p.url, preflightHeaders(ORIGIN));
    assert.equal(res.statusCode, 204);
    assert.equal(res.body, '');
    assert.equal(res.headers['access-control-allow-origin'], ORIGIN);
    assert.ok(String(res.headers['access-control-allow-methods']).split(',').map((m) => m.trim()).includes('GET'));
    assert.match(String(res.headers['access-control-allow-headers']), /authorization/i);
    assert.match(String(res.headers.vary), /origin/i);
  });

  it('answers the preflight of another origin, or for another organisation, 204 without any Access-Control-* header', async () => {
    const p = await withOrigins([ORIGIN]);
    const other = await practice();
    for (const [url, origin] of [
      [p.url, 'https://evil.example.com'], [p.url, 'http://booking.example.com'], [p.url, `${ORIGIN}.evil.test`],
      [`/api/v1/${other.c.orgId}/locations/${other.loc.id}/availability`, ORIGIN],
    ] as const) {
      const res = await bare('OPTIONS', url, preflightHeaders(origin));
      assert.equal(res.statusCode, 204, `${url} ${origin}`);
      assert.deepEqual(corsHeaders(res.headers), [], `${url} ${origin}`);
    }
    const noOrigin = await bare('OPTIONS', p.url, { 'access-control-request-method': 'GET' });
    assert.equal(noOrigin.statusCode, 204);
    assert.deepEqual(corsHeaders(noOrigin.headers), []);
  });

  it('sends Access-Control-Allow-Origin and exposes ETag on the GET of an allowed origin (200, 304), and nothing for others', async () => {
    const p = await withOrigins([ORIGIN]);
    const res = await p.c.request('GET', `/locations/${p.loc.id}/availability`, undefined, { origin: ORIGIN });
    assert.equal(res.status, 200);
    assert.equal(res.headers['access-control-allow-origin'], ORIGIN);
    assert.match(String(res.headers['access-control-expose-headers']), /etag/i);
    const cached = await p.c.request('GET', `/locations/${p.loc.id}/availability`, undefined, { origin: ORIGIN, 'if-none-match': res.headers.etag as string });
    assert.equal(cached.status, 304);
    assert.equal(cached.headers['access-control-allow-origin'], ORIGIN);
    // Refusals reach the page too: an unknown location (404) and a bad token (401).
    const missing = await p.c.request('GET', `/locations/${MISSING}/availability`, undefined, { origin: ORIGIN });
    assert.equal(missing.status, 404);
    assert.equal(missing.headers['access-control-allow-origin'], ORIGIN);
    const unauthorized = await p.c.as('not-a-token').request('GET', `/locations/${p.loc.id}/availability`, undefined, { origin: ORIGIN });
    assert.equal(unauthorized.status, 401);
    assert.equal(unauthorized.headers['access-control-allow-origin'], ORIGIN);
    const other = await p.c.request('GET', `/locations/${p.loc.id}/availability`, undefined, { origin: 'https://evil.example.com' });
    assert.equal(other.status, 200);
    assert.deepEqual(corsHeaders(other.headers), []);
  });

  it('sends no Access-Control-* header on another route (GET /locations 200) even for an allowed origin', async () => {
    const p = await withOrigins([ORIGIN]);
    const res = await p.c.request('GET', '/locations', undefined, { origin: ORIGIN });
    assert.equal(res.status, 200);
    assert.deepEqual(corsHeaders(res.headers), []);
    const pre = await bare('OPTIONS', `/api/v1/${p.c.orgId}/locations`, preflightHeaders(ORIGIN));
    assert.deepEqual(corsHeaders(pre.headers), []);
  });
});

describe('location availability: token scopes', () => {
  it('lets an availability:read token read the availability faces (200) and nothing else (403)', async () => {
    const p = await practice();
    const made = await p.c.post(`/users/${p.adminUserId}/tokens`, { name: 'widget', scopes: ['availability:read'] });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.deepEqual(made.body.scopes, ['availability:read']);
    const widget = p.c.as(made.body.token);
    const mine = await p.avail('start_date=2026-03-16&end_date=2026-03-16', widget);
    assert.equal(mine.status, 200);
    assert.equal(mine.body.days[0].slots.length, 8);
    const free = await widget.get(`/schedule/free-time?location_uuid=${p.loc.id}&date_from=2026-03-16&date_to=2026-03-16&step_minutes=30&one_per_start=true`);
    assert.equal(free.status, 200, JSON.stringify(free.body));
    assert.equal(free.body.items.length, 8);
    assertError(await widget.get('/locations'), 403, [], 'forbidden');
    assertError(await widget.post('/appointments', {
      patient_uuid: p.patient.id, location_uuid: p.loc.id, operatory_uuid: p.op.id, provider_uuid: p.provider.id,
      appointment_type_uuid: p.type.id, schedule_date: '2026-03-16', start_time: '08:00',
    }), 403, [], 'forbidden');
    assertError(await widget.get('/organization'), 403, [], 'forbidden');
    assert.equal((await p.avail('start_date=2026-03-16&end_date=2026-03-16')).body.days[0].slots.length, 8, 'the refused booking wrote nothing');
  });

  it('keeps full rights for a token made without scopes (200, 201)', async () => {
    const p = await practice();
    const made = await p.c.post(`/users/${p.adminUserId}/tokens`, {});
    assert.equal(made.status, 201);
    assert.equal(made.body.scopes, null);
    const full = p.c.as(made.body.token);
    assert.equal((await full.get('/locations')).status, 200);
    assert.equal((await p.avail('', full)).status, 200);
    assert.equal((await p.book('2026-03-16', '08:00')).status, 201);
  });

  it('refuses a scope that does not exist, an empty or repeated list at token creation (422)', async () => {
    const p = await practice();
    for (const scopes of [['availability:write'], [], ['availability:read', 'availability:read'], 'availability:read']) {
      const res = await p.c.post(`/users/${p.adminUserId}/tokens`, { scopes });
      assert.equal(res.status, 422, JSON.stringify(scopes));
      assert.equal(firstIssue(res).loc[0], 'body');
      assert.equal(firstIssue(res).loc[1], 'scopes');
    }
    assert.equal((await p.c.get(`/users/${p.adminUserId}/tokens`)).body.items.length, 1, 'only the initial token');
  });
});
