import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { closeTestApp, firstIssue, newOrg, testPool } from '../helpers.ts';
import { makeLocation, makePractice, makeProvider, makeUserToken } from '../factories.ts';

after(closeTestApp);

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';
const strip = ({ token: _t, url: _u, ...feed }: Record<string, unknown>) => feed;

describe('calendar feeds: management', () => {
  it('create returns 201 with the token and URL once, private by default; get and list return it without them', async () => {
    const p = await makePractice();
    const made = await p.c.post('/calendar-feeds', { provider_uuid: p.dentist.id });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.match(made.body.token, /^cf_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
    assert.equal(made.body.url, `http://localhost:80/feeds/${made.body.token}.ics`);
    assert.deepEqual({ ...strip(made.body), id: undefined, created_at: undefined }, {
      id: undefined, name: '', provider: { id: p.dentist.id, name: 'Dana Molar' }, location: null, include_patient_names: false,
      created_by: { id: p.c.adminUserId, name: 'Ada Admin' }, created_at: undefined, revoked_at: null,
    });
    const got = await p.c.get(`/calendar-feeds/${made.body.id}`);
    assert.deepEqual([got.status, got.body], [200, strip(made.body)]);
    const other = await p.c.post('/calendar-feeds', { location_uuid: p.loc.id, name: 'Front desk', include_patient_names: true });
    assert.deepEqual([other.body.location, other.body.provider, other.body.name, other.body.include_patient_names],
      [{ id: p.loc.id, name: 'Main Street' }, null, 'Front desk', true]);
    const list = await p.c.get('/calendar-feeds');
    assert.deepEqual([list.body.items.map((f: { id: string }) => f.id), list.body.total], [[other.body.id, made.body.id], 2]);
    assert.ok(list.body.items.every((f: object) => !('token' in f) && !('url' in f)));
  });

  it('only the SHA-256 of the token is stored', async () => {
    const p = await makePractice();
    const { token, id } = (await p.c.post('/calendar-feeds', { location_uuid: p.loc.id })).body;
    const { rows } = await testPool().query('SELECT * FROM calendar_feeds WHERE org_id = $1 AND id = $2', [p.c.orgId, id]);
    assert.deepEqual(rows[0].token_hash, createHash('sha256').update(token).digest());
    assert.ok(!JSON.stringify(rows[0]).includes(token.slice(36)), 'the secret is not stored in clear');
  });

  it('both or neither of provider_uuid and location_uuid → 422; malformed fields → 422; nothing is written', async () => {
    const p = await makePractice();
    for (const body of [{}, { provider_uuid: p.dentist.id, location_uuid: p.loc.id }, { include_patient_names: true }]) {
      const res = await p.c.post('/calendar-feeds', body);
      assert.deepEqual([res.status, firstIssue(res).type, firstIssue(res).loc], [422, 'value_error', ['body']], JSON.stringify(body));
    }
    for (const [body, type] of [
      [{ provider_uuid: 'nope' }, undefined], [{ location_uuid: p.loc.id, include_patient_names: 'yes' }, undefined],
      [{ location_uuid: p.loc.id, name: 'x'.repeat(201) }, undefined], [{ location_uuid: p.loc.id, token: 'mine' }, 'extra_forbidden'],
    ] as const) {
      const res = await p.c.post('/calendar-feeds', body);
      assert.equal(res.status, 422, JSON.stringify(body));
      if (type) assert.equal(firstIssue(res).type, type);
    }
    assert.equal((await p.c.get('/calendar-feeds')).body.total, 0);
  });

  it('an unknown provider or location, or another organisation\'s, → 404 at its body field', async () => {
    const p = await makePractice();
    const other = await newOrg();
    const theirProvider = await makeProvider(other.orgId);
    const theirLocation = await makeLocation(other.orgId);
    for (const [field, id] of [['provider_uuid', MISSING], ['location_uuid', MISSING], ['provider_uuid', theirProvider.id],
      ['location_uuid', theirLocation.id]] as const) {
      const res = await p.c.post('/calendar-feeds', { [field]: id });
      assert.deepEqual([res.status, firstIssue(res).type, firstIssue(res).loc], [404, 'not_found', ['body', field]], `${field} ${id}`);
    }
    assert.equal((await p.c.get('/calendar-feeds')).body.total, 0);
  });

  it('DELETE revokes (204); again → 404; the record stays with revoked_at and leaves the default list; unknown → 404', async () => {
    const p = await makePractice();
    const feed = (await p.c.post('/calendar-feeds', { location_uuid: p.loc.id })).body;
    assert.equal((await p.c.delete(`/calendar-feeds/${feed.id}`)).status, 204);
    const again = await p.c.delete(`/calendar-feeds/${feed.id}`);
    assert.deepEqual([again.status, firstIssue(again).loc], [404, ['path', 'feed_uuid']]);
    const got = (await p.c.get(`/calendar-feeds/${feed.id}`)).body;
    assert.match(got.revoked_at, /^\d{4}-\d\d-\d\dT/);
    assert.equal((await p.c.get('/calendar-feeds')).body.total, 0);
    const all = (await p.c.get('/calendar-feeds?include_revoked=true')).body;
    assert.deepEqual(all.items.map((f: { id: string }) => f.id), [feed.id]);
    assert.equal((await p.c.get(`/calendar-feeds/${MISSING}`)).status, 404);
    assert.equal((await p.c.delete(`/calendar-feeds/${MISSING}`)).status, 404);
    assert.equal((await p.c.get('/calendar-feeds/not-a-uuid')).status, 422);
    assert.equal((await p.c.get('/calendar-feeds?include_revoked=maybe')).status, 422);
  });

  it('another organisation gets 404 for a feed and cannot revoke it', async () => {
    const p = await makePractice();
    const feed = (await p.c.post('/calendar-feeds', { location_uuid: p.loc.id })).body;
    const other = await newOrg();
    assert.equal((await other.get(`/calendar-feeds/${feed.id}`)).status, 404);
    assert.equal((await other.delete(`/calendar-feeds/${feed.id}`)).status, 404);
    assert.equal((await other.get('/calendar-feeds')).body.total, 0);
    assert.equal((await p.c.get(`/calendar-feeds/${feed.id}`)).body.revoked_at, null);
  });

  it('a viewer may list and read feeds but not create or revoke them (403); staff may do both; no token → 401', async () => {
    const p = await makePractice();
    const feed = (await p.c.post('/calendar-feeds', { location_uuid: p.loc.id })).body;
    const viewer = p.c.as((await makeUserToken(p.c.orgId, 'viewer')).token);
    assert.equal((await viewer.get('/calendar-feeds')).status, 200);
    assert.equal((await viewer.get(`/calendar-feeds/${feed.id}`)).status, 200);
    const create = await viewer.post('/calendar-feeds', { location_uuid: p.loc.id });
    assert.deepEqual([create.status, firstIssue(create).type], [403, 'forbidden']);
    assert.equal((await viewer.delete(`/calendar-feeds/${feed.id}`)).status, 403);
    const staff = p.c.as((await makeUserToken(p.c.orgId, 'staff')).token);
    const mine = await staff.post('/calendar-feeds', { provider_uuid: p.hygienist.id });
    assert.equal(mine.status, 201);
    assert.equal((await staff.delete(`/calendar-feeds/${feed.id}`)).status, 204);
    const anonymous = await p.c.as('').get('/calendar-feeds');
    assert.equal(anonymous.status, 401);
  });

  it('a user limited to locations creates, sees and revokes only feeds of those locations; a provider feed → 403', async () => {
    const p = await makePractice();
    const elsewhere = await makeLocation(p.c.orgId, { name: 'Elm Street' });
    const providerFeed = (await p.c.post('/calendar-feeds', { provider_uuid: p.dentist.id })).body;
    const elmFeed = (await p.c.post('/calendar-feeds', { location_uuid: elsewhere.id })).body;
    const limited = p.c.as((await makeUserToken(p.c.orgId, 'staff', [p.loc.id])).token);
    const own = await limited.post('/calendar-feeds', { location_uuid: p.loc.id });
    assert.equal(own.status, 201);
    const hidden = await limited.post('/calendar-feeds', { location_uuid: elsewhere.id });
    assert.deepEqual([hidden.status, firstIssue(hidden).loc], [404, ['body', 'location_uuid']]);
    const provider = await limited.post('/calendar-feeds', { provider_uuid: p.dentist.id });
    assert.deepEqual([provider.status, firstIssue(provider).type], [403, 'forbidden']);
    assert.deepEqual((await limited.get('/calendar-feeds')).body.items.map((f: { id: string }) => f.id), [own.body.id]);
    for (const id of [providerFeed.id, elmFeed.id]) {
      assert.equal((await limited.get(`/calendar-feeds/${id}`)).status, 404);
      assert.equal((await limited.delete(`/calendar-feeds/${id}`)).status, 404);
    }
    assert.equal((await limited.delete(`/calendar-feeds/${own.body.id}`)).status, 204);
    assert.equal((await p.c.get('/calendar-feeds')).body.total, 2);
  });
});
