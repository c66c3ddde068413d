// Issue 16: two `chairtime serve` processes on one database behind nginx (round robin). Bookings through both
// never overlap, a live page hears each change once whichever process made it, each webhook event is delivered
// once though both processes run a worker, and a rolling restart (SIGTERM one, restart it, then the other) under
// a steady load of reads and writes loses no request and duplicates none.
// The processes get a database of their own on the test server: their webhook workers deliver for every
// organisation, and must not deliver the other test files' queued events.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { exited, freePort, startServer, stopStarted } from './server-process.ts';
import { findNginx, startNginx, type Nginx } from './nginx.ts';
import { bookingBody, call, openStream, setUpPractice, startLoad, type Answer } from './through-proxy.ts';
import { eventually, startReceiver } from '../webhooks/receiver.ts';

const ADMIN_TOKEN = 'multi-instance-admin-token';
const nginx = findNginx();
const skip = 'why' in nginx ? `${nginx.why}: the multi-instance test needs nginx` : false;

interface Instance { port: number; addr: string; child: ChildProcess }
const instances: Instance[] = [];
let proxy: Nginx;
let dir: string;
let db: pg.Client;
let dbUrl: string;
let env: NodeJS.ProcessEnv;
const cleanups: (() => Promise<unknown>)[] = [];

/** A database beside the suite's on the same server, dropped afterwards. */
async function ownDatabase(): Promise<string> {
  const testUrl = process.env.TEST_DATABASE_URL;
  assert.ok(testUrl, 'TEST_DATABASE_URL is set by `npm test`');
  const u = new URL(testUrl);
  const name = `${u.pathname.slice(1)}_multi`;
  const admin = new pg.Client({ connectionString: testUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  cleanups.push(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((e: Error) => console.error('# drop failed:', e.message));
    await admin.end();
  });
  u.pathname = `/${name}`;
  return u.toString();
}

function start(port: number): ChildProcess {
  return startServer(['serve'], { ...env, PORT: String(port) });
}

/**
 * Polls the instance's /readyz until 200, each time on a new connection closed after the answer: an idle
 * keep-alive connection of the test's would make the instance wait for it when it is stopped.
 */
async function waitReady(i: Instance): Promise<void> {
  const ready = () => new Promise<boolean>((resolve) => {
    const req = get({ host: '127.0.0.1', port: i.port, path: '/readyz', agent: false, timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false)).on('timeout', () => req.destroy());
  });
  for (const until = Date.now() + 90_000; !(await ready());) {
    assert.equal(i.child.exitCode, null, `${i.addr} exited during start`);
    if (Date.now() > until) throw new Error(`${i.addr} not ready within 90 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

before(async () => {
  if (skip) return;
  dir = await mkdtemp(path.join(tmpdir(), 'chairtime-multi-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  dbUrl = await ownDatabase();
  env = {
    ...process.env, DATABASE_URL: dbUrl, LOG_LEVEL: 'warn', CHAIRTIME_ADMIN_TOKEN: ADMIN_TOKEN, TRUST_PROXY: '127.0.0.1', DATABASE_POOL_SIZE: '6',
  };
  for (const port of [await freePort(), await freePort()]) {
    instances.push({ port, addr: `127.0.0.1:${port}`, child: start(port) });
  }
  // Both migrate the new database at once (the migration lock serialises them).
  await Promise.all(instances.map(waitReady));
  proxy = await startNginx(nginx.bin!, dir, await freePort(), instances.map((i) => i.port));
  db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  cleanups.unshift(() => db.end(), () => proxy.stop());
});

after(async () => {
  for (const c of cleanups.splice(0)) await c().catch((e: Error) => console.error('# cleanup:', e.message));
  await stopStarted();
});

const practice = () => setUpPractice(proxy.base, ADMIN_TOKEN);
/** The instances that answered, as nginx's X-Upstream names them (the last one tried). */
const answeredBy = (answers: Pick<Answer, 'upstream'>[]) => new Set(answers.map((a) => a.upstream.split(', ').at(-1)));

describe('several instances behind nginx', { skip, timeout: 240_000 }, () => {
  it('concurrent bookings of the same chair times through both instances never overlap: 201s equal stored rows', async () => {
    const p = await practice();
    const starts = ['09:00', '09:30', '10:00'];
    const ends: Record<string, string[]> = { '09:00': ['09:30', '10:00'], '09:30': ['10:00', '10:30'], '10:00': ['10:30', '11:00'] };
    const bodies = Array.from({ length: 48 }, (_, n) => {
      const s = starts[n % 3]!;
      return bookingBody(p, { operatory_uuid: p.chairs[n % 2]!, schedule_date: '2026-06-10', start_time: s, end_time: ends[s]![(n >> 1) % 2]! });
    });
    const answers = await Promise.all(bodies.map((b) => call(proxy.base, p.token, 'POST', `${p.api}/appointments`, b)));
    assert.deepEqual([...new Set(answers.map((a) => a.status))].filter((s) => s !== 201 && s !== 409), [], 'only 201 and 409');
    assert.deepEqual(answeredBy(answers), new Set(instances.map((i) => i.addr)), 'both instances took bookings');
    const { rows: [stored] } = await db.query(`SELECT count(*)::int AS n FROM appointments WHERE org_id = $1 AND status <> 'cancelled'`, [p.orgId]);
    const { rows: [overlaps] } = await db.query(`
      SELECT count(*)::int AS n FROM appointments a JOIN appointments b
          ON b.org_id = a.org_id AND b.operatory_id = a.operatory_id AND a.id < b.id
       WHERE a.org_id = $1 AND a.status <> 'cancelled' AND b.status <> 'cancelled'
         AND tstzrange(a.start_at, a.end_at) && tstzrange(b.start_at, b.end_at)`, [p.orgId]);
    assert.equal(overlaps.n, 0, 'no two appointments overlap in a chair');
    const created = answers.filter((a) => a.status === 201).length;
    assert.equal(stored.n, created, '201 answers equal stored appointments');
    assert.ok(created >= 4, `${created} booked`);
  });

  it('a live page connected through nginx to one instance hears every booking made through either, each exactly once', async () => {
    const p = await practice();
    // Round robin: open streams until one is served by each instance.
    const streams: Awaited<ReturnType<typeof openStream>>[] = [];
    for (let n = 0; n < 8 && answeredBy(streams).size < 2; n++) {
      const s = await openStream(proxy.base, p);
      if (answeredBy(streams).has(s.upstream)) s.stop();
      else streams.push(s);
    }
    assert.equal(streams.length, 2, 'a stream on each instance');
    try {
      const booked: Answer[] = [];
      for (let n = 0; n < 6; n++) {
        const b = bookingBody(p, { operatory_uuid: p.chairs[n % 3]!, schedule_date: '2026-06-11', start_time: `1${n}:00`, end_time: `1${n}:30` });
        booked.push(await call(proxy.base, p.token, 'POST', `${p.api}/appointments`, b));
      }
      assert.deepEqual(booked.map((b) => b.status), Array(6).fill(201));
      assert.equal(answeredBy(booked).size, 2, 'bookings went through both instances');
      const ids = booked.map((b) => b.body.id as string).sort();
      const heard = (s: (typeof streams)[number]) => s.events.filter((e) => e.event === 'appointment').map((e) => e.data.appointment_id as string);
      for (const s of streams) await eventually(() => ids.every((id) => heard(s).includes(id)), 15_000, `every booking on the stream of ${s.upstream}`);
      // Time for a second copy to arrive, were there one (a notice reaches a stream within milliseconds).
      await new Promise((r) => setTimeout(r, 1_500));
      for (const s of streams) assert.deepEqual(heard(s).sort(), ids, `each booking once on the stream of ${s.upstream}`);
    } finally {
      for (const s of streams) s.stop();
    }
  });

  it('with both instances running their webhook worker, the receiver gets each event id exactly once', async () => {
    const p = await practice();
    const receiver = await startReceiver();
    cleanups.unshift(receiver.close);
    const hook = await call(proxy.base, p.token, 'POST', `${p.api}/webhooks`, { url: receiver.url, events: ['appointment.created'] });
    assert.equal(hook.status, 201, JSON.stringify(hook.body));
    const N = 20;
    const booked = await Promise.all(Array.from({ length: N }, (_, n) => call(proxy.base, p.token, 'POST', `${p.api}/appointments`, bookingBody(p, {
      operatory_uuid: p.chairs[n % 2]!, schedule_date: '2026-06-12',
      start_time: `${String(8 + Math.floor(n / 2)).padStart(2, '0')}:00`, end_time: `${String(8 + Math.floor(n / 2)).padStart(2, '0')}:45`,
    }))));
    assert.deepEqual(booked.map((b) => b.status), Array(N).fill(201));
    assert.equal(answeredBy(booked).size, 2, 'bookings went through both instances');
    const ids = () => new Set(receiver.received.map((r) => String(r.headers['webhook-id'])));
    await eventually(() => ids().size >= N, 30_000, `${N} webhook events`);
    // Longer than a worker's poll (1 s): a second delivery of any event would have come by now.
    await new Promise((r) => setTimeout(r, 2_500));
    assert.equal(receiver.received.length, N, 'one request per event');
    const { rows } = await db.query(`SELECT id FROM webhook_events WHERE org_id = $1`, [p.orgId]);
    assert.deepEqual([...ids()].sort(), rows.map((r) => r.id).sort(), 'the events recorded, each delivered');
    const delivered = receiver.received.map((r) => JSON.parse(r.body).data.appointment.id as string).sort();
    assert.deepEqual(delivered, booked.map((b) => b.body.id as string).sort());
    const { rows: [attempts] } = await db.query(
      `SELECT count(*) FILTER (WHERE status = 'delivered' AND attempts = 1)::int AS once, count(*)::int AS n FROM webhook_deliveries WHERE org_id = $1`, [p.orgId]);
    assert.deepEqual(attempts, { once: N, n: N }, 'every delivery delivered at its first attempt');
  });

  it('a rolling restart under load (SIGTERM one, restart it, then the other) answers every request, and each POST took effect once', async () => {
    const p = await practice();
    const load = await startLoad(proxy.base, p, 6);
    // A front desk page stays connected: its stream ends when its instance stops (the page then reconnects).
    const page = await openStream(proxy.base, p);
    cleanups.unshift(() => load.stop(), async () => page.stop());
    let pageEnded = false;
    void page.ended.then(() => { pageEnded = true; });
    await eventually(() => load.answers.length >= 30, 20_000, 'the load to start');
    for (const i of instances) {
      const stopAt = Date.now();
      i.child.kill('SIGTERM');
      const code = await Promise.race([exited(i.child), new Promise((r) => setTimeout(r, 45_000, 'still running').unref())]);
      assert.equal(code, 0, `instance ${i.addr} exits cleanly after SIGTERM`);
      const stoppedIn = Date.now() - stopAt;
      i.child = start(i.port);
      await waitReady(i);
      const back = Date.now();
      // nginx sends it requests again (its failure mark lasts 2 s) before the other one stops.
      await eventually(() => load.answers.filter((a) => a.at > back && a.upstream.endsWith(i.addr)).length >= 5, 30_000, `${i.addr} to serve again`);
      console.log(`# ${i.addr}: exited ${stoppedIn} ms after SIGTERM, served through nginx again after ${Date.now() - stopAt} ms`);
    }
    const answers = await load.stop();
    assert.ok(pageEnded, 'the live stream ended when its instance stopped');
    const failed = answers.filter((a) => a.error || a.status >= 500 || (a.status >= 400 && a.status !== 409));
    const passedOn = answers.filter((a) => a.upstream.includes(','));
    // nginx passed requests on only because a connect was refused: never after sending one (which it would not
    // retry for a POST, and which would mean the stopping instance dropped a request it had been sent).
    const errors = (await proxy.errorLog()).split('\n').filter((l) => /\[(error|crit|alert|emerg)\]/.test(l));
    const refused = errors.filter((l) => /connect\(\) failed \(111: Connection refused\) while connecting to upstream/.test(l));
    console.log(`# ${answers.length} requests (${answers.filter((a) => a.method === 'POST').length} POST), ${failed.length} failed, `
      + `${passedOn.length} passed by nginx to the other instance (${passedOn.filter((a) => a.method === 'POST').length} POST), ${refused.length} connects refused`);
    assert.deepEqual(failed.slice(0, 5), [], `${failed.length} requests failed`);
    assert.deepEqual(errors.filter((l) => !refused.includes(l)), [], 'nginx saw no upstream error but refused connects');
    for (const [table, kind] of [['appointments', 'book'], ['patients', 'patient']] as const) {
      const made = answers.filter((a) => a.kind === kind && a.status === 201).map((a) => a.body.id as string).sort();
      const { rows } = await db.query(`SELECT id FROM ${table} WHERE org_id = $1 AND id <> ALL ($2::uuid[])`, [p.orgId, load.seeded]);
      assert.deepEqual(rows.map((r) => r.id).sort(), made, `every ${table} row is one acknowledged POST, and every acknowledged POST is stored`);
    }
    assert.ok(answers.filter((a) => a.kind === 'book' && a.status === 201).length >= 10, 'bookings went through');
  });
});
