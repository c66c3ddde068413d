import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Api } from '../../src/core/http/deps.ts';
import { encodeScheduleId } from '../../src/fhir/domain/ids.ts';
import { issueToken } from '../../src/practice/commands/issue-token.ts';
import { closeTestApp, newOrg, testAppAt, testPool, type Client } from '../helpers.ts';
import { fhirGet, outcomeText, workingProvider, type FhirRes } from './fhir-client.ts';

// 2026-03-02 02:00 UTC is still Sunday 2026-03-01 21:00 in New York: the UTC date, not the local one, is
// the default start. The DST Sundays 2026-03-08 and 2026-11-01 lie ahead of it.
const NOW = new Date('2026-03-02T02:00:00Z');
const SUNDAY = 6;
let app: Api;

before(async () => {
  app = await testAppAt(NOW);
});
after(closeTestApp);

const slotsOf = (res: FhirRes) => (res.body.entry ?? []).filter((e: any) => e.search.mode === 'match').map((e: any) => e.resource);
const times = (res: FhirRes) => slotsOf(res).map((s: any) => [s.start, s.end]);
const wallStarts = (res: FhirRes): string[] => slotsOf(res).map((s: any) => s.start.slice(11, 16));
const search = (c: Client, query: string, token: string | null = c.token) => fhirGet(app, c.orgId, `/Slot?${query}`, token);
const withoutSelf = (body: any) => ({ ...body, link: undefined });

describe('FHIR Slot search', () => {
  it('defaults to today\'s UTC date, 20 minutes and start + 7 days, on a :00 :20 :40 grid', async () => {
    const c = await newOrg();
    const { scheduleId, everyDay } = await workingProvider(c);
    await everyDay('09:00', '17:00');
    const res = await search(c, `schedule=Schedule/${scheduleId}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.resourceType, 'Bundle');
    assert.equal(res.body.type, 'searchset');
    const slots = slotsOf(res);
    // 2026-03-02 … 2026-03-09 inclusive: 8 days of 24 starts (09:00 … 16:40).
    assert.equal(res.body.total, 192);
    assert.equal(slots.length, 192);
    assert.equal(slots[0].start, '2026-03-02T09:00:00-05:00');
    assert.equal(slots[0].end, '2026-03-02T09:20:00-05:00');
    assert.equal(slots.at(-1).start, '2026-03-09T16:40:00-04:00');
    assert.ok(slots.every((s: any) => ['00', '20', '40'].includes(s.start.slice(14, 16))));
    const explicit = await search(c, `schedule=Schedule/${scheduleId}&start=2026-03-02&end=2026-03-09&duration=20`);
    assert.deepEqual(withoutSelf(explicit.body), withoutSelf(res.body));
  });

  it('each slot names its schedule, is free, and has a stable id and an absolute fullUrl', async () => {
    const c = await newOrg();
    const { scheduleId, template } = await workingProvider(c);
    await template(1, '09:00', '10:00'); // Tuesdays
    const res = await search(c, `schedule=${scheduleId}&start=2026-03-03&end=2026-03-03`);
    assert.deepEqual(res.body.link, [{ relation: 'self', url: `http://localhost:80/fhir/${c.orgId}/Slot?schedule=${scheduleId}&start=2026-03-03&end=2026-03-03` }]);
    assert.equal(res.body.entry.length, 3);
    for (const e of res.body.entry) {
      assert.deepEqual(e.resource.schedule, { reference: `Schedule/${scheduleId}`, type: 'Schedule' });
      assert.equal(e.resource.status, 'free');
      assert.match(e.resource.id, /^[0-9a-f]{32}$/);
      assert.equal(e.fullUrl, `http://localhost:80/fhir/${c.orgId}/Slot/${e.resource.id}`);
      assert.deepEqual(e.search, { mode: 'match' });
    }
    assert.equal(new Set(res.body.entry.map((e: any) => e.resource.id)).size, 3);
    assert.deepEqual((await search(c, `schedule=${scheduleId}&start=2026-03-03&end=2026-03-03`)).body, res.body);
  });

  it('45-minute slots start every 15 minutes', async () => {
    const c = await newOrg();
    const { scheduleId, template } = await workingProvider(c);
    await template(1, '09:00', '17:00');
    const slots = slotsOf(await search(c, `schedule=Schedule/${scheduleId}&start=2026-03-03&end=2026-03-03&duration=45`));
    assert.deepEqual(slots.slice(0, 4).map((s: any) => s.start.slice(11, 16)), ['09:00', '09:15', '09:30', '09:45']);
    assert.equal(slots[0].end, '2026-03-03T09:45:00-05:00');
    assert.equal(slots.at(-1).start, '2026-03-03T16:15:00-05:00');
  });

  describe('refuses bad input with 400 invalid naming the parameter', () => {
    const cases: [string, string][] = [
      ['', 'schedule'],
      ['start=2026-03-02', 'schedule'],
      ['schedule=Practitioner/abc', 'schedule'],
      ['schedule=S&start=2026-13-01', 'start'],
      ['schedule=S&start=2026-02-30', 'start'],
      ['schedule=S&start=03/02/2026', 'start'],
      ['schedule=S&end=tomorrow', 'end'],
      ['schedule=S&duration=0', 'duration'],
      ['schedule=S&duration=-20', 'duration'],
      ['schedule=S&duration=20.5', 'duration'],
      ['schedule=S&duration=abc', 'duration'],
      ['schedule=S&duration=721', 'duration'],
      ['schedule=S&start=2026-03-10&end=2026-03-09', 'end'],
      ['schedule=S&start=2026-03-01&end=2026-05-30', 'end'],
    ];
    let c: Client;
    let id: string;
    before(async () => {
      c = await newOrg();
      id = (await workingProvider(c)).scheduleId;
    });
    for (const [query, param] of cases) {
      it(`${query || '(no parameters)'} → 400 naming '${param}'`, async () => {
        const text = outcomeText(await search(c, query.replace('schedule=S', `schedule=Schedule/${id}`)), 400, 'invalid');
        assert.match(text, new RegExp(`'${param}'`));
      });
    }
  });

  it('an unknown schedule and another organisation\'s get the same 200 empty searchset with a warning outcome', async () => {
    const c = await newOrg();
    const other = await newOrg();
    const { scheduleId: foreign, everyDay } = await workingProvider(other);
    await everyDay('09:00', '17:00');
    assert.equal((await search(other, `schedule=${foreign}`)).body.total, 192);
    const unknown = encodeScheduleId({ locationId: randomUUID(), providerId: randomUUID() });
    const answers = [await search(c, `schedule=Schedule/${foreign}`), await search(c, `schedule=Schedule/${unknown}`), await search(c, 'schedule=Schedule/Location.1-Staff.2')];
    for (const res of answers) {
      assert.equal(res.status, 200);
      assert.equal(res.body.total, 0);
      assert.equal(res.body.entry.length, 1);
      const [entry] = res.body.entry;
      assert.deepEqual(entry.search, { mode: 'outcome' });
      assert.equal(entry.resource.resourceType, 'OperationOutcome');
      assert.equal(entry.resource.issue[0].severity, 'warning');
      assert.deepEqual(withoutSelf(res.body), withoutSelf(answers[0]!.body));
    }
  });

  it('an archived provider or location gives an empty searchset', async () => {
    const c = await newOrg();
    const { scheduleId, provider, loc, everyDay } = await workingProvider(c);
    await everyDay('09:00', '17:00');
    assert.equal((await c.patch(`/providers/${provider.id}`, { base_version: 1, is_active: false })).status, 200);
    const archived = await search(c, `schedule=${scheduleId}`);
    assert.deepEqual(withoutSelf(archived.body), { resourceType: 'Bundle', type: 'searchset', total: 0, link: undefined });
    assert.equal((await c.patch(`/providers/${provider.id}`, { base_version: 2, is_active: true })).status, 200);
    assert.equal((await search(c, `schedule=${scheduleId}`)).body.total, 192);
    assert.equal((await c.patch(`/locations/${loc.id}`, { base_version: 1, is_active: false })).status, 200);
    assert.equal((await search(c, `schedule=${scheduleId}`)).body.total, 0);
  });

  it('401 without a token, 404 with another organisation\'s, and a token scoped to availability:read works', async () => {
    const c = await newOrg();
    const other = await newOrg();
    const { scheduleId, everyDay } = await workingProvider(c);
    await everyDay('09:00', '17:00');
    const anonymous = await search(c, `schedule=${scheduleId}`, null);
    outcomeText(anonymous, 401, 'login');
    assert.equal(anonymous.headers['www-authenticate'], 'Bearer');
    outcomeText(await search(c, `schedule=${scheduleId}`, other.token), 404, 'not-found');
    const { token } = await issueToken(testPool(), c.orgId, c.adminUserId, 'widget', ['availability:read']);
    const scoped = await search(c, `schedule=${scheduleId}`, token);
    assert.equal(scoped.status, 200);
    assert.deepEqual(scoped.body, (await search(c, `schedule=${scheduleId}`)).body);
  });
});

describe('FHIR Slot search against the bookings and the native face', () => {
  it('a booked appointment removes its slot and only its slot', async () => {
    const c = await newOrg();
    const { scheduleId, loc, op, provider, template } = await workingProvider(c);
    await template(1, '09:00', '12:00'); // Tuesdays
    const query = `schedule=${scheduleId}&start=2026-03-03&end=2026-03-03`;
    const offered = wallStarts(await search(c, query));
    assert.ok(offered.includes('10:00'));
    const patient = (await c.post('/patients', { first_name: 'Ann', last_name: 'Smith' })).body;
    const booked = await c.post('/appointments', {
      patient_uuid: patient.id, location_uuid: loc.id, operatory_uuid: op.id, provider_uuid: provider.id,
      schedule_date: '2026-03-03', start_time: '10:00', end_time: '10:20',
    });
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    assert.deepEqual(wallStarts(await search(c, query)), offered.filter((t) => t !== '10:00'));
  });

  for (const [duration, from, to] of [[20, '2026-03-03', '2026-03-10'], [45, '2026-03-06', '2026-03-09'], [30, '2026-10-30', '2026-11-02']] as const) {
    it(`${duration}-minute slots ${from}–${to} are the native free-time starts of the provider, one per start`, async () => {
      const c = await newOrg();
      const { scheduleId, loc, provider, everyDay, template } = await workingProvider(c);
      await everyDay('08:00', '12:00');
      await template(SUNDAY, '00:00', '06:00');
      const second = (await c.post('/operatories', { location_uuid: loc.id, name: 'Op 2' })).body;
      const patient = (await c.post('/patients', { first_name: 'Ann', last_name: 'Smith' })).body;
      assert.equal((await c.post('/appointments', {
        patient_uuid: patient.id, location_uuid: loc.id, operatory_uuid: second.id, provider_uuid: provider.id,
        schedule_date: from, start_time: '09:10', end_time: '10:05',
      })).status, 201);
      const step = duration === 45 ? 15 : duration;
      const native = await app.inject({
        method: 'GET', headers: { authorization: `Bearer ${c.token}` },
        url: `/api/v1/${c.orgId}/schedule/free-time?location_uuid=${loc.id}&provider_uuids=${provider.id}&duration_minutes=${duration}`
          + `&one_per_start=true&step_minutes=${step}&date_from=${from}&date_to=${to}&limit=1000`,
      });
      assert.equal(native.statusCode, 200, native.body);
      const expected = native.json().items.map((i: any) => [i.start_at, i.end_at]);
      assert.ok(expected.length > 20);
      assert.deepEqual(times(await search(c, `schedule=${scheduleId}&start=${from}&end=${to}&duration=${duration}`)), expected);
    });
  }
});

describe('FHIR Slot search across DST', () => {
  const zones = [
    ['America/New_York', '-05:00', '-04:00'],
    ['America/Los_Angeles', '-08:00', '-07:00'],
  ] as const;
  for (const [zone, standard, daylight] of zones) {
    it(`${zone}: spring forward on 2026-03-08 skips the 02:00 hour and switches ${standard} → ${daylight}`, async () => {
      const c = await newOrg();
      const { scheduleId, template } = await workingProvider(c, zone);
      await template(SUNDAY, '00:00', '06:00');
      const slots = slotsOf(await search(c, `schedule=${scheduleId}&start=2026-03-08&end=2026-03-08`));
      const starts = slots.map((s: any) => s.start);
      // 00:00–01:20 local in standard time; 01:40 would end at 02:00, which does not exist.
      assert.deepEqual(starts.slice(0, 5), ['00:00', '00:20', '00:40', '01:00', '01:20'].map((t) => `2026-03-08T${t}:00${standard}`));
      assert.equal(starts[5], `2026-03-08T03:00:00${daylight}`);
      assert.ok(starts.every((s: string) => s.slice(11, 13) !== '02'), 'no slot starts in the gap');
      for (const s of slots) {
        const hour = Number(s.start.slice(11, 13));
        assert.ok(s.start.endsWith(hour < 2 ? standard : daylight), s.start);
        assert.equal(Date.parse(s.end) - Date.parse(s.start), 20 * 60_000, s.start);
      }
      assert.equal(slots.length, 5 + 9);
    });

    it(`${zone}: fall back on 2026-11-01 offers the repeated hour once, ${daylight} then ${standard}`, async () => {
      const c = await newOrg();
      const { scheduleId, template } = await workingProvider(c, zone);
      await template(SUNDAY, '00:00', '06:00');
      const starts = slotsOf(await search(c, `schedule=${scheduleId}&start=2026-11-01&end=2026-11-01`)).map((s: any) => s.start);
      const walls = starts.map((s: string) => s.slice(11, 16));
      assert.equal(new Set(walls).size, walls.length, 'each wall-clock start once');
      assert.equal(starts[0], `2026-11-01T00:00:00${daylight}`);
      assert.ok(starts.includes(`2026-11-01T01:00:00${daylight}`), 'the first pass of 01:00');
      assert.ok(!starts.includes(`2026-11-01T01:00:00${standard}`), 'not the second pass');
      assert.ok(starts.includes(`2026-11-01T02:00:00${standard}`));
      for (const s of starts) assert.ok(s.endsWith(Number(s.slice(11, 13)) < 2 ? daylight : standard), s);
    });
  }
});
