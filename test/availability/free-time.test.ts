import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Api } from '../../src/core/http/deps.ts';
import { closeTestApp, firstIssue, testAppAt } from '../helpers.ts';
import { NY_SPRING_FORWARD_HALF_HOURS } from './dst-expectations.ts';
import { makeLocation, makeOperatory } from '../factories.ts';
import { twoChairPractice } from './two-chair-practice.ts';

// The native face over HTTP: what it offers can be booked, DST days in New York and Los Angeles, the
// window and filter errors. A clock before the DST Sundays of 2026 (nothing earlier than now is offered).
const NOW = new Date('2026-03-01T12:00:00Z');
let app: Api;

before(async () => {
  app = await testAppAt(NOW);
});
after(closeTestApp);

/** The two-chair practice with a 30-minute type and a search at its location. */
async function practice(zone = 'America/New_York', start = '08:00', end = '12:00') {
  const p = await twoChairPractice(app, zone, start, end);
  const type = (await p.c.post('/appointment-types', { name: 'Check', time_pattern: 'XXXXXX' })).body;
  const search = (q: string) => p.c.get(`/schedule/free-time?location_uuid=${p.loc.id}&${q}`);
  return { ...p, type, search };
}

type Slot = { schedule_date: string; start_time: string; end_time: string; start_at: string; end_at: string; provider: { id: string; name: string }; operatory: { id: string } };

describe('GET /schedule/free-time', () => {
  it('returns 200 with starts in order; booking each first start through POST /appointments always succeeds', async () => {
    const p = await practice();
    let booked = 0;
    for (let i = 0; i < 20; i++) {
      const res = await p.search(`date_from=2026-03-02&date_to=2026-03-02&appointment_type_uuid=${p.type.id}&limit=1`);
      assert.equal(res.status, 200);
      const [slot] = res.body.items as Slot[];
      if (!slot) break;
      const res2 = await p.c.post('/appointments', {
        patient_uuid: p.patient.id, location_uuid: p.loc.id, operatory_uuid: slot.operatory.id, provider_uuid: slot.provider.id,
        appointment_type_uuid: p.type.id, schedule_date: slot.schedule_date, start_time: slot.start_time,
      });
      assert.equal(res2.status, 201, `${slot.start_time} ${slot.provider.name}: ${JSON.stringify(res2.body)}`);
      assert.equal(res2.body.start_time, slot.start_at);
      assert.equal(res2.body.end_time, slot.end_at);
      booked++;
    }
    // Two chairs and two providers over 08:00–12:00 hold two 30-minute bookings at a time: 16 in all, then nothing.
    assert.equal(booked, 16);
  });

  it('offers only what the conflict check accepts: every result of a busy day passes check-conflicts', async () => {
    const p = await practice();
    const book = (op: number, provider: string, start: string, end: string) => p.c.post('/appointments', {
      patient_uuid: p.patient.id, location_uuid: p.loc.id, operatory_uuid: p.ops[op]!.id, provider_uuid: provider,
      schedule_date: '2026-03-03', start_time: start, end_time: end,
    });
    assert.equal((await book(0, p.ann.id, '08:10', '09:05')).status, 201);
    assert.equal((await book(1, p.bob.id, '10:00', '10:45')).status, 201);
    const res = await p.search('date_from=2026-03-03&date_to=2026-03-03&duration_minutes=40&step_minutes=5&limit=1000');
    assert.equal(res.status, 200);
    const items = res.body.items as Slot[];
    assert.ok(items.length > 20);
    for (const s of items) {
      const check = await p.c.post('/appointments/check-conflicts', {
        location_uuid: p.loc.id, operatory_uuid: s.operatory.id, provider_uuids: [s.provider.id],
        schedule_date: s.schedule_date, start_time: s.start_time, end_time: s.end_time,
      });
      assert.equal(check.body.has_conflicts, false, `${s.start_time} ${s.provider.name} ${s.operatory.id}`);
    }
    // Ann is busy until 09:05 in Op 1: her first start is 09:05 (Op 1 or 2), and nobody starts in Op 1 before 09:05.
    assert.equal(items.find((s) => s.provider.id === p.ann.id)!.start_time, '09:05:00');
    assert.ok(!items.some((s) => s.operatory.id === p.ops[0]!.id && s.start_time < '09:05:00'));
  });

  it('one_per_start keeps the first provider by name and the first chair; has_more says the limit cut the list', async () => {
    const p = await practice();
    const all = (await p.search('date_from=2026-03-02&date_to=2026-03-02&duration_minutes=60&step_minutes=60')).body;
    assert.deepEqual(all.items.slice(0, 4).map((s: Slot) => [s.start_time, s.provider.name, s.operatory.id]), [
      ['08:00:00', 'Ann Able', p.ops[0]!.id], ['08:00:00', 'Ann Able', p.ops[1]!.id],
      ['08:00:00', 'Bob Baker', p.ops[0]!.id], ['08:00:00', 'Bob Baker', p.ops[1]!.id],
    ]);
    const one = (await p.search('date_from=2026-03-02&date_to=2026-03-02&duration_minutes=60&step_minutes=60&one_per_start=true&limit=2')).body;
    assert.deepEqual(one.items.map((s: Slot) => [s.start_time, s.provider.name]), [['08:00:00', 'Ann Able'], ['09:00:00', 'Ann Able']]);
    assert.equal(one.has_more, true);
    assert.equal(all.has_more, false);
  });

  it('on the New York spring-forward Sunday starts keep the local clock and skip the missing hour (200)', async () => {
    const p = await practice('America/New_York', '00:00', '06:00');
    const res = await p.search('date_from=2026-03-08&date_to=2026-03-08&duration_minutes=30&step_minutes=30&one_per_start=true');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.items.map((s: Slot) => [s.start_at, s.end_at]), NY_SPRING_FORWARD_HALF_HOURS);
  });

  it('on the Los Angeles fall-back Sunday the repeated hour is offered once, at its first pass (200)', async () => {
    const p = await practice('America/Los_Angeles', '00:00', '04:00');
    const res = await p.search('date_from=2026-11-01&date_to=2026-11-01&duration_minutes=30&step_minutes=30&one_per_start=true');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.items.map((s: Slot) => [s.start_time, s.start_at, s.end_at]), [
      ['00:00:00', '2026-11-01T00:00:00-07:00', '2026-11-01T00:30:00-07:00'],
      ['00:30:00', '2026-11-01T00:30:00-07:00', '2026-11-01T01:00:00-07:00'],
      ['01:00:00', '2026-11-01T01:00:00-07:00', '2026-11-01T01:30:00-07:00'],
      // 01:30 PDT → 02:00 PST: a 30-minute booking by the wall clock that really lasts 90 minutes.
      ['01:30:00', '2026-11-01T01:30:00-07:00', '2026-11-01T02:00:00-08:00'],
      ['02:00:00', '2026-11-01T02:00:00-08:00', '2026-11-01T02:30:00-08:00'],
      ['02:30:00', '2026-11-01T02:30:00-08:00', '2026-11-01T03:00:00-08:00'],
      ['03:00:00', '2026-11-01T03:00:00-08:00', '2026-11-01T03:30:00-08:00'],
      ['03:30:00', '2026-11-01T03:30:00-08:00', '2026-11-01T04:00:00-08:00'],
    ]);
  });

  it('respects open hours, holidays, no-schedule blockouts, time bounds and weekdays (200)', async () => {
    const p = await practice('America/New_York', '07:00', '19:00');
    const loc = (await p.c.get(`/locations/${p.loc.id}`)).body;
    const patched = await p.c.patch(`/locations/${p.loc.id}`, {
      base_version: loc.version, open_hours: [{ day_of_week: 0, start_time: '09:00', end_time: '11:00' }, { day_of_week: 1, start_time: '09:00', end_time: '10:00' }],
    });
    assert.equal(patched.status, 200);
    const holiday = (await p.c.post('/blockouts/types', { name: 'Holiday', is_holiday: true, is_no_schedule: true })).body;
    assert.equal((await p.c.post('/blockouts/instances', {
      blockout_type_uuid: holiday.id, location_uuid: p.loc.id, schedule_date: '2026-03-03', start_time: '00:00', end_time: '01:00',
    })).status, 201);
    const lunch = (await p.c.post('/blockouts/types', { name: 'Lunch', is_no_schedule: true })).body;
    assert.equal((await p.c.post('/blockouts/instances', {
      blockout_type_uuid: lunch.id, location_uuid: p.loc.id, schedule_date: '2026-03-02', start_time: '10:00', end_time: '10:30',
    })).status, 201);
    const starts = async (q: string) => ((await p.search(`duration_minutes=30&step_minutes=30&one_per_start=true&${q}`)).body.items as Slot[])
      .map((s) => `${s.schedule_date} ${s.start_time.slice(0, 5)}`);
    // Monday 2 March: open 09:00–11:00 less the 10:00–10:30 lunch; Tuesday 3 March: a holiday; Wednesday: closed.
    assert.deepEqual(await starts('date_from=2026-03-02&date_to=2026-03-04'), ['2026-03-02 09:00', '2026-03-02 09:30', '2026-03-02 10:30']);
    assert.deepEqual(await starts('date_from=2026-03-02&date_to=2026-03-09&earliest_time=09:30&latest_time=10:30'), ['2026-03-02 09:30', '2026-03-09 09:30', '2026-03-09 10:00']);
    assert.deepEqual(await starts('date_from=2026-03-02&date_to=2026-03-10&days_of_week=1'), ['2026-03-10 09:00', '2026-03-10 09:30']);
  });

  it('uses the location default type when neither type nor length is given, else 422 missing', async () => {
    const p = await practice();
    const missing = await p.search('date_from=2026-03-02');
    assert.equal(missing.status, 422);
    assert.deepEqual(firstIssue(missing).loc, ['query', 'appointment_type_uuid']);
    assert.equal(firstIssue(missing).type, 'missing');
    const loc = (await p.c.get(`/locations/${p.loc.id}`)).body;
    await p.c.patch(`/locations/${p.loc.id}`, { base_version: loc.version, default_appointment_type_uuid: p.type.id });
    const res = await p.search('date_from=2026-03-02&date_to=2026-03-02&limit=1');
    assert.equal(res.status, 200);
    assert.deepEqual([res.body.duration_minutes, res.body.appointment_type], [30, { id: p.type.id, name: 'Check' }]);
  });

  it('refuses bad windows and filters: 422 for the window and bounds, 404 for unknown records', async () => {
    const p = await practice();
    const other = await makeLocation(p.c.orgId, { name: 'Elsewhere' });
    const otherOp = await makeOperatory(p.c.orgId, other.id, 'Far');
    const cases: [string, number, (string | number)[]][] = [
      ['date_from=2026-03-05&date_to=2026-03-04&duration_minutes=30', 422, ['query', 'date_to']],
      ['date_from=2026-03-01&date_to=2026-05-30&duration_minutes=30', 422, ['query', 'date_to']],
      [`duration_minutes=30&appointment_type_uuid=${p.type.id}`, 422, ['query', 'duration_minutes']],
      ['duration_minutes=30&earliest_time=10:00&latest_time=09:00', 422, ['query', 'latest_time']],
      ['duration_minutes=3', 422, ['query', 'duration_minutes']],
      ['duration_minutes=30&step_minutes=0', 422, ['query', 'step_minutes']],
      [`duration_minutes=30&provider_uuids=${p.ann.id}&provider_uuids=00000000-0000-4000-8000-000000000000`, 404, ['query', 'provider_uuids', 1]],
      [`duration_minutes=30&operatory_uuids=${otherOp.id}`, 422, ['query', 'operatory_uuids', 0]],
      ['appointment_type_uuid=00000000-0000-4000-8000-000000000000', 404, ['query', 'appointment_type_uuid']],
    ];
    for (const [q, status, loc] of cases) {
      const res = await p.search(q);
      assert.equal(res.status, status, `${q}: ${JSON.stringify(res.body)}`);
      assert.deepEqual(firstIssue(res).loc, loc, q);
    }
    const unknown = await p.c.get('/schedule/free-time?location_uuid=00000000-0000-4000-8000-000000000000&duration_minutes=30');
    assert.equal(unknown.status, 404);
    // 89 days after date_from is the last date one search may reach (90 dates).
    assert.equal((await p.search('date_from=2026-03-01&date_to=2026-05-28&duration_minutes=30&limit=1')).status, 200);
  });

  it('a 90-day window at a busy location answers with every result and nothing past the limit (200)', async () => {
    const p = await practice();
    const res = await p.search('date_from=2026-03-02&date_to=2026-05-30&duration_minutes=30&limit=1000');
    assert.equal(res.status, 200);
    assert.equal(res.body.items.length, 1000);
    assert.equal(res.body.has_more, true);
  });

  it('filters by provider and chair, and never offers archived chairs or providers (200)', async () => {
    const p = await practice();
    const only = (await p.search(`date_from=2026-03-02&date_to=2026-03-02&duration_minutes=30&provider_uuids=${p.bob.id}&operatory_uuids=${p.ops[1]!.id}`)).body.items as Slot[];
    assert.ok(only.length > 0 && only.every((s) => s.provider.id === p.bob.id && s.operatory.id === p.ops[1]!.id));
    const op = (await p.c.get(`/operatories/${p.ops[0]!.id}`)).body;
    await p.c.patch(`/operatories/${p.ops[0]!.id}`, { base_version: op.version, is_active: false });
    const prov = (await p.c.get(`/providers/${p.ann.id}`)).body;
    await p.c.patch(`/providers/${p.ann.id}`, { base_version: prov.version, is_active: false });
    const left = (await p.search('date_from=2026-03-02&date_to=2026-03-02&duration_minutes=30')).body.items as Slot[];
    assert.ok(left.length > 0 && left.every((s) => s.provider.id === p.bob.id && s.operatory.id === p.ops[1]!.id));
  });

  it('counts a provider\'s time at another location of the organisation (200)', async () => {
    const p = await practice();
    const other = await makeLocation(p.c.orgId, { name: 'Uptown' });
    const far = await makeOperatory(p.c.orgId, other.id, 'Uptown 1');
    const booked = await p.c.post('/appointments', {
      patient_uuid: p.patient.id, location_uuid: other.id, operatory_uuid: far.id, provider_uuid: p.ann.id,
      schedule_date: '2026-03-02', start_time: '08:00', end_time: '10:00',
    });
    assert.equal(booked.status, 201);
    const ann = (await p.search(`date_from=2026-03-02&date_to=2026-03-02&duration_minutes=30&provider_uuids=${p.ann.id}&one_per_start=true`)).body.items as Slot[];
    assert.equal(ann[0]!.start_time, '10:00:00');
  });
});
