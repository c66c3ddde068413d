// The database guards: statements past STATEMENT_TIMEOUT_MS are cancelled and answered 503 (nothing written),
// a migration may run outside a transaction (CREATE INDEX CONCURRENTLY), and the statement splitter it uses.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';
import { createPool } from '../../src/core/db/client.ts';
import { migrate, NO_TRANSACTION, splitStatements } from '../../src/core/db/migrate.ts';
import { installErrorHandlers } from '../../src/core/http/errors.ts';
import { closeTestApp } from '../helpers.ts';

after(closeTestApp);
const url = process.env.TEST_DATABASE_URL!;

describe('statement timeout', () => {
  it('cancels a statement that runs too long; the request gets 503 timeout and its transaction writes nothing', async () => {
    const pool = createPool(url, 1, { statementTimeoutMs: 100 });
    const app = Fastify({ logger: false });
    installErrorHandlers(app);
    app.get('/slow', async () => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('CREATE TEMP TABLE written (a int)');
        await client.query('SELECT pg_sleep(1)');
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      } finally {
        client.release();
      }
      return {};
    });
    try {
      const res = await app.inject({ method: 'GET', url: '/slow' });
      assert.equal(res.statusCode, 503);
      assert.equal(res.json().detail[0].type, 'timeout');
      assert.equal((await pool.query("SELECT to_regclass('pg_temp.written') AS t")).rows[0].t, null);
      assert.equal((await pool.query('SELECT 1 AS one')).rows[0].one, 1, 'the connection is usable afterwards');
    } finally {
      await app.close();
      await pool.end();
    }
  });
});

describe('migrations outside a transaction', () => {
  it('splits a no-transaction migration into its statements', () => {
    assert.deepEqual(splitStatements(`${NO_TRANSACTION}\n-- why\nCREATE TABLE a (x int);\nCREATE INDEX CONCURRENTLY IF NOT EXISTS a_x ON a (x); -- note\n\n`), [
      'CREATE TABLE a (x int)', 'CREATE INDEX CONCURRENTLY IF NOT EXISTS a_x ON a (x)',
    ]);
  });

  it('applies a migration marked no-transaction (CREATE INDEX CONCURRENTLY) and records it once', async () => {
    const name = `chairtime_mig_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mig-'));
    await writeFile(path.join(dir, '001_table.sql'), 'CREATE TABLE big (x int);\n');
    await writeFile(path.join(dir, '002_index.sql'), `${NO_TRANSACTION}\nCREATE INDEX CONCURRENTLY IF NOT EXISTS big_x ON big (x);\n`);
    const u = new URL(url);
    u.pathname = `/${name}`;
    const pool = createPool(u.toString(), 1);
    try {
      assert.deepEqual(await migrate(pool, dir), ['001_table.sql', '002_index.sql']);
      assert.deepEqual(await migrate(pool, dir), []);
      assert.equal((await pool.query("SELECT to_regclass('big_x') IS NOT NULL AS made")).rows[0].made, true);
    } finally {
      await pool.end();
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});

describe('updatable columns', () => {
  it('a generic patch refuses a column that is a key, server-owned or not a column, before any SQL runs', async () => {
    const { requireUpdatable, updateVersioned } = await import('../../src/core/db/records.ts');
    for (const column of ['org_id', 'id', 'version', 'created_at', 'name = name; DROP TABLE patients; --']) {
      assert.throws(() => requireUpdatable('patients', [column]), /is not an updatable column of patients/);
    }
    requireUpdatable('patients', ['first_name', 'is_active']);
    // A pool that fails any query proves the check comes first.
    const noSql = { query: async () => assert.fail('no statement may run') } as never;
    await assert.rejects(updateVersioned(noSql, {
      table: 'patients', what: 'Patient', idParam: 'patient_uuid', orgId: 'o', id: 'i', baseVersion: 1, changes: { org_id: 'x' },
    }), /is not an updatable column/);
  });
});

describe('reads in one snapshot', () => {
  it('the calendar week, month summary and production summary run every statement on one connection in a read-only snapshot', async () => {
    const { newOrg } = await import('../helpers.ts');
    const { makeLocation } = await import('../factories.ts');
    const { loadCalendarDays, loadMonthSummary } = await import('../../src/schedule/queries/calendar.ts');
    const { loadProductionSummary } = await import('../../src/schedule/queries/production-summary.ts');
    const c = await newOrg();
    const loc = await makeLocation(c.orgId, { timezone: 'America/New_York' });
    const pool = createPool(url, 2);
    const seen: { connections: number; onPool: number; begins: string[] } = { connections: 0, onPool: 0, begins: [] };
    const poolQuery = pool.query.bind(pool);
    pool.query = ((...args: Parameters<typeof poolQuery>) => {
      seen.onPool++;
      return poolQuery(...args);
    }) as typeof pool.query;
    const connect = pool.connect.bind(pool);
    const wrapped = new WeakSet<object>();
    pool.connect = (async () => {
      seen.connections++;
      const client = await connect();
      if (wrapped.has(client)) return client;
      wrapped.add(client);
      const clientQuery = client.query.bind(client);
      client.query = ((sql: unknown, ...rest: unknown[]) => {
        if (typeof sql === 'string' && sql.startsWith('BEGIN')) seen.begins.push(sql);
        return (clientQuery as (...a: unknown[]) => unknown)(sql, ...rest);
      }) as typeof client.query;
      return client;
    }) as typeof pool.connect;
    try {
      await loadCalendarDays(pool, c.orgId, null, loc.id, '2026-03-09', 7, undefined);
      await loadMonthSummary(pool, c.orgId, null, loc.id, '2026-03');
      await loadProductionSummary(pool, c.orgId, null, loc.id, '2026-03-01', '2026-03-31');
      // The calendar's snapshot also runs its statements' generic plans (its row statement was planned anew on every call).
      const begin = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';
      assert.deepEqual(seen, { connections: 3, onPool: 0, begins: [`${begin}; SET LOCAL plan_cache_mode = force_generic_plan`, begin, begin] });
    } finally {
      await pool.end();
    }
  });
});
