// Saved searches through the API: every endpoint's success and documented statuses, criteria kept as given.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, newOrg, testPool } from '../helpers.ts';
import { changedTables, tenantFingerprint } from '../core/tenant-snapshot.ts';
import { idsOf, saveSearch } from './saved-search-fixture.ts';

after(closeTestApp);

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';
const URL = '/schedule/saved-searches';
const FIELDS = ['created_at', 'criteria', 'id', 'is_default', 'name', 'search_type', 'updated_at', 'version'];

// Everything JSON can say: nesting, lists (order kept), unicode, numbers of every shape, null, empty containers.
const RICH = {
  location_uuid: MISSING,
  provider_uuids: ['b', 'a', 'b'],
  window: { from: '2026-03-08', to: '2026-11-01', hours: [{ start: '08:00', end: '12:00' }, { start: '13:00', end: '17:30' }] },
  'Zahnarzt – Dr. Müller 😀': { nested: { deeper: { deepest: [[1, [2, [3]]], { '': null }] } } },
  numbers: [0, -1, 2.5, 1e21, -1.25e-7, 9007199254740991],
  flags: [true, false, null],
  empty_object: {}, empty_list: [], blank: '', spaced: '  kept  ',
};

describe('saved searches', () => {
  it('create returns 201 with the eight fields, version 1, type find_free_time and not the default; get returns the same', async () => {
    const c = await newOrg();
    const res = await c.post(URL, { name: 'New patients', criteria: { duration_minutes: 90 } });
    assert.equal(res.status, 201);
    assert.deepEqual(Object.keys(res.body).sort(), FIELDS);
    assert.equal(res.body.search_type, 'find_free_time');
    assert.equal(res.body.is_default, false);
    assert.equal(res.body.version, 1);
    assert.deepEqual(res.body.criteria, { duration_minutes: 90 });
    assert.match(res.body.created_at, /Z$/);
    const got = await c.get(`${URL}/${res.body.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, res.body);
  });

  it('criteria come back unchanged from create, get, list and update: nested objects, lists, unicode, numbers, null', async () => {
    const c = await newOrg();
    const made = await saveSearch(c, { criteria: RICH });
    assert.deepStrictEqual(made.criteria, RICH);
    assert.deepStrictEqual((await c.get(`${URL}/${made.id}`)).body.criteria, RICH);
    assert.deepStrictEqual((await c.get(URL)).body.items[0].criteria, RICH);
    const { rows } = await testPool().query('SELECT criteria = $2::jsonb AS same FROM saved_searches WHERE id = $1', [made.id, JSON.stringify(RICH)]);
    assert.equal(rows[0].same, true);
    const replaced = { only: { this: ['now'] } };
    const patched = await c.patch(`${URL}/${made.id}`, { base_version: 1, criteria: replaced });
    assert.equal(patched.status, 200);
    assert.deepStrictEqual(patched.body.criteria, replaced, 'criteria are replaced whole, not merged');
  });

  it('criteria are kept as given at write time, even keys no search understands and types no search runs', async () => {
    const c = await newOrg();
    const odd = await saveSearch(c, { criteria: { no_such_parameter: 1, location_uuid: 'not even a uuid' } });
    assert.deepEqual(odd.criteria, { no_such_parameter: 1, location_uuid: 'not even a uuid' });
    const other = await saveSearch(c, { search_type: 'patient_lookup', criteria: { last_name: 'Smith' } });
    assert.equal(other.search_type, 'patient_lookup');
  });

  it('create returns 422 for missing, invalid, unknown and server-owned fields, and writes nothing', async () => {
    const c = await newOrg();
    const ok = { name: 'Mornings', criteria: {} };
    const cases: [Record<string, unknown>, (string | number)[], string][] = [
      [{ criteria: {} }, ['body', 'name'], 'missing'],
      [{ name: 'Mornings' }, ['body', 'criteria'], 'missing'],
      [{ ...ok, name: '' }, ['body', 'name'], 'string_too_short'],
      [{ ...ok, name: 'x'.repeat(101) }, ['body', 'name'], 'string_too_long'],
      [{ ...ok, name: null }, ['body', 'name'], 'string_type'],
      [{ ...ok, criteria: [] }, ['body', 'criteria'], 'dict_type'],
      [{ ...ok, criteria: 'duration_minutes=30' }, ['body', 'criteria'], 'dict_type'],
      [{ ...ok, criteria: null }, ['body', 'criteria'], 'dict_type'],
      [{ ...ok, search_type: '' }, ['body', 'search_type'], 'string_too_short'],
      [{ ...ok, search_type: 'Find_Free_Time' }, ['body', 'search_type'], 'string_pattern_mismatch'],
      [{ ...ok, search_type: 'find-free-time' }, ['body', 'search_type'], 'string_pattern_mismatch'],
      [{ ...ok, search_type: 'x'.repeat(51) }, ['body', 'search_type'], 'string_too_long'],
      [{ ...ok, search_type: null }, ['body', 'search_type'], 'string_type'],
      [{ ...ok, is_default: 'true' }, ['body', 'is_default'], 'bool_type'],
      [{ ...ok, is_default: null }, ['body', 'is_default'], 'bool_type'],
      [{ ...ok, user_id: MISSING }, ['body', 'user_id'], 'extra_forbidden'],
      [{ ...ok, user_uuid: MISSING }, ['body', 'user_uuid'], 'extra_forbidden'],
      [{ ...ok, id: MISSING }, ['body', 'id'], 'extra_forbidden'],
      [{ ...ok, version: 3 }, ['body', 'version'], 'extra_forbidden'],
      [{ ...ok, criteria: { a: [{ b: 'x\u0000' }] } }, ['body', 'criteria', 'a', 0, 'b'], 'value_error'],
      [{ ...ok, criteria: JSON.parse('{"a": "\\ud800"}') }, ['body', 'criteria', 'a'], 'value_error'],
      [{ ...ok, criteria: JSON.parse(`${'{"n":'.repeat(33)}1${'}'.repeat(33)}`) }, ['body', 'criteria', ...Array(32).fill('n')], 'value_error'],
    ];
    const before = await tenantFingerprint(c.orgId);
    for (const [body, loc, type] of cases) {
      const res = await c.post(URL, body);
      assert.equal(res.status, 422, JSON.stringify(body).slice(0, 200));
      assert.deepEqual(firstIssue(res).loc, loc, JSON.stringify(res.body).slice(0, 300));
      assert.equal(firstIssue(res).type, type, JSON.stringify(body).slice(0, 200));
    }
    assert.deepEqual(changedTables(before, await tenantFingerprint(c.orgId)), []);
    assert.equal((await c.post(URL, { ...ok, name: 'ü'.repeat(100), search_type: 'a'.repeat(50) })).status, 201);
  });

  it('list returns the caller\'s searches by name, case-insensitively, then creation, filtered by search_type and paged', async () => {
    const c = await newOrg();
    const b = await saveSearch(c, { name: 'beta' });
    const a2 = await saveSearch(c, { name: 'Alpha' });
    const a1 = await saveSearch(c, { name: 'alpha', search_type: 'patient_lookup' });
    const z = await saveSearch(c, { name: 'Zulu' });
    const all = await c.get(URL);
    assert.equal(all.status, 200);
    assert.deepEqual(Object.keys(all.body).sort(), ['items', 'page', 'page_size', 'total']);
    assert.deepEqual(idsOf(all), [a2.id, a1.id, b.id, z.id]);
    assert.deepEqual([all.body.page, all.body.page_size, all.body.total], [1, 50, 4]);
    assert.deepEqual(idsOf(await c.get(`${URL}?search_type=find_free_time`)), [a2.id, b.id, z.id]);
    assert.deepEqual(idsOf(await c.get(`${URL}?search_type=patient_lookup`)), [a1.id]);
    assert.deepEqual((await c.get(`${URL}?search_type=never_saved`)).body, { items: [], page: 1, page_size: 50, total: 0 });
    const page2 = await c.get(`${URL}?page=2&page_size=3`);
    assert.deepEqual([idsOf(page2), page2.body.total, page2.body.page, page2.body.page_size], [[z.id], 4, 2, 3]);
  });

  it('list returns 422 for paging out of range and a malformed search_type', async () => {
    const c = await newOrg();
    for (const [query, name] of [['page=0', 'page'], ['page_size=0', 'page_size'], ['page_size=201', 'page_size'], ['page=x', 'page'],
      ['search_type=Bad-Type', 'search_type'], [`search_type=${'x'.repeat(51)}`, 'search_type']]) {
      const res = await c.get(`${URL}?${query}`);
      assert.equal(res.status, 422, query);
      assert.deepEqual(firstIssue(res).loc, ['query', name], query);
    }
  });

  it('get returns 404 for an unknown id and 422 for a malformed one', async () => {
    const c = await newOrg();
    const res = await c.get(`${URL}/${MISSING}`);
    assert.equal(res.status, 404);
    assert.deepEqual(firstIssue(res), { loc: ['path', 'search_uuid'], msg: 'Saved search not found', type: 'not_found' });
    const bad = await c.get(`${URL}/not-a-uuid`);
    assert.equal(bad.status, 422);
    assert.deepEqual(firstIssue(bad).loc, ['path', 'search_uuid']);
  });

  it('update changes only the fields given, bumps the version and updated_at; base_version alone still bumps it', async () => {
    const c = await newOrg();
    const made = await saveSearch(c, { name: 'Mornings', criteria: { duration_minutes: 30 } });
    const renamed = await c.patch(`${URL}/${made.id}`, { base_version: 1, name: 'Early mornings' });
    assert.equal(renamed.status, 200);
    assert.deepEqual(Object.keys(renamed.body).sort(), FIELDS);
    assert.deepEqual({ ...renamed.body, updated_at: null },
      { ...made, name: 'Early mornings', version: 2, updated_at: null });
    assert.ok(renamed.body.updated_at > made.updated_at);
    const retyped = await c.patch(`${URL}/${made.id}`, { base_version: 2, search_type: 'patient_lookup', criteria: { last_name: 'Ng' } });
    assert.deepEqual([retyped.body.search_type, retyped.body.criteria, retyped.body.name], ['patient_lookup', { last_name: 'Ng' }, 'Early mornings']);
    const touched = await c.patch(`${URL}/${made.id}`, { base_version: 3 });
    assert.equal(touched.status, 200);
    assert.equal(touched.body.version, 4);
    assert.deepEqual((await c.get(`${URL}/${made.id}`)).body, touched.body);
  });

  it('update returns 409 version_conflict naming the current version for a stale base_version, and changes nothing', async () => {
    const c = await newOrg();
    const made = await saveSearch(c);
    await c.patch(`${URL}/${made.id}`, { base_version: 1, name: 'Second' });
    const before = await tenantFingerprint(c.orgId);
    const res = await c.patch(`${URL}/${made.id}`, { base_version: 1, name: 'Lost update', is_default: true });
    assert.equal(res.status, 409);
    assert.equal(firstIssue(res).type, 'version_conflict');
    assert.deepEqual(firstIssue(res).loc, ['body', 'base_version']);
    assert.match(firstIssue(res).msg, /current version is 2/);
    assert.deepEqual(changedTables(before, await tenantFingerprint(c.orgId)), []);
  });

  it('update returns 404 for an unknown id, 422 for missing base_version, null, unknown and unstorable fields, and writes nothing', async () => {
    const c = await newOrg();
    const made = await saveSearch(c);
    const before = await tenantFingerprint(c.orgId);
    const unknown = await c.patch(`${URL}/${MISSING}`, { base_version: 1, name: 'x' });
    assert.equal(unknown.status, 404);
    assert.deepEqual(firstIssue(unknown).loc, ['path', 'search_uuid']);
    const cases: [Record<string, unknown>, (string | number)[], string][] = [
      [{ name: 'x' }, ['body', 'base_version'], 'missing'],
      [{ base_version: 0 }, ['body', 'base_version'], 'greater_than_equal'],
      [{ base_version: '1' }, ['body', 'base_version'], 'int_type'],
      [{ base_version: 1, name: null }, ['body', 'name'], 'string_type'],
      [{ base_version: 1, criteria: null }, ['body', 'criteria'], 'dict_type'],
      [{ base_version: 1, is_default: null }, ['body', 'is_default'], 'bool_type'],
      [{ base_version: 1, search_type: null }, ['body', 'search_type'], 'string_type'],
      [{ base_version: 1, name: '' }, ['body', 'name'], 'string_too_short'],
      [{ base_version: 1, user_id: MISSING }, ['body', 'user_id'], 'extra_forbidden'],
      [{ base_version: 1, criteria: { k: '\u0000' } }, ['body', 'criteria', 'k'], 'value_error'],
    ];
    for (const [body, loc, type] of cases) {
      const res = await c.patch(`${URL}/${made.id}`, body);
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.deepEqual([firstIssue(res).loc, firstIssue(res).type], [loc, type], JSON.stringify(body));
    }
    assert.deepEqual(changedTables(before, await tenantFingerprint(c.orgId)), []);
  });

  it('delete returns 204 and the search is gone for good; a second delete and an unknown id return 404', async () => {
    const c = await newOrg();
    const keep = await saveSearch(c, { name: 'Keep' });
    const made = await saveSearch(c, { name: 'Drop', is_default: true });
    const res = await c.delete(`${URL}/${made.id}`);
    assert.equal(res.status, 204);
    assert.equal(res.body, undefined);
    assert.equal((await c.get(`${URL}/${made.id}`)).status, 404);
    assert.deepEqual(idsOf(await c.get(URL)), [keep.id]);
    const again = await c.delete(`${URL}/${made.id}`);
    assert.equal(again.status, 404);
    assert.deepEqual(firstIssue(again).loc, ['path', 'search_uuid']);
    assert.equal((await c.delete(`${URL}/${MISSING}`)).status, 404);
    assert.equal((await c.patch(`${URL}/${made.id}`, { base_version: 1, name: 'Back?' })).status, 404);
  });
});
