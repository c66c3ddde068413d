import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, newOrg, testApp, testPool, type Client } from '../helpers.ts';
import { makeLocation, makeOperatory, makeProvider, makeUserToken } from '../factories.ts';

after(closeTestApp);

/** An org with a New York location, a provider and a body builder for overrides of that pair. */
async function setup() {
  const c = await newOrg();
  const loc = await makeLocation(c.orgId, { name: 'Main Street' });
  const provider = await makeProvider(c.orgId);
  const body = (over: Record<string, unknown> = {}) => ({
    provider_uuid: provider.id, location_uuid: loc.id, override_date: '2026-03-10', start_time: '09:00', end_time: '13:00', ...over,
  });
  return { c, loc, provider, body };
}

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';
const total = async (c: Client) => (await c.get('/schedule/overrides')).body.total;

describe('schedule overrides', () => {
  it('create returns 201 with wall-clock times, their instants at the location\'s offset, defaults and version; get returns the same', async () => {
    const { c, loc, provider, body } = await setup();
    const res = await c.post('/schedule/overrides', body());
    assert.equal(res.status, 201);
    assert.deepEqual(res.body.provider, { id: provider.id, name: 'Dana Molar' });
    assert.deepEqual(res.body.location, { id: loc.id, name: 'Main Street' });
    assert.equal(res.body.operatory, null);
    assert.equal(res.body.override_date, '2026-03-10');
    assert.equal(res.body.is_unavailable, false);
    assert.deepEqual([res.body.start_time, res.body.end_time], ['09:00:00', '13:00:00']);
    // 2026-03-10 is after the spring-forward: EDT, UTC-4.
    assert.deepEqual([res.body.start_at, res.body.end_at], ['2026-03-10T09:00:00-04:00', '2026-03-10T13:00:00-04:00']);
    assert.equal(res.body.override_reason, 'other');
    assert.equal(res.body.note, '');
    assert.equal(res.body.version, 1);
    const got = await c.get(`/schedule/overrides/${res.body.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, res.body);
  });

  it('create of an unavailable override returns 201 with no times', async () => {
    const { c, body } = await setup();
    const res = await c.post('/schedule/overrides', body({ is_unavailable: true, start_time: null, end_time: undefined, override_reason: 'vacation', note: 'Hawaii' }));
    assert.equal(res.status, 201);
    assert.deepEqual([res.body.start_time, res.body.end_time, res.body.start_at, res.body.end_at], [null, null, null, null]);
    assert.equal(res.body.is_unavailable, true);
    assert.equal(res.body.override_reason, 'vacation');
    assert.equal(res.body.note, 'Hawaii');
  });

  it('create returns 422 dst_gap for a time inside the spring-forward gap (2026-03-08 02:30 in New York) and writes nothing', async () => {
    const { c, body } = await setup();
    const start = await c.post('/schedule/overrides', body({ override_date: '2026-03-08', start_time: '02:30', end_time: '06:00' }));
    assert.equal(start.status, 422);
    assert.deepEqual(firstIssue(start).loc, ['body', 'start_time']);
    assert.equal(firstIssue(start).type, 'dst_gap');
    const end = await c.post('/schedule/overrides', body({ override_date: '2026-03-08', start_time: '01:00', end_time: '02:15' }));
    assert.equal(end.status, 422);
    assert.deepEqual(firstIssue(end).loc, ['body', 'end_time']);
    assert.equal(firstIssue(end).type, 'dst_gap');
    assert.equal(await total(c), 0);
    // Around the gap is fine: 01:00 EST → 03:30 EDT is 1.5 real hours.
    const around = await c.post('/schedule/overrides', body({ override_date: '2026-03-08', start_time: '01:00', end_time: '03:30' }));
    assert.equal(around.status, 201);
    assert.deepEqual([around.body.start_at, around.body.end_at], ['2026-03-08T01:00:00-05:00', '2026-03-08T03:30:00-04:00']);
  });

  it('an ambiguous fall-back time (2026-11-01 01:30 in New York) is the earlier instant', async () => {
    const { c, body } = await setup();
    const res = await c.post('/schedule/overrides', body({ override_date: '2026-11-01', start_time: '01:30', end_time: '03:00' }));
    assert.equal(res.status, 201);
    assert.equal(res.body.start_at, '2026-11-01T01:30:00-04:00');
    assert.equal(res.body.end_at, '2026-11-01T03:00:00-05:00');
  });

  it('create returns 422 for times with is_unavailable, missing times, an end not after the start, a bad reason or unknown fields, and writes nothing', async () => {
    const { c, body } = await setup();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ is_unavailable: true }, 'start_time', 'value_error'],
      [{ is_unavailable: true, start_time: null }, 'end_time', 'value_error'],
      [{ start_time: undefined }, 'start_time', 'missing'],
      [{ end_time: null }, 'end_time', 'missing'],
      [{ start_time: '13:00', end_time: '09:00' }, 'end_time', 'value_error'],
      [{ end_time: '09:00' }, 'end_time', 'value_error'],
      [{ override_reason: 'bored' }, 'override_reason', 'enum'],
      [{ start_time: '9am' }, 'start_time', 'string_pattern_mismatch'],
      [{ override_date: '2026-13-01' }, 'override_date', 'date_parsing'],
      [{ is_unavailable: 'yes' }, 'is_unavailable', 'bool_type'],
      [{ version: 1 }, 'version', 'extra_forbidden'],
      [{ start_at: '2026-03-10T09:00:00-04:00' }, 'start_at', 'extra_forbidden'],
    ];
    for (const [over, field, type] of cases) {
      const res = await c.post('/schedule/overrides', body(over));
      assert.equal(res.status, 422, JSON.stringify(over));
      assert.deepEqual(firstIssue(res).loc, ['body', field], JSON.stringify(over));
      assert.equal(firstIssue(res).type, type, JSON.stringify(over));
    }
    assert.equal(await total(c), 0);
  });

  it('the OpenAPI document lists the override_reason values', async () => {
    const doc = (await (await testApp()).inject({ method: 'GET', url: '/openapi.json' })).json();
    const reasons = ['vacation', 'sick', 'training', 'holiday', 'personal', 'extra_hours', 'schedule_change', 'other'];
    assert.deepEqual(doc.components.schemas.ProviderScheduleOverride.properties.override_reason.enum, reasons);
  });

  it('create returns 404 at the body field for an unknown provider, location or operatory and 422 for a chair of another location', async () => {
    const { c, body } = await setup();
    const other = await newOrg();
    const foreignLoc = await makeLocation(other.orgId);
    const cases: [Record<string, unknown>, string][] = [
      [{ provider_uuid: MISSING }, 'provider_uuid'], [{ provider_uuid: (await makeProvider(other.orgId)).id }, 'provider_uuid'],
      [{ location_uuid: MISSING }, 'location_uuid'], [{ location_uuid: foreignLoc.id }, 'location_uuid'],
      [{ operatory_uuid: MISSING }, 'operatory_uuid'], [{ operatory_uuid: (await makeOperatory(other.orgId, foreignLoc.id)).id }, 'operatory_uuid'],
    ];
    for (const [over, field] of cases) {
      const res = await c.post('/schedule/overrides', body(over));
      assert.equal(res.status, 404, JSON.stringify(over));
      assert.deepEqual(firstIssue(res).loc, ['body', field]);
    }
    const elsewhere = await makeOperatory(c.orgId, (await makeLocation(c.orgId, { name: 'Uptown' })).id);
    const res = await c.post('/schedule/overrides', body({ operatory_uuid: elsewhere.id }));
    assert.equal(res.status, 422);
    assert.deepEqual(firstIssue(res).loc, ['body', 'operatory_uuid']);
    assert.equal(await total(c), 0);
  });

  it('several ranges on one date are allowed when they do not overlap; an overlap returns 409 naming the other override', async () => {
    const { c, body } = await setup();
    const morning = (await c.post('/schedule/overrides', body())).body;
    assert.equal((await c.post('/schedule/overrides', body({ start_time: '13:00', end_time: '17:00' }))).status, 201);
    assert.equal((await c.post('/schedule/overrides', body({ override_date: '2026-03-11' }))).status, 201);
    assert.equal((await c.post('/schedule/overrides', body({ location_uuid: (await makeLocation(c.orgId)).id }))).status, 201);
    const res = await c.post('/schedule/overrides', body({ start_time: '12:00', end_time: '12:30' }));
    assert.equal(res.status, 409);
    assert.equal(firstIssue(res).type, 'overlap');
    assert.match(firstIssue(res).msg, new RegExp(`${morning.id} on 2026-03-10 \\(09:00:00–13:00:00\\)`));
    assert.equal(await total(c), 4);
  });

  it('an unavailable override cannot coexist with another override of the date (409 either way)', async () => {
    const { c, body } = await setup();
    const ranged = (await c.post('/schedule/overrides', body())).body;
    const off = await c.post('/schedule/overrides', body({ is_unavailable: true, start_time: null, end_time: null }));
    assert.equal(off.status, 409);
    assert.match(firstIssue(off).msg, new RegExp(ranged.id));
    const { c: c2, body: body2 } = await setup();
    const sick = (await c2.post('/schedule/overrides', body2({ is_unavailable: true, start_time: null, end_time: null, override_reason: 'sick' }))).body;
    const extra = await c2.post('/schedule/overrides', body2({ override_reason: 'extra_hours' }));
    assert.equal(extra.status, 409);
    assert.equal(firstIssue(extra).type, 'overlap');
    assert.match(firstIssue(extra).msg, new RegExp(`${sick.id}.*unavailable all day`));
    assert.equal(await total(c2), 1);
  });

  it('list orders by date and start, filters by provider, location and date range, and returns 404 / 422 for bad filters', async () => {
    const { c, loc, provider, body } = await setup();
    const adams = await makeProvider(c.orgId, { first_name: 'Zed', last_name: 'Adams' });
    await c.post('/schedule/overrides', body({ override_date: '2026-03-12' }));
    await c.post('/schedule/overrides', body({ start_time: '14:00', end_time: '15:00' }));
    await c.post('/schedule/overrides', body());
    await c.post('/schedule/overrides', body({ provider_uuid: adams.id, is_unavailable: true, start_time: null, end_time: null }));
    const all = (await c.get('/schedule/overrides')).body;
    assert.deepEqual(all.items.map((o: any) => `${o.override_date} ${o.start_time} ${o.provider.name}`), [
      '2026-03-10 null Zed Adams', '2026-03-10 09:00:00 Dana Molar', '2026-03-10 14:00:00 Dana Molar', '2026-03-12 09:00:00 Dana Molar',
    ]);
    assert.equal((await c.get(`/schedule/overrides?provider_uuid=${provider.id}`)).body.total, 3);
    assert.equal((await c.get(`/schedule/overrides?location_uuid=${loc.id}&date_from=2026-03-11`)).body.total, 1);
    assert.equal((await c.get('/schedule/overrides?date_to=2026-03-10')).body.total, 3);
    assert.equal((await c.get('/schedule/overrides?date_from=2026-03-10&date_to=2026-03-10&page=2&page_size=2')).body.items.length, 1);
    for (const field of ['provider_uuid', 'location_uuid']) {
      const res = await c.get(`/schedule/overrides?${field}=${MISSING}`);
      assert.equal(res.status, 404);
      assert.deepEqual(firstIssue(res).loc, ['query', field]);
    }
    const backwards = await c.get('/schedule/overrides?date_from=2026-03-12&date_to=2026-03-10');
    assert.equal(backwards.status, 422);
    assert.deepEqual(firstIssue(backwards).loc, ['query', 'date_to']);
    assert.equal((await c.get('/schedule/overrides?date_from=2026-02-30')).status, 422);
  });

  it('get returns 404 for an unknown id or another organisation\'s override', async () => {
    const { c } = await setup();
    const other = await setup();
    const foreign = (await other.c.post('/schedule/overrides', other.body())).body;
    for (const id of [MISSING, foreign.id]) {
      const res = await c.get(`/schedule/overrides/${id}`);
      assert.equal(res.status, 404);
      assert.deepEqual(firstIssue(res).loc, ['path', 'override_uuid']);
    }
  });

  it('patch without base_version changes times and recomputes instants; unavailable drops times; available again needs both times', async () => {
    const { c, loc, body } = await setup();
    const op = await makeOperatory(c.orgId, loc.id, 'Chair 2');
    const o = (await c.post('/schedule/overrides', body({ override_date: '2026-11-01' }))).body;
    const moved = await c.patch(`/schedule/overrides/${o.id}`, { start_time: '01:30', operatory_uuid: op.id, override_reason: 'schedule_change' });
    assert.equal(moved.status, 200);
    assert.equal(moved.body.version, 2);
    assert.deepEqual([moved.body.start_time, moved.body.end_time], ['01:30:00', '13:00:00']);
    assert.deepEqual([moved.body.start_at, moved.body.end_at], ['2026-11-01T01:30:00-04:00', '2026-11-01T13:00:00-05:00']);
    assert.deepEqual(moved.body.operatory, { id: op.id, name: 'Chair 2' });
    const off = await c.patch(`/schedule/overrides/${o.id}`, { base_version: 2, is_unavailable: true, operatory_uuid: null });
    assert.equal(off.status, 200);
    assert.deepEqual([off.body.start_time, off.body.start_at, off.body.operatory, off.body.version], [null, null, null, 3]);
    const half = await c.patch(`/schedule/overrides/${o.id}`, { is_unavailable: false, start_time: '08:00' });
    assert.equal(half.status, 422);
    assert.deepEqual(firstIssue(half), { loc: ['body', 'end_time'], msg: 'end_time is required unless is_unavailable is true', type: 'missing' });
    const back = await c.patch(`/schedule/overrides/${o.id}`, { is_unavailable: false, start_time: '08:00', end_time: '12:00', note: null });
    assert.equal(back.status, 200);
    assert.equal(back.body.start_at, '2026-11-01T08:00:00-05:00');
  });

  it('patch returns 409 for a stale base_version or an overlap, 422 for a gap time, a bad reason or an immutable field, and changes nothing', async () => {
    const { c, body } = await setup();
    const other = (await c.post('/schedule/overrides', body({ override_date: '2026-03-08', start_time: '12:00', end_time: '14:00' }))).body;
    const o = (await c.post('/schedule/overrides', body({ override_date: '2026-03-08', start_time: '08:00', end_time: '11:00' }))).body;
    const stale = await c.patch(`/schedule/overrides/${o.id}`, { base_version: 3, note: 'x' });
    assert.equal(stale.status, 409);
    assert.equal(firstIssue(stale).type, 'version_conflict');
    const overlap = await c.patch(`/schedule/overrides/${o.id}`, { base_version: 1, end_time: '12:30' });
    assert.equal(overlap.status, 409);
    assert.match(firstIssue(overlap).msg, new RegExp(other.id));
    const cases: [Record<string, unknown>, string, string][] = [
      [{ start_time: '02:30' }, 'start_time', 'dst_gap'],
      [{ override_reason: 'nap' }, 'override_reason', 'enum'],
      [{ start_time: '07:00', is_unavailable: true }, 'start_time', 'value_error'],
      [{ override_date: '2026-03-09' }, 'override_date', 'extra_forbidden'],
      [{ provider_uuid: MISSING }, 'provider_uuid', 'extra_forbidden'],
      [{ location_uuid: MISSING }, 'location_uuid', 'extra_forbidden'],
    ];
    for (const [over, field, type] of cases) {
      const res = await c.patch(`/schedule/overrides/${o.id}`, over);
      assert.equal(res.status, 422, JSON.stringify(over));
      assert.deepEqual(firstIssue(res).loc, ['body', field], JSON.stringify(over));
      assert.equal(firstIssue(res).type, type, JSON.stringify(over));
    }
    assert.equal((await c.patch(`/schedule/overrides/${o.id}`, { operatory_uuid: MISSING })).status, 404);
    const got = (await c.get(`/schedule/overrides/${o.id}`)).body;
    assert.deepEqual([got.version, got.start_time, got.end_time, got.override_reason], [1, '08:00:00', '11:00:00', 'other']);
  });

  it('patch and delete return 404 for an unknown id or another organisation\'s override; delete is hard (204, then 404)', async () => {
    const { c, body } = await setup();
    const other = await setup();
    const foreign = (await other.c.post('/schedule/overrides', other.body())).body;
    for (const id of [MISSING, foreign.id]) {
      assert.equal((await c.patch(`/schedule/overrides/${id}`, { note: 'x' })).status, 404);
      assert.equal((await c.delete(`/schedule/overrides/${id}`)).status, 404);
    }
    assert.equal((await other.c.get(`/schedule/overrides/${foreign.id}`)).body.version, 1);
    const o = (await c.post('/schedule/overrides', body())).body;
    assert.equal((await c.delete(`/schedule/overrides/${o.id}`)).status, 204);
    assert.equal((await c.get(`/schedule/overrides/${o.id}`)).status, 404);
    assert.equal((await c.delete(`/schedule/overrides/${o.id}`)).status, 404);
    assert.equal((await testPool().query('SELECT 1 FROM provider_schedule_overrides WHERE id = $1', [o.id])).rowCount, 0);
  });

  it('a viewer may read overrides but every write returns 403 and changes nothing', async () => {
    const { c, body } = await setup();
    const o = (await c.post('/schedule/overrides', body())).body;
    const viewer = c.as((await makeUserToken(c.orgId, 'viewer')).token);
    assert.equal((await viewer.get(`/schedule/overrides/${o.id}`)).status, 200);
    assert.equal((await viewer.get('/schedule/overrides')).body.total, 1);
    const res = await viewer.post('/schedule/overrides', body({ override_date: '2026-03-11' }));
    assert.equal(res.status, 403);
    assert.equal(firstIssue(res).type, 'forbidden');
    assert.equal((await viewer.patch(`/schedule/overrides/${o.id}`, { note: 'y' })).status, 403);
    assert.equal((await viewer.delete(`/schedule/overrides/${o.id}`)).status, 403);
    assert.equal(await total(c), 1);
    assert.equal((await c.get(`/schedule/overrides/${o.id}`)).body.version, 1);
  });

  it('a location-limited user cannot see or write overrides of another location (404) but may manage their own', async () => {
    const { c, loc, body } = await setup();
    const theirs = await makeLocation(c.orgId, { name: 'Theirs' });
    const mine = (await c.post('/schedule/overrides', body())).body;
    const other = (await c.post('/schedule/overrides', body({ location_uuid: theirs.id }))).body;
    const limited = c.as((await makeUserToken(c.orgId, 'staff', [loc.id])).token);
    assert.deepEqual((await limited.get('/schedule/overrides')).body.items.map((o: any) => o.id), [mine.id]);
    assert.equal((await limited.get(`/schedule/overrides?location_uuid=${theirs.id}`)).status, 404);
    assert.equal((await limited.get(`/schedule/overrides/${other.id}`)).status, 404);
    assert.equal((await limited.patch(`/schedule/overrides/${other.id}`, { note: 'x' })).status, 404);
    assert.equal((await limited.delete(`/schedule/overrides/${other.id}`)).status, 404);
    const create = await limited.post('/schedule/overrides', body({ location_uuid: theirs.id, override_date: '2026-03-11' }));
    assert.equal(create.status, 404);
    assert.deepEqual(firstIssue(create).loc, ['body', 'location_uuid']);
    assert.equal((await c.get(`/schedule/overrides/${other.id}`)).body.version, 1);
    assert.equal(await total(c), 2);
    assert.equal((await limited.patch(`/schedule/overrides/${mine.id}`, { note: 'ok' })).status, 200);
    assert.equal((await limited.delete(`/schedule/overrides/${mine.id}`)).status, 204);
  });
});
