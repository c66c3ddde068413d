import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, newOrg } from '../helpers.ts';
import { makeLocation, makeOperatory, makeUserToken, referenceRow } from '../factories.ts';

after(closeTestApp);

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';

describe('operatories', () => {
  it('create returns 201 with defaults, the location reference and version 1', async () => {
    const c = await newOrg();
    const loc = await makeLocation(c.orgId, { name: 'Downtown' });
    const res = await c.post('/operatories', { location_uuid: loc.id, name: 'Chair 1', abbrev: 'C1' });
    assert.equal(res.status, 201);
    assert.deepEqual(res.body.location, { id: loc.id, name: 'Downtown' });
    assert.equal(res.body.name, 'Chair 1');
    assert.equal(res.body.abbrev, 'C1');
    assert.equal(res.body.is_hygiene, false);
    assert.equal(res.body.item_order, 0);
    assert.equal(res.body.is_active, true);
    assert.equal(res.body.version, 1);
    assert.match(res.body.created_at, /Z$/);
    const got = await c.get(`/operatories/${res.body.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, res.body);
  });

  it('create returns 404 at body.location_uuid for an unknown or another organisation\'s location, and writes nothing', async () => {
    const c = await newOrg();
    const other = await newOrg();
    const foreign = await makeLocation(other.orgId);
    for (const location_uuid of [MISSING, foreign.id]) {
      const res = await c.post('/operatories', { location_uuid, name: 'Chair' });
      assert.equal(res.status, 404);
      assert.deepEqual(firstIssue(res).loc, ['body', 'location_uuid']);
      assert.equal(firstIssue(res).type, 'not_found');
    }
    assert.equal((await c.get('/operatories')).body.total, 0);
    assert.equal((await other.get('/operatories')).body.total, 0);
  });

  it('create returns 422 for missing, unknown, server-owned and mistyped fields, and writes nothing', async () => {
    const c = await newOrg();
    const loc = await makeLocation(c.orgId);
    const missing = await c.post('/operatories', { location_uuid: loc.id });
    assert.equal(missing.status, 422);
    assert.deepEqual(firstIssue(missing), { loc: ['body', 'name'], msg: 'Field required', type: 'missing' });
    for (const extra of [{ id: MISSING }, { version: 3 }, { org_id: c.orgId }, { location_id: loc.id }]) {
      const res = await c.post('/operatories', { location_uuid: loc.id, name: 'X', ...extra });
      assert.equal(res.status, 422, JSON.stringify(extra));
      assert.equal(firstIssue(res).type, 'extra_forbidden');
      assert.deepEqual(firstIssue(res).loc, ['body', Object.keys(extra)[0]]);
    }
    const cases: [Record<string, unknown>, string][] = [
      [{ item_order: -1 }, 'greater_than_equal'], [{ item_order: 1.5 }, 'int_type'], [{ item_order: '2' }, 'int_type'],
      [{ is_hygiene: 'true' }, 'bool_type'], [{ name: '' }, 'string_too_short'], [{ location_uuid: 'nope' }, 'uuid_parsing'],
    ];
    for (const [bad, type] of cases) {
      const res = await c.post('/operatories', { location_uuid: loc.id, name: 'X', ...bad });
      assert.equal(res.status, 422, JSON.stringify(bad));
      assert.equal(firstIssue(res).type, type, JSON.stringify(bad));
    }
    assert.equal((await c.get('/operatories')).body.total, 0);
  });

  it('list orders by location name, item_order and name, paginates and filters by location, is_active and is_hygiene', async () => {
    const c = await newOrg();
    const west = await makeLocation(c.orgId, { name: 'West' });
    const east = await makeLocation(c.orgId, { name: 'East' });
    await makeOperatory(c.orgId, west.id, { name: 'W-A', item_order: 1 });
    await makeOperatory(c.orgId, east.id, { name: 'E-B', item_order: 2 });
    await makeOperatory(c.orgId, east.id, { name: 'E-Hyg', item_order: 1, is_hygiene: true });
    await makeOperatory(c.orgId, east.id, { name: 'E-A', item_order: 2, is_active: false });
    const all = await c.get('/operatories');
    assert.equal(all.status, 200);
    assert.deepEqual(all.body.items.map((o: any) => o.name), ['E-Hyg', 'E-A', 'E-B', 'W-A']);
    const p2 = await c.get('/operatories?page=2&page_size=3');
    assert.deepEqual(p2.body.items.map((o: any) => o.name), ['W-A']);
    assert.equal(p2.body.total, 4);
    assert.equal(p2.body.page, 2);
    assert.equal(p2.body.page_size, 3);
    assert.deepEqual((await c.get(`/operatories?location_uuid=${west.id}`)).body.items.map((o: any) => o.name), ['W-A']);
    assert.deepEqual((await c.get('/operatories?is_active=false')).body.items.map((o: any) => o.name), ['E-A']);
    assert.deepEqual((await c.get('/operatories?is_hygiene=true')).body.items.map((o: any) => o.name), ['E-Hyg']);
    assert.equal((await c.get(`/operatories?location_uuid=${MISSING}`)).body.total, 0);
  });

  it('list returns 422 for a bad page_size or location_uuid', async () => {
    const c = await newOrg();
    for (const qs of ['page_size=0', 'page_size=201', 'page=0', 'location_uuid=nope', 'is_hygiene=maybe']) {
      const res = await c.get(`/operatories?${qs}`);
      assert.equal(res.status, 422, qs);
      assert.equal(firstIssue(res).loc[0], 'query');
    }
  });

  it('get returns 404 for an unknown id or another organisation\'s operatory, and 422 for a malformed id', async () => {
    const c = await newOrg();
    const other = await newOrg();
    const foreign = await makeOperatory(other.orgId, (await makeLocation(other.orgId)).id);
    for (const id of [MISSING, foreign.id]) {
      const res = await c.get(`/operatories/${id}`);
      assert.equal(res.status, 404);
      assert.deepEqual(firstIssue(res).loc, ['path', 'operatory_uuid']);
    }
    assert.equal(firstIssue(await c.get('/operatories/not-a-uuid')).type, 'uuid_parsing');
  });

  it('patch with the current base_version bumps version and clears abbrev with null; a stale one returns 409 naming the current version', async () => {
    const c = await newOrg();
    const loc = await makeLocation(c.orgId);
    const op = (await c.post('/operatories', { location_uuid: loc.id, name: 'Chair', abbrev: 'C' })).body;
    const ok = await c.patch(`/operatories/${op.id}`, { base_version: 1, name: 'Hygiene 1', abbrev: null, is_hygiene: true, item_order: 4 });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.version, 2);
    assert.equal(ok.body.name, 'Hygiene 1');
    assert.equal(ok.body.abbrev, null);
    assert.equal(ok.body.is_hygiene, true);
    assert.equal(ok.body.item_order, 4);
    assert.deepEqual(ok.body.location, op.location);
    const stale = await c.patch(`/operatories/${op.id}`, { base_version: 1, name: 'Lost update' });
    assert.equal(stale.status, 409);
    assert.equal(firstIssue(stale).type, 'version_conflict');
    assert.match(firstIssue(stale).msg, /current version is 2/);
    assert.equal((await c.get(`/operatories/${op.id}`)).body.name, 'Hygiene 1');
  });

  it('patch returns 422 for location_uuid (a chair does not move), a missing base_version or a bad value, and changes nothing', async () => {
    const c = await newOrg();
    const loc = await makeLocation(c.orgId);
    const elsewhere = await makeLocation(c.orgId, { name: 'Elsewhere' });
    const op = await makeOperatory(c.orgId, loc.id);
    const moved = await c.patch(`/operatories/${op.id}`, { base_version: 1, location_uuid: elsewhere.id });
    assert.equal(moved.status, 422);
    assert.deepEqual(firstIssue(moved), { loc: ['body', 'location_uuid'], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' });
    assert.deepEqual(firstIssue(await c.patch(`/operatories/${op.id}`, { name: 'B' })).loc, ['body', 'base_version']);
    assert.equal((await c.patch(`/operatories/${op.id}`, { base_version: 1, item_order: -5 })).status, 422);
    const got = (await c.get(`/operatories/${op.id}`)).body;
    assert.equal(got.version, 1);
    assert.equal(got.location.id, loc.id);
  });

  it('patch and delete return 404 for an unknown id or another organisation\'s operatory', async () => {
    const c = await newOrg();
    const other = await newOrg();
    const foreign = await makeOperatory(other.orgId, (await makeLocation(other.orgId)).id);
    for (const id of [MISSING, foreign.id]) {
      assert.equal((await c.patch(`/operatories/${id}`, { base_version: 1, name: 'X' })).status, 404);
      assert.equal((await c.delete(`/operatories/${id}`)).status, 404);
    }
    const untouched = (await other.get(`/operatories/${foreign.id}`)).body;
    assert.equal(untouched.version, 1);
    assert.equal(untouched.name, 'Op 1');
  });

  it('delete removes an unreferenced operatory (204, then 404)', async () => {
    const c = await newOrg();
    const op = await makeOperatory(c.orgId, (await makeLocation(c.orgId)).id);
    assert.equal((await c.delete(`/operatories/${op.id}`)).status, 204);
    assert.equal((await c.get(`/operatories/${op.id}`)).status, 404);
    assert.equal((await c.delete(`/operatories/${op.id}`)).status, 404);
  });

  it('delete archives an operatory still referenced (204, is_active false, still readable)', async () => {
    const c = await newOrg();
    const op = await makeOperatory(c.orgId, (await makeLocation(c.orgId)).id);
    await referenceRow('operatories', c.orgId, op.id);
    assert.equal((await c.delete(`/operatories/${op.id}`)).status, 204);
    const got = await c.get(`/operatories/${op.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.is_active, false);
    assert.equal(got.body.version, 2);
  });

  it('a viewer may read operatories but every write returns 403 and changes nothing', async () => {
    const c = await newOrg();
    const loc = await makeLocation(c.orgId);
    const op = await makeOperatory(c.orgId, loc.id);
    const viewer = c.as((await makeUserToken(c.orgId, 'viewer')).token);
    assert.equal((await viewer.get(`/operatories/${op.id}`)).status, 200);
    assert.equal((await viewer.get('/operatories')).body.total, 1);
    const res = await viewer.post('/operatories', { location_uuid: loc.id, name: 'X' });
    assert.equal(res.status, 403);
    assert.equal(firstIssue(res).type, 'forbidden');
    assert.equal((await viewer.patch(`/operatories/${op.id}`, { base_version: 1, name: 'Y' })).status, 403);
    assert.equal((await viewer.delete(`/operatories/${op.id}`)).status, 403);
    assert.equal((await c.get('/operatories')).body.total, 1);
    assert.equal((await c.get(`/operatories/${op.id}`)).body.version, 1);
  });

  it('a location-limited staff user cannot see or write another location\'s operatory (404) but may manage their own', async () => {
    const c = await newOrg();
    const mine = await makeLocation(c.orgId, { name: 'Mine' });
    const theirs = await makeLocation(c.orgId, { name: 'Theirs' });
    const myOp = await makeOperatory(c.orgId, mine.id, { name: 'Mine 1' });
    const otherOp = await makeOperatory(c.orgId, theirs.id, { name: 'Theirs 1' });
    const limited = c.as((await makeUserToken(c.orgId, 'staff', [mine.id])).token);

    assert.deepEqual((await limited.get('/operatories')).body.items.map((o: any) => o.id), [myOp.id]);
    assert.equal((await limited.get(`/operatories?location_uuid=${theirs.id}`)).body.total, 0);
    assert.equal((await limited.get(`/operatories/${otherOp.id}`)).status, 404);
    assert.equal((await limited.patch(`/operatories/${otherOp.id}`, { base_version: 1, name: 'Hijacked' })).status, 404);
    assert.equal((await limited.delete(`/operatories/${otherOp.id}`)).status, 404);
    const create = await limited.post('/operatories', { location_uuid: theirs.id, name: 'Sneaky' });
    assert.equal(create.status, 404);
    assert.deepEqual(firstIssue(create).loc, ['body', 'location_uuid']);

    const untouched = (await c.get(`/operatories?location_uuid=${theirs.id}`)).body;
    assert.deepEqual(untouched.items.map((o: any) => [o.name, o.version]), [['Theirs 1', 1]]);

    assert.equal((await limited.post('/operatories', { location_uuid: mine.id, name: 'Mine 2' })).status, 201);
    assert.equal((await limited.patch(`/operatories/${myOp.id}`, { base_version: 1, abbrev: 'M1' })).status, 200);
    assert.equal((await limited.delete(`/operatories/${myOp.id}`)).status, 204);
  });
});
