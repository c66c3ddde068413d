import { AsyncLocalStorage } from 'node:async_hooks';
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
 * connections per process. Its `query` joins the calling request's transaction when there is one
 * (beginRequestTransaction).
 */
export function createPool(connectionString: string, max = 10, { statementTimeoutMs = 30_000, onError }: PoolOptions = {}): pg.Pool {
  const pool = new RequestPool({ connectionString, max, options: `-c TimeZone=UTC -c jit=off -c statement_timeout=${statementTimeoutMs}` });
  // An idle client that errors (server restart) must not crash the process; the pool drops it, and the next query reconnects.
  pool.on('error', (err) => onError?.(err));
  return pool;
}

/**
 * A transaction a whole request runs in (a POST bearing an Idempotency-Key): while `client` is set, every
 * statement the request sends through `pool` — `withTransaction`, `inSnapshot`, `runAll`, `one`, `many` or
 * `pool.query` — runs on that client, inside it.
 */
export interface RequestTransaction {
  readonly pool: pg.Pool;
  /** null once the transaction has ended: whatever the request still sends goes to the pool again. */
  client: pg.PoolClient | null;
  /** The last statement sent through `pool.query`: they run one after another (pg refuses to interleave). */
  queue: Promise<unknown>;
}

const requestTransactions = new AsyncLocalStorage<RequestTransaction>();
// Open request transactions. At none the storage is disabled: a request without a key then pays one boolean
// test per statement, and no promise carries a store (Node 20 propagates stores with an async hook).
let openRequestTransactions = 0;

/** The pool's `query` joins the calling request's transaction, if it has one on this pool. */
class RequestPool extends pg.Pool {
  // Every overload of pg's (promise or callback, typed rows) passes through unchanged.
  override query(...args: any[]): any {
    const rt = requestTransactions.getStore();
    if (!rt?.client || rt.pool !== this) return (super.query as (...a: unknown[]) => unknown)(...args);
    const client = rt.client;
    const run = () => (client.query as (...a: unknown[]) => Promise<unknown>)(...args);
    const result = rt.queue.then(run, run);
    rt.queue = result.catch(() => undefined);
    return result;
  }
}

/**
 * `db`, or the client of the calling request's transaction when `db` is the pool that transaction came from: what a
 * statement sent to `db` runs on. Ask it, not `db instanceof pg.Pool`, whether a statement will be in a transaction.
 */
export function ambient(db: Db): Db {
  if (!(db instanceof pg.Pool)) return db;
  const rt = requestTransactions.getStore();
  return rt?.client && rt.pool === db ? rt.client : db;
}

/** What to do once a transaction commits, kept by its client from BEGIN to its end, with the pool it came from. */
interface CommitHooks {
  pool: pg.Pool;
  hooks: ((pool: pg.Pool) => void)[];
}
const commitHooks = new WeakMap<pg.PoolClient, CommitHooks>();

/**
 * Runs `hook` (given the pool the transaction's client came from) once the transaction `db` is in has committed,
 * and never when it rolls back (nor when the savepoint it was registered in rolls back); at once when `db` is in
 * no transaction. For what must not hold the transaction open or run in it: a NOTIFY sent inside a transaction
 * takes a database-wide lock from its commit's start until the commit's WAL is flushed, so every committing
 * writer that notifies waits for the previous one's flush. A hook must not throw; what it starts is its own.
 */
export function afterCommit(db: Db, hook: (pool: pg.Pool) => void): void {
  const on = ambient(db);
  if (on instanceof pg.Pool) {
    hook(on);
    return;
  }
  const open = commitHooks.get(on);
  if (!open) throw new Error('afterCommit: the client is in no transaction begun by withTransaction or beginRequestTransaction');
  open.hooks.push(hook);
}

/** Starts keeping `client`'s commit hooks (at its BEGIN). */
function openHooks(client: pg.PoolClient, pool: pg.Pool): void {
  commitHooks.set(client, { pool, hooks: [] });
}

/** Stops keeping `client`'s commit hooks and, when its transaction committed, runs them. */
function closeHooks(client: pg.PoolClient, committed: boolean): void {
  const open = commitHooks.get(client);
  commitHooks.delete(client);
  if (committed && open) for (const hook of open.hooks) hook(open.pool);
}

/**
 * Takes a client of `pool` (made by createPool) and BEGINs on it: the request transaction, which the code run by
 * runInRequestTransaction joins. End it with endRequestTransaction, whatever happens.
 */
export async function beginRequestTransaction(pool: pg.Pool): Promise<RequestTransaction> {
  // A plain pg.Pool's query() would run beside the transaction, not in it: a read-back would miss the write.
  if (!(pool instanceof RequestPool)) throw new Error('A request transaction needs a pool made by createPool');
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
  } catch (err) {
    client.release(err as Error);
    throw err;
  }
  openRequestTransactions++;
  openHooks(client, pool);
  return { pool, client, queue: Promise.resolve() };
}

/** Runs `fn` (and every asynchronous continuation it starts) inside the request transaction `rt`. */
export function runInRequestTransaction<T>(rt: RequestTransaction, fn: () => T): T {
  return requestTransactions.run(rt, fn);
}

/**
 * Whether a statement failed in the request transaction (after those still queued have run), which can then only
 * roll back: a failed statement outside a savepoint aborts the whole transaction.
 */
export async function requestTransactionFailed(rt: RequestTransaction): Promise<boolean> {
  await rt.queue;
  if (!rt.client) return false;
  // pg rejects a statement on the server's ErrorResponse, before the ReadyForQuery that carries the transaction's
  // status: under load the status read right after a failure can still say 'T'. An empty statement (accepted in an
  // aborted transaction too) is answered after that ReadyForQuery, with its own.
  await rt.client.query('');
  return rt.client.getTransactionStatus() === 'E';
}

/**
 * COMMITs or ROLLBACKs the request transaction and gives its client back (destroyed when it may still be in the
 * transaction). Rejects when the statement failed, after rolling back: nothing of it committed. Ending an ended
 * one does nothing.
 */
export async function endRequestTransaction(rt: RequestTransaction, end: 'COMMIT' | 'ROLLBACK'): Promise<void> {
  const client = rt.client;
  if (!client) return;
  rt.client = null;
  let broken: Error | undefined;
  let committed = false;
  try {
    await rt.queue;
    // COMMIT of a transaction a statement failed in answers ROLLBACK, not an error.
    committed = (await client.query(end)).command === 'COMMIT';
  } catch (err) {
    broken = await rollBack(client);
    throw err;
  } finally {
    closeHooks(client, committed);
    client.release(broken);
    if (--openRequestTransactions === 0) requestTransactions.disable();
  }
}

let savepoints = 0;

/**
 * Runs `fn` inside one transaction on a dedicated client: COMMIT when it resolves, ROLLBACK when it
 * throws (and rethrows), so a failed request writes nothing. Given a client that is already inside a
 * transaction, or the pool during a request transaction, runs `fn` in a savepoint of it instead, so commands
 * compose into larger transactions and one that throws undoes only its own writes.
 */
export async function withTransaction<T>(db: Db, fn: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  const on = ambient(db);
  if (!(on instanceof pg.Pool)) return inSavepoint(on, fn);
  return onOneConnection(on, 'BEGIN', fn);
}

/**
 * Runs `fn` on one connection in a read-only REPEATABLE READ transaction, so the statements of a read that
 * assembles one answer from several (a calendar week, a month summary) all see the same snapshot. Given a
 * client (already in a transaction), or the pool during a request transaction, runs `fn` on that client: it
 * sees the transaction's own writes, each statement with its own snapshot.
 */
export async function inSnapshot<T>(db: Db, fn: (tx: Db) => Promise<T>, { genericPlans = false } = {}): Promise<T> {
  const on = ambient(db);
  if (!(on instanceof pg.Pool)) return fn(on);
  // With genericPlans, in the same round trip as BEGIN: every named statement of the read runs its cached generic
  // plan (for reads whose statements PostgreSQL would otherwise plan anew on every call; see the caller).
  const begin = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';
  return onOneConnection(on, genericPlans ? `${begin}; SET LOCAL plan_cache_mode = force_generic_plan` : begin, fn);
}

/** `begin`, `fn`, COMMIT on a dedicated client; ROLLBACK when `fn` throws (and rethrows). */
async function onOneConnection<T>(pool: pg.Pool, begin: string, fn: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A client whose ROLLBACK failed may still be inside the transaction (or its connection is gone):
  // it is destroyed, never handed to the next request.
  let broken: Error | undefined;
  let committed = false;
  try {
    await client.query(begin);
    openHooks(client, pool);
    const result = await fn(client);
    committed = (await client.query('COMMIT')).command === 'COMMIT';
    return result;
  } catch (err) {
    broken = await rollBack(client);
    throw err;
  } finally {
    closeHooks(client, committed);
    client.release(broken);
  }
}

/** ROLLBACK on `client`; the error when that failed: the client may still be in the transaction, so release destroys it. */
async function rollBack(client: pg.PoolClient): Promise<Error | undefined> {
  try {
    await client.query('ROLLBACK');
    return undefined;
  } catch (err) {
    return err as Error;
  }
}

async function inSavepoint<T>(tx: pg.PoolClient, fn: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  const name = `nested_${++savepoints}`;
  await tx.query(`SAVEPOINT ${name}`);
  const hooks = commitHooks.get(tx)?.hooks;
  const kept = hooks?.length ?? 0;
  try {
    const result = await fn(tx);
    await tx.query(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (err) {
    await tx.query(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => undefined);
    if (hooks) hooks.length = kept;
    throw err;
  }
}

/**
 * SQL text, or a named statement: PostgreSQL parses and plans a named one once per connection and
 * keeps the plan, for the statements on hot paths (auth, calendar, lists, booking) whose planning would
 * otherwise cost as much as running them. A name must stand for one text only.
 */
export type Statement = string | { name: string; text: string };

// Texts of statements built from a request's options, by the name each is prepared under.
const shapes = new Map<string, string>();
const SHAPE_LIMIT = 64;

/**
 * A statement whose text is built from a request's options (which filters are given, the sort), named by its text
 * so that each connection parses and plans it once, like the fixed hot statements. At most SHAPE_LIMIT texts per
 * process are named, so a client trying every combination cannot fill each connection with prepared plans; the
 * texts after that run unnamed (planned on every call, as before).
 */
export function byShape(prefix: string, text: string): Statement {
  let name = shapes.get(text);
  if (name === undefined) {
    if (shapes.size >= SHAPE_LIMIT) return text;
    name = `${prefix}-${shapes.size + 1}`;
    shapes.set(text, name);
  }
  return { name, text };
}

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
 * transaction's client, the request transaction's included (a connection runs one query at a time).
 */
export async function runAll<T extends readonly unknown[]>(db: Db, ...reads: { [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
  if (ambient(db) instanceof pg.Pool) return (await Promise.all(reads.map((r) => r()))) as unknown as T;
  const out: unknown[] = [];
  for (const r of reads) out.push(await r());
  return out as unknown as T;
}
