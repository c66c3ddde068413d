// Table-driven over every registered /api/v1 route: another organisation's token gets 404 and writes
// nothing, whether it names the victim's org id or its own org id with the victim's record ids.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { registeredRoutes } from '../../src/core/http/app.ts';
import { closeTestApp, newOrg, testApp, type Client } from '../helpers.ts';
import { seedOneOfEach } from '../factories.ts';
import { tenantFingerprint } from './tenant-snapshot.ts';

after(closeTestApp);

let victim: Client;
let attacker: Client;
let ids: Record<string, string> = {};

function fill(url: string, orgId: string): string {
  // Provider schedule templates and block schedule templates share the path parameter name.
  const param = (p: string) => (p === 'template_uuid' && url.includes('/blockouts/') ? 'template_uuid_block' : p);
  return url.replace(':org_id', orgId).replace(/:([a-z_]+)/g, (_m, p: string) => ids[param(p)] ?? randomUUID());
}

/** Routes behind tenant auth: every /api/v1 route but CORS preflights, which browsers send without a token. */
function tenantRoutes(routes: { method: string; url: string }[]) {
  return routes.filter((r) => r.url.startsWith('/api/v1/') && r.method !== 'OPTIONS');
}

/**
 * A 422 made only of validation issues about our minimal body reveals nothing about the record (400 on the
 * services surface, which answers bad input with 400 as its seed does).
 */
function isPureValidation(res: { status: number; body: any }): boolean {
  return (res.status === 422 || res.status === 400) && res.body.detail.every((d: { type: string }) => ['missing', 'dict_type'].includes(d.type));
}

function bodyFor(method: string): object | undefined {
  if (method === 'GET' || method === 'DELETE') return undefined;
  return method === 'PATCH' ? { base_version: 1 } : {};
}

before(async () => {
  await testApp();
  victim = await newOrg('Victim');
  attacker = await newOrg('Attacker');
  ids = await seedOneOfEach(victim);
});

describe('tenancy', () => {
  it('every /api/v1 route answers 404 to another organisation\'s token for the victim\'s org id and writes nothing', async () => {
    const routes = tenantRoutes(registeredRoutes(await testApp()));
    assert.ok(routes.length >= 10, `only ${routes.length} routes registered`);
    const params = new Set(routes.flatMap((r) => [...r.url.matchAll(/:([a-z_]+)/g)].map((m) => m[1]!)));
    params.delete('org_id');
    assert.deepEqual([...params].filter((p) => !ids[p]), [], 'every path parameter names a real record of the victim');
    const before = await tenantFingerprint(victim.orgId);
    for (const r of routes) {
      const res = await attacker.request(r.method, fill(r.url, victim.orgId), bodyFor(r.method));
      assert.equal(res.status, 404, `${r.method} ${r.url} gave ${res.status}`);
      assert.equal(res.body.detail[0].type, 'not_found', `${r.method} ${r.url}`);
    }
    assert.deepEqual(await tenantFingerprint(victim.orgId), before);
  });

  it('every /api/v1 route naming a victim\'s record id under the attacker\'s own org id answers 404 (or a bare validation 422) and writes nothing', async () => {
    const routes = tenantRoutes(registeredRoutes(await testApp())).filter((r) => /:(?!org_id)[a-z_]+/.test(r.url));
    assert.ok(routes.length >= 5);
    const before = await tenantFingerprint(victim.orgId);
    for (const r of routes) {
      const res = await attacker.request(r.method, fill(r.url, attacker.orgId), bodyFor(r.method));
      // A route whose required body or query fields our minimal request lacks may answer 422 first.
      const ok = res.status === 404 || (r.method !== 'GET' && isPureValidation(res));
      assert.ok(ok, `${r.method} ${r.url} gave ${res.status}: ${JSON.stringify(res.body)}`);
    }
    assert.deepEqual(await tenantFingerprint(victim.orgId), before);
  });

  it('every /api/v1 route answers 401 with WWW-Authenticate without a token, and with a malformed one', async () => {
    const app = await testApp();
    const routes = tenantRoutes(registeredRoutes(app));
    for (const r of routes) {
      for (const authorization of [undefined, 'Bearer nope', `Bearer ${victim.token}x`]) {
        const res = await app.inject({
          method: r.method as 'GET', url: fill(r.url, victim.orgId),
          headers: authorization ? { authorization } : {},
        });
        assert.equal(res.statusCode, 401, `${r.method} ${r.url}`);
        assert.equal(res.headers['www-authenticate'], 'Bearer');
        assert.equal(res.json().detail[0].type, 'unauthorized');
      }
    }
  });

  it('every CORS preflight answers 204 without CORS headers for an origin the organisation does not allow, and writes nothing', async () => {
    const app = await testApp();
    const preflights = registeredRoutes(app).filter((r) => r.url.startsWith('/api/v1/') && r.method === 'OPTIONS');
    assert.ok(preflights.length >= 1);
    const before = await tenantFingerprint(victim.orgId);
    for (const r of preflights) {
      const res = await app.inject({
        method: 'OPTIONS', url: fill(r.url, victim.orgId),
        headers: { origin: 'https://attacker.example', 'access-control-request-method': 'GET' },
      });
      assert.equal(res.statusCode, 204, r.url);
      assert.deepEqual(Object.keys(res.headers).filter((h) => h.startsWith('access-control-')), [], r.url);
    }
    assert.deepEqual(await tenantFingerprint(victim.orgId), before);
  });
});
