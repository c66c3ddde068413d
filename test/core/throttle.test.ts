// The bad-token throttle: an address that presents AUTH_FAILURE_LIMIT invalid tokens within a minute of the
// database clock gets 429 for every further invalid token until the minute ends; a valid token always passes,
// and other addresses never notice.
// Each test uses its own documentation address (203.0.113.0/24), never the 127.0.0.1 the rest of the suite uses.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AUTH_FAILURE_LIMIT } from '../../src/core/http/auth.ts';
import { recordAuthFailure } from '../../src/core/db/auth-failures.ts';
import { buildApp } from '../../src/core/http/app.ts';
import { parseTrustProxy, type Api } from '../../src/core/http/deps.ts';
import { ADMIN_TOKEN, closeTestApp, newOrg, testApp, testPool, type Client } from '../helpers.ts';

after(closeTestApp);

let org: Client & { adminUserId: string };
before(async () => {
  org = await newOrg('Throttle');
});

/** A well-formed token of the organisation that is not one of its tokens. */
const forged = () => `ct_${org.orgId.replace(/-/g, '')}_${'A'.repeat(43)}`;

async function call(ip: string, token: string | null, url = `/api/v1/${org.orgId}/locations`, method: 'GET' | 'POST' = 'GET') {
  const app = await testApp();
  const res = await app.inject({
    method, url, remoteAddress: ip,
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
    ...(method === 'POST' ? { payload: { name: 'Throttled Dental' } } : {}),
  });
  return { status: res.statusCode, headers: res.headers, body: res.json() };
}

/** The failures counted for `ip` in the current window. */
async function counted(ip: string): Promise<number> {
  const { rows } = await testPool().query(
    `SELECT failures FROM auth_failures WHERE client_key = $1 AND window_start = date_trunc('minute', now())`, [ip]);
  return rows[0]?.failures ?? 0;
}

/** Waits for the next minute of the database clock when this one has under 5 s left, so a test stays in one window. */
async function roomInWindow(): Promise<void> {
  const { rows: [r] } = await testPool().query(
    `SELECT extract(epoch FROM date_trunc('minute', now()) + interval '1 minute' - now())::float8 AS left`);
  if (r.left < 5) await new Promise((resolve) => setTimeout(resolve, r.left * 1000 + 100));
}

describe('bad-token throttle', () => {
  it(`${AUTH_FAILURE_LIMIT} invalid tokens from one address get 401, then every further invalid token from it gets 429 with Retry-After while a valid token passes; another address is unaffected`, async () => {
    await roomInWindow();
    const attacker = '203.0.113.10';
    const bystander = '203.0.113.11';
    for (let i = 0; i < AUTH_FAILURE_LIMIT; i++) {
      const res = await call(attacker, forged());
      assert.equal(res.status, 401, `attempt ${i + 1}`);
      assert.equal(res.body.detail[0].type, 'unauthorized');
    }
    assert.equal(await counted(attacker), AUTH_FAILURE_LIMIT);

    const refused = await call(attacker, forged());
    assert.equal(refused.status, 429);
    assert.deepEqual(refused.body.detail.map((d: { loc: unknown; type: string }) => [d.loc, d.type]), [[['header', 'authorization'], 'rate_limited']]);
    const retryAfter = Number(refused.headers['retry-after']);
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After: ${String(refused.headers['retry-after'])}`);

    const validFromAttacker = await call(attacker, org.token);
    assert.equal(validFromAttacker.status, 200, 'a valid token from the throttled address (a shared proxy or NAT) still passes');
    const write = await call(attacker, forged(), `/api/v1/${org.orgId}/locations`, 'POST');
    assert.equal(write.status, 429);
    assert.equal((await org.get('/locations')).body.total, 0, 'the refused write wrote nothing');

    const other = await call(bystander, org.token);
    assert.equal(other.status, 200, 'a valid token from another address is unaffected');
    assert.equal((await call(bystander, forged())).status, 401, 'another address still gets its own 401');
    assert.equal(await counted(attacker), AUTH_FAILURE_LIMIT, 'refused requests are not counted again');
    assert.equal(await counted(bystander), 1);
  });

  it('a missing header or a token of the wrong shape gets 401 and is not counted (it can never succeed and costs no query)', async () => {
    await roomInWindow();
    const ip = '203.0.113.20';
    for (let i = 0; i < AUTH_FAILURE_LIMIT + 5; i++) {
      for (const token of [null, 'nope', `${org.token}x`]) assert.equal((await call(ip, token)).status, 401);
    }
    assert.equal(await counted(ip), 0);
    assert.equal((await call(ip, org.token)).status, 200);
  });

  it('a revoked token counts as invalid', async () => {
    await roomInWindow();
    const ip = '203.0.113.30';
    const token = (await org.post(`/users/${org.adminUserId}/tokens`, { name: 'soon revoked' })).body;
    assert.equal((await org.delete(`/users/${org.adminUserId}/tokens/${token.id}`)).status, 204);
    for (let i = 0; i < AUTH_FAILURE_LIMIT; i++) assert.equal((await call(ip, token.token)).status, 401);
    assert.equal((await call(ip, token.token)).status, 429);
    assert.equal((await call(ip, org.token)).status, 200);
  });

  it('wrong platform admin tokens count towards the same throttle; the right one still passes', async () => {
    await roomInWindow();
    const ip = '203.0.113.40';
    const admin = (token: string, from: string) => call(from, token, '/admin/v1/organizations', 'POST');
    for (let i = 0; i < AUTH_FAILURE_LIMIT; i++) assert.equal((await admin(`guess-${i}`, ip)).status, 401);
    const refused = await admin('one-more-guess', ip);
    assert.equal(refused.status, 429);
    assert.equal(refused.body.detail[0].type, 'rate_limited');
    assert.ok(Number(refused.headers['retry-after']) >= 1);
    assert.equal((await call(ip, forged())).status, 429, 'the tenant API shares the throttle');
    assert.equal((await admin(ADMIN_TOKEN, ip)).status, 201);
  });

  it('behind a trusted proxy (TRUST_PROXY) the client\'s forwarded address is counted, not the proxy\'s; untrusted, the header is ignored', async () => {
    await roomInWindow();
    const proxied = await buildApp({ db: testPool(), clock: () => new Date(), trustProxy: parseTrustProxy('203.0.113.60') });
    const viaProxy = (app: Api, client: string) => app.inject({
      method: 'GET', url: `/api/v1/${org.orgId}/locations`, remoteAddress: '203.0.113.60',
      headers: { authorization: `Bearer ${forged()}`, 'x-forwarded-for': client },
    });
    try {
      assert.equal((await viaProxy(proxied, '198.51.100.7')).statusCode, 401);
      assert.equal(await counted('198.51.100.7'), 1);
      assert.equal(await counted('203.0.113.60'), 0);
      assert.equal((await viaProxy(await testApp(), '198.51.100.8')).statusCode, 401);
      assert.equal(await counted('198.51.100.8'), 0, 'without TRUST_PROXY a forwarded address is not believed');
      assert.equal(await counted('203.0.113.60'), 1);
    } finally {
      await proxied.close();
    }
    assert.deepEqual(['', 'false', 'true', '2', '10.0.0.0/8,127.0.0.1'].map(parseTrustProxy), [false, false, true, 2, '10.0.0.0/8,127.0.0.1']);
  });

  it('recording a failure with sweep deletes windows older than an hour and keeps recent ones', async () => {
    await roomInWindow();
    const ip = '203.0.113.50';
    await testPool().query(`
      INSERT INTO auth_failures (client_key, window_start, failures)
      VALUES ($1, date_trunc('minute', now()) - interval '2 hours', 7), ($1, date_trunc('minute', now()) - interval '10 minutes', 3)`, [ip]);
    assert.equal(await recordAuthFailure(testPool(), ip, false), 1);
    assert.equal((await testPool().query('SELECT 1 FROM auth_failures WHERE client_key = $1', [ip])).rowCount, 3, 'no sweep without the flag');
    assert.equal(await recordAuthFailure(testPool(), ip, true), 2);
    const { rows } = await testPool().query(`
      SELECT failures FROM auth_failures WHERE client_key = $1 ORDER BY window_start`, [ip]);
    assert.deepEqual(rows.map((r) => r.failures), [3, 2]);
  });
});
