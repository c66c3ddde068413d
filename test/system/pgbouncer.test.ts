// chairtime behind Debian's PgBouncer, started here with its own ini (docs/operations/pgbouncer.md): session pooling
// works as chairtime is; transaction pooling loses named statements unless PgBouncer tracks them
// (max_prepared_statements, 1.21 and later), and never carries LISTEN or a session advisory lock.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { createPool } from '../../src/core/db/client.ts';
import { listenOn } from '../../src/core/db/listen.ts';
import { migrate } from '../../src/core/db/migrate.ts';
import { buildApp } from '../../src/core/http/app.ts';
import type { Api } from '../../src/core/http/deps.ts';
import { seededRandom } from '../../src/core/random.ts';
import { makePractice } from '../factories.ts';
import { Client, closeTestApp, FIXED_NOW, testPool, type Res } from '../helpers.ts';

const PGBOUNCER = process.env.PGBOUNCER_PATH ?? '/usr/sbin/pgbouncer';
const installed = existsSync(PGBOUNCER);
const version = installed ? /PgBouncer (\d+)\.(\d+)/.exec(execFileSync(PGBOUNCER, ['--version'], { encoding: 'utf8' })) : null;
const versionText = version ? `${version[1]}.${version[2]}` : 'none';
/** max_prepared_statements came with PgBouncer 1.21 (Debian 12 ships 1.18). */
const tracksPrepared = !!version && (Number(version[1]) > 1 || Number(version[2]) >= 21);

const server = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://unset/unset');
const database = server.pathname.slice(1);
// The role chairtime logs in as behind the pooler: its session settings are set on it, for this database only.
const role = `chairtime_pgb_${randomBytes(4).toString('hex')}`;
const rolePassword = randomBytes(12).toString('hex');
const cleanups: (() => Promise<void>)[] = [];

after(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((err) => console.error('pgbouncer test cleanup:', err));
  await testPool().query(`DROP ROLE IF EXISTS ${role}`);
  await closeTestApp();
});

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * Starts PgBouncer on a free loopback port with `settings` in [pgbouncer] beside the common ones, serving the test
 * database as `chairtime` (and `chairtime_single`, one server connection) logged in as the test role. PgBouncer refuses
 * to run as root: as root it is told to switch to the postgres account, which may write the temporary directory.
 */
async function startPgbouncer(settings: Record<string, string | number>): Promise<{ url: string; singleUrl: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'chairtime-pgbouncer-'));
  chmodSync(dir, 0o777);
  const port = await freePort();
  const target = `host=${server.hostname} port=${server.port || 5432} dbname=${database} user=${role} password=${rolePassword}`;
  const ini = path.join(dir, 'pgbouncer.ini');
  writeFileSync(ini, [
    '[databases]', `chairtime = ${target}`, `chairtime_single = ${target} pool_size=1`,
    '[pgbouncer]', 'listen_addr = 127.0.0.1', `listen_port = ${port}`, 'unix_socket_dir =', 'auth_type = any',
    `logfile = ${dir}/pgbouncer.log`, `pidfile = ${dir}/pgbouncer.pid`, 'default_pool_size = 20',
    ...Object.entries(settings).map(([k, v]) => `${k} = ${v}`), '',
  ].join('\n'));
  const child: ChildProcess = spawn(PGBOUNCER, [...(process.getuid?.() === 0 ? ['-u', 'postgres'] : []), ini], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanups.push(async () => {
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  });
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited: ${readFileSync(`${dir}/pgbouncer.log`, 'utf8')}`);
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => s.end(() => resolve(true))).on('error', () => resolve(false));
    });
    if (up) break;
    if (i === 100) throw new Error('pgbouncer did not listen within 5 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: `postgres://chairtime@127.0.0.1:${port}/chairtime`, singleUrl: `postgres://chairtime@127.0.0.1:${port}/chairtime_single` };
}

/** A pool on `url` as chairtime opens it (its options ask for a 4.321 s statement timeout), ended after the file. */
function poolOn(url: string, max = 6): pg.Pool {
  const pool = createPool(url, max, { statementTimeoutMs: 4321 });
  cleanups.push(() => pool.end());
  return pool;
}

async function appOn(pool: pg.Pool): Promise<Api> {
  const app = await buildApp({ db: pool, clock: () => FIXED_NOW });
  cleanups.push(() => app.close());
  return app;
}

const wall = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * 40 bookings into two chairs on a half-hour grid (so two clash exactly when chair and start agree) and 20 reads of the
 * day's calendar, all at once through `app`; returns the answers and the chairs and starts tried.
 */
async function bookAndRead(app: Api) {
  const p = await makePractice();
  const c = new Client(app, p.c.orgId, p.c.token);
  const rnd = seededRandom(16_021);
  const tries = Array.from({ length: 40 }, () => ({ op: p.ops[Math.floor(rnd() * 2)]!.id, start: 8 * 60 + 30 * Math.floor(rnd() * 8) }));
  const calendar = () => c.get(`/schedule/calendar/daily?location_uuid=${p.loc.id}&target_date=2026-03-10`);
  const [bookings, reads] = await Promise.all([
    Promise.all(tries.map((t) => c.post('/appointments', p.body({ operatory_uuid: t.op, start_time: wall(t.start), end_time: wall(t.start + 30) })))),
    Promise.all(Array.from({ length: 20 }, calendar)),
  ]);
  return { bookings, reads, slots: new Set(tries.map((t) => `${t.op} ${t.start}`)).size, calendar };
}

/** Every booking answered 201 or 409, one winner per chair and start, every calendar read 200, the day shows the winners. */
async function assertAllWell({ bookings, reads, slots, calendar }: Awaited<ReturnType<typeof bookAndRead>>) {
  const statuses = (rs: Res[]) => [...new Set(rs.map((r) => r.status))].sort();
  assert.deepEqual(statuses(reads), [200]);
  assert.equal(bookings.filter((r) => r.status === 201).length, slots, JSON.stringify(bookings.find((r) => r.status >= 500)?.body));
  assert.deepEqual(statuses(bookings.filter((r) => r.status !== 201)), [409]);
  assert.equal((await calendar()).body.appointments.length, slots);
}

/** Notices heard on `channel` through `pool` while five NOTIFYs are sent straight to PostgreSQL. */
async function noticesHeard(pool: pg.Pool, channel: string): Promise<number> {
  let heard = 0;
  const listener = listenOn(pool, channel, () => heard++, () => undefined);
  await listener.start();
  try {
    for (let i = 0; i < 5; i++) {
      await testPool().query('SELECT pg_notify($1, $2)', [channel, String(i)]);
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 300));
    return heard;
  } finally {
    await listener.stop();
  }
}

/** Whether two clients connected to `url` both get the same session-level advisory lock (nobody is excluded). */
async function bothGetSessionLock(url: string): Promise<boolean> {
  const pool = createPool(url, 2);
  const [a, b] = [await pool.connect(), await pool.connect()];
  try {
    const take = async (c: pg.PoolClient) => (await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(16021) AS ok')).rows[0]!.ok;
    return (await take(a)) && (await take(b));
  } finally {
    a.release(true);
    b.release(true);
    await pool.end();
  }
}

const setting = async (db: pg.Pool | pg.Client, name: string) => (await db.query(`SELECT current_setting('${name}') AS v`)).rows[0].v as string;

describe(`chairtime behind PgBouncer (${versionText})`, { skip: !installed && `no PgBouncer at ${PGBOUNCER} (apt-get install pgbouncer)` }, () => {
  before(async () => {
    await testPool().query(`CREATE ROLE ${role} LOGIN SUPERUSER PASSWORD '${rolePassword}'`);
    // What chairtime's startup options ask for, set where a pooler cannot drop it.
    for (const set of ["TimeZone = 'UTC'", 'jit = off', "statement_timeout = '30s'"]) {
      await testPool().query(`ALTER ROLE ${role} IN DATABASE ${database} SET ${set}`);
    }
  });

  it('refuses chairtime\'s connections (their options startup parameter) unless ignore_startup_parameters lists options', async () => {
    const { url } = await startPgbouncer({ pool_mode: 'session' });
    await assert.rejects(poolOn(url).query('SELECT 1'), (e: Error & { code?: string }) => e.code === '08P01' && /options/.test(e.message));
  });

  describe('session pooling', () => {
    let pool: pg.Pool;
    let urls: { url: string; singleUrl: string };
    before(async () => {
      urls = await startPgbouncer({ pool_mode: 'session', ignore_startup_parameters: 'options' });
      pool = poolOn(urls.url);
    });

    it('sessions get TimeZone, jit and statement_timeout from the role, not from the pool\'s options, also after DISCARD ALL', async () => {
      assert.deepEqual([await setting(pool, 'TimeZone'), await setting(pool, 'jit'), await setting(pool, 'statement_timeout')], ['UTC', 'off', '30s']);
      const pids = new Set<number>();
      for (let i = 0; i < 3; i++) {
        const c = createPool(urls.singleUrl, 1);
        assert.equal(await setting(c, 'statement_timeout'), '30s', 'the previous session\'s SET was discarded');
        await c.query("SET statement_timeout = '1s'");
        pids.add((await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
        await c.end();
      }
      assert.equal(pids.size, 1, 'one server connection served the three sessions');
    });

    it('books concurrently (named statements, advisory xact locks) and reads calendars: one winner per chair and time', async () => {
      await assertAllWell(await bookAndRead(await appOn(pool)));
    });

    it('LISTEN hears NOTIFY, and migrate\'s session advisory lock excludes a second session', async () => {
      assert.equal(await noticesHeard(pool, 'chairtime_pgbouncer_test'), 5);
      assert.equal(await bothGetSessionLock(urls.url), false);
      assert.deepEqual(await migrate(pool), []);
    });
  });

  describe(`transaction pooling without prepared-statement tracking${tracksPrepared ? ' (max_prepared_statements = 0)' : ''}`, () => {
    let urls: { url: string; singleUrl: string };
    before(async () => {
      urls = await startPgbouncer({
        pool_mode: 'transaction', ignore_startup_parameters: 'options', default_pool_size: 2, ...(tracksPrepared ? { max_prepared_statements: 0 } : {}),
      });
    });

    it('named statements fail with "prepared statement … already exists / does not exist", and the API answers 500', async () => {
      const pool = poolOn(urls.url);
      const codes = await Promise.all(Array.from({ length: 60 }, (_, i) => pool.query({ name: 'pgbouncer-probe', text: 'SELECT $1::int AS n', values: [i] })
        .then(() => 'ok', (e: { code?: string }) => e.code)));
      const failures = codes.filter((c) => c !== 'ok');
      assert.ok(failures.length > 0, 'some named statements failed');
      assert.deepEqual([...new Set(failures)].filter((c) => c !== '42P05' && c !== '26000'), [], 'only 42P05 duplicate and 26000 missing');
      const { bookings, reads } = await bookAndRead(await appOn(poolOn(urls.url)));
      assert.ok([...bookings, ...reads].some((r) => r.status === 500), 'some requests failed');
    });

    it('LISTEN hears nothing (the notices reach whichever client holds that server connection next)', async () => {
      assert.equal(await noticesHeard(poolOn(urls.url), 'chairtime_pgbouncer_test'), 0);
    });

    it('a session advisory lock (migrate\'s) excludes nobody: two clients on one server connection both hold it', async () => {
      assert.equal(await bothGetSessionLock(urls.singleUrl), true);
    });
  });

  describe('transaction pooling with max_prepared_statements', { skip: !tracksPrepared && `PgBouncer ${versionText} has no max_prepared_statements (1.21+)` }, () => {
    it('books concurrently and reads calendars through named statements PgBouncer re-prepares on each server connection', async () => {
      const { url } = await startPgbouncer({
        pool_mode: 'transaction', ignore_startup_parameters: 'options', default_pool_size: 2, max_prepared_statements: 200,
      });
      await assertAllWell(await bookAndRead(await appOn(poolOn(url))));
    });
  });
});
