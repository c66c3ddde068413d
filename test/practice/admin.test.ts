import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../src/core/http/app.ts';
import { ADMIN_TOKEN, Client, closeTestApp, FIXED_NOW, firstIssue, testApp, testPool } from '../helpers.ts';

after(closeTestApp);

async function platform(token: string | null = ADMIN_TOKEN): Promise<Client> {
  return new Client(await testApp(), '', token ?? '');
}

async function postOrganization(token: string | null, body: unknown) {
  const app = await testApp();
  const res = await app.inject({
    method: 'POST', url: '/admin/v1/organizations', payload: body as object,
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });
  return { status: res.statusCode, body: JSON.parse(res.body), headers: res.headers };
}

/** Organisations named `name` (test files run in parallel, so a global count would race). */
async function orgCount(name: string): Promise<number> {
  return (await testPool().query('SELECT count(*)::int AS n FROM organizations WHERE name = $1', [name])).rows[0].n;
}

describe('platform admin API', () => {
  it('create organisation returns 201 with the admin user and a token that works on the new organisation', async () => {
    const res = await (await platform()).post('/admin/v1/organizations', { name: 'Smile Dental', admin_name: 'Olga Owner', admin_email: 'olga@smile.test' });
    assert.equal(res.status, 201);
    assert.deepEqual(Object.keys(res.body).sort(), ['admin_user', 'created_at', 'id', 'name', 'token']);
    assert.equal(res.body.name, 'Smile Dental');
    assert.deepEqual({ ...res.body.admin_user, id: undefined }, { id: undefined, name: 'Olga Owner', email: 'olga@smile.test', role: 'admin' });
    const org = new Client(await testApp(), res.body.id, res.body.token);
    const locations = await org.get('/locations');
    assert.equal(locations.status, 200);
    assert.equal(locations.body.total, 0);
    assert.equal((await org.get(`/users/${res.body.admin_user.id}`)).body.email, 'olga@smile.test');
    const { rows } = await testPool().query(
      'SELECT category, count(*)::int AS n FROM definitions WHERE org_id = $1 GROUP BY category ORDER BY category', [res.body.id]);
    assert.deepEqual(rows, [
      { category: 'ApptConfirmed', n: 4 }, { category: 'ApptTag', n: 2 }, { category: 'AsapPriority', n: 2 },
      { category: 'BrokenReason', n: 2 }, { category: 'CancelReason', n: 2 },
    ]);
  });

  it('create organisation defaults the admin user to Administrator <admin@example.com>', async () => {
    const res = await (await platform()).post('/admin/v1/organizations', { name: 'Defaults Clinic' });
    assert.equal(res.status, 201);
    assert.equal(res.body.admin_user.name, 'Administrator');
    assert.equal(res.body.admin_user.email, 'admin@example.com');
  });

  it('create organisation returns 401 with WWW-Authenticate: Bearer without a token or with a wrong one, and creates nothing', async () => {
    for (const token of [null, 'wrong-token', `${ADMIN_TOKEN}x`]) {
      const res = await postOrganization(token, { name: 'Intruder' });
      assert.equal(res.status, 401, String(token));
      assert.equal(res.headers['www-authenticate'], 'Bearer');
      assert.equal(firstIssue(res).type, 'unauthorized');
      assert.deepEqual(firstIssue(res).loc, ['header', 'authorization']);
    }
    assert.equal(await orgCount('Intruder'), 0);
  });

  it('an organisation admin token is 401 on the platform admin API', async () => {
    const created = await (await platform()).post('/admin/v1/organizations', { name: 'Tenant' });
    const res = await (await platform(created.body.token)).post('/admin/v1/organizations', { name: 'Escalation' });
    assert.equal(res.status, 401);
  });

  it('create organisation returns 422 for a missing name, unknown fields or a bad email, and creates nothing', async () => {
    const p = await platform();
    const missing = await p.post('/admin/v1/organizations', {});
    assert.deepEqual(firstIssue(missing), { loc: ['body', 'name'], msg: 'Field required', type: 'missing' });
    const extra = await p.post('/admin/v1/organizations', { name: 'X', id: '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11' });
    assert.equal(extra.status, 422);
    assert.equal(firstIssue(extra).type, 'extra_forbidden');
    const email = await p.post('/admin/v1/organizations', { name: 'X', admin_email: 'nope' });
    assert.equal(email.status, 422);
    assert.deepEqual(firstIssue(email).loc, ['body', 'admin_email']);
    assert.equal((await p.post('/admin/v1/organizations', { name: '' })).status, 422);
    assert.equal(await orgCount('X'), 0);
  });

  it('the platform admin API is 404 when the app is built without an admin token', async () => {
    const app = await buildApp({ db: testPool(), clock: () => FIXED_NOW });
    try {
      for (const auth of ['', ADMIN_TOKEN]) {
        const res = await app.inject({
          method: 'POST', url: '/admin/v1/organizations', payload: { name: 'Nope' },
          headers: auth ? { authorization: `Bearer ${auth}` } : {},
        });
        assert.equal(res.statusCode, 404);
        assert.equal(JSON.parse(res.body).detail[0].type, 'not_found');
      }
    } finally {
      await app.close();
    }
  });
});
