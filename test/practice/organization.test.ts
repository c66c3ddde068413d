import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, newOrg } from '../helpers.ts';
import { makeUserToken } from '../factories.ts';

after(closeTestApp);

const STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('GET /organization', () => {
  it('returns 200 with id, name, empty allowed_origins, version 1 and UTC timestamps, to any role', async () => {
    const c = await newOrg('Smile Dental');
    const res = await c.get('/organization');
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body).sort(), ['allowed_origins', 'created_at', 'id', 'name', 'updated_at', 'version']);
    assert.equal(res.body.id, c.orgId);
    assert.match(res.body.name, /^Smile Dental \d+$/);
    assert.deepEqual(res.body.allowed_origins, []);
    assert.equal(res.body.version, 1);
    assert.match(res.body.created_at, STAMP);
    assert.match(res.body.updated_at, STAMP);
    for (const role of ['staff', 'viewer'] as const) {
      const other = c.as((await makeUserToken(c.orgId, role)).token);
      assert.deepEqual((await other.get('/organization')).body, res.body, role);
    }
  });

  it('returns 404 for another organisation\'s id in the path', async () => {
    const c = await newOrg();
    const other = await newOrg();
    const res = await c.get(`/api/v1/${other.orgId}/organization`);
    assert.equal(res.status, 404);
    assert.equal(firstIssue(res).type, 'not_found');
  });
});

describe('PATCH /organization', () => {
  it('normalises origins (lower case, default port dropped), de-duplicates them and bumps version (200)', async () => {
    const c = await newOrg();
    const res = await c.patch('/organization', {
      base_version: 1,
      allowed_origins: ['HTTPS://Booking.Example.com:443', 'https://booking.example.com', 'http://Localhost:3000', 'http://widget.example.com:80', 'https://a.example.com:8443'],
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.allowed_origins, ['https://booking.example.com', 'http://localhost:3000', 'http://widget.example.com', 'https://a.example.com:8443']);
    assert.equal(res.body.version, 2);
    assert.deepEqual((await c.get('/organization')).body, res.body);
    // Fields left out keep their value; an empty list clears the origins.
    const renamed = await c.patch('/organization', { base_version: 2, name: 'Renamed Practice' });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.name, 'Renamed Practice');
    assert.deepEqual(renamed.body.allowed_origins, res.body.allowed_origins);
    const cleared = await c.patch('/organization', { base_version: 3, allowed_origins: [] });
    assert.equal(cleared.status, 200);
    assert.deepEqual(cleared.body.allowed_origins, []);
    assert.equal(cleared.body.name, 'Renamed Practice');
    assert.equal(cleared.body.version, 4);
  });

  it('refuses an entry that is not an http(s) origin with 422 naming its index, and changes nothing', async () => {
    const c = await newOrg();
    const before = (await c.get('/organization')).body;
    const bad = [
      'https://booking.example.com/', 'https://booking.example.com/book', '*', 'https://*.example.com', 'ftp://files.example.com',
      'https://user:pw@booking.example.com', 'booking.example.com', 'https://booking.example.com?x=1', 'https://booking.example.com:0',
      'https://booking.example.com:70000', '',
    ];
    for (const origin of bad) {
      const res = await c.patch('/organization', { base_version: 1, name: 'Changed', allowed_origins: ['https://ok.example.com', origin] });
      assert.equal(res.status, 422, JSON.stringify(origin));
      assert.deepEqual(firstIssue(res).loc, ['body', 'allowed_origins', 1], JSON.stringify(origin));
    }
    assert.deepEqual((await c.get('/organization')).body, before);
  });

  it('returns 409 version_conflict naming the current version for a stale base_version, and changes nothing', async () => {
    const c = await newOrg();
    assert.equal((await c.patch('/organization', { base_version: 1, allowed_origins: ['https://a.example.com'] })).status, 200);
    const current = (await c.get('/organization')).body;
    const res = await c.patch('/organization', { base_version: 1, name: 'Lost update', allowed_origins: ['https://b.example.com'] });
    assert.equal(res.status, 409);
    assert.equal(firstIssue(res).type, 'version_conflict');
    assert.match(firstIssue(res).msg, /current version is 2/);
    assert.deepEqual((await c.get('/organization')).body, current);
  });

  it('returns 403 to a staff or viewer token (and to an availability:read token) and changes nothing', async () => {
    const c = await newOrg();
    const before = (await c.get('/organization')).body;
    const scoped = await c.post(`/users/${c.adminUserId}/tokens`, { scopes: ['availability:read'] });
    assert.equal(scoped.status, 201);
    for (const token of [(await makeUserToken(c.orgId, 'staff')).token, (await makeUserToken(c.orgId, 'viewer')).token, scoped.body.token]) {
      const res = await c.as(token).patch('/organization', { base_version: 1, allowed_origins: ['https://evil.example.com'] });
      assert.equal(res.status, 403);
      assert.equal(firstIssue(res).type, 'forbidden');
    }
    assert.deepEqual((await c.get('/organization')).body, before);
  });

  it('returns 422 for a missing base_version or an unknown field, and changes nothing', async () => {
    const c = await newOrg();
    const before = (await c.get('/organization')).body;
    const missing = await c.patch('/organization', { allowed_origins: ['https://a.example.com'] });
    assert.equal(missing.status, 422);
    assert.deepEqual(firstIssue(missing).loc, ['body', 'base_version']);
    const extra = await c.patch('/organization', { base_version: 1, id: c.orgId });
    assert.equal(extra.status, 422);
    assert.equal(firstIssue(extra).type, 'extra_forbidden');
    const notList = await c.patch('/organization', { base_version: 1, allowed_origins: 'https://a.example.com' });
    assert.equal(notList.status, 422);
    assert.deepEqual(firstIssue(notList).loc, ['body', 'allowed_origins']);
    assert.deepEqual((await c.get('/organization')).body, before);
  });
});
