// The crash requirement: the server (`chairtime serve`, as users run it) is SIGKILLed while ten
// clients book appointments, then restarted, on the embedded PostgreSQL and on a PostgreSQL server. Every
// acknowledged (201) appointment is stored as acknowledged, no two overlap in a chair, and every stored
// appointment, acknowledged or not, is whole: exactly one `created` history entry.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { embeddedUrl, exited, freePort, startServer, stopStarted, waitReady } from './server-process.ts';
import { seededRandom } from '../../src/core/random.ts';
import { setUpPractice, type Practice } from './through-proxy.ts';

const ADMIN_TOKEN = 'crash-booking-admin-token';
const CLIENTS = 10;
/** Kill once this many bookings were acknowledged, or after KILL_AFTER_MS, whichever comes first. */
const KILL_AT_ACKS = 40;
const KILL_AFTER_MS = 5_000;
const DATES = ['2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13'];
const tempDirs: string[] = [];

after(async () => {
  await stopStarted();
  await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
});

const wall = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

async function call(base: string, token: string, method: string, url: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(base + url, {
    method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }), signal: AbortSignal.timeout(15_000),
  });
  return { status: res.status, body: await res.json().catch(() => undefined) };
}

interface Attempt { body: Record<string, unknown>; status?: number; id?: string; startTime?: string; endTime?: string; lost?: boolean }

/** Ten clients book random slots until `stop()` says so; a request the kill cut off is marked lost. */
async function bookingLoad(base: string, p: Practice, stop: () => boolean, attempts: Attempt[]): Promise<void> {
  const rnd = seededRandom(20260309);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    while (!stop()) {
      const start = 8 * 60 + 10 * Math.floor(rnd() * 54);
      const a: Attempt = { body: {
        patient_uuid: p.patient, location_uuid: p.location, operatory_uuid: pick(p.chairs), schedule_date: pick(DATES),
        start_time: wall(start), end_time: wall(start + 10 * (1 + Math.floor(rnd() * 6))),
      } };
      attempts.push(a);
      let res;
      try {
        res = await call(base, p.token, 'POST', `${p.api}/appointments`, a.body);
      } catch (err) {
        if (!stop()) throw err;
        a.lost = true;
        continue;
      }
      a.status = res.status;
      if (res.status === 201) Object.assign(a, { id: res.body.id, startTime: res.body.start_time, endTime: res.body.end_time });
      else assert.equal(res.status, 409, JSON.stringify(res.body));
    }
  }));
}

async function crashDuringBookings(env: NodeJS.ProcessEnv, databaseUrl: () => Promise<string>): Promise<void> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  env = { ...env, PORT: String(port), LOG_LEVEL: 'fatal', CHAIRTIME_ADMIN_TOKEN: ADMIN_TOKEN };
  const first = startServer(['serve'], env);
  await waitReady(first, base);
  const p = await setUpPractice(base, ADMIN_TOKEN, 'Crash Booking Dental');

  const attempts: Attempt[] = [];
  let killed = false;
  const load = bookingLoad(base, p, () => killed, attempts);
  const until = Date.now() + KILL_AFTER_MS;
  while (Date.now() < until && attempts.filter((a) => a.status === 201).length < KILL_AT_ACKS) await new Promise((r) => setTimeout(r, 20));
  killed = true;
  first.kill('SIGKILL');
  await load;
  await exited(first);

  const acked = attempts.filter((a) => a.status === 201);
  const lost = attempts.filter((a) => a.lost);
  assert.ok(acked.length >= 10, `only ${acked.length} bookings acknowledged before the kill`);
  assert.ok(lost.length > 0, 'the kill cut off requests in flight');

  const second = startServer(['serve'], env);
  await waitReady(second, base);
  const db = new pg.Client({ connectionString: await databaseUrl() });
  await db.connect();
  try {
    const { rows } = await db.query(`
      SELECT a.id, a.operatory_id, a.start_at, a.end_at,
             (SELECT count(*) FROM appointment_history h WHERE h.org_id = a.org_id AND h.appointment_id = a.id AND h.action = 'created')::int AS created,
             (SELECT count(*) FROM appointment_history h WHERE h.org_id = a.org_id AND h.appointment_id = a.id)::int AS entries
        FROM appointments a WHERE a.org_id = $1`, [p.orgId]);
    const stored = new Map(rows.map((r) => [r.id, r]));
    for (const a of acked) {
      const r = stored.get(a.id);
      assert.ok(r, `acknowledged appointment ${a.id} is missing after the restart`);
      assert.equal(r.operatory_id, a.body.operatory_uuid);
      assert.equal(Date.parse(r.start_at), Date.parse(a.startTime!));
      assert.equal(Date.parse(r.end_at), Date.parse(a.endTime!));
    }
    assert.deepEqual(rows.filter((r) => r.created !== 1 || r.entries !== 1).map((r) => r.id), [], 'every stored appointment has exactly one created entry');
    assert.ok(rows.length <= acked.length + lost.length, `${rows.length} stored, ${acked.length} acknowledged, ${lost.length} cut off`);
    const { rows: [orphans] } = await db.query(`
      SELECT count(*)::int AS n FROM appointment_history h
       WHERE h.org_id = $1 AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.org_id = h.org_id AND a.id = h.appointment_id)`, [p.orgId]);
    assert.equal(orphans.n, 0, 'no history entry without its appointment');
    const { rows: [overlaps] } = await db.query(`
      SELECT count(*)::int AS n FROM appointments a JOIN appointments b
          ON b.org_id = a.org_id AND b.operatory_id = a.operatory_id AND a.id < b.id
       WHERE a.org_id = $1 AND tstzrange(a.start_at, a.end_at) && tstzrange(b.start_at, b.end_at)`, [p.orgId]);
    assert.equal(overlaps.n, 0, 'no two appointments overlap in a chair');
    console.log(`# ${env.DATABASE_URL ? 'server' : 'embedded'}: ${attempts.length} requests, ${acked.length} acknowledged, `
      + `${attempts.filter((a) => a.status === 409).length} refused (409), ${lost.length} cut off by the kill, `
      + `${rows.length - acked.length} of those stored anyway`);
  } finally {
    await db.end();
  }
  // The restarted server serves what was acknowledged, and still books.
  assert.equal((await call(base, p.token, 'GET', `${p.api}/appointments/${acked[0]!.id}`)).status, 200);
  const after = await call(base, p.token, 'POST', `${p.api}/appointments`, { patient_uuid: p.patient, location_uuid: p.location });
  assert.equal(after.status, 201);
  second.kill('SIGTERM');
  assert.equal(await exited(second), 0);
}

describe('crash during a booking load', { timeout: 240_000 }, () => {
  it('on the embedded PostgreSQL: after SIGKILL and restart every acknowledged booking is stored whole, none overlap', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'chairtime-crash-booking-'));
    tempDirs.push(dataDir);
    const env: NodeJS.ProcessEnv = { ...process.env, CHAIRTIME_DATA: dataDir };
    delete env.DATABASE_URL;
    await crashDuringBookings(env, () => embeddedUrl(dataDir));
  });

  it('on a PostgreSQL server (DATABASE_URL): after SIGKILL and restart every acknowledged booking is stored whole, none overlap', async () => {
    const url = process.env.TEST_DATABASE_URL;
    assert.ok(url, 'TEST_DATABASE_URL is set by `npm test`');
    await crashDuringBookings({ ...process.env, DATABASE_URL: url }, async () => url);
  });
});
