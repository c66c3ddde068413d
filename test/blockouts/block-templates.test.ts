import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, newOrg, testPool } from '../helpers.ts';
import { makeBlockoutType, makeLocation, makeOperatory, makeUserToken } from '../factories.ts';

after(closeTestApp);

/** An org with two New York locations (a chair at each) and a Lunch type. */
async function practice() {
  const c = await newOrg();
  const loc = await makeLocation(c.orgId, { name: 'Main Street' });
  const far = await makeLocation(c.orgId, { name: 'Uptown' });
  const op1 = await makeOperatory(c.orgId, loc.id, 'Op 1');
  const farOp = await makeOperatory(c.orgId, far.id, 'Far 1');
  const lunch = await makeBlockoutType(c.orgId);
  const template = async (body: Record<string, unknown> = {}) => {
    const res = await c.post('/blockouts/templates', { name: 'Standard day', ...body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };
  const item = async (templateId: string, body: Record<string, unknown> = {}) => {
    const res = await c.post(`/blockouts/templates/${templateId}/items`, { blockout_type_uuid: lunch.id, start_time: '12:00', end_time: '13:00', ...body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };
  return { c, loc, far, op1, farOp, lunch, template, item };
}

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';

describe('block schedule templates', () => {
  it('create returns 201 with defaults (org-wide, active, version 1) and get returns the same', async () => {
    const { c } = await practice();
    const res = await c.post('/blockouts/templates', { name: 'Standard day' });
    assert.equal(res.status, 201);
    assert.deepEqual({ ...res.body, id: undefined, created_at: undefined, updated_at: undefined }, {
      id: undefined, name: 'Standard day', description: '', day_of_week: null, is_hidden: false, item_order: 0, location: null,
      status: 'active', version: 1, created_at: undefined, updated_at: undefined,
    });
    assert.deepEqual((await c.get(`/blockouts/templates/${res.body.id}`)).body, res.body);
  });

  it('create keeps a location and the other fields; 404 for an unknown location, 422 for bad values, writing nothing', async () => {
    const { c, loc, template } = await practice();
    const t = await template({ location_uuid: loc.id, description: 'Mondays', day_of_week: 0, is_hidden: true, item_order: 2 });
    assert.deepEqual([t.location, t.description, t.day_of_week, t.is_hidden, t.item_order], [{ id: loc.id, name: 'Main Street' }, 'Mondays', 0, true, 2]);
    const missing = await c.post('/blockouts/templates', { name: 'X', location_uuid: MISSING });
    assert.equal(missing.status, 404);
    assert.deepEqual(firstIssue(missing).loc, ['body', 'location_uuid']);
    for (const bad of [{ day_of_week: 7 }, { day_of_week: -1 }, { name: '' }, { status: 'active' }, { items: [] }]) {
      assert.equal((await c.post('/blockouts/templates', { name: 'X', ...bad })).status, 422, JSON.stringify(bad));
    }
    assert.equal((await c.get(`/blockouts/templates?location_uuid=${loc.id}&include_hidden=true`)).body.total, 1);
    assert.equal((await c.get('/blockouts/templates?include_hidden=true')).body.total, 0);
  });

  it('list without location_uuid gives the org-wide templates, with it that location\'s; hidden only with include_hidden; ordered', async () => {
    const { c, loc, far, template } = await practice();
    await template({ name: 'b wide', item_order: 1 });
    await template({ name: 'A wide', item_order: 1 });
    await template({ name: 'Z wide', item_order: 0 });
    await template({ name: 'Hidden wide', is_hidden: true });
    await template({ name: 'Main', location_uuid: loc.id });
    await template({ name: 'Uptown', location_uuid: far.id });
    const wide = await c.get('/blockouts/templates');
    assert.equal(wide.status, 200);
    assert.deepEqual(wide.body.items.map((t: any) => t.name), ['Z wide', 'A wide', 'b wide']);
    assert.deepEqual((await c.get('/blockouts/templates?include_hidden=true')).body.items.map((t: any) => t.name), ['Hidden wide', 'Z wide', 'A wide', 'b wide']);
    assert.deepEqual((await c.get(`/blockouts/templates?location_uuid=${loc.id}`)).body.items.map((t: any) => t.name), ['Main']);
    const p2 = await c.get('/blockouts/templates?page=2&page_size=2');
    assert.deepEqual([p2.body.items.map((t: any) => t.name), p2.body.total], [['b wide'], 3]);
    const unknown = await c.get(`/blockouts/templates?location_uuid=${MISSING}`);
    assert.equal(unknown.status, 404);
    assert.deepEqual(firstIssue(unknown).loc, ['query', 'location_uuid']);
  });

  it('get, patch and delete return 404 for an unknown or another organisation\'s template', async () => {
    const { c } = await practice();
    const theirs = await practice();
    const foreign = await theirs.template();
    for (const id of [MISSING, foreign.id]) {
      assert.equal((await c.get(`/blockouts/templates/${id}`)).status, 404);
      assert.deepEqual(firstIssue(await c.patch(`/blockouts/templates/${id}`, { base_version: 1, name: 'X' })).loc, ['path', 'template_uuid']);
      assert.equal((await c.delete(`/blockouts/templates/${id}`)).status, 404);
      assert.equal((await c.get(`/blockouts/templates/${id}/items`)).status, 404);
    }
    assert.deepEqual((await theirs.c.get(`/blockouts/templates/${foreign.id}`)).body, foreign);
  });

  it('patch with the current base_version changes fields and status; stale → 409; a location its items do not fit → 422', async () => {
    const { c, loc, far, op1, template, item } = await practice();
    const t = await template();
    const ok = await c.patch(`/blockouts/templates/${t.id}`, { base_version: 1, name: 'Renamed', day_of_week: 4, status: 'inactive', location_uuid: loc.id });
    assert.equal(ok.status, 200);
    assert.deepEqual([ok.body.name, ok.body.day_of_week, ok.body.status, ok.body.version, ok.body.location], ['Renamed', 4, 'inactive', 2, { id: loc.id, name: 'Main Street' }]);
    const stale = await c.patch(`/blockouts/templates/${t.id}`, { base_version: 1, name: 'Lost' });
    assert.equal(stale.status, 409);
    assert.equal(firstIssue(stale).type, 'version_conflict');
    await item(t.id, { operatory_uuid: op1.id });
    const moved = await c.patch(`/blockouts/templates/${t.id}`, { base_version: 2, location_uuid: far.id });
    assert.equal(moved.status, 422);
    assert.deepEqual(firstIssue(moved).loc, ['body', 'location_uuid']);
    assert.equal((await c.patch(`/blockouts/templates/${t.id}`, { base_version: 2, location_uuid: MISSING })).status, 404);
    assert.equal(firstIssue(await c.patch(`/blockouts/templates/${t.id}`, { base_version: 2, status: 'archived' })).type, 'enum');
    const wide = await c.patch(`/blockouts/templates/${t.id}`, { base_version: 2, location_uuid: null, day_of_week: null });
    assert.deepEqual([wide.status, wide.body.location, wide.body.day_of_week], [200, null, null]);
  });

  it('delete removes the template with its items (204, then 404); blockouts made from it stay', async () => {
    const { c, loc, template, item } = await practice();
    const t = await template();
    await item(t.id);
    assert.equal((await c.post(`/blockouts/templates/${t.id}/apply`, { location_uuid: loc.id, target_date: '2026-06-01' })).body.count, 1);
    assert.equal((await c.delete(`/blockouts/templates/${t.id}`)).status, 204);
    assert.equal((await c.get(`/blockouts/templates/${t.id}`)).status, 404);
    assert.equal((await c.get(`/blockouts/templates/${t.id}/items`)).status, 404);
    const left = await testPool().query('SELECT count(*)::int AS n FROM block_schedule_template_items WHERE org_id = $1', [c.orgId]);
    assert.equal(left.rows[0].n, 0);
    assert.equal((await c.get('/blockouts/instances')).body.total, 1);
  });
});

describe('block schedule template items', () => {
  it('add returns 201 with the item; the item list is a bare array ordered by item_order and start time', async () => {
    const { c, loc, op1, lunch, template, item } = await practice();
    const t = await template({ location_uuid: loc.id });
    const a = await item(t.id, { start_time: '15:00', end_time: '15:30:00', item_order: 1 });
    assert.deepEqual({ ...a, id: undefined }, {
      id: undefined, blockout_type: { id: lunch.id, name: 'Lunch' }, start_time: '15:00:00', end_time: '15:30:00', item_order: 1, operatory: null,
    });
    const b = await item(t.id, { operatory_uuid: op1.id, start_time: '08:00', end_time: '09:00', item_order: 1 });
    assert.deepEqual(b.operatory, { id: op1.id, name: 'Op 1' });
    const first = await item(t.id, { start_time: '18:00', end_time: '19:00' });
    const list = await c.get(`/blockouts/templates/${t.id}/items`);
    assert.equal(list.status, 200);
    assert.ok(Array.isArray(list.body));
    assert.deepEqual(list.body.map((i: any) => i.id), [first.id, b.id, a.id]);
  });

  it('add returns 404 for an unknown template even with an empty body, an unknown type or operatory; 422 for bad items; writing nothing', async () => {
    const { c, loc, farOp, template } = await practice();
    const empty = await c.post(`/blockouts/templates/${MISSING}/items`, {});
    assert.equal(empty.status, 404);
    assert.deepEqual(firstIssue(empty).loc, ['path', 'template_uuid']);
    const t = await template({ location_uuid: loc.id });
    const lunch = (await c.get('/blockouts/types')).body.items[0].id;
    const body = { blockout_type_uuid: lunch, start_time: '12:00', end_time: '13:00' };
    assert.deepEqual(firstIssue(await c.post(`/blockouts/templates/${t.id}/items`, { ...body, blockout_type_uuid: MISSING })).loc, ['body', 'blockout_type_uuid']);
    const unknownOp = await c.post(`/blockouts/templates/${t.id}/items`, { ...body, operatory_uuid: MISSING });
    assert.deepEqual([unknownOp.status, firstIssue(unknownOp).loc], [404, ['body', 'operatory_uuid']]);
    const elsewhere = await c.post(`/blockouts/templates/${t.id}/items`, { ...body, operatory_uuid: farOp.id });
    assert.deepEqual([elsewhere.status, firstIssue(elsewhere).loc], [422, ['body', 'operatory_uuid']]);
    const backwards = await c.post(`/blockouts/templates/${t.id}/items`, { ...body, end_time: '11:00' });
    assert.deepEqual([backwards.status, firstIssue(backwards).loc], [422, ['body', 'end_time']]);
    const archived = await makeBlockoutType(c.orgId, { name: 'Old' });
    await testPool().query("UPDATE blockout_types SET status = 'inactive' WHERE id = $1", [archived.id]);
    assert.equal((await c.post(`/blockouts/templates/${t.id}/items`, { ...body, blockout_type_uuid: archived.id })).status, 422);
    for (const bad of [{ start_time: '25:00' }, { id: MISSING }, { item_order: -1 }, { operatory_uuids: [] }]) {
      assert.equal((await c.post(`/blockouts/templates/${t.id}/items`, { ...body, ...bad })).status, 422, JSON.stringify(bad));
    }
    assert.deepEqual((await c.get(`/blockouts/templates/${t.id}/items`)).body, []);
  });

  it('an org-wide template accepts operatories of any location', async () => {
    const { template, item, farOp, op1 } = await practice();
    const t = await template();
    assert.deepEqual((await item(t.id, { operatory_uuid: farOp.id })).operatory.name, 'Far 1');
    assert.deepEqual((await item(t.id, { operatory_uuid: op1.id })).operatory.name, 'Op 1');
  });

  it('remove returns 204 and the item is gone; 404 for an unknown item, or an item of another template', async () => {
    const { c, template, item } = await practice();
    const t = await template();
    const other = await template({ name: 'Other' });
    const i = await item(t.id);
    assert.equal((await c.delete(`/blockouts/templates/${other.id}/items/${i.id}`)).status, 404);
    assert.equal((await c.delete(`/blockouts/templates/${t.id}/items/${i.id}`)).status, 204);
    const again = await c.delete(`/blockouts/templates/${t.id}/items/${i.id}`);
    assert.deepEqual([again.status, firstIssue(again).loc], [404, ['path', 'item_uuid']]);
    assert.deepEqual((await c.get(`/blockouts/templates/${t.id}/items`)).body, []);
  });
});

describe('apply block schedule template', () => {
  it('apply creates one blockout per item at the location on the date, all in one new group, and returns count', async () => {
    const { c, loc, op1, template, item } = await practice();
    const t = await template({ location_uuid: loc.id });
    await item(t.id);
    await item(t.id, { operatory_uuid: op1.id, start_time: '08:00', end_time: '09:00' });
    const res = await c.post(`/blockouts/templates/${t.id}/apply`, { location_uuid: loc.id, target_date: '2026-06-01' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { count: 2, warnings: [] });
    const made = (await c.get('/blockouts/instances')).body.items;
    assert.deepEqual(made.map((b: any) => [b.start_time, b.operatory?.name ?? null, b.location.id, b.note]),
      [['08:00:00', 'Op 1', loc.id, ''], ['12:00:00', null, loc.id, '']]);
    assert.ok(made[0].blockout_group_uuid);
    assert.equal(made[0].blockout_group_uuid, made[1].blockout_group_uuid);
  });

  it('apply skips, with a warning each, items of operatories elsewhere, in a DST gap on the date, or overlapping', async () => {
    const { c, far, farOp, op1, template, item } = await practice();
    const farOp2 = await makeOperatory(c.orgId, far.id, 'Far 2');
    const t = await template();
    await item(t.id, { operatory_uuid: op1.id, start_time: '07:00', end_time: '07:30' });
    await item(t.id, { operatory_uuid: farOp.id, start_time: '02:30', end_time: '03:00' });
    await item(t.id, { operatory_uuid: farOp2.id, start_time: '12:00', end_time: '13:00' });
    await item(t.id, { start_time: '12:30', end_time: '12:45', item_order: 1 });
    await item(t.id, { start_time: '15:00', end_time: '16:00', item_order: 2 });
    // 02:30 does not exist on 2026-03-08 in New York.
    const res = await c.post(`/blockouts/templates/${t.id}/apply`, { location_uuid: far.id, target_date: '2026-03-08' });
    assert.equal(res.status, 200);
    assert.equal(res.body.count, 2);
    assert.deepEqual(res.body.warnings, [
      'Skipped Lunch 07:00–07:30 (Op 1) on 2026-03-08: its operatory is not at this location',
      'Skipped Lunch 02:30–03:00 (Far 1) on 2026-03-08: 02:30 does not exist on 2026-03-08 (daylight-saving gap)',
      'Skipped Lunch 12:30–12:45 (whole location) on 2026-03-08: it would overlap Lunch 12:00–13:00 (Far 2)',
    ]);
    const made = (await c.get('/blockouts/instances')).body.items;
    assert.deepEqual(made.map((b: any) => [b.start_time, b.start_at]), [['12:00:00', '2026-03-08T12:00:00-04:00'], ['15:00:00', '2026-03-08T15:00:00-04:00']]);
  });

  it('apply onto a holiday creates nothing and warns with the date', async () => {
    const { c, loc, template, item } = await practice();
    const holiday = await makeBlockoutType(c.orgId, { name: 'Holiday', is_holiday: true });
    await c.post('/blockouts/instances', { blockout_type_uuid: holiday.id, location_uuid: loc.id, schedule_date: '2026-12-25', start_time: '00:00', end_time: '23:59' });
    const t = await template();
    await item(t.id, { start_time: '08:00', end_time: '09:00' });
    const res = await c.post(`/blockouts/templates/${t.id}/apply`, { location_uuid: loc.id, target_date: '2026-12-25' });
    assert.deepEqual(res.body, { count: 0, warnings: ['2026-12-25 is a holiday at this location: nothing was added on it'] });
    assert.equal((await c.get('/blockouts/instances')).body.total, 1);
  });

  it('apply returns 404 for an unknown template (before the body) or location, 422 for another location\'s or an inactive template, writing nothing', async () => {
    const { c, loc, far, template, item } = await practice();
    const empty = await c.post(`/blockouts/templates/${MISSING}/apply`, {});
    assert.deepEqual([empty.status, firstIssue(empty).loc], [404, ['path', 'template_uuid']]);
    const t = await template({ location_uuid: loc.id });
    await item(t.id);
    const unknown = await c.post(`/blockouts/templates/${t.id}/apply`, { location_uuid: MISSING, target_date: '2026-06-01' });
    assert.deepEqual([unknown.status, firstIssue(unknown).loc], [404, ['body', 'location_uuid']]);
    const wrong = await c.post(`/blockouts/templates/${t.id}/apply`, { location_uuid: far.id, target_date: '2026-06-01' });
    assert.deepEqual([wrong.status, firstIssue(wrong).loc], [422, ['body', 'location_uuid']]);
    assert.equal((await c.post(`/blockouts/templates/${t.id}/apply`, { location_uuid: loc.id })).status, 422);
    await c.patch(`/blockouts/templates/${t.id}`, { base_version: 1, status: 'inactive' });
    const inactive = await c.post(`/blockouts/templates/${t.id}/apply`, { location_uuid: loc.id, target_date: '2026-06-01' });
    assert.deepEqual([inactive.status, firstIssue(inactive).loc], [422, ['path', 'template_uuid']]);
    assert.equal((await c.get('/blockouts/instances')).body.total, 0);
  });
});

describe('block schedule templates: roles and location scope', () => {
  it('a viewer may read templates and items but every write returns 403 and changes nothing', async () => {
    const { c, loc, template, item } = await practice();
    const t = await template();
    const i = await item(t.id);
    const viewer = c.as((await makeUserToken(c.orgId, 'viewer')).token);
    assert.equal((await viewer.get(`/blockouts/templates/${t.id}`)).status, 200);
    assert.equal((await viewer.get(`/blockouts/templates/${t.id}/items`)).body.length, 1);
    assert.equal((await viewer.post('/blockouts/templates', { name: 'X' })).status, 403);
    assert.equal((await viewer.patch(`/blockouts/templates/${t.id}`, { base_version: 1, name: 'X' })).status, 403);
    assert.equal((await viewer.delete(`/blockouts/templates/${t.id}`)).status, 403);
    assert.equal((await viewer.post(`/blockouts/templates/${t.id}/items`, { blockout_type_uuid: i.blockout_type.id, start_time: '08:00', end_time: '09:00' })).status, 403);
    assert.equal((await viewer.delete(`/blockouts/templates/${t.id}/items/${i.id}`)).status, 403);
    assert.equal((await viewer.post(`/blockouts/templates/${t.id}/apply`, { location_uuid: loc.id, target_date: '2026-06-01' })).status, 403);
    assert.deepEqual([(await c.get(`/blockouts/templates/${t.id}`)).body.version, (await c.get(`/blockouts/templates/${t.id}/items`)).body.length], [1, 1]);
    assert.equal((await c.get('/blockouts/instances')).body.total, 0);
  });

  it('a location-limited user sees org-wide templates and their location\'s, never another location\'s (404), and applies only at their locations', async () => {
    const { c, loc, far, farOp, template, item } = await practice();
    const wide = await template({ name: 'Wide' });
    await item(wide.id);
    const theirs = await template({ name: 'Uptown', location_uuid: far.id });
    const limited = c.as((await makeUserToken(c.orgId, 'staff', [loc.id])).token);
    assert.deepEqual((await limited.get('/blockouts/templates')).body.items.map((t: any) => t.name), ['Wide']);
    assert.equal((await limited.get(`/blockouts/templates?location_uuid=${far.id}`)).status, 404);
    for (const res of [
      await limited.get(`/blockouts/templates/${theirs.id}`),
      await limited.get(`/blockouts/templates/${theirs.id}/items`),
      await limited.patch(`/blockouts/templates/${theirs.id}`, { base_version: 1, name: 'Mine now' }),
      await limited.delete(`/blockouts/templates/${theirs.id}`),
      await limited.post(`/blockouts/templates/${theirs.id}/apply`, { location_uuid: far.id, target_date: '2026-06-01' }),
    ]) {
      assert.equal(res.status, 404);
      assert.deepEqual(firstIssue(res).loc, ['path', 'template_uuid']);
    }
    const created = await limited.post('/blockouts/templates', { name: 'Sneaky', location_uuid: far.id });
    assert.deepEqual([created.status, firstIssue(created).loc], [404, ['body', 'location_uuid']]);
    const farItem = await limited.post(`/blockouts/templates/${wide.id}/items`, { blockout_type_uuid: (await c.get('/blockouts/types')).body.items[0].id, start_time: '08:00', end_time: '09:00', operatory_uuid: farOp.id });
    assert.deepEqual([farItem.status, firstIssue(farItem).loc], [404, ['body', 'operatory_uuid']]);
    const applyFar = await limited.post(`/blockouts/templates/${wide.id}/apply`, { location_uuid: far.id, target_date: '2026-06-01' });
    assert.deepEqual([applyFar.status, firstIssue(applyFar).loc], [404, ['body', 'location_uuid']]);
    assert.deepEqual((await c.get(`/blockouts/templates/${theirs.id}`)).body, theirs);
    assert.equal((await c.get('/blockouts/instances')).body.total, 0);
    assert.deepEqual((await limited.post(`/blockouts/templates/${wide.id}/apply`, { location_uuid: loc.id, target_date: '2026-06-01' })).body, { count: 1, warnings: [] });
  });
});
