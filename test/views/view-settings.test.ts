import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, newOrg, type Client } from '../helpers.ts';
import { makeLocation } from '../factories.ts';
import { tenantFingerprint } from '../core/tenant-snapshot.ts';
import { MISSING, settingsRows, viewPractice } from './view-fixture.ts';

after(closeTestApp);

/** id → is_default and id → keyboard_shortcut of every view `client` lists. */
async function mine(client: Client): Promise<{ defaults: Record<string, boolean>; shortcuts: Record<string, number | null> }> {
  const items = (await client.get('/schedule/views?page_size=200')).body.items as any[];
  return {
    defaults: Object.fromEntries(items.map((v) => [v.name, v.is_default])),
    shortcuts: Object.fromEntries(items.map((v) => [v.name, v.keyboard_shortcut])),
  };
}

describe('set-default', () => {
  it('makes a view the caller\'s default at its location only, leaving other locations and other users\' defaults alone', async () => {
    const { c, ann, bob, create } = await viewPractice();
    const uptown = await makeLocation(c.orgId, { name: 'Uptown' });
    const a = await create(ann.c, { name: 'A', visibility: 'shared' });
    const b = await create(ann.c, { name: 'B' });
    const u = await create(ann.c, { name: 'U', location_uuid: uptown.id });
    assert.equal((await ann.c.post(`/schedule/views/${u.id}/set-default`)).body.is_default, true);
    assert.equal((await bob.c.post(`/schedule/views/${a.id}/set-default`)).body.is_default, true);
    const first = await ann.c.post(`/schedule/views/${a.id}/set-default`);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.deepEqual(first.body, { ...(await ann.c.get(`/schedule/views/${a.id}`)).body, is_default: true });
    assert.equal(first.body.version, 1, 'a user\'s settings are not a change of the view');
    const second = await ann.c.post(`/schedule/views/${b.id}/set-default`);
    assert.equal(second.body.is_default, true);
    assert.deepEqual((await mine(ann.c)).defaults, { A: false, B: true, U: true }, 'one default per location');
    assert.deepEqual((await mine(bob.c)).defaults, { A: true }, 'bob\'s default is his own');
    assert.equal((await ann.c.post(`/schedule/views/${b.id}/set-default`)).body.is_default, true, 'setting it again changes nothing');
  });

  it('returns 404 for an unknown view, another organisation\'s view and another user\'s personal view', async () => {
    const { ann, bob, create } = await viewPractice();
    const personal = await create(ann.c);
    const other = await newOrg();
    for (const [client, id] of [[ann.c, MISSING], [other, personal.id], [bob.c, personal.id]] as const) {
      const res = await client.post(`/schedule/views/${id}/set-default`);
      assert.deepEqual([res.status, firstIssue(res).loc], [404, ['path', 'view_uuid']]);
    }
  });
});

describe('set-shortcut', () => {
  it('assigns a number per user and location; a number already taken moves, and the view\'s old number is freed', async () => {
    const { c, ann, bob, create } = await viewPractice();
    const uptown = await makeLocation(c.orgId, { name: 'Uptown' });
    const a = await create(ann.c, { name: 'A', visibility: 'shared' });
    const b = await create(ann.c, { name: 'B' });
    const u = await create(ann.c, { name: 'U', location_uuid: uptown.id });
    const set = (client: Client, id: string, n: number) => client.post(`/schedule/views/${id}/set-shortcut?shortcut=${n}`);
    const res = await set(ann.c, a.id, 3);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual([res.body.keyboard_shortcut, res.body.version], [3, 1]);
    assert.equal((await set(ann.c, u.id, 3)).body.keyboard_shortcut, 3, 'the same number at another location');
    assert.equal((await set(bob.c, a.id, 7)).body.keyboard_shortcut, 7);
    assert.equal((await set(ann.c, b.id, 3)).body.keyboard_shortcut, 3);
    assert.deepEqual((await mine(ann.c)).shortcuts, { A: null, B: 3, U: 3 }, '3 moved from A to B; uptown keeps its own 3');
    await set(ann.c, b.id, 5);
    await set(ann.c, a.id, 3);
    assert.deepEqual((await mine(ann.c)).shortcuts, { A: 3, B: 5, U: 3 }, 'B gave up 3 when it took 5');
    assert.deepEqual((await mine(bob.c)).shortcuts, { A: 7 }, 'bob\'s shortcuts are his own');
  });

  it('returns 422 for a number outside 1–9 or none, 404 for views the caller cannot see, and writes nothing', async () => {
    const { c, ann, bob, create } = await viewPractice();
    const v = await create(ann.c);
    const before = await tenantFingerprint(c.orgId);
    for (const q of ['?shortcut=0', '?shortcut=10', '?shortcut=two', '']) {
      const res = await ann.c.post(`/schedule/views/${v.id}/set-shortcut${q}`);
      assert.deepEqual([res.status, firstIssue(res).loc], [422, ['query', 'shortcut']], q);
    }
    for (const [client, id] of [[ann.c, MISSING], [bob.c, v.id], [await newOrg(), v.id]] as const) {
      assert.equal((await client.post(`/schedule/views/${id}/set-shortcut?shortcut=1`)).status, 404);
    }
    assert.deepEqual(await tenantFingerprint(c.orgId), before);
  });

  it('concurrent calls for one number never leave two views with it, and concurrent defaults leave one default', async () => {
    const { c, ann, create } = await viewPractice();
    const views: { id: string }[] = [];
    for (let i = 0; i < 8; i++) views.push(await create(ann.c, { name: `V${i}` }));
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(views.map((v) => ann.c.post(`/schedule/views/${v.id}/set-shortcut?shortcut=4`)));
      assert.deepEqual(answers.map((r) => r.status), views.map(() => 200));
      const holders = (await settingsRows(c.orgId)).filter((s) => s.keyboard_shortcut === 4);
      assert.equal(holders.length, 1, `round ${round}: ${JSON.stringify(holders)}`);
      assert.equal(Object.values((await mine(ann.c)).shortcuts).filter((n) => n === 4).length, 1);
      const defaults = await Promise.all(views.map((v) => ann.c.post(`/schedule/views/${v.id}/set-default`)));
      assert.deepEqual(defaults.map((r) => r.status), views.map(() => 200));
      assert.equal(Object.values((await mine(ann.c)).defaults).filter(Boolean).length, 1);
    }
  });
});

describe('per-user sweep', () => {
  it('another user of the organisation, admins included, can neither see nor change a personal view, and nothing changes', async () => {
    const { c, ann, bob, loc, ops, create } = await viewPractice();
    const personal = await create(ann.c, { name: 'Ann only', operatory_uuids: [ops[0]!.id] });
    await ann.c.post(`/schedule/views/${personal.id}/set-default`);
    await ann.c.post(`/schedule/views/${personal.id}/set-shortcut?shortcut=2`);
    const seen = (await ann.c.get(`/schedule/views/${personal.id}`)).body;
    const before = await tenantFingerprint(c.orgId);
    for (const other of [bob.c, c]) {
      const id = personal.id;
      const attempts = [
        await other.get(`/schedule/views/${id}`),
        await other.patch(`/schedule/views/${id}`, { base_version: 1, name: 'Taken' }),
        await other.patch(`/schedule/views/${id}`, { base_version: 1, visibility: 'shared' }),
        await other.delete(`/schedule/views/${id}`),
        await other.post(`/schedule/views/${id}/set-default`),
        await other.post(`/schedule/views/${id}/set-shortcut?shortcut=2`),
        await other.get(`/schedule/calendar/daily?location_uuid=${loc.id}&target_date=2026-03-10&view_uuid=${id}`),
        await other.get(`/schedule/calendar/weekly?location_uuid=${loc.id}&week_start=2026-03-09&view_uuid=${id}`),
      ];
      assert.deepEqual(attempts.map((r) => r.status), attempts.map(() => 404));
      assert.deepEqual(attempts.map((r) => firstIssue(r).type), attempts.map(() => 'not_found'));
      const listed = await other.get(`/schedule/views?location_uuid=${loc.id}`);
      assert.deepEqual([listed.status, listed.body.total, listed.body.items], [200, 0, []]);
    }
    assert.deepEqual(await tenantFingerprint(c.orgId), before);
    assert.deepEqual((await ann.c.get(`/schedule/views/${personal.id}`)).body, seen);
    assert.deepEqual([seen.is_default, seen.keyboard_shortcut], [true, 2]);
  });
});
