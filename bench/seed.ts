// npm run bench:seed — (re)creates the chairtime_bench database and fills it with a large practice:
// 30 locations × 10 operatories, 60 providers with weekly templates and vacations, lunch blockouts,
// 5,000 patients and about 1,000,000 appointments over three years, all with set-based SQL.
import pg from 'pg';
import { createPool } from '../src/core/db/client.ts';
import { migrate } from '../src/core/db/migrate.ts';
import { addDays } from '../src/core/time.ts';
import { createOrganization } from '../src/practice/commands/create-organization.ts';
import { BENCH_DATABASE, benchDatabaseUrl, serverUrl, writeSeedInfo, SEED_FILE } from './config.ts';
import {
  appointmentProvidersStatement, appointmentsStatement, AVAILABILITY_APPOINTMENTS, AVAILABILITY_DAYS, availabilityClinicStatements,
  CELL_HOURS, LOCATIONS, mapStatements, OPERATORIES_PER_LOCATION, practiceStatements, type SeedContext, type Statement,
} from './seed-sql.ts';

const TARGET_APPOINTMENTS = 1_000_000;
const started = performance.now();
let last = started;

function step(name: string): void {
  const now = performance.now();
  console.log(`${name.padEnd(56)} ${((now - last) / 1000).toFixed(1).padStart(6)} s`);
  last = now;
}

async function recreateDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${BENCH_DATABASE}`);
  } finally {
    await admin.end();
  }
}

function weekdaysBetween(from: string, to: string): number {
  let n = 0;
  for (let d = from; d <= to; d = addDays(d, 1)) if (new Date(`${d}T00:00:00Z`).getUTCDay() % 6 !== 0) n++;
  return n;
}

interface IndexDef {
  table: string;
  name: string;
  /** True for an index behind a constraint (unique, exclusion): dropped and re-added as the constraint. */
  constraint: boolean;
  def: string;
}

/**
 * The secondary indexes and constraints of `tables` (not primary keys, which foreign keys need),
 * as the catalog states them, so they are rebuilt exactly as the migrations made them.
 */
async function secondaryIndexes(db: pg.ClientBase, tables: string[]): Promise<IndexDef[]> {
  const { rows } = await db.query<IndexDef>(`
    SELECT i.indrelid::regclass::text AS table, coalesce(c.conname, i.indexrelid::regclass::text) AS name,
           c.oid IS NOT NULL AS constraint, coalesce(pg_get_constraintdef(c.oid), pg_get_indexdef(i.indexrelid)) AS def
      FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.contype IN ('u', 'x')
     WHERE i.indrelid = ANY($1::regclass[]) AND NOT i.indisprimary`, [tables]);
  return rows;
}

/** Rebuilds `indexes` two at a time (the machine has two cores; GiST builds are single-threaded). */
async function rebuild(pool: pg.Pool, indexes: IndexDef[]): Promise<void> {
  const queue = [...indexes].sort((a, b) => Number(b.def.includes('gist')) - Number(a.def.includes('gist')));
  const worker = async () => {
    const client = await pool.connect();
    try {
      await client.query("SET maintenance_work_mem = '1GB'");
      for (let ix = queue.shift(); ix; ix = queue.shift()) {
        await client.query(ix.constraint ? `ALTER TABLE ${ix.table} ADD CONSTRAINT ${ix.name} ${ix.def}` : ix.def);
      }
    } finally {
      client.release();
    }
  };
  await Promise.all([worker(), worker()]);
}

async function run(db: pg.ClientBase, statements: Statement[]): Promise<void> {
  for (const s of statements) await db.query(s.text, s.values);
}

await recreateDatabase();
const pool = createPool(benchDatabaseUrl(), 3, { statementTimeoutMs: 0 });
try {
  await migrate(pool);
  step(`database ${BENCH_DATABASE} created and migrated`);
  const { org, token } = await createOrganization(pool, { name: 'Bench Dental Group', adminName: 'Bench Admin', adminEmail: 'admin@bench.example' });
  const today = new Date().toISOString().slice(0, 10);
  const firstDate = addDays(today, -730);
  const lastDate = addDays(today, 365);
  const cells = LOCATIONS * OPERATORIES_PER_LOCATION * weekdaysBetween(firstDate, lastDate) * CELL_HOURS.length;
  // The availability clinic: ten chairs, 16 half-hour cells a weekday, over the next 90 days.
  const availabilityCells = 10 * 16 * weekdaysBetween(today, addDays(today, AVAILABILITY_DAYS - 1));
  const ctx: SeedContext = {
    orgId: org.id, firstDate, lastDate, today, fill: Math.min(1000, Math.ceil((TARGET_APPOINTMENTS / cells) * 1000)),
    availabilityFill: Math.min(1000, Math.ceil((AVAILABILITY_APPOINTMENTS / availabilityCells) * 1000)),
  };

  const db = await pool.connect();
  try {
    await db.query("SET synchronous_commit = off; SET work_mem = '256MB'");
    await run(db, mapStatements(ctx));
    await run(db, practiceStatements(ctx));
    step('organisation, locations, providers, schedules, blockouts');
    const indexes = await secondaryIndexes(db, ['appointments', 'appointment_providers']);
    for (const ix of indexes) {
      await db.query(ix.constraint ? `ALTER TABLE ${ix.table} DROP CONSTRAINT ${ix.name}` : `DROP INDEX ${ix.name}`);
    }
    // Every reference is made by joining rows inserted above, so the per-row foreign-key triggers
    // (which dominate a bulk insert) are skipped for the two big tables. Needs a superuser.
    await db.query('SET session_replication_role = replica');
    const { rowCount } = await db.query(appointmentsStatement(ctx).text, appointmentsStatement(ctx).values);
    step(`${rowCount} appointments`);
    await run(db, [appointmentProvidersStatement(ctx)]);
    step('appointment_providers');
    await run(db, availabilityClinicStatements(ctx));
    await db.query('RESET session_replication_role');
    step('availability clinic: 20 providers, ~10,000 appointments over 90 days');
    await rebuild(pool, indexes);
    step(`${indexes.length} indexes and constraints rebuilt`);
    await db.query('VACUUM ANALYZE');
    step('VACUUM ANALYZE');
    await writeSeedInfo({ orgId: org.id, token, firstDate, lastDate, appointments: rowCount ?? 0, seededAt: new Date().toISOString() });
  } finally {
    db.release();
  }
  console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s; organisation and token in ${SEED_FILE}`);
} finally {
  await pool.end();
}
