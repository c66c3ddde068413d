import pg from 'pg';

/** Anything that runs SQL: the pool, or a client inside a transaction. Every db/* function takes one. */
export type Db = pg.Pool | pg.PoolClient;

// timestamptz as a UTC session writes it: '2026-03-11 14:00:00+00', '… 14:00:00.123456+00'.
const UTC_TIMESTAMP = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d+))?\+00$/;

/**
 * RFC 3339 UTC text with milliseconds (what Date#toISOString writes) of a timestamptz value: rewritten
 * as text on the common shape, through Date otherwise (a calendar row carries five of them).
 */
export function parseTimestamptz(v: string): string {
  const m = UTC_TIMESTAMP.exec(v);
  if (!m) return new Date(v).toISOString();
  return `${m[1]}T${m[2]}.${(m[3] ?? '').padEnd(3, '0').slice(0, 3)}Z`;
}

// date stays 'YYYY-MM-DD' (never a JS Date in the process's zone); timestamptz becomes RFC 3339 UTC.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, parseTimestamptz);
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface PoolOptions {
  /** Longest a statement may run before PostgreSQL cancels it (57014 → 503); 0: no limit. Default 30 s. */
  statementTimeoutMs?: number;
  /** Told about errors of idle clients (a server restart, a dropped connection); the pool replaces them. */
  onError?: (err: Error) => void;
}

/**
 * Opens a connection pool whose sessions run with TimeZone=UTC, so no instant is ever interpreted in
 * the server's zone, and without JIT compilation: every statement here reads a few dozen rows, and a
 * range-overlap estimate off by a few hundred times (the planner cannot see how short a booking
 * window is) pushed the conflict read over jit_above_cost, spending 13 ms compiling a 0.2 ms query.
 * A statement timeout keeps one bad query from holding a connection for ever. `max` bounds concurrent
 * connections per process.
 */
export function createPool(connectionString: string, max = 10, { statementTimeoutMs = 30_000, onError }: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, options: `-c TimeZone=UTC -c jit=off -c statement_timeout=${statementTimeoutMs}` });
  // An idle client that errors (server restart) must not crash the process; the pool drops it, and the next query reconnects.
  pool.on('error', (err) => onError?.(err));
  return pool;
}

let savepoints = 0;

/**
 * Runs `fn` inside one transaction on a dedicated client: COMMIT when it resolves, ROLLBACK when it
 * throws (and rethrows), so a failed request writes nothing. Given a client that is already inside a
 * transaction, runs `fn` in a savepoint of it instead, so commands compose into larger transactions.
 */
export async function withTransaction<T>(db: Db, fn: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  if (!(db instanceof pg.Pool)) return inSavepoint(db, fn);
  return onOneConnection(db, 'BEGIN', fn);
}

/**
 * Runs `fn` on one connection in a read-only REPEATABLE READ transaction, so the statements of a read that
 * assembles one answer from several (a calendar week, a month summary) all see the same snapshot. Given a
 * client (already in a transaction), runs `fn` on it.
 */
export async function inSnapshot<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  if (!(db instanceof pg.Pool)) return fn(db);
  return onOneConnection(db, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', fn);
}

/** `begin`, `fn`, COMMIT on a dedicated client; ROLLBACK when `fn` throws (and rethrows). */
async function onOneConnection<T>(pool: pg.Pool, begin: string, fn: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A client whose ROLLBACK failed may still be inside the transaction (or its connection is gone):
  // it is destroyed, never handed to the next request.
  let broken: Error | undefined;
  try {
    await client.query(begin);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((rollbackErr: Error) => {
      broken = rollbackErr;
    });
    throw err;
  } finally {
    client.release(broken);
  }
}

async function inSavepoint<T>(tx: pg.PoolClient, fn: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  const name = `nested_${++savepoints}`;
  await tx.query(`SAVEPOINT ${name}`);
  try {
    const result = await fn(tx);
    await tx.query(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (err) {
    await tx.query(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => undefined);
    throw err;
  }
}

/**
 * SQL text, or a named statement: PostgreSQL parses and plans a named one once per connection and
 * keeps the plan, for the statements on hot paths (auth, calendar, lists, booking) whose planning would
 * otherwise cost as much as running them. A name must stand for one text only.
 */
export type Statement = string | { name: string; text: string };

function config(sql: Statement, values: unknown[]): pg.QueryConfig {
  return typeof sql === 'string' ? { text: sql, values } : { name: sql.name, text: sql.text, values };
}

/** Runs one query and returns its first row, or undefined. */
export async function one<T extends pg.QueryResultRow>(db: Db, sql: Statement, params: unknown[] = []): Promise<T | undefined> {
  const { rows } = await db.query<T>(config(sql, params));
  return rows[0];
}

/** Runs one query and returns all rows. */
export async function many<T extends pg.QueryResultRow>(db: Db, sql: Statement, params: unknown[] = []): Promise<T[]> {
  const { rows } = await db.query<T>(config(sql, params));
  return rows;
}

/**
 * Runs independent reads: in parallel on the pool (one connection each), one after another on a
 * transaction's client (a connection runs one query at a time).
 */
export async function runAll<T extends readonly unknown[]>(db: Db, ...reads: { [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
  if (db instanceof pg.Pool) return (await Promise.all(reads.map((r) => r()))) as unknown as T;
  const out: unknown[] = [];
  for (const r of reads) out.push(await r());
  return out as unknown as T;
}
