import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, newOrg, type Client } from '../helpers.ts';
import { makeLocation, makeUserToken, referenceRow } from '../factories.ts';

after(closeTestApp);

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';

/** A definition created through the API (fields override the defaults). */
async function makeDefinition(c: Client, fields: Record<string, unknown> = {}) {
  const res = await c.post('/definitions', { category: 'ApptTag', name: 'VIP', ...fields });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

const names = (res: { body: { items: { name: string }[] } }) => res.body.items.map((d) => d.name);

describe('definitions', () => {
  it('a new organisation lists its confirmation statuses Unconfirmed, Not Called, Left Message, Confirmed in that order', async () => {
    const c = await newOrg();
    const res = await c.get('/definitions?category=ApptConfirmed');
    assert.equal(res.status, 200);
    assert.deepEqual(names(res), ['Unconfirmed', 'Not Called', 'Left Message', 'Confirmed']);
    assert.deepEqual(res.body.items.map((d: any) => d.item_order), [0, 1, 2, 3]);
    assert.ok(res.body.items.every((d: any) => d.category === 'ApptConfirmed' && d.is_hidden === false && d.version === 1));
    assert.equal(res.body.total, 4);
  });

  it('a new organisation has the default reasons, tags and priorities, listed by category then item_order', async () => {
    const c = await newOrg();
    const all = await c.get('/definitions?page_size=200');
    assert.equal(all.body.total, 12);
    assert.deepEqual(all.body.items.map((d: any) => `${d.category}:${d.name}`), [
      'ApptConfirmed:Unconfirmed', 'ApptConfirmed:Not Called', 'ApptConfirmed:Left Message', 'ApptConfirmed:Confirmed',
      'ApptTag:New Patient', 'ApptTag:Emergency',
      'AsapPriority:Normal', 'AsapPriority:High',
      'BrokenReason:No Show', 'BrokenReason:Late',
      'CancelReason:Patient Request', 'CancelReason:Practice Closed',
    ]);
    const p2 = await c.get('/definitions?page=2&page_size=5');
    assert.deepEqual(names(p2), ['Emergency', 'Normal', 'High', 'No Show', 'Late']);
    assert.equal(p2.body.total, 12);
  });

  it('create returns 201 after the last definition of its category, with is_hidden false and color null by default', async () => {
    const c = await newOrg();
    const res = await c.post('/definitions', { category: 'ApptConfirmed', name: 'Texted' });
    assert.equal(res.status, 201);
    assert.equal(res.body.item_order, 4);
    assert.equal(res.body.is_hidden, false);
    assert.equal(res.body.color, null);
    assert.equal(res.body.version, 1);
    assert.deepEqual((await c.get(`/definitions/${res.body.id}`)).body, res.body);
    assert.deepEqual(names(await c.get('/definitions?category=ApptConfirmed')),
      ['Unconfirmed', 'Not Called', 'Left Message', 'Confirmed', 'Texted']);
  });

  it('create honours an explicit item_order, ties ordered by name, and appends after hidden ones too', async () => {
    const c = await newOrg();
    await makeDefinition(c, { category: 'BrokenReason', name: 'Weather', item_order: 0, color: '#123abc' });
    const hidden = await makeDefinition(c, { category: 'BrokenReason', name: 'Sick', item_order: 9, is_hidden: true });
    assert.equal(hidden.is_hidden, true);
    assert.deepEqual(names(await c.get('/definitions?category=BrokenReason')), ['No Show', 'Weather', 'Late', 'Sick']);
    assert.equal((await makeDefinition(c, { category: 'BrokenReason', name: 'Traffic' })).item_order, 10);
    assert.deepEqual(names(await c.get('/definitions?category=BrokenReason&include_hidden=false')),
      ['No Show', 'Weather', 'Late', 'Traffic']);
  });

  it('create returns 409 already_exists for a name taken in the same category, and writes nothing', async () => {
    const c = await newOrg();
    const res = await c.post('/definitions', { category: 'ApptConfirmed', name: 'Confirmed', color: '#000000' });
    assert.equal(res.status, 409);
    assert.equal(firstIssue(res).type, 'already_exists');
    assert.deepEqual(firstIssue(res).loc, ['body', 'name']);
    assert.equal((await c.get('/definitions?category=ApptConfirmed')).body.total, 4);
    assert.equal((await c.post('/definitions', { category: 'ApptTag', name: 'Confirmed' })).status, 201);
  });

  it('create returns 422 for a missing or unknown category, bad color or item_order, and unknown fields, and writes nothing', async () => {
    const c = await newOrg();
    const missing = await c.post('/definitions', { name: 'X' });
    assert.equal(missing.status, 422);
    assert.deepEqual(firstIssue(missing), { loc: ['body', 'category'], msg: 'Field required', type: 'missing' });
    const cases: [Record<string, unknown>, string, string][] = [
      [{ category: 'Color' }, 'category', 'enum'],
      [{ color: 'red' }, 'color', 'string_pattern_mismatch'],
      [{ color: '#12345' }, 'color', 'string_pattern_mismatch'],
      [{ item_order: -1 }, 'item_order', 'greater_than_equal'],
      [{ item_order: 1.5 }, 'item_order', 'int_type'],
      [{ item_order: '2' }, 'item_order', 'int_type'],
      [{ name: '' }, 'name', 'string_too_short'],
      [{ id: MISSING }, 'id', 'extra_forbidden'],
      [{ version: 2 }, 'version', 'extra_forbidden'],
      [{ org_id: c.orgId }, 'org_id', 'extra_forbidden'],
    ];
    for (const [extra, field, type] of cases) {
      const res = await c.post('/definitions', { category: 'ApptTag', name: 'X', ...extra });
      assert.equal(res.status, 422, JSON.stringify(extra));
      assert.deepEqual(firstIssue(res).loc, ['body', field], JSON.stringify(extra));
      assert.equal(firstIssue(res).type, type, JSON.stringify(extra));
    }
    assert.equal((await c.get('/definitions')).body.total, 12);
  });

  it('list returns 422 for an unknown category, a non-boolean include_hidden or a bad page', async () => {
    const c = await newOrg();
    for (const qs of ['category=Colour', 'include_hidden=maybe', 'page_size=0', 'page_size=201', 'page=0']) {
      const res = await c.get(`/definitions?${qs}`);
      assert.equal(res.status, 422, qs);
      assert.equal(firstIssue(res).loc[0], 'query');
    }
  });

  it('get returns 404 for an unknown id or another organisation\'s definition and 422 for a malformed id', async () => {
    const c = await newOrg();
    const foreign = (await (await newOrg()).get('/definitions')).body.items[0];
    for (const id of [MISSING, foreign.id]) {
      const res = await c.get(`/definitions/${id}`);
      assert.equal(res.status, 404);
      assert.deepEqual(firstIssue(res), { loc: ['path', 'definition_uuid'], msg: 'Definition not found', type: 'not_found' });
    }
    const bad = await c.get('/definitions/not-a-uuid');
    assert.equal(bad.status, 422);
    assert.equal(firstIssue(bad).type, 'uuid_parsing');
  });

  it('patch with the current base_version renames, recolours, reorders and bumps version; a stale one returns 409 naming the current version', async () => {
    const c = await newOrg();
    const d = await makeDefinition(c, { color: '#42A5F5' });
    const ok = await c.patch(`/definitions/${d.id}`, { base_version: 1, name: 'Very Important', color: null, item_order: 0, is_hidden: true });
    assert.equal(ok.status, 200);
    assert.deepEqual([ok.body.name, ok.body.color, ok.body.item_order, ok.body.is_hidden, ok.body.version, ok.body.category],
      ['Very Important', null, 0, true, 2, 'ApptTag']);
    const stale = await c.patch(`/definitions/${d.id}`, { base_version: 1, name: 'Lost' });
    assert.equal(stale.status, 409);
    assert.equal(firstIssue(stale).type, 'version_conflict');
    assert.match(firstIssue(stale).msg, /current version is 2/);
    assert.equal((await c.get(`/definitions/${d.id}`)).body.name, 'Very Important');
  });

  it('patch returns 409 already_exists for a name taken in the category and changes nothing; keeping its own name is fine', async () => {
    const c = await newOrg();
    const d = await makeDefinition(c);
    const res = await c.patch(`/definitions/${d.id}`, { base_version: 1, name: 'Emergency', color: '#000000' });
    assert.equal(res.status, 409);
    assert.equal(firstIssue(res).type, 'already_exists');
    assert.deepEqual(firstIssue(res).loc, ['body', 'name']);
    const after = (await c.get(`/definitions/${d.id}`)).body;
    assert.deepEqual([after.name, after.color, after.version], ['VIP', null, 1]);
    assert.equal((await c.patch(`/definitions/${d.id}`, { base_version: 1, name: 'VIP' })).status, 200);
    assert.equal((await c.patch(`/definitions/${d.id}`, { base_version: 2, name: 'Late' })).status, 200);
  });

  it('patch returns 422 for a category change, a missing base_version or bad values, and changes nothing', async () => {
    const c = await newOrg();
    const d = await makeDefinition(c);
    const category = await c.patch(`/definitions/${d.id}`, { base_version: 1, category: 'BrokenReason' });
    assert.equal(category.status, 422);
    assert.deepEqual(firstIssue(category), { loc: ['body', 'category'], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' });
    for (const body of [{ name: 'X' }, { base_version: 1, name: null }, { base_version: 1, item_order: -1 }, { base_version: 1, is_hidden: null }]) {
      assert.equal((await c.patch(`/definitions/${d.id}`, body)).status, 422, JSON.stringify(body));
    }
    const after = (await c.get(`/definitions/${d.id}`)).body;
    assert.deepEqual([after.category, after.version], ['ApptTag', 1]);
  });

  it('patch returns 404 for an unknown id or another organisation\'s definition and changes nothing', async () => {
    const c = await newOrg();
    const other = await newOrg();
    const foreign = await makeDefinition(other);
    assert.equal((await c.patch(`/definitions/${MISSING}`, { base_version: 1 })).status, 404);
    const res = await c.patch(`/definitions/${foreign.id}`, { base_version: 1, name: 'Hijacked' });
    assert.equal(res.status, 404);
    assert.deepEqual(firstIssue(res).loc, ['path', 'definition_uuid']);
    assert.equal((await other.get(`/definitions/${foreign.id}`)).body.name, 'VIP');
  });

  it('delete removes an unreferenced definition (204, then 404)', async () => {
    const c = await newOrg();
    const d = await makeDefinition(c);
    assert.equal((await c.delete(`/definitions/${d.id}`)).status, 204);
    assert.equal((await c.get(`/definitions/${d.id}`)).status, 404);
    assert.equal((await c.delete(`/definitions/${d.id}`)).status, 404);
  });

  it('delete hides a definition still referenced by another record and keeps it readable', async () => {
    const c = await newOrg();
    const d = await makeDefinition(c);
    await referenceRow('definitions', c.orgId, d.id);
    assert.equal((await c.delete(`/definitions/${d.id}`)).status, 204);
    const got = await c.get(`/definitions/${d.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.is_hidden, true);
    assert.equal(got.body.version, 2);
    assert.ok(!names(await c.get('/definitions?category=ApptTag&include_hidden=false')).includes('VIP'));
  });

  it('delete returns 404 for another organisation\'s definition and leaves it in place', async () => {
    const c = await newOrg();
    const other = await newOrg();
    const foreign = await makeDefinition(other);
    assert.equal((await c.delete(`/definitions/${foreign.id}`)).status, 404);
    assert.equal((await other.get(`/definitions/${foreign.id}`)).status, 200);
  });

  it('definitions are organisation-wide: a location-limited staff user reads and writes them', async () => {
    const c = await newOrg();
    const loc = await makeLocation(c.orgId);
    const limited = c.as((await makeUserToken(c.orgId, 'staff', [loc.id])).token);
    assert.equal((await limited.get('/definitions')).body.total, 12);
    const d = await makeDefinition(limited);
    assert.equal((await limited.get(`/definitions/${d.id}`)).status, 200);
    assert.equal((await limited.patch(`/definitions/${d.id}`, { base_version: 1, color: '#FFFFFF' })).status, 200);
    assert.equal((await limited.delete(`/definitions/${d.id}`)).status, 204);
  });

  it('a viewer may read but every write returns 403 and changes nothing', async () => {
    const c = await newOrg();
    const d = await makeDefinition(c);
    const viewer = c.as((await makeUserToken(c.orgId, 'viewer')).token);
    assert.equal((await viewer.get(`/definitions/${d.id}`)).status, 200);
    assert.equal((await viewer.get('/definitions?category=ApptConfirmed')).body.total, 4);
    const res = await viewer.post('/definitions', { category: 'ApptTag', name: 'X' });
    assert.equal(res.status, 403);
    assert.equal(firstIssue(res).type, 'forbidden');
    assert.equal((await viewer.patch(`/definitions/${d.id}`, { base_version: 1, name: 'Y' })).status, 403);
    assert.equal((await viewer.delete(`/definitions/${d.id}`)).status, 403);
    assert.equal((await c.get('/definitions')).body.total, 13);
    assert.equal((await c.get(`/definitions/${d.id}`)).body.version, 1);
  });
});
