import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, newOrg, testPool, type Client } from '../helpers.ts';
import { makeLocation, makeOperatory, makeProvider, makeUserToken } from '../factories.ts';

after(closeTestApp);

const SUNDAY = 6;
const MONDAY = 0;
const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';
const hours = (r: { start_at: string; end_at: string }) => (Date.parse(r.end_at) - Date.parse(r.start_at)) / 3_600_000;

/** An org with a New York location and a provider, plus writers for templates and overrides through the API. */
async function setup() {
  const c = await newOrg();
  const loc = await makeLocation(c.orgId, { name: 'Main Street', timezone: 'America/New_York' });
  const provider = await makeProvider(c.orgId);
  const template = async (day: number, start: string, end: string, over: Record<string, unknown> = {}) => {
    const res = await c.post('/schedule/templates', {
      provider_uuid: provider.id, location_uuid: loc.id, day_of_week: day, start_time: start, end_time: end, effective_from: '2026-01-01', ...over,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };
  const override = async (date: string, over: Record<string, unknown> = {}) => {
    const res = await c.post('/schedule/overrides', { provider_uuid: provider.id, location_uuid: loc.id, override_date: date, ...over });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };
  const availability = (date: string, providerId = provider.id, locationId = loc.id, client: Client = c) =>
    client.get(`/schedule/provider-availability?provider_uuid=${providerId}&location_uuid=${locationId}&date=${date}`);
  return { c, loc, provider, template, override, availability };
}

describe('provider availability', () => {
  it('a Sunday template 00:00–06:00 is 5 real hours on the spring-forward day and 7 on the fall-back day', async () => {
    const { loc, provider, template, availability } = await setup();
    await template(SUNDAY, '00:00', '06:00');
    const spring = await availability('2026-03-08');
    assert.equal(spring.status, 200);
    assert.equal(spring.body.date, '2026-03-08');
    assert.deepEqual(spring.body.provider, { id: provider.id, name: 'Dana Molar' });
    assert.deepEqual(spring.body.location, { id: loc.id, name: 'Main Street' });
    assert.equal(spring.body.location_timezone, 'America/New_York');
    assert.equal(spring.body.day_hours, 23);
    assert.equal(spring.body.is_override, false);
    // 00:00 EST (UTC-5) → 06:00 EDT (UTC-4): the 02:00–03:00 hour never happens.
    assert.deepEqual(spring.body.time_ranges, [{
      start_time: '00:00:00', end_time: '06:00:00', start_at: '2026-03-08T00:00:00-05:00', end_at: '2026-03-08T06:00:00-04:00', operatory: null,
    }]);
    assert.equal(hours(spring.body.time_ranges[0]), 5);
    const fall = await availability('2026-11-01');
    // 00:00 EDT → 06:00 EST: the 01:00–02:00 hour happens twice.
    assert.equal(fall.body.day_hours, 25);
    assert.equal(fall.body.time_ranges[0].start_at, '2026-11-01T00:00:00-04:00');
    assert.equal(fall.body.time_ranges[0].end_at, '2026-11-01T06:00:00-05:00');
    assert.equal(hours(fall.body.time_ranges[0]), 7);
    assert.equal((await availability('2026-03-15')).body.day_hours, 24);
  });

  it('a Sunday template 08:00–17:00 stays 9 real hours on both DST days', async () => {
    const { template, availability } = await setup();
    await template(SUNDAY, '08:00', '17:00');
    for (const [date, offset] of [['2026-03-08', '-04:00'], ['2026-11-01', '-05:00']] as const) {
      const range = (await availability(date)).body.time_ranges[0];
      assert.equal(hours(range), 9, date);
      assert.equal(range.start_at, `${date}T08:00:00${offset}`);
    }
  });

  it('a template time inside the gap is clamped to the transition (02:30 on 2026-03-08 starts at 03:00 EDT)', async () => {
    const { template, availability } = await setup();
    await template(SUNDAY, '02:30', '04:00');
    const range = (await availability('2026-03-08')).body.time_ranges[0];
    assert.equal(range.start_time, '02:30:00');
    assert.equal(range.start_at, '2026-03-08T03:00:00-04:00');
    assert.equal(hours(range), 1);
  });

  it('split shifts give several ranges in start order, with the operatory each template names', async () => {
    const { c, loc, template, availability } = await setup();
    const op = await makeOperatory(c.orgId, loc.id, 'Chair 4');
    await template(MONDAY, '13:00', '17:00', { operatory_uuid: op.id });
    await template(MONDAY, '08:00', '12:00');
    const res = (await availability('2026-03-09')).body;
    assert.equal(res.is_override, false);
    assert.deepEqual(res.time_ranges.map((r: any) => [r.start_at, r.end_at, r.operatory]), [
      ['2026-03-09T08:00:00-04:00', '2026-03-09T12:00:00-04:00', null],
      ['2026-03-09T13:00:00-04:00', '2026-03-09T17:00:00-04:00', { id: op.id, name: 'Chair 4' }],
    ]);
  });

  it('effective periods are inclusive at both ends; outside them, and on other weekdays, there are no ranges', async () => {
    const { template, availability } = await setup();
    await template(MONDAY, '08:00', '12:00', { effective_from: '2026-03-09', effective_to: '2026-03-23' });
    await template(MONDAY, '09:00', '10:00', { effective_from: '2026-03-30' });
    const starts = async (date: string) => (await availability(date)).body.time_ranges.map((r: any) => r.start_time);
    assert.deepEqual(await starts('2026-03-02'), []);
    assert.deepEqual(await starts('2026-03-09'), ['08:00:00']);
    assert.deepEqual(await starts('2026-03-23'), ['08:00:00']);
    assert.deepEqual(await starts('2026-03-30'), ['09:00:00']);
    assert.deepEqual(await starts('2026-03-10'), []);
  });

  it('an override replaces the date\'s templates; an unavailable one gives is_override true and no ranges', async () => {
    const { template, override, availability } = await setup();
    await template(SUNDAY, '08:00', '17:00');
    await override('2026-11-01', { start_time: '01:30', end_time: '03:00', override_reason: 'extra_hours' });
    const replaced = (await availability('2026-11-01')).body;
    assert.equal(replaced.is_override, true);
    // 01:30 happens twice that night: the override means the earlier (EDT) one.
    assert.deepEqual(replaced.time_ranges.map((r: any) => [r.start_at, r.end_at]), [['2026-11-01T01:30:00-04:00', '2026-11-01T03:00:00-05:00']]);
    await override('2026-03-08', { is_unavailable: true, override_reason: 'vacation' });
    const off = (await availability('2026-03-08')).body;
    assert.equal(off.is_override, true);
    assert.deepEqual(off.time_ranges, []);
    assert.equal((await availability('2026-03-15')).body.is_override, false);
  });

  it('returns 404 for an unknown provider or location, 422 for a bad or missing query', async () => {
    const { provider, loc, availability } = await setup();
    const other = await newOrg();
    const foreignLoc = await makeLocation(other.orgId);
    for (const [p, l, field] of [[MISSING, loc.id, 'provider_uuid'], [provider.id, MISSING, 'location_uuid'], [provider.id, foreignLoc.id, 'location_uuid']]) {
      const res = await availability('2026-03-09', p, l);
      assert.equal(res.status, 404);
      assert.deepEqual(firstIssue(res).loc, ['query', field]);
    }
    for (const date of ['2026-02-30', 'tomorrow']) {
      const res = await availability(date);
      assert.equal(res.status, 422, date);
      assert.deepEqual(firstIssue(res).loc, ['query', 'date']);
    }
    const { c } = await setup();
    assert.deepEqual(firstIssue(await c.get(`/schedule/provider-availability?provider_uuid=${provider.id}&date=2026-03-09`)).loc, ['query', 'location_uuid']);
  });
});

describe('daily providers', () => {
  it('lists every provider with a template in force or an override that date, by last name, with DST-correct ranges', async () => {
    const { c, loc, provider, template, override } = await setup();
    const adams = await makeProvider(c.orgId, { first_name: 'Zed', last_name: 'Adams' });
    const brown = await makeProvider(c.orgId, { first_name: 'Ann', last_name: 'Brown' });
    await makeProvider(c.orgId, { first_name: 'No', last_name: 'Schedule' });
    await template(SUNDAY, '00:00', '06:00');
    await c.post('/schedule/templates', { provider_uuid: adams.id, location_uuid: loc.id, day_of_week: SUNDAY, start_time: '08:00', end_time: '17:00', effective_from: '2026-01-01' });
    await c.post('/schedule/overrides', { provider_uuid: brown.id, location_uuid: loc.id, override_date: '2026-03-08', is_unavailable: true });
    await override('2026-03-15', { start_time: '10:00', end_time: '11:00' });
    const res = await c.get(`/schedule/daily-providers?location_uuid=${loc.id}&date=2026-03-08`);
    assert.equal(res.status, 200);
    assert.equal(res.body.date, '2026-03-08');
    assert.deepEqual(res.body.location, { id: loc.id, name: 'Main Street' });
    assert.equal(res.body.location_timezone, 'America/New_York');
    assert.equal(res.body.day_hours, 23);
    assert.deepEqual(res.body.providers.map((p: any) => [p.provider.name, p.is_override, p.time_ranges.map(hours)]), [
      ['Zed Adams', false, [9]], ['Ann Brown', true, []], ['Dana Molar', false, [5]],
    ]);
    assert.deepEqual(res.body.providers[2].provider, { id: provider.id, name: 'Dana Molar' });
    const later = (await c.get(`/schedule/daily-providers?location_uuid=${loc.id}&date=2026-03-15`)).body;
    assert.deepEqual(later.providers.map((p: any) => [p.provider.name, p.is_override, p.time_ranges.map((r: any) => r.start_at)]), [
      ['Zed Adams', false, ['2026-03-15T08:00:00-04:00']], ['Dana Molar', true, ['2026-03-15T10:00:00-04:00']],
    ]);
    assert.deepEqual((await c.get(`/schedule/daily-providers?location_uuid=${loc.id}&date=2026-03-09`)).body.providers, []);
  });

  it('loads in the same number of queries for two providers as for six', async () => {
    const { c, loc } = await setup();
    const queriesFor = async () => {
      const pool = testPool();
      const original = pool.query.bind(pool);
      let n = 0;
      pool.query = ((...args: Parameters<typeof original>) => { n += 1; return original(...args); }) as typeof pool.query;
      try {
        assert.equal((await c.get(`/schedule/daily-providers?location_uuid=${loc.id}&date=2026-03-09`)).status, 200);
      } finally {
        pool.query = original;
      }
      return n;
    };
    const addProvider = async (i: number) => {
      const p = await makeProvider(c.orgId, { first_name: `P${i}`, last_name: `Last${i}` });
      await c.post('/schedule/templates', { provider_uuid: p.id, location_uuid: loc.id, day_of_week: MONDAY, start_time: '08:00', end_time: '12:00', effective_from: '2026-01-01' });
      await c.post('/schedule/overrides', { provider_uuid: p.id, location_uuid: loc.id, override_date: '2026-03-09', start_time: '13:00', end_time: '14:00' });
    };
    for (const i of [1, 2]) await addProvider(i);
    const few = await queriesFor();
    assert.ok(few >= 3, `counted ${few} queries`);
    for (const i of [3, 4, 5, 6]) await addProvider(i);
    assert.equal(await queriesFor(), few);
    assert.equal((await c.get(`/schedule/daily-providers?location_uuid=${loc.id}&date=2026-03-09`)).body.providers.length, 6);
  });

  it('returns 404 for an unknown or another organisation\'s location and 422 for a bad date', async () => {
    const { c, loc } = await setup();
    const other = await newOrg();
    for (const id of [MISSING, (await makeLocation(other.orgId)).id]) {
      const res = await c.get(`/schedule/daily-providers?location_uuid=${id}&date=2026-03-09`);
      assert.equal(res.status, 404);
      assert.deepEqual(firstIssue(res).loc, ['query', 'location_uuid']);
    }
    const bad = await c.get(`/schedule/daily-providers?location_uuid=${loc.id}&date=2026-3-9`);
    assert.equal(bad.status, 422);
    assert.deepEqual(firstIssue(bad).loc, ['query', 'date']);
    assert.equal((await c.get(`/schedule/daily-providers?location_uuid=${loc.id}`)).status, 422);
  });

  it('a location-limited user gets 404 for another location on both endpoints; a viewer may read', async () => {
    const { c, loc, provider, template, availability } = await setup();
    const theirs = await makeLocation(c.orgId, { name: 'Theirs' });
    await template(MONDAY, '08:00', '12:00');
    const limited = c.as((await makeUserToken(c.orgId, 'staff', [theirs.id])).token);
    assert.equal((await limited.get(`/schedule/daily-providers?location_uuid=${loc.id}&date=2026-03-09`)).status, 404);
    assert.equal((await availability('2026-03-09', provider.id, loc.id, limited)).status, 404);
    assert.equal((await limited.get(`/schedule/daily-providers?location_uuid=${theirs.id}&date=2026-03-09`)).status, 200);
    const viewer = c.as((await makeUserToken(c.orgId, 'viewer')).token);
    assert.equal((await availability('2026-03-09', provider.id, loc.id, viewer)).body.time_ranges.length, 1);
    assert.equal((await viewer.get(`/schedule/daily-providers?location_uuid=${loc.id}&date=2026-03-09`)).body.providers.length, 1);
  });
});
