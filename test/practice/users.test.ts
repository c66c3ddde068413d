import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, newOrg, testPool, type Client } from '../helpers.ts';
import { makeLocation, makeUserToken } from '../factories.ts';

after(closeTestApp);

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';

/** A user created through the API, with a token issued through the API. */
async function makeUser(c: Client, body: Record<string, unknown>): Promise<{ user: any; client: Client }> {
  const user = await c.post('/users', { name: 'Sam Staff', email: `sam-${Math.random()}@example.test`, role: 'staff', ...body });
  assert.equal(user.status, 201, JSON.stringify(user.body));
  const token = await c.post(`/users/${user.body.id}/tokens`, {});
  assert.equal(token.status, 201);
  return { user: user.body, client: c.as(token.body.token) };
}

async function userCount(orgId: string): Promise<number> {
  const { rows } = await testPool().query('SELECT count(*)::int AS n FROM users WHERE org_id = $1', [orgId]);
  return rows[0].n;
}

describe('users', () => {
  it('create returns 201 with version 1 and null location_uuids; get returns the same', async () => {
    const c = await newOrg();
    const res = await c.post('/users', { name: 'Dana Front Desk', email: 'dana@example.test', role: 'staff' });
    assert.equal(res.status, 201);
    assert.deepEqual(Object.keys(res.body).sort(), ['created_at', 'email', 'id', 'location_uuids', 'name', 'role', 'updated_at', 'version']);
    assert.equal(res.body.role, 'staff');
    assert.equal(res.body.location_uuids, null);
    assert.equal(res.body.version, 1);
    assert.deepEqual((await c.get(`/users/${res.body.id}`)).body, res.body);
  });

  it('create with location_uuids returns them sorted and without duplicates', async () => {
    const c = await newOrg();
    const ids = [(await makeLocation(c.orgId)).id, (await makeLocation(c.orgId)).id];
    const res = await c.post('/users', { name: 'L', email: 'l@example.test', role: 'viewer', location_uuids: [ids[1], ids[0], ids[1]!.toUpperCase()] });
    assert.equal(res.status, 201);
    assert.deepEqual(res.body.location_uuids, [...ids].sort());
  });

  it('create returns 404 naming the index of a location of another organisation, and writes nothing', async () => {
    const c = await newOrg();
    const other = await newOrg();
    const mine = await makeLocation(c.orgId);
    const theirs = await makeLocation(other.orgId);
    const before = await userCount(c.orgId);
    for (const bad of [theirs.id, MISSING]) {
      const res = await c.post('/users', { name: 'X', email: 'x@example.test', role: 'staff', location_uuids: [mine.id, bad] });
      assert.equal(res.status, 404);
      assert.deepEqual(firstIssue(res).loc, ['body', 'location_uuids', 1]);
      assert.equal(firstIssue(res).type, 'not_found');
    }
    assert.equal(await userCount(c.orgId), before);
  });

  it('create returns 422 for an admin limited to locations, and writes nothing', async () => {
    const c = await newOrg();
    const loc = await makeLocation(c.orgId);
    const res = await c.post('/users', { name: 'A', email: 'a@example.test', role: 'admin', location_uuids: [loc.id] });
    assert.equal(res.status, 422);
    assert.deepEqual(firstIssue(res).loc, ['body', 'location_uuids']);
    assert.equal(await userCount(c.orgId), 1);
    assert.equal((await c.post('/users', { name: 'A', email: 'a@example.test', role: 'admin', location_uuids: null })).status, 201);
  });

  it('create returns 409 already_exists for an email differing only in case; a deleted user\'s email is free again', async () => {
    const c = await newOrg();
    const first = await c.post('/users', { name: 'One', email: 'Pat@Example.test', role: 'staff' });
    const dup = await c.post('/users', { name: 'Two', email: 'pat@example.TEST', role: 'viewer' });
    assert.equal(dup.status, 409);
    assert.deepEqual(firstIssue(dup), { loc: ['body', 'email'], msg: firstIssue(dup).msg, type: 'already_exists' });
    assert.equal((await c.get('/users?q=pat')).body.total, 1);
    assert.equal((await c.delete(`/users/${first.body.id}`)).status, 204);
    assert.equal((await c.post('/users', { name: 'Two', email: 'pat@example.test', role: 'viewer' })).status, 201);
  });

  it('create returns 422 for unknown, server-owned and missing fields and for a bad email, role or empty location list', async () => {
    const c = await newOrg();
    const ok = { name: 'N', email: 'n@example.test', role: 'staff' };
    for (const extra of [{ id: MISSING }, { version: 2 }, { deleted_at: null }, { password: 'x' }]) {
      const res = await c.post('/users', { ...ok, ...extra });
      assert.equal(res.status, 422, JSON.stringify(extra));
      assert.deepEqual(firstIssue(res), { loc: ['body', Object.keys(extra)[0]], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' });
    }
    const missing = await c.post('/users', { name: 'N', role: 'staff' });
    assert.deepEqual(firstIssue(missing), { loc: ['body', 'email'], msg: 'Field required', type: 'missing' });
    for (const [field, value] of [['email', 'not-an-email'], ['role', 'owner'], ['location_uuids', []], ['location_uuids', ['nope']]] as const) {
      const res = await c.post('/users', { ...ok, [field]: value });
      assert.equal(res.status, 422, field);
      assert.equal(firstIssue(res).loc[1], field);
    }
    assert.equal(await userCount(c.orgId), 1);
  });

  it('list paginates by name, filters by role and q on name or email, and leaves out deleted users', async () => {
    const c = await newOrg();
    for (const [name, role] of [['bob', 'staff'], ['Carol', 'viewer'], ['Alice', 'staff'], ['Dave', 'viewer']] as const) {
      await c.post('/users', { name, email: `${name.toLowerCase()}@clinic.test`, role });
    }
    const page = await c.get('/users?page=2&page_size=2');
    assert.equal(page.status, 200);
    assert.deepEqual(page.body.items.map((u: any) => u.name), ['bob', 'Carol']);
    assert.deepEqual([page.body.page, page.body.page_size, page.body.total], [2, 2, 5]);
    assert.deepEqual((await c.get('/users?role=viewer')).body.items.map((u: any) => u.name), ['Carol', 'Dave']);
    assert.deepEqual((await c.get('/users?q=CLINIC&role=staff')).body.items.map((u: any) => u.name), ['Alice', 'bob']);
    assert.deepEqual((await c.get('/users?q=ada')).body.items.map((u: any) => u.name), ['Ada Admin']);
    const dave = (await c.get('/users?q=dave')).body.items[0];
    await c.delete(`/users/${dave.id}`);
    assert.equal((await c.get('/users')).body.total, 4);
    assert.equal((await c.get('/users?role=owner')).status, 422);
  });

  it('get returns 404 for an unknown id or a user of another organisation and 422 for a malformed one', async () => {
    const c = await newOrg();
    const other = await newOrg();
    assert.equal((await c.get(`/users/${MISSING}`)).status, 404);
    const foreign = await c.get(`/users/${other.adminUserId}`);
    assert.equal(foreign.status, 404);
    assert.deepEqual(firstIssue(foreign).loc, ['path', 'user_uuid']);
    assert.equal(firstIssue(await c.get('/users/nope')).type, 'uuid_parsing');
  });

  it('patch changes the given fields and bumps version; null clears the location limit; a stale base_version returns 409', async () => {
    const c = await newOrg();
    const loc = await makeLocation(c.orgId);
    const u = (await c.post('/users', { name: 'Old', email: 'old@example.test', role: 'viewer', location_uuids: [loc.id] })).body;
    const ok = await c.patch(`/users/${u.id}`, { base_version: 1, name: 'New', role: 'staff' });
    assert.equal(ok.status, 200);
    assert.deepEqual([ok.body.name, ok.body.role, ok.body.email, ok.body.version], ['New', 'staff', 'old@example.test', 2]);
    assert.deepEqual(ok.body.location_uuids, [loc.id]);
    const cleared = await c.patch(`/users/${u.id}`, { base_version: 2, location_uuids: null });
    assert.equal(cleared.body.location_uuids, null);
    assert.equal(cleared.body.version, 3);
    const stale = await c.patch(`/users/${u.id}`, { base_version: 2, name: 'Lost update' });
    assert.equal(stale.status, 409);
    assert.equal(firstIssue(stale).type, 'version_conflict');
    assert.match(firstIssue(stale).msg, /current version is 3/);
    assert.equal((await c.get(`/users/${u.id}`)).body.name, 'New');
  });

  it('patch returns 409 for another user\'s email, 404 for an unknown user or location, 422 for unknown fields, and changes nothing', async () => {
    const c = await newOrg();
    const u = (await c.post('/users', { name: 'U', email: 'u@example.test', role: 'staff' })).body;
    const taken = await c.patch(`/users/${u.id}`, { base_version: 1, email: (await c.get(`/users/${c.adminUserId}`)).body.email.toUpperCase() });
    assert.equal(taken.status, 409);
    assert.deepEqual(firstIssue(taken).loc, ['body', 'email']);
    const badLoc = await c.patch(`/users/${u.id}`, { base_version: 1, location_uuids: [MISSING] });
    assert.equal(badLoc.status, 404);
    assert.deepEqual(firstIssue(badLoc).loc, ['body', 'location_uuids', 0]);
    assert.equal((await c.patch(`/users/${u.id}`, { base_version: 1, version: 5 })).status, 422);
    assert.equal((await c.patch(`/users/${u.id}`, { name: 'No version' })).status, 422);
    assert.equal((await c.patch(`/users/${MISSING}`, { base_version: 1 })).status, 404);
    assert.deepEqual(await c.get(`/users/${u.id}`).then((r) => r.body), u);
  });

  it('patch to admin returns 422 while the user stays limited to locations, and 200 when the limit is cleared', async () => {
    const c = await newOrg();
    const loc = await makeLocation(c.orgId);
    const u = (await c.post('/users', { name: 'U', email: 'u@example.test', role: 'staff', location_uuids: [loc.id] })).body;
    const res = await c.patch(`/users/${u.id}`, { base_version: 1, role: 'admin' });
    assert.equal(res.status, 422);
    assert.deepEqual(firstIssue(res).loc, ['body', 'role']);
    const limitAdmin = await c.patch(`/users/${c.adminUserId}`, { base_version: 1, location_uuids: [loc.id] });
    assert.equal(limitAdmin.status, 422);
    assert.deepEqual(firstIssue(limitAdmin).loc, ['body', 'location_uuids']);
    const ok = await c.patch(`/users/${u.id}`, { base_version: 1, role: 'admin', location_uuids: null });
    assert.equal(ok.status, 200);
    assert.deepEqual([ok.body.role, ok.body.location_uuids], ['admin', null]);
  });

  it('patch demoting the last admin returns 409 state_conflict; with a second admin it succeeds', async () => {
    const c = await newOrg();
    const res = await c.patch(`/users/${c.adminUserId}`, { base_version: 1, role: 'staff' });
    assert.equal(res.status, 409);
    assert.deepEqual([firstIssue(res).type, firstIssue(res).loc], ['state_conflict', ['body', 'role']]);
    assert.equal((await c.get(`/users/${c.adminUserId}`)).body.role, 'admin');
    const { client: second } = await makeUser(c, { role: 'admin' });
    assert.equal((await c.patch(`/users/${c.adminUserId}`, { base_version: 1, role: 'staff' })).status, 200);
    assert.equal((await c.get('/users')).status, 403, 'the demotion applies to the existing token at once');
    assert.equal((await second.get('/users?role=admin')).body.total, 1);
  });

  it('a role change applies to the user\'s existing tokens at once', async () => {
    const c = await newOrg();
    const { user, client } = await makeUser(c, { role: 'staff' });
    assert.equal((await client.post('/locations', { name: 'S', timezone: 'Europe/Berlin' })).status, 201);
    await c.patch(`/users/${user.id}`, { base_version: 1, role: 'viewer' });
    assert.equal((await client.post('/locations', { name: 'V', timezone: 'Europe/Berlin' })).status, 403);
  });

  it('delete returns 204, soft-deletes the user, revokes their tokens at once and keeps the row', async () => {
    const c = await newOrg();
    const { user, client } = await makeUser(c, { role: 'staff' });
    assert.equal((await client.get('/locations')).status, 200);
    assert.equal((await c.delete(`/users/${user.id}`)).status, 204);
    const denied = await client.get('/locations');
    assert.equal(denied.status, 401);
    assert.equal(denied.headers['www-authenticate'], 'Bearer');
    assert.equal(firstIssue(denied).type, 'unauthorized');
    assert.equal((await c.get(`/users/${user.id}`)).status, 404);
    assert.equal((await c.get(`/users/${user.id}/tokens`)).status, 404);
    assert.equal((await c.post(`/users/${user.id}/tokens`)).status, 404);
    assert.equal((await c.delete(`/users/${user.id}`)).status, 404);
    const { rows } = await testPool().query(`
      SELECT u.name, u.deleted_at IS NOT NULL AS deleted, bool_and(t.revoked_at IS NOT NULL) AS all_revoked
        FROM users u JOIN api_tokens t ON t.org_id = u.org_id AND t.user_id = u.id
       WHERE u.org_id = $1 AND u.id = $2 GROUP BY u.name, u.deleted_at`, [c.orgId, user.id]);
    assert.deepEqual(rows, [{ name: 'Sam Staff', deleted: true, all_revoked: true }]);
  });

  it('delete returns 409 state_conflict for yourself and 404 for an unknown user, and changes nothing', async () => {
    const c = await newOrg();
    const self = await c.delete(`/users/${c.adminUserId}`);
    assert.equal(self.status, 409);
    assert.deepEqual([firstIssue(self).type, firstIssue(self).loc], ['state_conflict', ['path', 'user_uuid']]);
    assert.equal((await c.get(`/users/${c.adminUserId}`)).body.version, 1);
    assert.equal((await c.delete(`/users/${MISSING}`)).status, 404);
  });

  it('two admins deleting each other at once leave exactly one admin', async () => {
    const c = await newOrg();
    const { user: b, client: bc } = await makeUser(c, { role: 'admin' });
    const [ab, ba] = await Promise.all([c.delete(`/users/${b.id}`), bc.delete(`/users/${c.adminUserId}`)]);
    const statuses = [ab.status, ba.status].sort();
    assert.equal(statuses.filter((s) => s === 204).length, 1, JSON.stringify(statuses));
    assert.ok([401, 409].includes(statuses[1]!), JSON.stringify(statuses));
    const { rows } = await testPool().query(
      `SELECT count(*)::int AS n FROM users WHERE org_id = $1 AND role = 'admin' AND deleted_at IS NULL`, [c.orgId]);
    assert.equal(rows[0].n, 1);
  });

  it('a location-limited user created through the API sees only their location with their own token', async () => {
    const c = await newOrg();
    const mine = await makeLocation(c.orgId, { name: 'Mine' });
    await makeLocation(c.orgId, { name: 'Other' });
    const { user, client } = await makeUser(c, { role: 'staff', location_uuids: [mine.id] });
    assert.deepEqual(user.location_uuids, [mine.id]);
    assert.deepEqual((await client.get('/locations')).body.items.map((l: any) => l.name), ['Mine']);
    assert.equal((await c.get('/locations')).body.total, 2);
  });

  it('staff and viewer tokens get 403 on every users and tokens route, and change nothing', async () => {
    const c = await newOrg();
    const { user, client: target } = await makeUser(c, { role: 'viewer' });
    const tokenId = (await c.get(`/users/${user.id}/tokens`)).body.items[0].id;
    for (const role of ['staff', 'viewer'] as const) {
      const x = c.as((await makeUserToken(c.orgId, role)).token);
      const calls = [
        x.get('/users'), x.get(`/users/${user.id}`), x.post('/users', { name: 'X', email: 'x@example.test', role: 'admin' }),
        x.patch(`/users/${user.id}`, { base_version: 1, role: 'admin' }), x.delete(`/users/${user.id}`),
        x.get(`/users/${user.id}/tokens`), x.post(`/users/${user.id}/tokens`, {}), x.delete(`/users/${user.id}/tokens/${tokenId}`),
      ];
      for (const res of await Promise.all(calls)) {
        assert.equal(res.status, 403, role);
        assert.equal(firstIssue(res).type, 'forbidden');
      }
    }
    assert.equal((await c.get(`/users/${user.id}`)).body.version, 1);
    assert.equal((await c.get(`/users/${user.id}/tokens`)).body.items.length, 1);
    assert.equal((await target.get('/locations')).status, 200);
  });
});

describe('user tokens', () => {
  it('issue returns 201 with a working token shown once; the list shows no secret', async () => {
    const c = await newOrg();
    const u = (await c.post('/users', { name: 'T', email: 't@example.test', role: 'viewer' })).body;
    const res = await c.post(`/users/${u.id}/tokens`, { name: 'front desk tablet' });
    assert.equal(res.status, 201);
    assert.deepEqual(Object.keys(res.body).sort(), ['created_at', 'id', 'scopes', 'token']);
    assert.match(res.body.token, /^ct_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
    assert.equal((await c.as(res.body.token).get('/locations')).status, 200);
    const list = await c.get(`/users/${u.id}/tokens`);
    assert.equal(list.status, 200);
    assert.deepEqual(list.body, { items: [{ id: res.body.id, name: 'front desk tablet', scopes: null, created_at: res.body.created_at, revoked_at: null }] });
    assert.ok(!JSON.stringify(list.body).includes(res.body.token.slice(-43)));
  });

  it('issue accepts an absent body and returns 422 for unknown fields and 404 for an unknown user', async () => {
    const c = await newOrg();
    const bare = await c.request('POST', `/users/${c.adminUserId}/tokens`);
    assert.equal(bare.status, 201);
    const extra = await c.post(`/users/${c.adminUserId}/tokens`, { name: 'x', user_id: MISSING });
    assert.equal(extra.status, 422);
    assert.equal(firstIssue(extra).type, 'extra_forbidden');
    assert.equal((await c.post(`/users/${MISSING}/tokens`, {})).status, 404);
    assert.equal((await c.get(`/users/${MISSING}/tokens`)).status, 404);
    assert.equal((await c.get(`/users/${c.adminUserId}/tokens`)).body.items.length, 2);
  });

  it('revoke returns 204 and the next request with the token is 401; revoking again is 404', async () => {
    const c = await newOrg();
    const { user, client } = await makeUser(c, { role: 'staff' });
    const tokenId = (await c.get(`/users/${user.id}/tokens`)).body.items[0].id;
    assert.equal((await client.get('/locations')).status, 200);
    assert.equal((await c.delete(`/users/${user.id}/tokens/${tokenId}`)).status, 204);
    const denied = await client.get('/locations');
    assert.equal(denied.status, 401);
    assert.equal(denied.headers['www-authenticate'], 'Bearer');
    assert.deepEqual(firstIssue(denied).loc, ['header', 'authorization']);
    const again = await c.delete(`/users/${user.id}/tokens/${tokenId}`);
    assert.equal(again.status, 404);
    assert.deepEqual(firstIssue(again).loc, ['path', 'token_uuid']);
    assert.notEqual((await c.get(`/users/${user.id}/tokens`)).body.items[0].revoked_at, null);
  });

  it('revoke returns 404 for an unknown token or a token of another user, and revokes nothing', async () => {
    const c = await newOrg();
    const { user, client } = await makeUser(c, { role: 'staff' });
    const tokenId = (await c.get(`/users/${user.id}/tokens`)).body.items[0].id;
    assert.equal((await c.delete(`/users/${user.id}/tokens/${MISSING}`)).status, 404);
    assert.equal((await c.delete(`/users/${c.adminUserId}/tokens/${tokenId}`)).status, 404);
    assert.equal((await c.delete(`/users/${MISSING}/tokens/${tokenId}`)).status, 404);
    assert.equal((await client.get('/locations')).status, 200);
  });

  it('an admin may revoke the token they are calling with; it is 401 from the next request on', async () => {
    const c = await newOrg();
    const tokenId = (await c.get(`/users/${c.adminUserId}/tokens`)).body.items[0].id;
    const fresh = await c.post(`/users/${c.adminUserId}/tokens`, {});
    assert.equal((await c.delete(`/users/${c.adminUserId}/tokens/${tokenId}`)).status, 204);
    assert.equal((await c.get('/users')).status, 401);
    assert.equal((await c.as(fresh.body.token).get('/users')).status, 200);
  });
});
