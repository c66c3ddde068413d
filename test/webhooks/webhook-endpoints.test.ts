import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, newOrg } from '../helpers.ts';
import { makeUserToken } from '../factories.ts';
import { tenantFingerprint } from '../core/tenant-snapshot.ts';

after(closeTestApp);

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';
const URL = 'https://hooks.example.test/chairtime';

describe('webhook endpoints', () => {
  it('create returns 201 with the secret once; get, list and PATCH never show it', async () => {
    const c = await newOrg();
    const made = await c.post('/webhooks', { url: URL, events: ['appointment.created', 'appointment.moved'] });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.match(made.body.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.deepEqual({ ...made.body, id: undefined, secret: undefined, created_at: undefined, updated_at: undefined }, {
      id: undefined, url: URL, description: '', events: ['appointment.created', 'appointment.moved'], is_active: true, version: 1,
      secret: undefined, created_at: undefined, updated_at: undefined,
    });
    const got = await c.get(`/webhooks/${made.body.id}`);
    assert.equal(got.status, 200);
    const { secret: _shown, ...withoutSecret } = made.body;
    assert.deepEqual(got.body, withoutSecret);
    const list = await c.get('/webhooks');
    assert.deepEqual([list.body.total, 'secret' in list.body.items[0]], [1, false]);
    const other = await c.post('/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['appointment.deleted'], description: 'Local bridge', is_active: false });
    assert.equal(other.status, 201, JSON.stringify(other.body));
    assert.notEqual(other.body.secret, made.body.secret);
    const page = await c.get('/webhooks?page_size=1&page=2');
    assert.deepEqual([page.body.items.map((w: { id: string }) => w.id), page.body.total], [[other.body.id], 2]);
  });

  it('a URL that is not https (http only to loopback), or carries credentials or a fragment, returns 422 at url and writes nothing', async () => {
    const c = await newOrg();
    const before = await tenantFingerprint(c.orgId);
    for (const url of ['http://hooks.example.test/x', 'ftp://example.test/x', 'not a url', '/relative', 'https://user:pw@example.test/x',
      'https://example.test/x#frag', 'http://10.0.0.1/x', 'http://127.example.test/x']) {
      const res = await c.post('/webhooks', { url, events: ['appointment.created'] });
      assert.deepEqual([res.status, firstIssue(res).type, firstIssue(res).loc], [422, 'value_error', ['body', 'url']], url);
    }
    for (const url of ['http://localhost:8080/x', 'http://[::1]:8080/x', 'http://127.0.0.2/x', 'https://10.0.0.1/x']) {
      assert.equal((await c.post('/webhooks', { url, events: ['appointment.created'] })).status, 201, url);
    }
    const after = await tenantFingerprint(c.orgId);
    assert.equal((await c.get('/webhooks')).body.total, 4);
    assert.notDeepEqual(after, before);
  });

  it('events must be known, distinct and at least one (422); unknown fields and a secret in the body → 422', async () => {
    const c = await newOrg();
    const before = await tenantFingerprint(c.orgId);
    for (const body of [
      { url: URL, events: [] }, { url: URL, events: ['appointment.exploded'] }, { url: URL, events: ['appointment.created', 'appointment.created'] },
      { url: URL }, { events: ['appointment.created'] }, { url: URL, events: ['appointment.created'], secret: 'whsec_AAAA' },
    ]) {
      const res = await c.post('/webhooks', body);
      assert.equal(res.status, 422, JSON.stringify(body));
    }
    assert.deepEqual(await tenantFingerprint(c.orgId), before);
  });

  it('PATCH changes the fields given with base_version; stale → 409, omitted → 422 missing, bad url → 422, unknown → 404; failures write nothing', async () => {
    const c = await newOrg();
    const w = (await c.post('/webhooks', { url: URL, events: ['appointment.created'] })).body;
    const changed = await c.patch(`/webhooks/${w.id}`, { base_version: 1, events: ['appointment.deleted'], is_active: false, url: 'https://b.example.test/' });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.deepEqual([changed.body.events, changed.body.is_active, changed.body.url, changed.body.version, 'secret' in changed.body],
      [['appointment.deleted'], false, 'https://b.example.test/', 2, false]);
    const before = await tenantFingerprint(c.orgId);
    const stale = await c.patch(`/webhooks/${w.id}`, { base_version: 1, is_active: true });
    assert.deepEqual([stale.status, firstIssue(stale).type], [409, 'version_conflict']);
    assert.match(firstIssue(stale).msg, /current version is 2/);
    const missing = await c.patch(`/webhooks/${w.id}`, { is_active: true });
    assert.deepEqual([missing.status, firstIssue(missing).type], [422, 'missing']);
    const badUrl = await c.patch(`/webhooks/${w.id}`, { base_version: 2, is_active: true, url: 'http://example.test/' });
    assert.deepEqual([badUrl.status, firstIssue(badUrl).loc], [422, ['body', 'url']]);
    const badEvents = await c.patch(`/webhooks/${w.id}`, { base_version: 2, events: [] });
    assert.equal(badEvents.status, 422);
    const unknown = await c.patch(`/webhooks/${MISSING}`, { base_version: 1 });
    assert.deepEqual([unknown.status, firstIssue(unknown).loc], [404, ['path', 'webhook_uuid']]);
    assert.deepEqual(await tenantFingerprint(c.orgId), before);
  });

  it('rotate-secret returns a new secret once (version + 1); DELETE → 204 then 404', async () => {
    const c = await newOrg();
    const w = (await c.post('/webhooks', { url: URL, events: ['appointment.created'] })).body;
    const rotated = await c.post(`/webhooks/${w.id}/rotate-secret`, {});
    assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
    assert.match(rotated.body.secret, /^whsec_/);
    assert.notEqual(rotated.body.secret, w.secret);
    assert.equal(rotated.body.version, 2);
    assert.equal((await c.post(`/webhooks/${MISSING}/rotate-secret`, {})).status, 404);
    assert.equal((await c.post(`/webhooks/${w.id}/rotate-secret`, { secret: 'whsec_AAAA' })).status, 422);
    assert.equal((await c.delete(`/webhooks/${w.id}`)).status, 204);
    assert.equal((await c.get(`/webhooks/${w.id}`)).status, 404);
    assert.equal((await c.delete(`/webhooks/${w.id}`)).status, 404);
    assert.equal((await c.get(`/webhooks/${w.id}/deliveries`)).status, 404);
  });

  it('another organisation\'s endpoint is 404 everywhere and stays unchanged', async () => {
    const c = await newOrg();
    const w = (await c.post('/webhooks', { url: URL, events: ['appointment.created'] })).body;
    const other = await newOrg();
    assert.equal((await other.get(`/webhooks/${w.id}`)).status, 404);
    assert.equal((await other.patch(`/webhooks/${w.id}`, { base_version: 1, is_active: false })).status, 404);
    assert.equal((await other.post(`/webhooks/${w.id}/rotate-secret`, {})).status, 404);
    assert.equal((await other.get(`/webhooks/${w.id}/deliveries`)).status, 404);
    assert.equal((await other.post(`/webhooks/${w.id}/deliveries/${MISSING}/redeliver`, {})).status, 404);
    assert.equal((await other.delete(`/webhooks/${w.id}`)).status, 404);
    assert.equal((await other.get('/webhooks')).body.total, 0);
    assert.equal((await c.get(`/webhooks/${w.id}`)).body.version, 1);
  });

  it('only admins may see or change webhooks (staff and viewers → 403)', async () => {
    const c = await newOrg();
    const w = (await c.post('/webhooks', { url: URL, events: ['appointment.created'] })).body;
    for (const role of ['staff', 'viewer'] as const) {
      const { token } = await makeUserToken(c.orgId, role);
      assert.equal((await c.as(token).get('/webhooks')).status, 403, role);
      assert.equal((await c.as(token).get(`/webhooks/${w.id}/deliveries`)).status, 403, role);
      assert.equal((await c.as(token).post('/webhooks', { url: URL, events: ['appointment.created'] })).status, 403, role);
    }
  });
});
