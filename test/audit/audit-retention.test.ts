// Retention of the patient-read audit (migration 021, `chairtime prune`): months are dropped whole once every read in
// them is past AUDIT_RETENTION_DAYS, rows are never updated or deleted, and reads go on being recorded. Runs in a
// database of its own, migrated here (first to before 021, with reads in the old table), since dropping months and
// partitions would disturb the other files' audit rows.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type pg from 'pg';
import { createPool } from '../../src/core/db/client.ts';
import { migrate } from '../../src/core/db/migrate.ts';
import { buildApp } from '../../src/core/http/app.ts';
import { createOrganization } from '../../src/practice/index.ts';
import { auditRetentionDays, pruneReadAudit } from '../../src/audit/index.ts';
import { Client, closeTestApp, FIXED_NOW, testPool } from '../helpers.ts';

const run = promisify(execFile);
const database = `chairtime_audit_${randomBytes(4).toString('hex')}`;
const url = (() => {
  const u = new URL(process.env.TEST_DATABASE_URL!);
  u.pathname = `/${database}`;
  return u.toString();
})();
let pool: pg.Pool;

/** `audit.patient_reads_YYYY_MM` of the month `monthsAgo` months before this one (UTC). */
function monthName(monthsAgo: number): string {
  const d = new Date();
  const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - monthsAgo, 1));
  return `patient_reads_${m.getUTCFullYear()}_${String(m.getUTCMonth() + 1).padStart(2, '0')}`;
}

const insertRead = (readAt: string, requestId: string) => pool.query(`
  INSERT INTO audit.patient_reads (org_id, user_id, token_id, method, route, record_kind, patient_ids, request_id, read_at)
  VALUES (gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 'GET', '/api/v1/{org_id}/patients', 'patient', ARRAY[gen_random_uuid()], $2, $1)`,
[readAt, requestId]);

/** The partition each of these requests' reads is in (null: gone). */
async function whereAre(...requestIds: string[]): Promise<(string | null)[]> {
  const { rows } = await pool.query('SELECT request_id, tableoid::regclass::text AS part FROM audit.patient_reads WHERE request_id = ANY ($1)', [requestIds]);
  return requestIds.map((r) => rows.find((x) => x.request_id === r)?.part ?? null);
}

const partitions = async () => (await pool.query<{ name: string }>(`
  SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
   WHERE i.inhparent = 'audit.patient_reads'::regclass ORDER BY 1`)).rows.map((r) => r.name);

const refused = (sql: string) => assert.rejects(pool.query(sql), (e: { code?: string; message: string }) => e.code === '42501' && /append-only/.test(e.message), sql);

before(async () => {
  await testPool().query(`CREATE DATABASE ${database}`);
  pool = createPool(url, 4);
  // The schema as it was before 021, with reads in the old table: one this month, one some 40 days ago.
  const before021 = mkdtempSync(path.join(tmpdir(), 'chairtime-migrations-'));
  try {
    for (const f of readdirSync('src/migrations').filter((f) => f < '021')) copyFileSync(path.join('src/migrations', f), path.join(before021, f));
    await migrate(pool, before021);
  } finally {
    rmSync(before021, { recursive: true, force: true });
  }
  await insertRead(new Date().toISOString(), 'existing-now');
  await insertRead(new Date(Date.now() - 40 * 86_400_000).toISOString(), 'existing-40-days');
  await migrate(pool);
});

after(async () => {
  await pool?.end();
  await testPool().query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await closeTestApp();
});

describe('retention of the patient-read audit', () => {
  it('migration 021 keeps existing reads, in one partition up to this month\'s end, and makes the next two months', async () => {
    const existing = await whereAre('existing-now', 'existing-40-days');
    assert.deepEqual(existing, [`audit.${monthName(0)}`, `audit.${monthName(0)}`]);
    assert.deepEqual(await partitions(), [monthName(0), monthName(-1), monthName(-2)]);
  });

  it('refuses UPDATE, DELETE and TRUNCATE, on the table and on each partition', async () => {
    await refused("UPDATE audit.patient_reads SET method = 'POST'");
    await refused('DELETE FROM audit.patient_reads');
    await refused(`DELETE FROM audit.${monthName(0)}`);
    await refused('TRUNCATE audit.patient_reads');
    for (const p of await partitions()) await refused(`TRUNCATE audit.${p}`);
    assert.deepEqual(await whereAre('existing-now'), [`audit.${monthName(0)}`]);
  });

  it('records new reads, and makes the month\'s partition itself when none exists yet', async () => {
    const app = await buildApp({ db: pool, clock: () => FIXED_NOW });
    try {
      const { org, token } = await createOrganization(pool, { name: 'Retention Dental', adminName: 'Ada', adminEmail: 'ada@retention.test' });
      const c = new Client(app, org.id, token);
      const patient = (await c.post('/patients', { first_name: 'Ann', last_name: 'Smith' })).body.id;
      assert.equal((await c.get(`/patients/${patient}`)).status, 200);
      // This month's partition goes (with the reads from before 021 in it); the next read makes a new one.
      await pool.query(`ALTER TABLE audit.patient_reads DETACH PARTITION audit.${monthName(0)}`);
      await pool.query(`DROP TABLE audit.${monthName(0)}`);
      assert.equal((await c.get(`/patients/${patient}`)).status, 200);
      const reads = await pool.query('SELECT tableoid::regclass::text AS part FROM audit.patient_reads WHERE org_id = $1', [org.id]);
      assert.deepEqual(reads.rows.map((r) => r.part), [`audit.${monthName(0)}`]);
      assert.equal((await c.get(`/audit/patient-reads?patient_uuid=${patient}`)).body.total, 1);
      // A cursor page records its read in the statement that reads the page: that statement makes the month's
      // partition too when it is missing (and is run again).
      const location = (await c.post('/locations', { name: 'Main', timezone: 'America/New_York' })).body.id;
      assert.equal((await c.post('/appointments', { patient_uuid: patient, location_uuid: location })).status, 201);
      await pool.query(`ALTER TABLE audit.patient_reads DETACH PARTITION audit.${monthName(0)}`);
      await pool.query(`DROP TABLE audit.${monthName(0)}`);
      const page = await c.get('/appointments/cursor');
      assert.equal(page.status, 200);
      assert.equal(page.body.data.length, 1);
      const cursorReads = await pool.query('SELECT tableoid::regclass::text AS part, route FROM audit.patient_reads WHERE org_id = $1', [org.id]);
      assert.deepEqual(cursorReads.rows.map((r) => [r.part, r.route]), [[`audit.${monthName(0)}`, '/api/v1/{org_id}/appointments/cursor']]);
    } finally {
      await app.close();
    }
  });

  it('drops a month only when every read in it is past retention, and never a row on its own', async () => {
    // Months 7 years, 6 years and 5 years back: only the first is wholly older than 2190 days (six years).
    for (const [monthsAgo, id] of [[84, 'seven-years'], [72, 'six-years'], [60, 'five-years']] as const) {
      const name = monthName(monthsAgo);
      const at = `${name.slice(14, 18)}-${name.slice(19)}-01T00:00:00Z`;
      await pool.query('SELECT audit.ensure_patient_reads_partition($1)', [at]);
      await insertRead(at, id);
    }
    await insertRead(new Date().toISOString(), 'today');
    const result = await pruneReadAudit(pool, { retentionDays: auditRetentionDays({}) });
    assert.deepEqual(result, { ready: [monthName(0), monthName(-1), monthName(-2)], dropped: [monthName(84)] });
    assert.deepEqual(await whereAre('seven-years', 'six-years', 'five-years', 'today'),
      [null, `audit.${monthName(72)}`, `audit.${monthName(60)}`, `audit.${monthName(0)}`]);
    await refused(`DELETE FROM audit.${monthName(72)}`);
    assert.deepEqual((await pruneReadAudit(pool, { retentionDays: 0 })).dropped, [], '0 keeps every month');
  });

  it('drops a month an interrupted prune left detached, and chairtime prune reports what it did', async () => {
    await pool.query(`ALTER TABLE audit.patient_reads DETACH PARTITION audit.${monthName(72)}`);
    const env = { ...process.env, DATABASE_URL: url, WEBHOOK_RETENTION_DAYS: '0', AUDIT_RETENTION_DAYS: '1700' };
    const { stdout } = await run(process.execPath, ['bin/chairtime.js', 'prune', '--json'], { env });
    assert.deepEqual(JSON.parse(stdout), {
      webhook_events_deleted: 0, audit_partitions_dropped: [monthName(72), monthName(60)], audit_partitions_ready: [monthName(0), monthName(-1), monthName(-2)],
    });
    assert.deepEqual(await whereAre('six-years', 'five-years', 'today'), [null, null, `audit.${monthName(0)}`]);
    assert.equal((await pool.query(`SELECT to_regclass('audit.${monthName(72)}') AS t`)).rows[0].t, null);
  });

  it('AUDIT_RETENTION_DAYS is six years unless set; a value that is not whole days stops chairtime prune', async () => {
    assert.equal(auditRetentionDays({}), 2190);
    assert.equal(auditRetentionDays({ AUDIT_RETENTION_DAYS: '3650' }), 3650);
    assert.throws(() => auditRetentionDays({ AUDIT_RETENTION_DAYS: '6y' }), /whole number of days/);
    const env = { ...process.env, DATABASE_URL: url, AUDIT_RETENTION_DAYS: '-1' };
    await assert.rejects(run(process.execPath, ['bin/chairtime.js', 'prune'], { env }),
      (e: { code: number; stderr: string }) => e.code === 2 && /AUDIT_RETENTION_DAYS must be a whole number/.test(e.stderr));
  });
});
