import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, newOrg, testPool, type Client } from '../helpers.ts';
import { makeBlockoutType, makeLocation, makeOperatory, makeUserToken } from '../factories.ts';

after(closeTestApp);

/** An org with a New York location, two chairs there, one chair elsewhere, and a Lunch type. */
async function practice() {
  const c = await newOrg();
  const loc = await makeLocation(c.orgId, { name: 'Main Street' });
  const elsewhere = await makeLocation(c.orgId, { name: 'Uptown' });
  const op1 = await makeOperatory(c.orgId, loc.id, 'Op 1');
  const op2 = await makeOperatory(c.orgId, loc.id, 'Op 2');
  const farOp = await makeOperatory(c.orgId, elsewhere.id, 'Far 1');
  const lunch = await makeBlockoutType(c.orgId);
  const post = (over: Record<string, unknown> = {}) => c.post('/blockouts/instances', {
    blockout_type_uuid: lunch.id, location_uuid: loc.id, schedule_date: '2026-06-01', start_time: '12:00', end_time: '13:00', ...over,
  });
  return { c, loc, elsewhere, op1, op2, farOp, lunch, post };
}

async function count(c: Client): Promise<number> {
  return (await c.get('/blockouts/instances')).body.total;
}

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';

describe('blockouts: create', () => {
  it('create without operatory_uuids returns 201 with one location-wide blockout, wall-clock times and offset instants', async () => {
    const { c, loc, lunch, post } = await practice();
    const res = await post({ note: 'Team lunch' });
    assert.equal(res.status, 201);
    assert.deepEqual(res.body.warnings, []);
    assert.equal(res.body.items.length, 1);
    const b = res.body.items[0];
    assert.deepEqual({ ...b, id: undefined, created_at: undefined, updated_at: undefined }, {
      id: undefined, blockout_type: { id: lunch.id, name: 'Lunch' }, location: { id: loc.id, name: 'Main Street' }, operatory: null,
      blockout_group_uuid: null, schedule_date: '2026-06-01', start_time: '12:00:00', end_time: '13:00:00',
      start_at: '2026-06-01T12:00:00-04:00', end_at: '2026-06-01T13:00:00-04:00', note: 'Team lunch', status: 'active', version: 1,
      created_at: undefined, updated_at: undefined,
    });
    const got = await c.get(`/blockouts/instances/${b.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, b);
  });

  it('create with operatory_uuids returns 201 with one blockout per operatory, in request order, sharing one new group', async () => {
    const { op1, op2, post } = await practice();
    const res = await post({ operatory_uuids: [op2.id, op1.id], start_time: '08:00:00', end_time: '08:30:00' });
    assert.equal(res.status, 201);
    assert.deepEqual(res.body.items.map((b: any) => b.operatory), [{ id: op2.id, name: 'Op 2' }, { id: op1.id, name: 'Op 1' }]);
    const group = res.body.items[0].blockout_group_uuid;
    assert.match(group, /^[0-9a-f-]{36}$/);
    assert.equal(res.body.items[1].blockout_group_uuid, group);
    assert.equal(res.body.items[0].note, '');
  });

  it('create returns 404 for an unknown or foreign location, an unknown type, and an operatory of another location, writing nothing', async () => {
    const { c, op1, farOp, post } = await practice();
    const other = await newOrg();
    const foreignLoc = await makeLocation(other.orgId);
    for (const location_uuid of [MISSING, foreignLoc.id]) {
      const res = await post({ location_uuid });
      assert.equal(res.status, 404);
      assert.deepEqual(firstIssue(res).loc, ['body', 'location_uuid']);
    }
    assert.deepEqual(firstIssue(await post({ blockout_type_uuid: MISSING })).loc, ['body', 'blockout_type_uuid']);
    const res = await post({ operatory_uuids: [op1.id, farOp.id] });
    assert.equal(res.status, 404);
    assert.deepEqual(firstIssue(res).loc, ['body', 'operatory_uuids', 1]);
    const foreignOp = (await practice()).op1;
    assert.deepEqual(firstIssue(await post({ operatory_uuids: [foreignOp.id] })).loc, ['body', 'operatory_uuids', 0]);
    assert.equal(await count(c), 0);
  });

  it('create returns 422 for an inactive type, unknown fields, bad times, end before start and repeated operatories, writing nothing', async () => {
    const { c, op1, post } = await practice();
    const archived = await makeBlockoutType(c.orgId, { name: 'Archived' });
    await testPool().query("UPDATE blockout_types SET status = 'inactive' WHERE id = $1", [archived.id]);
    const res = await post({ blockout_type_uuid: archived.id });
    assert.equal(res.status, 422);
    assert.deepEqual(firstIssue(res).loc, ['body', 'blockout_type_uuid']);
    for (const extra of [{ id: MISSING }, { operatory_uuid: op1.id }, { group_id: MISSING }, { version: 1 }]) {
      const r = await post(extra);
      assert.equal(r.status, 422, JSON.stringify(extra));
      assert.equal(firstIssue(r).type, 'extra_forbidden');
    }
    const cases: [Record<string, unknown>, (string | number)[], string][] = [
      [{ start_time: '24:00' }, ['body', 'start_time'], 'string_pattern_mismatch'],
      [{ start_time: '9:00' }, ['body', 'start_time'], 'string_pattern_mismatch'],
      [{ end_time: '11:00' }, ['body', 'end_time'], 'value_error'],
      [{ end_time: '12:00:00' }, ['body', 'end_time'], 'value_error'],
      [{ schedule_date: '2026-02-30' }, ['body', 'schedule_date'], 'date_parsing'],
      [{ operatory_uuids: [] }, ['body', 'operatory_uuids'], 'too_short'],
      [{ operatory_uuids: [op1.id, op1.id] }, ['body', 'operatory_uuids'], 'value_error'],
      [{ operatory_uuids: [op1.id, op1.id.toUpperCase()] }, ['body', 'operatory_uuids', 1], 'value_error'],
      [{ allow_overlap: 'yes' }, ['body', 'allow_overlap'], 'bool_type'],
    ];
    for (const [bad, loc, type] of cases) {
      const r = await post(bad);
      assert.equal(r.status, 422, JSON.stringify(bad));
      assert.deepEqual([firstIssue(r).loc, firstIssue(r).type], [loc, type], JSON.stringify(bad));
    }
    assert.equal(await count(c), 0);
  });

  it('create at 02:30–03:30 on the spring-forward day 2026-03-08 returns 422 dst_gap and writes nothing', async () => {
    const { c, post } = await practice();
    // 02:30 does not exist in New York on 2026-03-08: clocks jump from 02:00 EST to 03:00 EDT.
    const res = await post({ schedule_date: '2026-03-08', start_time: '02:30', end_time: '03:30' });
    assert.equal(res.status, 422);
    assert.deepEqual([firstIssue(res).loc, firstIssue(res).type], [['body', 'start_time'], 'dst_gap']);
    // 01:30 exists, 02:15 does not.
    const end = await post({ schedule_date: '2026-03-08', start_time: '01:30', end_time: '02:15' });
    assert.deepEqual([firstIssue(end).loc, firstIssue(end).type], [['body', 'end_time'], 'dst_gap']);
    assert.equal(await count(c), 0);
  });

  it('create around the DST changes gives instants with the right offset: EDT after spring-forward, the earlier instant on fall-back', async () => {
    const { post } = await practice();
    const cases: [string, string, string, string, string][] = [
      // 12:00 on the spring-forward day is already EDT.
      ['2026-03-08', '12:00', '13:00', '2026-03-08T12:00:00-04:00', '2026-03-08T13:00:00-04:00'],
      // 01:00–01:30 on 2026-11-01 happens twice; the earlier (EDT) one is meant.
      ['2026-11-01', '01:00', '01:30', '2026-11-01T01:00:00-04:00', '2026-11-01T01:30:00-04:00'],
      // 12:00 on the fall-back day is EST.
      ['2026-11-01', '12:00', '13:00', '2026-11-01T12:00:00-05:00', '2026-11-01T13:00:00-05:00'],
      // 01:00 EST → 03:30 EDT spans the jump: 1.5 real hours.
      ['2026-03-08', '01:00', '03:30', '2026-03-08T01:00:00-05:00', '2026-03-08T03:30:00-04:00'],
    ];
    for (const [schedule_date, start_time, end_time, start_at, end_at] of cases) {
      const res = await post({ schedule_date, start_time, end_time });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.deepEqual([res.body.items[0].start_at, res.body.items[0].end_at], [start_at, end_at]);
    }
  });

  it('create returns 409 overlap naming the conflicting blockout, location-wide counting for every operatory, and writes nothing', async () => {
    const { c, op1, op2, post } = await practice();
    const wide = (await post()).body.items[0];
    const res = await post({ operatory_uuids: [op1.id], start_time: '12:30', end_time: '12:45' });
    assert.equal(res.status, 409);
    assert.equal(firstIssue(res).type, 'overlap');
    assert.match(firstIssue(res).msg, new RegExp(wide.id));
    assert.match(firstIssue(res).msg, /Lunch 12:00–13:00 \(whole location\)/);
    assert.equal(await count(c), 1);
    // Back-to-back is fine (half-open), and two chairs may be blocked at the same time.
    assert.equal((await post({ start_time: '13:00', end_time: '14:00', operatory_uuids: [op1.id, op2.id] })).status, 201);
    const chair = await post({ start_time: '13:30', end_time: '13:45', operatory_uuids: [op2.id] });
    assert.equal(chair.status, 409);
    assert.equal(chair.body.detail.length, 1);
    const wide2 = await post({ start_time: '13:30', end_time: '13:45' });
    assert.equal(wide2.status, 409);
    assert.equal(wide2.body.detail.length, 2, 'a location-wide blockout conflicts with both chairs');
    assert.equal(await count(c), 3);
  });

  it('concurrent overlapping creates at one location are serialised: exactly one gets 201, the others 409', async () => {
    const { c, op1, post } = await practice();
    // All four overlap pairwise (two on Op 1, two location-wide), whatever order they arrive in.
    const results = await Promise.all([
      post(), post({ operatory_uuids: [op1.id] }), post({ operatory_uuids: [op1.id], start_time: '12:30' }), post({ start_time: '12:59' }),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 409, 409, 409]);
    assert.equal(await count(c), 1);
  });

  it('create with allow_overlap: true returns 201 and lists the overlaps in warnings', async () => {
    const { op1, post } = await practice();
    const wide = (await post()).body.items[0];
    const res = await post({ operatory_uuids: [op1.id], start_time: '12:30', end_time: '12:45', allow_overlap: true });
    assert.equal(res.status, 201);
    assert.equal(res.body.warnings.length, 1);
    assert.match(res.body.warnings[0], new RegExp(`Overlaps Lunch 12:00–13:00 \\(whole location\\) \\(blockout ${wide.id}\\)`));
  });

  it('create on a holiday at the location returns 201 with a warning naming the date', async () => {
    const { c, op1, post } = await practice();
    const holiday = await makeBlockoutType(c.orgId, { name: 'Christmas', is_holiday: true });
    assert.equal((await post({ blockout_type_uuid: holiday.id, schedule_date: '2026-12-25', start_time: '00:00', end_time: '01:00' })).status, 201);
    const res = await post({ schedule_date: '2026-12-25', operatory_uuids: [op1.id] });
    assert.equal(res.status, 201);
    assert.deepEqual(res.body.warnings, ['2026-12-25 is a holiday at this location']);
    const elsewhere = await makeLocation(c.orgId, { name: 'Far' });
    assert.deepEqual((await post({ location_uuid: elsewhere.id, schedule_date: '2026-12-25' })).body.warnings, []);
  });
});

describe('blockouts: list and get', () => {
  it('list orders by date, start time and id and filters by location and an inclusive date range', async () => {
    const { c, loc, elsewhere, post } = await practice();
    await post({ schedule_date: '2026-06-02', start_time: '08:00', end_time: '09:00' });
    await post({ schedule_date: '2026-06-01', start_time: '15:00', end_time: '16:00' });
    await post({ schedule_date: '2026-06-01', start_time: '08:00', end_time: '09:00' });
    await post({ schedule_date: '2026-06-03', location_uuid: elsewhere.id });
    const all = await c.get('/blockouts/instances');
    assert.equal(all.status, 200);
    assert.deepEqual(all.body.items.map((b: any) => `${b.schedule_date} ${b.start_time}`),
      ['2026-06-01 08:00:00', '2026-06-01 15:00:00', '2026-06-02 08:00:00', '2026-06-03 12:00:00']);
    assert.equal((await c.get(`/blockouts/instances?location_uuid=${loc.id}`)).body.total, 3);
    const range = await c.get('/blockouts/instances?date_from=2026-06-02&date_to=2026-06-03');
    assert.deepEqual(range.body.items.map((b: any) => b.schedule_date), ['2026-06-02', '2026-06-03']);
    assert.equal((await c.get('/blockouts/instances?date_to=2026-06-01')).body.total, 2);
    const p2 = await c.get('/blockouts/instances?page=2&page_size=3');
    assert.deepEqual([p2.body.items.length, p2.body.page, p2.body.page_size, p2.body.total], [1, 2, 3, 4]);
  });

  it('list returns 404 for an unknown or foreign location_uuid and 422 for date_from after date_to or bad values', async () => {
    const { c } = await practice();
    const other = await newOrg();
    for (const id of [MISSING, (await makeLocation(other.orgId)).id]) {
      const res = await c.get(`/blockouts/instances?location_uuid=${id}`);
      assert.equal(res.status, 404);
      assert.deepEqual(firstIssue(res).loc, ['query', 'location_uuid']);
    }
    const res = await c.get('/blockouts/instances?date_from=2026-06-02&date_to=2026-06-01');
    assert.equal(res.status, 422);
    assert.deepEqual(firstIssue(res).loc, ['query', 'date_to']);
    for (const qs of ['date_from=June', 'location_uuid=nope', 'page=0']) assert.equal((await c.get(`/blockouts/instances?${qs}`)).status, 422, qs);
  });

  it('get returns 404 for an unknown id or another organisation\'s blockout, and 422 for a malformed id', async () => {
    const { c } = await practice();
    const theirs = await practice();
    const foreign = (await theirs.post()).body.items[0];
    for (const id of [MISSING, foreign.id]) {
      const res = await c.get(`/blockouts/instances/${id}`);
      assert.equal(res.status, 404);
      assert.deepEqual(firstIssue(res).loc, ['path', 'blockout_uuid']);
    }
    assert.equal(firstIssue(await c.get('/blockouts/instances/nope')).type, 'uuid_parsing');
  });
});

describe('blockouts: update and delete', () => {
  it('patch with the current base_version changes times, note, type and operatory and bumps the version; a stale one returns 409', async () => {
    const { c, op1, post } = await practice();
    const meeting = await makeBlockoutType(c.orgId, { name: 'Meeting' });
    const b = (await post()).body.items[0];
    const res = await c.patch(`/blockouts/instances/${b.id}`, {
      base_version: 1, start_time: '12:30', end_time: '13:30:00', note: 'Moved', blockout_type_uuid: meeting.id, operatory_uuid: op1.id,
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.version, 2);
    assert.deepEqual([res.body.start_time, res.body.end_time, res.body.start_at], ['12:30:00', '13:30:00', '2026-06-01T12:30:00-04:00']);
    assert.equal(res.body.note, 'Moved');
    assert.deepEqual(res.body.blockout_type, { id: meeting.id, name: 'Meeting' });
    assert.deepEqual(res.body.operatory, { id: op1.id, name: 'Op 1' });
    const wide = await c.patch(`/blockouts/instances/${b.id}`, { base_version: 2, operatory_uuid: null, schedule_date: '2026-11-01', start_time: '01:00', end_time: '01:30' });
    assert.equal(wide.status, 200);
    assert.equal(wide.body.operatory, null);
    assert.deepEqual([wide.body.start_at, wide.body.end_at], ['2026-11-01T01:00:00-04:00', '2026-11-01T01:30:00-04:00']);
    const stale = await c.patch(`/blockouts/instances/${b.id}`, { base_version: 1, note: 'Lost' });
    assert.equal(stale.status, 409);
    assert.equal(firstIssue(stale).type, 'version_conflict');
    assert.match(firstIssue(stale).msg, /current version is 3/);
    assert.equal((await c.get(`/blockouts/instances/${b.id}`)).body.note, 'Moved');
  });

  it('patch returns 404 for an unknown blockout, type or an operatory elsewhere and 422 for dst_gap, end before start or an inactive type, changing nothing', async () => {
    const { c, farOp, post } = await practice();
    const b = (await post()).body.items[0];
    assert.equal((await c.patch(`/blockouts/instances/${MISSING}`, { base_version: 1, note: 'x' })).status, 404);
    assert.deepEqual(firstIssue(await c.patch(`/blockouts/instances/${b.id}`, { base_version: 1, blockout_type_uuid: MISSING })).loc, ['body', 'blockout_type_uuid']);
    const far = await c.patch(`/blockouts/instances/${b.id}`, { base_version: 1, operatory_uuid: farOp.id });
    assert.equal(far.status, 404);
    assert.deepEqual(firstIssue(far).loc, ['body', 'operatory_uuid']);
    const gap = await c.patch(`/blockouts/instances/${b.id}`, { base_version: 1, schedule_date: '2026-03-08', start_time: '02:30', end_time: '03:30' });
    assert.equal(gap.status, 422);
    assert.equal(firstIssue(gap).type, 'dst_gap');
    assert.equal((await c.patch(`/blockouts/instances/${b.id}`, { base_version: 1, end_time: '11:00' })).status, 422);
    const archived = await makeBlockoutType(c.orgId, { name: 'Archived' });
    await testPool().query("UPDATE blockout_types SET status = 'inactive' WHERE id = $1", [archived.id]);
    assert.equal((await c.patch(`/blockouts/instances/${b.id}`, { base_version: 1, blockout_type_uuid: archived.id })).status, 422);
    assert.equal(firstIssue(await c.patch(`/blockouts/instances/${b.id}`, { base_version: 1, location_uuid: MISSING })).type, 'extra_forbidden');
    const got = (await c.get(`/blockouts/instances/${b.id}`)).body;
    assert.deepEqual(got, b);
  });

  it('patch returns 409 overlap when the new time collides, excluding itself, unless allow_overlap', async () => {
    const { c, op1, post } = await practice();
    const a = (await post({ operatory_uuids: [op1.id] })).body.items[0];
    const wide = (await post({ start_time: '14:00', end_time: '15:00' })).body.items[0];
    // Moving a within its own old slot never conflicts with itself.
    assert.equal((await c.patch(`/blockouts/instances/${a.id}`, { base_version: 1, start_time: '12:15' })).status, 200);
    const res = await c.patch(`/blockouts/instances/${a.id}`, { base_version: 2, end_time: '14:30' });
    assert.equal(res.status, 409);
    assert.equal(firstIssue(res).type, 'overlap');
    assert.match(firstIssue(res).msg, new RegExp(wide.id));
    assert.equal((await c.get(`/blockouts/instances/${a.id}`)).body.version, 2);
    const forced = await c.patch(`/blockouts/instances/${a.id}`, { base_version: 2, end_time: '14:30', allow_overlap: true });
    assert.equal(forced.status, 200);
    assert.equal(forced.body.end_time, '14:30:00');
  });

  it('patch with apply_to_group changes every blockout of the group, each version + 1, and returns the addressed one', async () => {
    const { c, op1, op2, post } = await practice();
    const group = (await post({ operatory_uuids: [op1.id, op2.id] })).body.items;
    const loner = (await post({ schedule_date: '2026-06-02' })).body.items[0];
    // 12:30–13:30 overlaps the group's own old slots, which the check excludes.
    const res = await c.patch(`/blockouts/instances/${group[0].id}`, { base_version: 1, apply_to_group: true, start_time: '12:30', end_time: '13:30', note: 'Late lunch' });
    assert.equal(res.status, 200);
    assert.equal(res.body.id, group[0].id);
    for (const b of group) {
      const got = (await c.get(`/blockouts/instances/${b.id}`)).body;
      assert.deepEqual([got.start_time, got.end_time, got.note, got.version], ['12:30:00', '13:30:00', 'Late lunch', 2]);
    }
    assert.equal((await c.get(`/blockouts/instances/${loner.id}`)).body.version, 1);
    // Without apply_to_group only the addressed blockout changes.
    await c.patch(`/blockouts/instances/${group[1].id}`, { base_version: 2, note: 'Only me' });
    assert.equal((await c.get(`/blockouts/instances/${group[0].id}`)).body.note, 'Late lunch');
  });

  it('patch with apply_to_group returns 422 with schedule_date or operatory_uuid, and 409 when a member would overlap, changing nothing', async () => {
    const { c, op1, op2, post } = await practice();
    const group = (await post({ operatory_uuids: [op1.id, op2.id] })).body.items;
    for (const [field, value] of [['schedule_date', '2026-06-02'], ['operatory_uuid', op1.id]] as const) {
      const res = await c.patch(`/blockouts/instances/${group[0].id}`, { base_version: 1, apply_to_group: true, [field]: value });
      assert.equal(res.status, 422);
      assert.deepEqual(firstIssue(res).loc, ['body', field]);
    }
    const blocker = (await post({ operatory_uuids: [op2.id], start_time: '14:00', end_time: '15:00' })).body.items[0];
    const res = await c.patch(`/blockouts/instances/${group[0].id}`, { base_version: 1, apply_to_group: true, end_time: '14:30' });
    assert.equal(res.status, 409);
    assert.match(firstIssue(res).msg, new RegExp(blocker.id));
    for (const b of group) assert.deepEqual((await c.get(`/blockouts/instances/${b.id}`)).body, b);
  });

  it('delete removes only the addressed blockout (204, then 404); the rest of its group stays', async () => {
    const { c, op1, op2, post } = await practice();
    const [a, b] = (await post({ operatory_uuids: [op1.id, op2.id] })).body.items;
    assert.equal((await c.delete(`/blockouts/instances/${a.id}`)).status, 204);
    assert.equal((await c.get(`/blockouts/instances/${a.id}`)).status, 404);
    assert.equal((await c.delete(`/blockouts/instances/${a.id}`)).status, 404);
    assert.deepEqual((await c.get(`/blockouts/instances/${b.id}`)).body, b);
    const other = await newOrg();
    assert.equal((await other.delete(`/blockouts/instances/${b.id}`)).status, 404);
  });
});

describe('blockouts: roles and location scope', () => {
  it('a viewer may read blockouts but every write returns 403 and changes nothing', async () => {
    const { c, loc, lunch, post } = await practice();
    const b = (await post()).body.items[0];
    const viewer = c.as((await makeUserToken(c.orgId, 'viewer')).token);
    assert.equal((await viewer.get(`/blockouts/instances/${b.id}`)).status, 200);
    const body = { blockout_type_uuid: lunch.id, location_uuid: loc.id, schedule_date: '2026-06-02', start_time: '12:00', end_time: '13:00' };
    assert.equal((await viewer.post('/blockouts/instances', body)).status, 403);
    assert.equal((await viewer.patch(`/blockouts/instances/${b.id}`, { base_version: 1, note: 'x' })).status, 403);
    assert.equal((await viewer.delete(`/blockouts/instances/${b.id}`)).status, 403);
    assert.deepEqual((await c.get('/blockouts/instances')).body.items, [b]);
  });

  it('a location-limited user sees and writes only blockouts of their locations; others are 404', async () => {
    const { c, loc, elsewhere, post } = await practice();
    const mine = (await post()).body.items[0];
    const theirs = (await post({ location_uuid: elsewhere.id })).body.items[0];
    const limited = c.as((await makeUserToken(c.orgId, 'staff', [loc.id])).token);
    assert.deepEqual((await limited.get('/blockouts/instances')).body.items.map((b: any) => b.id), [mine.id]);
    assert.equal((await limited.get(`/blockouts/instances?location_uuid=${elsewhere.id}`)).status, 404);
    assert.equal((await limited.get(`/blockouts/instances/${theirs.id}`)).status, 404);
    assert.equal((await limited.patch(`/blockouts/instances/${theirs.id}`, { base_version: 1, note: 'x' })).status, 404);
    assert.equal((await limited.delete(`/blockouts/instances/${theirs.id}`)).status, 404);
    const create = await limited.post('/blockouts/instances', {
      blockout_type_uuid: mine.blockout_type.id, location_uuid: elsewhere.id, schedule_date: '2026-06-05', start_time: '12:00', end_time: '13:00',
    });
    assert.equal(create.status, 404);
    assert.deepEqual(firstIssue(create).loc, ['body', 'location_uuid']);
    assert.deepEqual((await c.get(`/blockouts/instances/${theirs.id}`)).body, theirs);
    assert.equal((await limited.patch(`/blockouts/instances/${mine.id}`, { base_version: 1, note: 'mine' })).status, 200);
    assert.equal((await limited.delete(`/blockouts/instances/${mine.id}`)).status, 204);
  });
});
