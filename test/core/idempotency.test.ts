// Idempotency keys on POSTs under /api/v1 (issue 16): a replay returns the first answer and writes nothing, a reused
// key with another request is refused, a key in use is refused until its request ends, and the key and its effect
// commit together in the request's one transaction.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createPool } from '../../src/core/db/client.ts';
import { deleteExpiredIdempotencyKeys, insertIdempotencyKey } from '../../src/core/db/idempotency-keys.ts';
import { buildApp } from '../../src/core/http/app.ts';
import { ADMIN_TOKEN, Client, closeTestApp, FIXED_NOW, firstIssue, loseRaceAtUniqueKey, testAppAt, testPool, type Res } from '../helpers.ts';
import { makePractice, makeProvider, makeUserToken } from '../factories.ts';
import { changedTables, tenantFingerprint } from './tenant-snapshot.ts';

after(closeTestApp);

const HOUR = 60 * 60 * 1000;

function keyed(c: Client, path: string, body: unknown, key: string): Promise<Res> {
  return c.request('POST', path, body, { 'idempotency-key': key });
}

async function count(table: string, orgId: string): Promise<number> {
  return (await testPool().query(`SELECT count(*)::int AS n FROM ${table} WHERE org_id = $1`, [orgId])).rows[0].n;
}

/** Holds `SELECT … FOR UPDATE` on an appointment in a transaction of its own until `release` is called. */
async function lockAppointmentRow(id: string): Promise<{ release: () => Promise<void>; pid: number }> {
  const tx = await testPool().connect();
  await tx.query('BEGIN');
  await tx.query('SELECT 1 FROM appointments WHERE id = $1 FOR UPDATE', [id]);
  const pid = (await tx.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
  return {
    pid,
    async release() {
      await tx.query('COMMIT');
      tx.release();
    },
  };
}

/** Resolves once some connection waits for the lock held by backend `pid`. */
async function someoneWaitsOn(pid: number): Promise<void> {
  for (let i = 0; i < 3000; i++) {
    const { rows } = await testPool().query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1::int = ANY(pg_blocking_pids(pid))', [pid]);
    if (rows[0].n > 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('nobody waited for the lock');
}

describe('idempotency keys', () => {
  it('a replay returns the first answer\'s status and body with Idempotent-Replayed and writes nothing', async () => {
    const p = await makePractice();
    const key = randomUUID();
    const first = await keyed(p.c, '/appointments', p.body(), key);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.headers['idempotent-replayed'], undefined);
    const before = await tenantFingerprint(p.c.orgId);
    // The same body with its keys in another order is the same request.
    const reordered = Object.fromEntries(Object.entries(p.body()).reverse());
    for (const body of [p.body(), reordered]) {
      const again = await keyed(p.c, '/appointments', body, key);
      assert.equal(again.status, 201);
      assert.deepEqual(again.body, first.body);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.equal(again.headers['content-type'], first.headers['content-type']);
    }
    assert.deepEqual(changedTables(before, await tenantFingerprint(p.c.orgId)), []);
    assert.equal(await count('appointments', p.c.orgId), 1);
    assert.equal(await count('idempotency_keys', p.c.orgId), 1);
  });

  it('a POST that books and reads its appointment back runs in one transaction: 201, history and key committed together', async () => {
    const p = await makePractice();
    const res = await keyed(p.c, '/appointments', p.body({ provider_uuid: p.dentist.id, appointment_type_uuid: p.type.id }), randomUUID());
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual((await p.c.get(`/appointments/${res.body.id}`)).body, res.body);
    const history = await testPool().query('SELECT action FROM appointment_history WHERE appointment_id = $1', [res.body.id]);
    assert.deepEqual(history.rows.map((r) => r.action), ['created']);
    const { rows: [kept] } = await testPool().query('SELECT status, body FROM idempotency_keys WHERE org_id = $1', [p.c.orgId]);
    assert.equal(kept.status, 201);
    assert.deepEqual(JSON.parse(kept.body), res.body);
  });

  it('without the header nothing is kept and the same request runs again', async () => {
    const p = await makePractice();
    assert.equal((await p.c.post('/patients', { first_name: 'Bo', last_name: 'Lee' })).status, 201);
    assert.equal((await p.c.post('/patients', { first_name: 'Bo', last_name: 'Lee' })).status, 201);
    assert.equal(await count('idempotency_keys', p.c.orgId), 0);
  });

  it('the same key with another body or another path returns 422 idempotency_key_reused and writes nothing', async () => {
    const p = await makePractice();
    const key = randomUUID();
    assert.equal((await keyed(p.c, '/appointments', p.body(), key)).status, 201);
    const before = await tenantFingerprint(p.c.orgId);
    for (const res of [
      await keyed(p.c, '/appointments', p.body({ operatory_uuid: p.ops[1]!.id }), key),
      await keyed(p.c, '/patients', { first_name: 'Bo', last_name: 'Lee' }, key),
    ]) {
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.deepEqual(firstIssue(res), {
        loc: ['header', 'idempotency-key'], msg: 'This Idempotency-Key was used with another request in the last 24 hours', type: 'idempotency_key_reused',
      });
    }
    assert.deepEqual(changedTables(before, await tenantFingerprint(p.c.orgId)), []);
  });

  it('keys are per user: another user\'s request with the same key runs on its own', async () => {
    const p = await makePractice();
    const staff = p.c.as((await makeUserToken(p.c.orgId, 'staff')).token);
    const key = 'shared-key';
    const mine = await keyed(p.c, '/patients', { first_name: 'Bo', last_name: 'Lee' }, key);
    const theirs = await keyed(staff, '/patients', { first_name: 'Bo', last_name: 'Lee' }, key);
    assert.equal(mine.status, 201);
    assert.equal(theirs.status, 201);
    assert.equal(theirs.headers['idempotent-replayed'], undefined);
    assert.notEqual(theirs.body.id, mine.body.id);
    assert.equal(await count('idempotency_keys', p.c.orgId), 2);
    // …and a different body under that key is theirs to send.
    assert.equal((await keyed(staff, '/patients', { first_name: 'Cy', last_name: 'Lee' }, key)).status, 422);
  });

  it('a key is kept for 24 hours: replayed just before, run again (and kept anew) after', async () => {
    const p = await makePractice();
    const key = randomUUID();
    const body = { first_name: 'Bo', last_name: 'Lee' };
    const first = await keyed(p.c, '/patients', body, key);
    assert.equal(first.status, 201);
    const almost = new Client(await testAppAt(new Date(FIXED_NOW.getTime() + 24 * HOUR - 1000)), p.c.orgId, p.c.token);
    const replayed = await keyed(almost, '/patients', body, key);
    assert.equal(replayed.headers['idempotent-replayed'], 'true');
    assert.deepEqual(replayed.body, first.body);
    const later = new Client(await testAppAt(new Date(FIXED_NOW.getTime() + 24 * HOUR)), p.c.orgId, p.c.token);
    const again = await keyed(later, '/patients', body, key);
    assert.equal(again.status, 201);
    assert.equal(again.headers['idempotent-replayed'], undefined);
    assert.notEqual(again.body.id, first.body.id);
    assert.equal(await count('patients', p.c.orgId), 2 + 1, 'the practice\'s patient and two Bo Lees');
    const thenReplayed = await keyed(later, '/patients', body, key);
    assert.deepEqual(thenReplayed.body, again.body);
    // Another body is allowed once the old answer has expired.
    const laterStill = new Client(await testAppAt(new Date(FIXED_NOW.getTime() + 49 * HOUR)), p.c.orgId, p.c.token);
    assert.equal((await keyed(laterStill, '/patients', { first_name: 'Cy', last_name: 'Lee' }, key)).status, 201);
  });

  it('a 409 slot_conflict is kept: the retry replays it even after the chair is free again', async () => {
    const p = await makePractice();
    const taken = (await p.c.post('/appointments', p.body())).body;
    const key = randomUUID();
    const refused = await keyed(p.c, '/appointments', p.body({ start_time: '10:30', end_time: '11:30' }), key);
    assert.equal(refused.status, 409);
    assert.equal(firstIssue(refused).type, 'slot_conflict');
    assert.equal((await p.c.post(`/appointments/${taken.id}/cancel`, { base_version: 1 })).status, 200);
    const again = await keyed(p.c, '/appointments', p.body({ start_time: '10:30', end_time: '11:30' }), key);
    assert.equal(again.status, 409);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.deepEqual(again.body, refused.body);
    assert.equal(await count('appointments', p.c.orgId), 1);
  });

  it('a 4xx from a statement that failed inside the request transaction is kept and replayed (409 in_use)', async () => {
    const p = await makePractice();
    const provider = await makeProvider(p.c.orgId, { first_name: 'Gone' });
    const key = randomUUID();
    // The provider is deleted by a transaction that commits while the feed's insert waits for its foreign key.
    const { res } = await loseRaceAtUniqueKey(
      (tx) => tx.query('DELETE FROM providers WHERE org_id = $1 AND id = $2', [p.c.orgId, provider.id]),
      () => keyed(p.c, '/calendar-feeds', { provider_uuid: provider.id }, key),
    );
    assert.equal(res.status, 409, JSON.stringify(res.body));
    assert.equal(firstIssue(res).type, 'in_use');
    const again = await keyed(p.c, '/calendar-feeds', { provider_uuid: provider.id }, key);
    assert.equal(again.status, 409);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.deepEqual(again.body, res.body);
    assert.equal(await count('calendar_feeds', p.c.orgId), 0);
  });

  it('a request with a key still running gets 409 idempotency_in_progress; once it ends, the retry replays its answer', async () => {
    const p = await makePractice();
    const a = (await p.c.post('/appointments', p.body())).body;
    const key = randomUUID();
    const lock = await lockAppointmentRow(a.id);
    let first: Promise<Res>;
    try {
      first = keyed(p.c, `/appointments/${a.id}/cancel`, { base_version: 1 }, key);
      await someoneWaitsOn(lock.pid);
      const meanwhile = await keyed(p.c, `/appointments/${a.id}/cancel`, { base_version: 1 }, key);
      assert.equal(meanwhile.status, 409);
      assert.deepEqual(firstIssue(meanwhile), {
        loc: ['header', 'idempotency-key'], msg: 'A request with this Idempotency-Key is still running; retry shortly', type: 'idempotency_in_progress',
      });
    } finally {
      await lock.release();
    }
    const done = await first;
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.status, 'cancelled');
    const retry = await keyed(p.c, `/appointments/${a.id}/cancel`, { base_version: 1 }, key);
    assert.equal(retry.status, 200);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.deepEqual(retry.body, done.body);
    const history = await testPool().query('SELECT action FROM appointment_history WHERE appointment_id = $1 ORDER BY created_at', [a.id]);
    assert.deepEqual(history.rows.map((r) => r.action), ['created', 'cancelled']);
  });

  it('a 5xx is not kept: nothing of the request is written, and a retry with the same key runs', async () => {
    const p = await makePractice();
    const a = (await p.c.post('/appointments', p.body())).body;
    // An app whose statements give up after 300 ms: the cancel waits longer for the row lock → 503 timeout.
    const pool = createPool(process.env.TEST_DATABASE_URL!, 2, { statementTimeoutMs: 300 });
    const app = await buildApp({ db: pool, clock: () => FIXED_NOW });
    try {
      const c = new Client(app, p.c.orgId, p.c.token);
      const key = randomUUID();
      const before = await tenantFingerprint(p.c.orgId);
      const lock = await lockAppointmentRow(a.id);
      let timedOut: Res;
      try {
        timedOut = await keyed(c, `/appointments/${a.id}/cancel`, { base_version: 1 }, key);
      } finally {
        await lock.release();
      }
      assert.equal(timedOut.status, 503, JSON.stringify(timedOut.body));
      assert.equal(firstIssue(timedOut).type, 'timeout');
      assert.deepEqual(changedTables(before, await tenantFingerprint(p.c.orgId)), []);
      const retry = await keyed(c, `/appointments/${a.id}/cancel`, { base_version: 1 }, key);
      assert.equal(retry.status, 200, JSON.stringify(retry.body));
      assert.equal(retry.headers['idempotent-replayed'], undefined);
      assert.equal(retry.body.status, 'cancelled');
    } finally {
      await app.close();
      await pool.end();
    }
  });

  it(`20 concurrent identical POST /appointments with one key book one appointment; the others get 409 in progress or the same 201`, async () => {
    const p = await makePractice();
    const key = randomUUID();
    const all = await Promise.all(Array.from({ length: 20 }, () => keyed(p.c, '/appointments', p.body(), key)));
    const fresh = all.filter((r) => r.status === 201 && r.headers['idempotent-replayed'] === undefined);
    assert.equal(fresh.length, 1, JSON.stringify(all.map((r) => [r.status, r.body])));
    for (const r of all) {
      if (r.status === 201) assert.deepEqual(r.body, fresh[0]!.body);
      else assert.deepEqual([r.status, firstIssue(r).type], [409, 'idempotency_in_progress'], JSON.stringify(r.body));
    }
    assert.equal(await count('appointments', p.c.orgId), 1);
    assert.equal(await count('appointment_history', p.c.orgId), 1);
    const after = await keyed(p.c, '/appointments', p.body(), key);
    assert.equal(after.headers['idempotent-replayed'], 'true');
    assert.deepEqual(after.body, fresh[0]!.body);
  });

  it('a key that is empty, longer than 255 characters or not printable ASCII returns 422 at the header and writes nothing', async () => {
    const p = await makePractice();
    const before = await tenantFingerprint(p.c.orgId);
    for (const key of ['', 'k'.repeat(256), 'clé', 'tab\there']) {
      const res = await keyed(p.c, '/patients', { first_name: 'Bo', last_name: 'Lee' }, key);
      assert.equal(res.status, 422, `${JSON.stringify(key)}: ${JSON.stringify(res.body)}`);
      assert.deepEqual(firstIssue(res).loc, ['header', 'idempotency-key']);
    }
    assert.equal((await keyed(p.c, '/patients', { first_name: 'Bo', last_name: 'Lee' }, 'k'.repeat(255))).status, 201);
    assert.deepEqual(changedTables(before, await tenantFingerprint(p.c.orgId)).sort(), ['idempotency_keys', 'patients']);
  });

  it('the header is ignored on other methods and outside /api/v1, and a body that fails validation keeps nothing', async () => {
    const p = await makePractice();
    const get = await p.c.request('GET', '/patients', undefined, { 'idempotency-key': '' });
    assert.equal(get.status, 200);
    const patch = await p.c.request('PATCH', `/patients/${p.patient.id}`, { base_version: 1, first_name: 'Anne' }, { 'idempotency-key': '' });
    assert.equal(patch.status, 200, JSON.stringify(patch.body));
    const admin = new Client(p.c.app, p.c.orgId, ADMIN_TOKEN);
    for (let i = 0; i < 2; i++) {
      const org = await admin.request('POST', '/admin/v1/organizations', { name: 'Elsewhere' }, { 'idempotency-key': 'same' });
      assert.equal(org.status, 201, JSON.stringify(org.body));
      assert.equal(org.headers['idempotent-replayed'], undefined);
    }
    const key = randomUUID();
    assert.equal((await keyed(p.c, '/patients', { first_name: 'Bo' }, key)).status, 422);
    assert.equal(await count('idempotency_keys', p.c.orgId), 0);
    assert.equal((await keyed(p.c, '/patients', { first_name: 'Bo', last_name: 'Lee' }, key)).status, 201);
  });

  it('the services surface keeps and replays its answers too, and answers a bad key with its 400', async () => {
    const p = await makePractice();
    const key = randomUUID();
    const body = { name: 'Cleaning', location_uuid: p.loc.id, duration_minutes: 30 };
    const first = await keyed(p.c, '/services', body, key);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const again = await keyed(p.c, '/services', body, key);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.deepEqual(again.body, first.body);
    assert.equal(await count('services', p.c.orgId), 1);
    const bad = await keyed(p.c, '/services', body, 'k'.repeat(256));
    assert.equal(bad.status, 400);
    assert.deepEqual(firstIssue(bad).loc, ['header', 'idempotency-key']);
  });

  it('expired answers are deleted a batch at a time, oldest first, fresh ones kept', async () => {
    const p = await makePractice();
    const row = (key: string) => ({
      orgId: p.c.orgId, userId: p.c.adminUserId, key, fingerprint: '0'.repeat(64), status: 201, body: '{}', content_type: 'application/json',
    });
    const cutoff = new Date(FIXED_NOW.getTime() - 24 * HOUR);
    assert.ok(await insertIdempotencyKey(testPool(), row('old'), new Date(cutoff.getTime() - 10 * HOUR), cutoff));
    assert.ok(await insertIdempotencyKey(testPool(), row('older'), new Date(cutoff.getTime() - 20 * HOUR), cutoff));
    assert.ok(await insertIdempotencyKey(testPool(), row('fresh'), FIXED_NOW, cutoff));
    assert.equal(await insertIdempotencyKey(testPool(), row('fresh'), FIXED_NOW, cutoff), false, 'a fresh answer is never overwritten');
    assert.equal(await deleteExpiredIdempotencyKeys(testPool(), cutoff, 1), 1);
    const left = async () => (await testPool().query('SELECT key FROM idempotency_keys WHERE org_id = $1 ORDER BY key', [p.c.orgId])).rows.map((r) => r.key);
    assert.deepEqual(await left(), ['fresh', 'old']);
    await deleteExpiredIdempotencyKeys(testPool(), cutoff);
    assert.deepEqual(await left(), ['fresh']);
  });
});
