// One default per user and search type: switching within a type, independence across types and users, and
// concurrent requests that must never leave two defaults.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, loseRaceAtUniqueKey, newOrg } from '../helpers.ts';
import { insertSavedSearch } from '../../src/saved-searches/db/saved-searches.ts';
import { defaultsOf, makeUser, saveSearch } from './saved-search-fixture.ts';

after(closeTestApp);

const URL = '/schedule/saved-searches';

describe('saved search defaults', () => {
  it('a new default unsets the previous default of the same type, bumping its version; other types keep theirs', async () => {
    const c = await newOrg();
    const first = await saveSearch(c, { name: 'First', is_default: true });
    const lookup = await saveSearch(c, { name: 'Lookup', search_type: 'patient_lookup', is_default: true });
    const plain = await saveSearch(c, { name: 'Plain' });
    const second = await saveSearch(c, { name: 'Second', is_default: true });
    assert.equal(second.is_default, true);
    const old = (await c.get(`${URL}/${first.id}`)).body;
    assert.deepEqual([old.is_default, old.version], [false, 2]);
    assert.ok(old.updated_at > first.updated_at);
    assert.deepEqual((await c.get(`${URL}/${lookup.id}`)).body, lookup, 'another type is untouched');
    assert.deepEqual((await c.get(`${URL}/${plain.id}`)).body, plain, 'a non-default of the type is untouched');
    assert.deepEqual(await defaultsOf(c.orgId, c.adminUserId),
      [{ search_type: 'find_free_time', id: second.id }, { search_type: 'patient_lookup', id: lookup.id }]);
  });

  it('update with is_default true switches the default; false leaves the type without one', async () => {
    const c = await newOrg();
    const a = await saveSearch(c, { name: 'A', is_default: true });
    const b = await saveSearch(c, { name: 'B' });
    const made = await c.patch(`${URL}/${b.id}`, { base_version: 1, is_default: true });
    assert.equal(made.status, 200);
    assert.deepEqual([made.body.is_default, made.body.version], [true, 2]);
    assert.deepEqual(await defaultsOf(c.orgId, c.adminUserId), [{ search_type: 'find_free_time', id: b.id }]);
    assert.equal((await c.get(`${URL}/${a.id}`)).body.version, 2);
    const again = await c.patch(`${URL}/${b.id}`, { base_version: 2, is_default: true, name: 'B again' });
    assert.deepEqual([again.status, again.body.is_default, again.body.version], [200, true, 3]);
    assert.equal((await c.get(`${URL}/${a.id}`)).body.version, 2, 'making the default the default again touches no other search');
    const off = await c.patch(`${URL}/${b.id}`, { base_version: 3, is_default: false });
    assert.equal(off.body.is_default, false);
    assert.deepEqual(await defaultsOf(c.orgId, c.adminUserId), []);
  });

  it('moving the default to another type keeps it the default there, unsets that type\'s default and leaves the old type without one', async () => {
    const c = await newOrg();
    const free = await saveSearch(c, { name: 'Free', is_default: true });
    const lookup = await saveSearch(c, { name: 'Lookup', search_type: 'patient_lookup', is_default: true });
    const moved = await c.patch(`${URL}/${free.id}`, { base_version: 1, search_type: 'patient_lookup' });
    assert.deepEqual([moved.status, moved.body.search_type, moved.body.is_default], [200, 'patient_lookup', true]);
    assert.equal((await c.get(`${URL}/${lookup.id}`)).body.is_default, false);
    assert.deepEqual(await defaultsOf(c.orgId, c.adminUserId), [{ search_type: 'patient_lookup', id: free.id }]);
    const plain = await saveSearch(c, { name: 'Plain', search_type: 'patient_lookup' });
    const back = await c.patch(`${URL}/${plain.id}`, { base_version: 1, search_type: 'find_free_time' });
    assert.equal(back.body.is_default, false, 'a non-default moves without becoming a default');
    assert.deepEqual(await defaultsOf(c.orgId, c.adminUserId), [{ search_type: 'patient_lookup', id: free.id }]);
  });

  it('each user has their own default: another user\'s new default leaves the first user\'s in place', async () => {
    const c = await newOrg();
    const other = await makeUser(c, 'staff');
    const mine = await saveSearch(c, { is_default: true });
    const theirs = await saveSearch(other.client, { is_default: true });
    assert.equal((await c.get(`${URL}/${mine.id}`)).body.is_default, true);
    assert.deepEqual(await defaultsOf(c.orgId, c.adminUserId), [{ search_type: 'find_free_time', id: mine.id }]);
    assert.deepEqual(await defaultsOf(c.orgId, other.id), [{ search_type: 'find_free_time', id: theirs.id }]);
  });

  it('20 concurrent creates with is_default true for one user all return 201 and leave exactly one default', async () => {
    const c = await newOrg();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      c.post(URL, { name: `Racer ${String(i).padStart(2, '0')}`, criteria: { i }, is_default: true })));
    assert.deepEqual(results.map((r) => r.status), Array(20).fill(201), JSON.stringify(results.find((r) => r.status !== 201)?.body));
    const list = (await c.get(`${URL}?page_size=50`)).body;
    assert.equal(list.total, 20);
    const defaults = list.items.filter((s: { is_default: boolean }) => s.is_default);
    assert.equal(defaults.length, 1);
    assert.deepEqual(await defaultsOf(c.orgId, c.adminUserId), [{ search_type: 'find_free_time', id: defaults[0].id }]);
  });

  it('concurrent updates making different searches the default leave exactly one default, and every update succeeds', async () => {
    const c = await newOrg();
    const made = [];
    for (let i = 0; i < 12; i++) made.push(await saveSearch(c, { name: `S${i}` }));
    const results = await Promise.all(made.map((s) => c.patch(`${URL}/${s.id}`, { base_version: 1, is_default: true })));
    assert.deepEqual(results.map((r) => r.status), Array(12).fill(200), JSON.stringify(results.find((r) => r.status !== 200)?.body));
    assert.equal((await defaultsOf(c.orgId, c.adminUserId)).length, 1);
  });

  it('concurrent creates and moves across two types leave exactly one default per type', async () => {
    const c = await newOrg();
    const seeds = [await saveSearch(c, { name: 'm0', is_default: true }), await saveSearch(c, { name: 'm1', search_type: 'patient_lookup', is_default: true })];
    const writes = [
      ...Array.from({ length: 8 }, (_, i) => c.post(URL, { name: `n${i}`, criteria: {}, is_default: true, search_type: i % 2 ? 'patient_lookup' : 'find_free_time' })),
      c.patch(`${URL}/${seeds[0].id}`, { base_version: 1, search_type: 'patient_lookup' }),
      c.patch(`${URL}/${seeds[1].id}`, { base_version: 1, search_type: 'find_free_time' }),
    ];
    const results = await Promise.all(writes);
    for (const r of results) assert.ok([200, 201, 409].includes(r.status), JSON.stringify(r.body));
    const defaults = await defaultsOf(c.orgId, c.adminUserId);
    assert.deepEqual(defaults.map((d) => d.search_type).sort(), ['find_free_time', 'patient_lookup']);
  });

  it('a create that meets a default committed past the lock (at the unique index) is run again and becomes the only default', async () => {
    const c = await newOrg();
    const { winner, res } = await loseRaceAtUniqueKey(
      (tx) => insertSavedSearch(tx, c.orgId, c.adminUserId, { name: 'Winner', search_type: 'find_free_time', criteria: {}, is_default: true }),
      () => c.post(URL, { name: 'Loser', criteria: {}, is_default: true }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.is_default, true);
    assert.deepEqual(await defaultsOf(c.orgId, c.adminUserId), [{ search_type: 'find_free_time', id: res.body.id }]);
    const old = (await c.get(`${URL}/${winner.id}`)).body;
    assert.deepEqual([old.is_default, old.version], [false, 2]);
  });
});
