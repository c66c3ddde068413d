// Saved searches belong to their user: nobody else — another user, an admin, another organisation — can
// list, read, change or delete them; every role, viewers included, keeps its own.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, newOrg, testPool, type Client } from '../helpers.ts';
import { changedTables, tenantFingerprint } from '../core/tenant-snapshot.ts';
import { getOwnSavedSearch } from '../../src/saved-searches/index.ts';
import { idsOf, makeUser, saveSearch } from './saved-search-fixture.ts';

after(closeTestApp);

const URL = '/schedule/saved-searches';

/** Every route on `id` through `x`, with bodies that would succeed for the owner. */
function everyRouteOn(x: Client, id: string) {
  return [
    ['GET', () => x.get(`${URL}/${id}`)],
    ['PATCH', () => x.patch(`${URL}/${id}`, { base_version: 1, name: 'Taken over' })],
    ['PATCH is_default', () => x.patch(`${URL}/${id}`, { base_version: 1, is_default: true })],
    ['DELETE', () => x.delete(`${URL}/${id}`)],
  ] as const;
}

describe('saved search owners', () => {
  it('another user of the organisation — staff, viewer or admin — gets 404 on every route for the first user\'s search, lists none of them, and changes nothing', async () => {
    const c = await newOrg();
    const owner = await makeUser(c, 'staff');
    const mine = [await saveSearch(owner.client, { name: 'Mine', is_default: true }), await saveSearch(owner.client, { name: 'Also mine' })];
    const others: [string, Client][] = [
      ['the organisation\'s admin', c], ['another admin', (await makeUser(c, 'admin')).client],
      ['another staff user', (await makeUser(c, 'staff')).client], ['a viewer', (await makeUser(c, 'viewer')).client],
    ];
    const before = await tenantFingerprint(c.orgId);
    for (const [who, x] of others) {
      const list = await x.get(URL);
      assert.deepEqual([list.status, list.body.total, list.body.items], [200, 0, []], who);
      assert.equal((await x.get(`${URL}?search_type=find_free_time`)).body.total, 0, who);
      for (const s of mine) {
        for (const [route, call] of everyRouteOn(x, s.id)) {
          const res = await call();
          assert.equal(res.status, 404, `${who} ${route}`);
          assert.deepEqual(firstIssue(res), { loc: ['path', 'search_uuid'], msg: 'Saved search not found', type: 'not_found' }, `${who} ${route}`);
        }
      }
    }
    assert.deepEqual(changedTables(before, await tenantFingerprint(c.orgId)), []);
    assert.deepEqual(idsOf(await owner.client.get(URL)), [mine[1].id, mine[0].id]);
    assert.deepEqual((await owner.client.get(`${URL}/${mine[0].id}`)).body, mine[0]);
  });

  it('another user\'s default does not unset the owner\'s, and each list shows only its own user\'s searches', async () => {
    const c = await newOrg();
    const owner = await makeUser(c, 'staff');
    const mine = await saveSearch(owner.client, { is_default: true });
    const theirs = await saveSearch(c, { is_default: true });
    assert.deepEqual(idsOf(await owner.client.get(URL)), [mine.id]);
    assert.deepEqual(idsOf(await c.get(URL)), [theirs.id]);
    assert.deepEqual((await owner.client.get(`${URL}/${mine.id}`)).body, mine);
  });

  it('another organisation\'s admin gets 404 for the search under either org id, and changes nothing', async () => {
    const victim = await newOrg('Victim');
    const attacker = await newOrg('Attacker');
    const mine = await saveSearch(victim, { is_default: true });
    const before = await tenantFingerprint(victim.orgId);
    for (const [route, call] of everyRouteOn(attacker, mine.id)) {
      const res = await call();
      assert.equal(res.status, 404, route);
      assert.deepEqual(firstIssue(res).loc, ['path', 'search_uuid'], route);
    }
    const crossed = await attacker.request('GET', `/api/v1/${victim.orgId}${URL}/${mine.id}`);
    assert.deepEqual([crossed.status, firstIssue(crossed).loc], [404, ['path', 'org_id']]);
    assert.equal((await attacker.get(URL)).body.total, 0);
    assert.deepEqual(changedTables(before, await tenantFingerprint(victim.orgId)), []);
  });

  it('a viewer creates, lists, reads, updates, makes default and deletes their own searches (201, 200, 204)', async () => {
    const c = await newOrg();
    const viewer = (await makeUser(c, 'viewer')).client;
    const made = await viewer.post(URL, { name: 'Front desk', criteria: { duration_minutes: 30 }, is_default: true });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.deepEqual(idsOf(await viewer.get(URL)), [made.body.id]);
    assert.equal((await viewer.get(`${URL}/${made.body.id}`)).status, 200);
    const second = await saveSearch(viewer, { name: 'Second' });
    const patched = await viewer.patch(`${URL}/${second.id}`, { base_version: 1, is_default: true, name: 'Second!' });
    assert.deepEqual([patched.status, patched.body.is_default], [200, true]);
    assert.equal((await viewer.get(`${URL}/${made.body.id}`)).body.is_default, false);
    assert.equal((await viewer.delete(`${URL}/${made.body.id}`)).status, 204);
    assert.deepEqual(idsOf(await viewer.get(URL)), [second.id]);
    // Viewers stay read-only for the practice's records.
    assert.equal((await viewer.post('/schedule/notes', {})).status, 403);
  });

  it('a token limited to availability:read gets 403 on every saved-search route', async () => {
    const c = await newOrg();
    const mine = await saveSearch(c);
    const widget = await c.post(`/users/${c.adminUserId}/tokens`, { name: 'widget', scopes: ['availability:read'] });
    const x = c.as(widget.body.token);
    const before = await tenantFingerprint(c.orgId);
    for (const res of [await x.get(URL), await x.post(URL, { name: 'n', criteria: {} }), ...await Promise.all(everyRouteOn(x, mine.id).map(([, call]) => call()))]) {
      assert.equal(res.status, 403);
      assert.equal(firstIssue(res).type, 'forbidden');
    }
    assert.deepEqual(changedTables(before, await tenantFingerprint(c.orgId)), []);
  });

  it('getOwnSavedSearch returns the type and criteria of the user\'s own search only', async () => {
    const c = await newOrg();
    const other = await makeUser(c, 'admin');
    const mine = await saveSearch(c, { search_type: 'find_free_time', criteria: { duration_minutes: 45, days_of_week: [1, 3] } });
    assert.deepStrictEqual(await getOwnSavedSearch(testPool(), c.orgId, c.adminUserId, mine.id),
      { search_type: 'find_free_time', criteria: { duration_minutes: 45, days_of_week: [1, 3] } });
    assert.equal(await getOwnSavedSearch(testPool(), c.orgId, other.id, mine.id), undefined);
    assert.equal(await getOwnSavedSearch(testPool(), c.orgId, c.adminUserId, '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11'), undefined);
    const elsewhere = await newOrg();
    assert.equal(await getOwnSavedSearch(testPool(), elsewhere.orgId, c.adminUserId, mine.id), undefined);
  });

  it('a user\'s searches go with the user\'s row (ON DELETE CASCADE)', async () => {
    const c = await newOrg();
    const u = await makeUser(c, 'staff');
    await saveSearch(u.client);
    await testPool().query('DELETE FROM api_tokens WHERE org_id = $1 AND user_id = $2', [c.orgId, u.id]);
    await testPool().query('DELETE FROM users WHERE org_id = $1 AND id = $2', [c.orgId, u.id]);
    const { rows } = await testPool().query('SELECT count(*)::int AS n FROM saved_searches WHERE org_id = $1', [c.orgId]);
    assert.equal(rows[0].n, 0);
  });
});
