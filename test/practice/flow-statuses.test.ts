import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { insertFlowStatus } from '../../src/practice/db/flow-statuses.ts';
import { closeTestApp, firstIssue, newOrg, type Client, loseRaceAtUniqueKey } from '../helpers.ts';
import { makeLocation, makeUserToken, referenceRow } from '../factories.ts';

after(closeTestApp);

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';
const DEFAULT_NAMES = ['Arrived', 'Seated', 'In Chair', 'Ready for Checkout', 'Checked Out'];

/** A flow status created through the API (fields override the defaults). */
async function makeStatus(c: Client, fields: Record<string, unknown> = {}) {
  const res = await c.post('/schedule/flow-statuses', { name: 'Waiting Room', ...fields });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

const names = (res: { body: { items: { name: string }[] } }) => res.body.items.map((s) => s.name);

describe('patient flow statuses', () => {
  it('a new organisation lists Arrived, Seated, In Chair, Ready for Checkout, Checked Out in order with their slugs', async () => {
    const c = await newOrg();
    const res = await c.get('/schedule/flow-statuses');
    assert.equal(res.status, 200);
    assert.deepEqual(names(res), DEFAULT_NAMES);
    assert.deepEqual(res.body.items.map((s: any) => s.slug), ['arrived', 'seated', 'in-chair', 'ready-for-checkout', 'checked-out']);
    assert.deepEqual(res.body.items.map((s: any) => s.item_order), [0, 1, 2, 3, 4]);
    assert.ok(res.body.items.every((s: any) => s.is_active === true && s.version === 1 && /^#[0-9A-F]{6}$/.test(s.color)));
    assert.deepEqual([res.body.total, res.body.page, res.body.page_size], [5, 1, 50]);
    const p2 = await c.get('/schedule/flow-statuses?page=2&page_size=2');
    assert.deepEqual(names(p2), ['In Chair', 'Ready for Checkout']);
  });

  it('create returns 201 with the slug derived from the name, color #9E9E9E, is_active true and item_order after the last', async () => {
    const c = await newOrg();
    const res = await c.post('/schedule/flow-statuses', { name: 'X-Ray / Pano Taken' });
    assert.equal(res.status, 201);
    assert.deepEqual(Object.keys(res.body).sort(),
      ['color', 'created_at', 'id', 'is_active', 'item_order', 'name', 'slug', 'updated_at', 'version']);
    assert.equal(res.body.slug, 'x-ray-pano-taken');
    assert.equal(res.body.color, '#9E9E9E');
    assert.equal(res.body.is_active, true);
    assert.equal(res.body.item_order, 5);
    assert.equal(res.body.version, 1);
    const got = await c.get(`/schedule/flow-statuses/${res.body.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, res.body);
    assert.deepEqual(names(await c.get('/schedule/flow-statuses')), [...DEFAULT_NAMES, 'X-Ray / Pano Taken']);
  });

  it('create honours color, item_order and is_active; the next default order comes after inactive ones too', async () => {
    const c = await newOrg();
    const early = await makeStatus(c, { name: 'Checked In', color: '#00aa00', item_order: 0 });
    assert.deepEqual([early.color, early.item_order], ['#00aa00', 0]);
    const hidden = await makeStatus(c, { name: 'Left Early', item_order: 9, is_active: false });
    assert.equal(hidden.is_active, false);
    assert.equal((await makeStatus(c, { name: 'Paid' })).item_order, 10);
    // item_order ties are ordered by name: Arrived before Checked In.
    assert.deepEqual(names(await c.get('/schedule/flow-statuses')), ['Arrived', 'Checked In', ...DEFAULT_NAMES.slice(1), 'Left Early', 'Paid']);
    assert.deepEqual(names(await c.get('/schedule/flow-statuses?include_inactive=false')),
      ['Arrived', 'Checked In', ...DEFAULT_NAMES.slice(1), 'Paid']);
  });

  it('create returns 409 already_exists at body.name when the slug is taken (case, spacing and inactive statuses included), and writes nothing', async () => {
    const c = await newOrg();
    await makeStatus(c, { name: 'Gone Home', is_active: false });
    for (const name of ['Arrived', 'IN CHAIR', 'in-chair', ' Ready  for checkout! ', 'gone home']) {
      const res = await c.post('/schedule/flow-statuses', { name });
      assert.equal(res.status, 409, name);
      assert.equal(firstIssue(res).type, 'already_exists');
      assert.deepEqual(firstIssue(res).loc, ['body', 'name']);
    }
    assert.equal((await c.get('/schedule/flow-statuses')).body.total, 6);
    assert.equal((await newOrg().then((o) => o.post('/schedule/flow-statuses', { name: 'Gone Home' }))).status, 201);
  });

  it('a create that loses the race at the unique slug key still returns 409 already_exists', async () => {
    const c = await newOrg();
    const { res } = await loseRaceAtUniqueKey(
      (tx) => insertFlowStatus(tx, c.orgId, { name: 'Billing', slug: 'billing', color: '#9E9E9E', item_order: null, is_active: true }),
      () => c.post('/schedule/flow-statuses', { name: 'BILLING' }));
    assert.equal(res.status, 409);
    assert.equal(firstIssue(res).type, 'already_exists');
    assert.deepEqual(firstIssue(res).loc, ['body', 'name']);
    assert.equal((await c.get('/schedule/flow-statuses')).body.total, 6);
  });

  it('create returns 422 for a name without letters or digits, missing or unknown fields, a bad color or item_order, and writes nothing', async () => {
    const c = await newOrg();
    const empty = await c.post('/schedule/flow-statuses', { name: '!!!' });
    assert.equal(empty.status, 422);
    assert.deepEqual(firstIssue(empty).loc, ['body', 'name']);
    assert.equal(firstIssue(empty).type, 'value_error');
    assert.deepEqual(firstIssue(await c.post('/schedule/flow-statuses', {})), { loc: ['body', 'name'], msg: 'Field required', type: 'missing' });
    for (const extra of [{ slug: 'mine' }, { id: MISSING }, { version: 2 }, { org_id: c.orgId }]) {
      const res = await c.post('/schedule/flow-statuses', { name: 'Valid', ...extra });
      assert.equal(res.status, 422, JSON.stringify(extra));
      assert.equal(firstIssue(res).type, 'extra_forbidden');
      assert.deepEqual(firstIssue(res).loc, ['body', Object.keys(extra)[0]]);
    }
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '' }, 'string_too_short'], [{ name: 'x'.repeat(201) }, 'string_too_long'], [{ color: 'red' }, 'string_pattern_mismatch'],
      [{ color: '#12345' }, 'string_pattern_mismatch'], [{ color: null }, 'string_type'], [{ item_order: -1 }, 'greater_than_equal'],
      [{ item_order: 1.5 }, 'int_type'], [{ is_active: 'yes' }, 'bool_type'],
    ];
    for (const [bad, type] of cases) {
      const res = await c.post('/schedule/flow-statuses', { name: 'Valid', ...bad });
      assert.equal(res.status, 422, JSON.stringify(bad));
      assert.equal(firstIssue(res).type, type, JSON.stringify(bad));
    }
    assert.equal((await c.get('/schedule/flow-statuses')).body.total, 5);
  });

  it('patch renames (re-deriving the slug), recolours, reorders and deactivates with the current base_version; a stale one returns 409', async () => {
    const c = await newOrg();
    const s = await makeStatus(c, { name: 'Waiting' });
    const ok = await c.patch(`/schedule/flow-statuses/${s.id}`, { base_version: 1, name: 'In Waiting Room', color: '#123456', item_order: 7, is_active: false });
    assert.equal(ok.status, 200);
    assert.deepEqual([ok.body.name, ok.body.slug, ok.body.color, ok.body.item_order, ok.body.is_active, ok.body.version],
      ['In Waiting Room', 'in-waiting-room', '#123456', 7, false, 2]);
    const recased = await c.patch(`/schedule/flow-statuses/${s.id}`, { base_version: 2, name: 'IN WAITING ROOM' });
    assert.equal(recased.status, 200);
    assert.deepEqual([recased.body.slug, recased.body.version], ['in-waiting-room', 3]);
    const stale = await c.patch(`/schedule/flow-statuses/${s.id}`, { base_version: 2, name: 'Lost update' });
    assert.equal(stale.status, 409);
    assert.equal(firstIssue(stale).type, 'version_conflict');
    assert.match(firstIssue(stale).msg, /current version is 3/);
    assert.equal((await c.get(`/schedule/flow-statuses/${s.id}`)).body.name, 'IN WAITING ROOM');
  });

  it('patch returns 409 already_exists for a name whose slug another status holds, 422 for an empty slug or a slug field, and changes nothing', async () => {
    const c = await newOrg();
    const s = await makeStatus(c, { name: 'Waiting' });
    const taken = await c.patch(`/schedule/flow-statuses/${s.id}`, { base_version: 1, name: 'Checked-Out' });
    assert.equal(taken.status, 409);
    assert.equal(firstIssue(taken).type, 'already_exists');
    assert.deepEqual(firstIssue(taken).loc, ['body', 'name']);
    assert.deepEqual(firstIssue(await c.patch(`/schedule/flow-statuses/${s.id}`, { base_version: 1, name: '???' })).loc, ['body', 'name']);
    assert.equal(firstIssue(await c.patch(`/schedule/flow-statuses/${s.id}`, { base_version: 1, slug: 'x' })).type, 'extra_forbidden');
    assert.deepEqual(firstIssue(await c.patch(`/schedule/flow-statuses/${s.id}`, { name: 'B' })).loc, ['body', 'base_version']);
    assert.equal((await c.patch(`/schedule/flow-statuses/${s.id}`, { base_version: 1, color: null })).status, 422);
    const got = (await c.get(`/schedule/flow-statuses/${s.id}`)).body;
    assert.deepEqual([got.name, got.slug, got.version], ['Waiting', 'waiting', 1]);
  });

  it('get, patch and delete return 404 for an unknown id or another organisation\'s status, and change nothing', async () => {
    const c = await newOrg();
    const other = await newOrg();
    const foreign = (await other.get('/schedule/flow-statuses')).body.items[0];
    for (const id of [MISSING, foreign.id]) {
      const got = await c.get(`/schedule/flow-statuses/${id}`);
      assert.equal(got.status, 404);
      assert.deepEqual(firstIssue(got).loc, ['path', 'flow_status_uuid']);
      assert.equal((await c.patch(`/schedule/flow-statuses/${id}`, { base_version: 1, name: 'Hijacked' })).status, 404);
      assert.equal((await c.delete(`/schedule/flow-statuses/${id}`)).status, 404);
    }
    assert.equal(firstIssue(await c.get('/schedule/flow-statuses/nope')).type, 'uuid_parsing');
    const untouched = (await other.get(`/schedule/flow-statuses/${foreign.id}`)).body;
    assert.deepEqual([untouched.name, untouched.version], ['Arrived', 1]);
  });

  it('list returns 422 for a bad include_inactive or paging', async () => {
    const c = await newOrg();
    for (const qs of ['include_inactive=maybe', 'page=0', 'page_size=201']) {
      const res = await c.get(`/schedule/flow-statuses?${qs}`);
      assert.equal(res.status, 422, qs);
      assert.equal(firstIssue(res).loc[0], 'query');
    }
  });

  it('delete removes an unreferenced status (204, then 404) and frees its slug', async () => {
    const c = await newOrg();
    const seated = (await c.get('/schedule/flow-statuses')).body.items[1];
    assert.equal((await c.delete(`/schedule/flow-statuses/${seated.id}`)).status, 204);
    assert.equal((await c.get(`/schedule/flow-statuses/${seated.id}`)).status, 404);
    assert.equal((await c.delete(`/schedule/flow-statuses/${seated.id}`)).status, 404);
    assert.deepEqual(names(await c.get('/schedule/flow-statuses')), ['Arrived', 'In Chair', 'Ready for Checkout', 'Checked Out']);
    assert.equal((await makeStatus(c, { name: 'Seated' })).slug, 'seated');
  });

  it('delete archives a status still referenced (204, is_active false, still readable and listed unless include_inactive=false)', async () => {
    const c = await newOrg();
    const arrived = (await c.get('/schedule/flow-statuses')).body.items[0];
    await referenceRow('patient_flow_statuses', c.orgId, arrived.id);
    assert.equal((await c.delete(`/schedule/flow-statuses/${arrived.id}`)).status, 204);
    const got = await c.get(`/schedule/flow-statuses/${arrived.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual([got.body.is_active, got.body.version], [false, 2]);
    assert.deepEqual(names(await c.get('/schedule/flow-statuses')), DEFAULT_NAMES);
    assert.deepEqual(names(await c.get('/schedule/flow-statuses?include_inactive=false')), DEFAULT_NAMES.slice(1));
    assert.equal((await c.post('/schedule/flow-statuses', { name: 'Arrived' })).status, 409);
    const back = await c.patch(`/schedule/flow-statuses/${arrived.id}`, { base_version: 2, is_active: true });
    assert.deepEqual([back.body.is_active, back.body.version], [true, 3]);
  });

  it('a viewer may read flow statuses but every write returns 403 and changes nothing', async () => {
    const c = await newOrg();
    const viewer = c.as((await makeUserToken(c.orgId, 'viewer')).token);
    const arrived = (await viewer.get('/schedule/flow-statuses')).body.items[0];
    assert.equal((await viewer.get(`/schedule/flow-statuses/${arrived.id}`)).status, 200);
    const res = await viewer.post('/schedule/flow-statuses', { name: 'Nope' });
    assert.equal(res.status, 403);
    assert.equal(firstIssue(res).type, 'forbidden');
    assert.equal((await viewer.patch(`/schedule/flow-statuses/${arrived.id}`, { base_version: 1, name: 'Y' })).status, 403);
    assert.equal((await viewer.delete(`/schedule/flow-statuses/${arrived.id}`)).status, 403);
    const all = (await c.get('/schedule/flow-statuses')).body;
    assert.deepEqual(names({ body: all }), DEFAULT_NAMES);
    assert.ok(all.items.every((s: any) => s.version === 1));
  });

  it('a location-limited staff user reads and manages the organisation-wide flow statuses', async () => {
    const c = await newOrg();
    const mine = await makeLocation(c.orgId);
    const limited = c.as((await makeUserToken(c.orgId, 'staff', [mine.id])).token);
    assert.equal((await limited.get('/schedule/flow-statuses')).body.total, 5);
    const made = await makeStatus(limited, { name: 'Escorted Out' });
    assert.equal((await limited.patch(`/schedule/flow-statuses/${made.id}`, { base_version: 1, color: '#000000' })).status, 200);
    assert.equal((await limited.delete(`/schedule/flow-statuses/${made.id}`)).status, 204);
  });
});
