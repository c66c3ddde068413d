import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, newOrg } from '../helpers.ts';
import { makeLocation, makeProvider, makeUserToken, referenceRow } from '../factories.ts';

after(closeTestApp);

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';

describe('providers', () => {
  it('create returns 201 with name "First Last", defaults and version 1', async () => {
    const c = await newOrg();
    const res = await c.post('/providers', { first_name: 'Ada', last_name: 'Lovelace', provider_type: 'hygienist', color: '#42A5F5', abbrev: 'AL' });
    assert.equal(res.status, 201);
    assert.equal(res.body.name, 'Ada Lovelace');
    assert.equal(res.body.provider_type, 'hygienist');
    assert.equal(res.body.color, '#42A5F5');
    assert.equal(res.body.abbrev, 'AL');
    assert.equal(res.body.is_active, true);
    assert.equal(res.body.version, 1);
    const got = await c.get(`/providers/${res.body.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, res.body);
    const bare = await c.post('/providers', { first_name: 'Bo', last_name: 'Brush', provider_type: 'other' });
    assert.equal(bare.body.color, null);
    assert.equal(bare.body.abbrev, null);
  });

  it('create returns 422 for missing, unknown and invalid fields, and writes nothing', async () => {
    const c = await newOrg();
    const missing = await c.post('/providers', { first_name: 'A', provider_type: 'dentist' });
    assert.equal(missing.status, 422);
    assert.deepEqual(firstIssue(missing), { loc: ['body', 'last_name'], msg: 'Field required', type: 'missing' });
    for (const extra of [{ id: MISSING }, { version: 2 }, { name: 'A B' }, { created_at: '2026-01-01T00:00:00Z' }]) {
      const res = await c.post('/providers', { first_name: 'A', last_name: 'B', provider_type: 'dentist', ...extra });
      assert.equal(res.status, 422, JSON.stringify(extra));
      assert.deepEqual(firstIssue(res), { loc: ['body', Object.keys(extra)[0]!], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' });
    }
    const cases: [Record<string, unknown>, (string | number)[], string][] = [
      [{ provider_type: 'surgeon' }, ['body', 'provider_type'], 'enum'],
      [{ color: 'blue' }, ['body', 'color'], 'string_pattern_mismatch'],
      [{ color: '#12345' }, ['body', 'color'], 'string_pattern_mismatch'],
      [{ first_name: '' }, ['body', 'first_name'], 'string_too_short'],
      [{ is_active: 1 }, ['body', 'is_active'], 'bool_type'],
    ];
    for (const [bad, loc, type] of cases) {
      const res = await c.post('/providers', { first_name: 'A', last_name: 'B', provider_type: 'dentist', ...bad });
      assert.equal(res.status, 422, JSON.stringify(bad));
      assert.deepEqual(loc, firstIssue(res).loc, JSON.stringify(bad));
      assert.ok(res.body.detail.some((d: any) => d.type === type), `${JSON.stringify(bad)}: ${JSON.stringify(res.body)}`);
    }
    assert.equal((await c.get('/providers')).body.total, 0);
  });

  it('list orders by last name then first name, paginates and filters by provider_type, is_active and q', async () => {
    const c = await newOrg();
    await makeProvider(c.orgId, { first_name: 'Zoe', last_name: 'Adams', provider_type: 'hygienist' });
    await makeProvider(c.orgId, { first_name: 'Amy', last_name: 'Adams', abbrev: 'DRX' });
    await makeProvider(c.orgId, { first_name: 'Carl', last_name: 'zimmer', is_active: false });
    await makeProvider(c.orgId, { first_name: 'Ben', last_name: 'Mills', provider_type: 'assistant' });
    const all = await c.get('/providers');
    assert.equal(all.status, 200);
    assert.deepEqual(all.body.items.map((p: any) => p.name), ['Amy Adams', 'Zoe Adams', 'Ben Mills', 'Carl zimmer']);
    const p2 = await c.get('/providers?page=2&page_size=3');
    assert.deepEqual(p2.body.items.map((p: any) => p.name), ['Carl zimmer']);
    assert.equal(p2.body.total, 4);
    assert.deepEqual((await c.get('/providers?provider_type=hygienist')).body.items.map((p: any) => p.name), ['Zoe Adams']);
    assert.deepEqual((await c.get('/providers?is_active=false')).body.items.map((p: any) => p.name), ['Carl zimmer']);
    assert.deepEqual((await c.get('/providers?q=ZIM')).body.items.map((p: any) => p.name), ['Carl zimmer']);
    assert.deepEqual((await c.get('/providers?q=ada')).body.items.map((p: any) => p.name), ['Amy Adams', 'Zoe Adams']);
    assert.deepEqual((await c.get('/providers?q=drx')).body.items.map((p: any) => p.name), ['Amy Adams']);
    assert.deepEqual((await c.get('/providers?q=be')).body.items.map((p: any) => p.name), ['Ben Mills']);
    assert.equal((await c.get('/providers?q=%25')).body.total, 0, 'q is a literal, % is no wildcard');
  });

  it('list returns 422 for an unknown provider_type or a bad page_size', async () => {
    const c = await newOrg();
    for (const qs of ['provider_type=surgeon', 'page_size=0', 'page_size=201', 'page=0', 'is_active=perhaps']) {
      const res = await c.get(`/providers?${qs}`);
      assert.equal(res.status, 422, qs);
      assert.equal(firstIssue(res).loc[0], 'query');
    }
  });

  it('get returns 404 for an unknown id or another organisation\'s provider, and 422 for a malformed id', async () => {
    const c = await newOrg();
    const other = await newOrg();
    const foreign = await makeProvider(other.orgId);
    for (const id of [MISSING, foreign.id]) {
      const res = await c.get(`/providers/${id}`);
      assert.equal(res.status, 404);
      assert.deepEqual(firstIssue(res).loc, ['path', 'provider_uuid']);
    }
    assert.equal(firstIssue(await c.get('/providers/123')).type, 'uuid_parsing');
  });

  it('patch with the current base_version bumps version, renames and clears color; a stale one returns 409 naming the current version', async () => {
    const c = await newOrg();
    const p = await makeProvider(c.orgId, { color: '#000000' });
    const ok = await c.patch(`/providers/${p.id}`, { base_version: 1, first_name: 'Rear Admiral', color: null, provider_type: 'other' });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.version, 2);
    assert.equal(ok.body.name, 'Rear Admiral Molar');
    assert.equal(ok.body.color, null);
    assert.equal(ok.body.provider_type, 'other');
    const stale = await c.patch(`/providers/${p.id}`, { base_version: 1, last_name: 'Lost' });
    assert.equal(stale.status, 409);
    assert.equal(firstIssue(stale).type, 'version_conflict');
    assert.match(firstIssue(stale).msg, /current version is 2/);
    assert.equal((await c.get(`/providers/${p.id}`)).body.last_name, 'Molar');
  });

  it('patch returns 422 for a bad value, an unknown field or a missing base_version, and changes nothing', async () => {
    const c = await newOrg();
    const p = await makeProvider(c.orgId);
    for (const body of [{ base_version: 1, provider_type: 'nurse' }, { base_version: 1, color: 'red' }, { base_version: 1, name: 'X Y' }, { last_name: 'X' }]) {
      assert.equal((await c.patch(`/providers/${p.id}`, body)).status, 422, JSON.stringify(body));
    }
    const got = (await c.get(`/providers/${p.id}`)).body;
    assert.equal(got.version, 1);
    assert.equal(got.name, 'Dana Molar');
  });

  it('patch and delete return 404 for an unknown id or another organisation\'s provider, and change nothing there', async () => {
    const c = await newOrg();
    const other = await newOrg();
    const foreign = await makeProvider(other.orgId);
    for (const id of [MISSING, foreign.id]) {
      assert.equal((await c.patch(`/providers/${id}`, { base_version: 1, last_name: 'X' })).status, 404);
      assert.equal((await c.delete(`/providers/${id}`)).status, 404);
    }
    const untouched = (await other.get(`/providers/${foreign.id}`)).body;
    assert.equal(untouched.version, 1);
    assert.equal(untouched.last_name, 'Molar');
  });

  it('delete removes an unreferenced provider (204, then 404)', async () => {
    const c = await newOrg();
    const p = await makeProvider(c.orgId);
    assert.equal((await c.delete(`/providers/${p.id}`)).status, 204);
    assert.equal((await c.get(`/providers/${p.id}`)).status, 404);
    assert.equal((await c.delete(`/providers/${p.id}`)).status, 404);
  });

  it('delete archives a provider still referenced (204, is_active false, still readable)', async () => {
    const c = await newOrg();
    const p = await makeProvider(c.orgId);
    await referenceRow('providers', c.orgId, p.id);
    assert.equal((await c.delete(`/providers/${p.id}`)).status, 204);
    const got = await c.get(`/providers/${p.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.is_active, false);
    assert.equal(got.body.version, 2);
  });

  it('a viewer may read providers but every write returns 403 and changes nothing', async () => {
    const c = await newOrg();
    const p = await makeProvider(c.orgId);
    const viewer = c.as((await makeUserToken(c.orgId, 'viewer')).token);
    assert.equal((await viewer.get(`/providers/${p.id}`)).status, 200);
    const res = await viewer.post('/providers', { first_name: 'A', last_name: 'B', provider_type: 'dentist' });
    assert.equal(res.status, 403);
    assert.equal(firstIssue(res).type, 'forbidden');
    assert.equal((await viewer.patch(`/providers/${p.id}`, { base_version: 1, last_name: 'Y' })).status, 403);
    assert.equal((await viewer.delete(`/providers/${p.id}`)).status, 403);
    assert.equal((await c.get('/providers')).body.total, 1);
    assert.equal((await c.get(`/providers/${p.id}`)).body.version, 1);
  });

  it('a location-limited staff user sees and manages organisation-wide providers (200)', async () => {
    const c = await newOrg();
    const p = await makeProvider(c.orgId);
    const limited = c.as((await makeUserToken(c.orgId, 'staff', [(await makeLocation(c.orgId)).id])).token);
    assert.equal((await limited.get('/providers')).body.total, 1);
    assert.equal((await limited.patch(`/providers/${p.id}`, { base_version: 1, abbrev: 'GH' })).status, 200);
    assert.equal((await limited.post('/providers', { first_name: 'A', last_name: 'B', provider_type: 'assistant' })).status, 201);
  });
});
