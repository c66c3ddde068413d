import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, newOrg, testApp } from '../helpers.ts';

after(closeTestApp);

describe('conventions every endpoint follows', () => {
  it('GET /healthz and /readyz answer 200 without a token', async () => {
    const app = await testApp();
    assert.deepEqual((await app.inject({ method: 'GET', url: '/healthz' })).json(), { status: 'ok' });
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(ready.statusCode, 200);
    assert.deepEqual(ready.json(), { status: 'ready' });
  });

  it('a body over 1 MiB returns 413 with the error body and writes nothing', async () => {
    const c = await newOrg();
    const res = await c.post('/locations', { name: 'x'.repeat(1024 * 1024 + 10), timezone: 'Europe/Berlin' });
    assert.equal(res.status, 413);
    assert.equal(firstIssue(res).type, 'payload_too_large');
    assert.equal((await c.get('/locations')).body.total, 0);
  });

  it('malformed JSON returns 422 json_invalid', async () => {
    const c = await newOrg();
    const res = await c.app.inject({
      method: 'POST', url: `/api/v1/${c.orgId}/locations`, payload: '{"name": "x",',
      headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' },
    });
    assert.equal(res.statusCode, 422);
    assert.equal(res.json().detail[0].type, 'json_invalid');
  });

  it('a body that is not a JSON object returns 422', async () => {
    const c = await newOrg();
    for (const body of [[], 'text', 42, null]) {
      const res = await c.app.inject({
        method: 'POST', url: `/api/v1/${c.orgId}/locations`, payload: JSON.stringify(body),
        headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' },
      });
      assert.equal(res.statusCode, 422, JSON.stringify(body));
      assert.deepEqual(res.json().detail[0], { loc: ['body'], msg: 'Input should be a valid object', type: 'dict_type' });
    }
    assert.equal((await c.get('/locations')).body.total, 0);
  });

  it('an unknown route returns 404 with the error body', async () => {
    const c = await newOrg();
    const res = await c.get('/no-such-thing');
    assert.equal(res.status, 404);
    assert.equal(firstIssue(res).type, 'not_found');
  });

  it('every response carries x-request-id, and a caller\'s own id is echoed', async () => {
    const c = await newOrg();
    const generated = await c.get('/locations');
    assert.match(String(generated.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    const echoed = await c.request('GET', '/locations', undefined, { 'x-request-id': 'trace-abc-123' });
    assert.equal(echoed.headers['x-request-id'], 'trace-abc-123');
  });
});
