// The minimal floor: hand-written SQL in bench/floors/*.sql, run by pgbench (its C client, prepared
// statements) at the same concurrency, so the reference is PostgreSQL's own speed for the same data and
// not chairtime's statements (a floor made of our own queries cannot show that they are slow).
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type pg from 'pg';
import type { Booking } from './booking.ts';
import { BENCH_DIR } from './config.ts';
import { summarize, type Measurement } from './stats.ts';

const run = promisify(execFile);

export interface MinimalPhase {
  databaseUrl: string;
  /** File name under bench/floors/. */
  script: string;
  clients: number;
  seconds: number;
  /** pgbench -D variables. */
  vars: Record<string, string | number>;
}

/** pgbench's connection options for a postgres:// URL. */
function connectionArgs(url: string): string[] {
  const u = new URL(url);
  const args = ['-h', u.hostname || '127.0.0.1', '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres')];
  return [...args, decodeURIComponent(u.pathname.slice(1))];
}

/** Latencies in ms from pgbench's per-transaction logs (`client tx latency_us script epoch us`, one file per thread). */
async function readLatencies(dir: string): Promise<number[]> {
  const out: number[] = [];
  for (const f of await readdir(dir)) {
    for (const line of (await readFile(path.join(dir, f), 'utf8')).split('\n')) {
      const fields = line.split(' ');
      if (fields.length >= 3) out.push(Number(fields[2]) / 1000);
    }
  }
  return out;
}

async function pgbench(p: MinimalPhase, seconds: number, logDir: string | null): Promise<{ stdout: string; failed: string | null }> {
  const args = ['-n', '-M', 'prepared', '-c', String(p.clients), '-j', String(Math.min(2, p.clients)), '-T', String(seconds),
    '-f', path.join(BENCH_DIR, 'floors', p.script),
    ...Object.entries(p.vars).flatMap(([k, v]) => ['-D', `${k}=${v}`]),
    ...(logDir ? ['-l', '--log-prefix', path.join(logDir, 'tx')] : []),
    ...connectionArgs(p.databaseUrl)];
  try {
    const { stdout, stderr } = await run('pgbench', args, { maxBuffer: 16 << 20 });
    return { stdout, failed: /aborted|error/i.test(stderr) ? stderr.trim().split('\n').slice(0, 3).join(' | ') : null };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    return { stdout: e.stdout ?? '', failed: (e.stderr || e.message).trim().split('\n').slice(0, 3).join(' | ') };
  }
}

/**
 * Runs `p.script` with pgbench: `warmup` seconds unmeasured (with `warmupVars` overriding `vars`, so a
 * write floor can warm up on rows the measured phase never uses), then `p.seconds` measured with every
 * transaction's latency logged. Throws when pgbench is missing or a client aborted.
 */
export async function measureMinimal(p: MinimalPhase, warmup = 2, warmupVars: Record<string, string | number> = {}): Promise<Measurement> {
  if (warmup > 0) {
    const w = await pgbench({ ...p, vars: { ...p.vars, ...warmupVars } }, warmup, null);
    if (w.failed) throw new Error(`pgbench (warm-up, ${p.script}): ${w.failed}`);
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'chairtime-pgbench-'));
  try {
    const { stdout, failed } = await pgbench(p, p.seconds, dir);
    if (failed) throw new Error(`pgbench (${p.script}): ${failed}`);
    const latencies = await readLatencies(dir);
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout);
    const m = summarize(latencies, p.seconds, { ok: latencies.length }, 0);
    // pgbench's own rate excludes connection set-up, which the latencies do not include either.
    return tps ? { ...m, rps: Math.round(Number(tps[1]) * 100) / 100 } : m;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A range of local dates and its instants, as the calendar floor reads it (bench_floor_ranges). */
export interface FloorRange {
  firstDate: string;
  lastDate: string;
  startAt: string;
  endAt: string;
}

/** Replaces bench_floor_ranges with `ranges`, numbered from 1 (the calendar floor picks one at random per transaction). */
export async function fillFloorRanges(db: pg.Pool, ranges: FloorRange[]): Promise<void> {
  await db.query(`DROP TABLE IF EXISTS bench_floor_ranges;
    CREATE TABLE bench_floor_ranges (i int PRIMARY KEY, first_date date, last_date date, start_at timestamptz, end_at timestamptz)`);
  await db.query(`INSERT INTO bench_floor_ranges
    SELECT i, f, l, s, e FROM unnest($1::date[], $2::date[], $3::timestamptz[], $4::timestamptz[]) WITH ORDINALITY AS r(f, l, s, e, i)`,
  [ranges.map((r) => r.firstDate), ranges.map((r) => r.lastDate), ranges.map((r) => r.startAt), ranges.map((r) => r.endAt)]);
  await db.query('ANALYZE bench_floor_ranges');
}

/** Replaces bench_floor_slots with `slots`, numbered from 1 in order (the booking floor's clients walk them). */
export async function fillFloorSlots(db: pg.Pool, slots: Booking[]): Promise<void> {
  await db.query(`DROP TABLE IF EXISTS bench_floor_slots;
    CREATE TABLE bench_floor_slots (i int PRIMARY KEY, loc uuid, op uuid, prov uuid, patient uuid, schedule_date date,
      start_time time, end_time time, start_at timestamptz, end_at timestamptz)`);
  await db.query(`INSERT INTO bench_floor_slots
    SELECT i, loc, op, prov, patient, d, st, et, s, e
      FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::date[], $6::time[], $7::time[], $8::timestamptz[], $9::timestamptz[])
           WITH ORDINALITY AS r(loc, op, prov, patient, d, st, et, s, e, i)`,
  [slots.map((s) => s.location.id), slots.map((s) => s.operatoryId), slots.map((s) => s.providerId), slots.map((s) => s.patientId),
    slots.map((s) => s.date), slots.map((s) => s.startTime), slots.map((s) => s.endTime),
    slots.map((s) => new Date(s.start)), slots.map((s) => new Date(s.end))]);
  await db.query('ANALYZE bench_floor_slots');
}
