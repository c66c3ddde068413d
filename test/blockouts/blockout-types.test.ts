import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, newOrg } from '../helpers.ts';
import { makeBlockoutType, makeLocation, makeUserToken } from '../factories.ts';

after(closeTestApp);

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';

describe('blockout types', () => {
  it('create returns 201 with defaults (colour #BDBDBD, flags false, status active, version 1) and get returns the same', async () => {
    const c = await newOrg();
    const res = await c.post('/blockouts/types', { name: 'Lunch' });
    assert.equal(res.status, 201);
    assert.deepEqual({ ...res.body, id: undefined, created_at: undefined, updated_at: undefined }, {
      id: undefined, name: 'Lunch', abbreviation: null, color: '#BDBDBD', is_no_schedule: false, is_do_not_copy: false,
      is_hidden: false, is_holiday: false, item_order: 0, status: 'active', version: 1, created_at: undefined, updated_at: undefined,
    });
    const got = await c.get(`/blockouts/types/${res.body.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, res.body);
  });

  it('create keeps every given field, including our is_holiday', async () => {
    const c = await newOrg();
    const res = await c.post('/blockouts/types', {
      name: 'Christmas', abbreviation: 'XMAS', color: '#FF0000', is_no_schedule: true, is_do_not_copy: true, is_hidden: true,
      is_holiday: true, item_order: 3,
    });
    assert.equal(res.status, 201);
    assert.equal(res.body.abbreviation, 'XMAS');
    assert.equal(res.body.color, '#FF0000');
    assert.equal(res.body.is_no_schedule && res.body.is_do_not_copy && res.body.is_hidden && res.body.is_holiday, true);
    assert.equal(res.body.item_order, 3);
  });

  it('create returns 422 for a missing name, unknown or server-owned fields and bad values, and writes nothing', async () => {
    const c = await newOrg();
    assert.deepEqual(firstIssue(await c.post('/blockouts/types', {})), { loc: ['body', 'name'], msg: 'Field required', type: 'missing' });
    for (const extra of [{ id: MISSING }, { version: 2 }, { status: 'inactive' }, { colour: '#FFFFFF' }]) {
      const res = await c.post('/blockouts/types', { name: 'X', ...extra });
      assert.equal(res.status, 422, JSON.stringify(extra));
      assert.equal(firstIssue(res).type, 'extra_forbidden');
    }
    const cases: [Record<string, unknown>, string][] = [
      [{ color: 'red' }, 'string_pattern_mismatch'], [{ color: '#12345' }, 'string_pattern_mismatch'], [{ name: '' }, 'string_too_short'],
      [{ item_order: -1 }, 'greater_than_equal'], [{ is_holiday: 'yes' }, 'bool_type'], [{ abbreviation: 5 }, 'string_type'],
    ];
    for (const [bad, type] of cases) {
      const res = await c.post('/blockouts/types', { name: 'X', ...bad });
      assert.equal(res.status, 422, JSON.stringify(bad));
      assert.equal(firstIssue(res).type, type, JSON.stringify(bad));
    }
    assert.equal((await c.get('/blockouts/types?include_hidden=true')).body.total, 0);
  });

  it('list orders by item_order then name, leaves hidden types out unless include_hidden=true, and paginates', async () => {
    const c = await newOrg();
    await makeBlockoutType(c.orgId, { name: 'Staff meeting', item_order: 1 });
    await makeBlockoutType(c.orgId, { name: 'lunch', item_order: 1 });
    await makeBlockoutType(c.orgId, { name: 'Zen', item_order: 0 });
    await makeBlockoutType(c.orgId, { name: 'Secret', item_order: 0, is_hidden: true });
    const visible = await c.get('/blockouts/types');
    assert.equal(visible.status, 200);
    assert.deepEqual(visible.body.items.map((t: any) => t.name), ['Zen', 'lunch', 'Staff meeting']);
    assert.equal(visible.body.total, 3);
    const all = await c.get('/blockouts/types?include_hidden=true');
    assert.deepEqual(all.body.items.map((t: any) => t.name), ['Secret', 'Zen', 'lunch', 'Staff meeting']);
    const p2 = await c.get('/blockouts/types?include_hidden=true&page=2&page_size=3');
    assert.deepEqual(p2.body.items.map((t: any) => t.name), ['Staff meeting']);
    assert.deepEqual([p2.body.page, p2.body.page_size, p2.body.total], [2, 3, 4]);
    assert.equal((await c.get('/blockouts/types?page_size=201')).status, 422);
  });

  it('get returns 404 for an unknown id or another organisation\'s type, and 422 for a malformed id', async () => {
    const c = await newOrg();
    const other = await newOrg();
    const foreign = await makeBlockoutType(other.orgId);
    for (const id of [MISSING, foreign.id]) {
      const res = await c.get(`/blockouts/types/${id}`);
      assert.equal(res.status, 404);
      assert.deepEqual(firstIssue(res).loc, ['path', 'blockout_type_uuid']);
    }
    assert.equal(firstIssue(await c.get('/blockouts/types/nope')).type, 'uuid_parsing');
  });

  it('patch with the current base_version changes fields, clears abbreviation and sets status; a stale one returns 409', async () => {
    const c = await newOrg();
    const t = await makeBlockoutType(c.orgId, { abbreviation: 'L' });
    const ok = await c.patch(`/blockouts/types/${t.id}`, {
      base_version: 1, name: 'Long lunch', abbreviation: null, color: '#00FF00', is_do_not_copy: true, is_holiday: true, status: 'inactive',
    });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.version, 2);
    assert.equal(ok.body.name, 'Long lunch');
    assert.equal(ok.body.abbreviation, null);
    assert.equal(ok.body.color, '#00FF00');
    assert.equal(ok.body.is_do_not_copy, true);
    assert.equal(ok.body.is_holiday, true);
    assert.equal(ok.body.status, 'inactive');
    const stale = await c.patch(`/blockouts/types/${t.id}`, { base_version: 1, name: 'Lost' });
    assert.equal(stale.status, 409);
    assert.equal(firstIssue(stale).type, 'version_conflict');
    assert.match(firstIssue(stale).msg, /current version is 2/);
    assert.equal((await c.get(`/blockouts/types/${t.id}`)).body.name, 'Long lunch');
  });

  it('patch returns 422 for a bad status, colour or missing base_version, and 404 for an unknown or foreign type, changing nothing', async () => {
    const c = await newOrg();
    const other = await newOrg();
    const t = await makeBlockoutType(c.orgId);
    const foreign = await makeBlockoutType(other.orgId);
    assert.equal(firstIssue(await c.patch(`/blockouts/types/${t.id}`, { base_version: 1, status: 'archived' })).type, 'enum');
    assert.equal((await c.patch(`/blockouts/types/${t.id}`, { base_version: 1, color: 'blue' })).status, 422);
    assert.deepEqual(firstIssue(await c.patch(`/blockouts/types/${t.id}`, { name: 'X' })).loc, ['body', 'base_version']);
    for (const id of [MISSING, foreign.id]) assert.equal((await c.patch(`/blockouts/types/${id}`, { base_version: 1, name: 'X' })).status, 404);
    assert.equal((await c.get(`/blockouts/types/${t.id}`)).body.version, 1);
    assert.equal((await other.get(`/blockouts/types/${foreign.id}`)).body.name, 'Lunch');
  });

  it('delete removes an unused type (204, then 404)', async () => {
    const c = await newOrg();
    const t = await makeBlockoutType(c.orgId);
    assert.equal((await c.delete(`/blockouts/types/${t.id}`)).status, 204);
    assert.equal((await c.get(`/blockouts/types/${t.id}`)).status, 404);
    assert.equal((await c.delete(`/blockouts/types/${t.id}`)).status, 404);
  });

  it('delete archives a type that blockouts use (204, status inactive, version + 1) and the blockout keeps it', async () => {
    const c = await newOrg();
    const loc = await makeLocation(c.orgId);
    const t = await makeBlockoutType(c.orgId);
    const made = await c.post('/blockouts/instances', {
      blockout_type_uuid: t.id, location_uuid: loc.id, schedule_date: '2026-06-01', start_time: '12:00', end_time: '13:00',
    });
    assert.equal(made.status, 201);
    assert.equal((await c.delete(`/blockouts/types/${t.id}`)).status, 204);
    const got = await c.get(`/blockouts/types/${t.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.status, 'inactive');
    assert.equal(got.body.version, 2);
    assert.deepEqual((await c.get(`/blockouts/instances/${made.body.items[0].id}`)).body.blockout_type, { id: t.id, name: 'Lunch' });
  });

  it('delete returns 404 for another organisation\'s type and leaves it alone', async () => {
    const c = await newOrg();
    const other = await newOrg();
    const foreign = await makeBlockoutType(other.orgId);
    assert.equal((await c.delete(`/blockouts/types/${foreign.id}`)).status, 404);
    assert.equal((await other.get(`/blockouts/types/${foreign.id}`)).status, 200);
  });

  it('a viewer may read types but every write returns 403 and changes nothing; location-limited users read all types', async () => {
    const c = await newOrg();
    const t = await makeBlockoutType(c.orgId);
    const viewer = c.as((await makeUserToken(c.orgId, 'viewer')).token);
    assert.equal((await viewer.get(`/blockouts/types/${t.id}`)).status, 200);
    const res = await viewer.post('/blockouts/types', { name: 'X' });
    assert.equal(res.status, 403);
    assert.equal(firstIssue(res).type, 'forbidden');
    assert.equal((await viewer.patch(`/blockouts/types/${t.id}`, { base_version: 1, name: 'Y' })).status, 403);
    assert.equal((await viewer.delete(`/blockouts/types/${t.id}`)).status, 403);
    assert.deepEqual((await c.get('/blockouts/types')).body.items.map((x: any) => [x.name, x.version]), [['Lunch', 1]]);
    const loc = await makeLocation(c.orgId);
    const limited = c.as((await makeUserToken(c.orgId, 'staff', [loc.id])).token);
    assert.equal((await limited.get('/blockouts/types')).body.total, 1);
  });
});
