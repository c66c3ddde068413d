import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, newOrg } from '../helpers.ts';
import { makeLocation, makeOperatory } from '../factories.ts';
import { tenantFingerprint } from '../core/tenant-snapshot.ts';
import { MISSING, settingsRows, viewPractice } from './view-fixture.ts';

after(closeTestApp);

describe('update schedule views', () => {
  it('changes the given fields, bumps the version, replaces chair and provider lists and clears a layout with null', async () => {
    const { ann, ops, dentist, hygienist, create } = await viewPractice();
    const v = await create(ann.c, { operatory_uuids: [ops[0]!.id, ops[1]!.id], provider_uuids: [dentist.id] });
    const res = await ann.c.patch(`/schedule/views/${v.id}`, {
      base_version: 1, name: 'Renamed', end_time: '17:30', font_size: 'lg', operatory_uuids: [ops[2]!.id, ops[0]!.id], card_layout: null,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const u = res.body;
    assert.deepEqual([u.name, u.end_time, u.font_size, u.version, u.card_layout], ['Renamed', '17:30:00', 'lg', 2, null]);
    assert.deepEqual(u.operatory_uuids, [ops[2]!.id, ops[0]!.id]);
    assert.deepEqual(u.provider_uuids, [dentist.id], 'a list left out is kept');
    assert.deepEqual(u.bubble_layout, v.bubble_layout);
    const empty = await ann.c.patch(`/schedule/views/${v.id}`, { base_version: 2, provider_uuids: [hygienist.id], operatory_uuids: [] });
    assert.deepEqual([empty.body.operatory_uuids, empty.body.provider_uuids, empty.body.version], [[], [hygienist.id], 3]);
    assert.deepEqual((await ann.c.get(`/schedule/views/${v.id}`)).body, empty.body);
  });

  it('returns 409 for a stale base_version, 404 for an unknown view, 422 for a rule the merged view breaks, and writes nothing', async () => {
    const { c, ann, create } = await viewPractice();
    const v = await create(ann.c, { start_time: '08:00', end_time: '17:00' });
    const elsewhere = await makeOperatory(c.orgId, (await makeLocation(c.orgId, { name: 'Uptown' })).id, 'U1');
    const before = await tenantFingerprint(c.orgId);
    const stale = await ann.c.patch(`/schedule/views/${v.id}`, { base_version: 2, name: 'Late' });
    assert.equal(stale.status, 409);
    assert.equal(firstIssue(stale).type, 'version_conflict');
    assert.match(firstIssue(stale).msg, /current version is 1/);
    const unknown = await ann.c.patch(`/schedule/views/${MISSING}`, { base_version: 1 });
    assert.deepEqual([unknown.status, firstIssue(unknown).loc], [404, ['path', 'view_uuid']]);
    const cases: [Record<string, unknown>, (string | number)[]][] = [
      [{ end_time: '07:59' }, ['body', 'end_time']],
      [{ start_time: '17:00' }, ['body', 'start_time']],
      [{ operatory_uuids: [elsewhere.id] }, ['body', 'operatory_uuids', 0]],
      [{ location_uuid: elsewhere.id }, ['body', 'location_uuid']],
      [{ time_increment: 45 }, ['body', 'time_increment']],
      [{ name: 'No version' , base_version: undefined }, ['body', 'base_version']],
    ];
    for (const [body, loc] of cases) {
      const res = await ann.c.patch(`/schedule/views/${v.id}`, { base_version: 1, ...body });
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.deepEqual(firstIssue(res).loc, loc, JSON.stringify(body));
    }
    assert.deepEqual(await tenantFingerprint(c.orgId), before);
  });

  it('a shared view is changed by its owner and admins only; making it personal is its owner\'s alone and drops others\' settings', async () => {
    const { c, ann, bob, create } = await viewPractice();
    const shared = await create(ann.c, { visibility: 'shared' });
    assert.equal((await bob.c.get(`/schedule/views/${shared.id}`)).status, 200, 'a shared view is visible to colleagues');
    const before = await tenantFingerprint(c.orgId);
    const refused = await bob.c.patch(`/schedule/views/${shared.id}`, { base_version: 1, name: 'Mine now' });
    assert.deepEqual([refused.status, firstIssue(refused).type], [403, 'forbidden']);
    assert.equal((await bob.c.delete(`/schedule/views/${shared.id}`)).status, 403);
    const adminPersonal = await c.patch(`/schedule/views/${shared.id}`, { base_version: 1, visibility: 'personal' });
    assert.deepEqual([adminPersonal.status, firstIssue(adminPersonal).loc], [403, ['body', 'visibility']]);
    assert.deepEqual(await tenantFingerprint(c.orgId), before);
    const byAdmin = await c.patch(`/schedule/views/${shared.id}`, { base_version: 1, name: 'Front desk' });
    assert.deepEqual([byAdmin.status, byAdmin.body.name, byAdmin.body.owner.id], [200, 'Front desk', ann.id], 'an admin edit keeps the owner');
    assert.equal((await bob.c.post(`/schedule/views/${shared.id}/set-default`)).status, 200);
    assert.equal((await bob.c.post(`/schedule/views/${shared.id}/set-shortcut?shortcut=2`)).status, 200);
    const personal = await ann.c.patch(`/schedule/views/${shared.id}`, { base_version: 2, visibility: 'personal' });
    assert.equal(personal.status, 200);
    assert.equal((await bob.c.get(`/schedule/views/${shared.id}`)).status, 404);
    assert.deepEqual((await settingsRows(c.orgId)).filter((s) => s.view_id === shared.id), [], 'bob\'s default and shortcut are gone');
  });
});

describe('delete schedule views', () => {
  it('deletes a view for good with every user\'s settings for it; 404 after, and for unknown or foreign ids', async () => {
    const { c, ann, bob, create } = await viewPractice();
    const shared = await create(ann.c, { visibility: 'shared' });
    await bob.c.post(`/schedule/views/${shared.id}/set-default`);
    const other = await newOrg();
    for (const client of [other, bob.c]) {
      const res = await client.delete(`/schedule/views/${shared.id}`);
      assert.equal(res.status, client === bob.c ? 403 : 404);
    }
    assert.equal((await ann.c.delete(`/schedule/views/${MISSING}`)).status, 404);
    const res = await ann.c.delete(`/schedule/views/${shared.id}`);
    assert.equal(res.status, 204);
    assert.equal(res.body, undefined);
    assert.equal((await ann.c.get(`/schedule/views/${shared.id}`)).status, 404);
    assert.equal((await ann.c.delete(`/schedule/views/${shared.id}`)).status, 404);
    assert.deepEqual(await settingsRows(c.orgId), []);
    const byAdmin = await create(bob.c, { visibility: 'shared' });
    assert.equal((await c.delete(`/schedule/views/${byAdmin.id}`)).status, 204, 'an admin deletes a colleague\'s shared view');
  });

  it('a deleted chair leaves the views that named it', async () => {
    const { c, ann, loc, ops, create } = await viewPractice();
    const spare = await makeOperatory(c.orgId, loc.id, 'Spare');
    const v = await create(ann.c, { operatory_uuids: [spare.id, ops[0]!.id] });
    assert.equal((await c.delete(`/operatories/${spare.id}`)).status, 204);
    assert.deepEqual((await ann.c.get(`/schedule/views/${v.id}`)).body.operatory_uuids, [ops[0]!.id]);
  });
});

describe('viewers', () => {
  it('keep personal views of their own and their own default and shortcuts, but never create or change shared views', async () => {
    const { c, ann, user, create } = await viewPractice();
    const viewer = await user('viewer');
    const shared = await create(ann.c, { visibility: 'shared' });
    const mine = await create(viewer.c, { name: 'Reception screen', privacy_mode: true });
    assert.equal(mine.owner.id, viewer.id);
    assert.equal((await viewer.c.patch(`/schedule/views/${mine.id}`, { base_version: 1, font_size: 'lg' })).status, 200);
    assert.equal((await viewer.c.post(`/schedule/views/${shared.id}/set-default`)).body.is_default, true);
    assert.equal((await viewer.c.post(`/schedule/views/${mine.id}/set-shortcut?shortcut=1`)).body.keyboard_shortcut, 1);
    const before = await tenantFingerprint(c.orgId);
    const refusals = [
      await viewer.c.post('/schedule/views', { location_uuid: shared.location.id, name: 'Shared', visibility: 'shared' }),
      await viewer.c.patch(`/schedule/views/${mine.id}`, { base_version: 2, visibility: 'shared' }),
      await viewer.c.patch(`/schedule/views/${shared.id}`, { base_version: 1, name: 'Hijack' }),
      await viewer.c.delete(`/schedule/views/${shared.id}`),
    ];
    assert.deepEqual(refusals.map((r) => r.status), [403, 403, 403, 403]);
    assert.deepEqual(refusals.map((r) => firstIssue(r).type), ['forbidden', 'forbidden', 'forbidden', 'forbidden']);
    assert.deepEqual(await tenantFingerprint(c.orgId), before);
    assert.equal((await viewer.c.delete(`/schedule/views/${mine.id}`)).status, 204);
    assert.equal((await viewer.c.post('/locations', { name: 'Nope', timezone: 'America/New_York' })).status, 403, 'other writes stay refused');
  });
});
