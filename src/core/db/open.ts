import type pg from 'pg';
import { createPool } from './client.ts';
import { startEmbeddedPostgres } from './embedded.ts';
import { migrate } from './migrate.ts';

export interface Database {
  pool: pg.Pool;
  /** True when this process started (and will stop) an embedded server. */
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * Connects to DATABASE_URL, or without it starts the embedded PostgreSQL with data in
 * CHAIRTIME_DATA (default ./data), statements limited to STATEMENT_TIMEOUT_MS (default 30 s, 0 none);
 * then applies pending migrations. `close` ends the pool and stops
 * an embedded server.
 */
export async function openDatabase(env: NodeJS.ProcessEnv, log: (msg: string) => void): Promise<Database> {
  const server = env.DATABASE_URL ? undefined : await startEmbeddedPostgres(dataDir(env), log);
  const pool = createPool(env.DATABASE_URL ?? server!.url, Number(env.DATABASE_POOL_SIZE ?? 10), {
    statementTimeoutMs: Number(env.STATEMENT_TIMEOUT_MS ?? 30_000),
    onError: (err) => log(`database connection error (the pool replaces the connection): ${err.message}`),
  });
  try {
    const applied = await migrate(pool);
    if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
  } catch (err) {
    await pool.end();
    await server?.stop();
    throw err;
  }
  return {
    pool,
    embedded: !!server,
    async close() {
      await pool.end();
      await server?.stop();
    },
  };
}

/** Where chairtime keeps local files (embedded cluster, demo credentials). */
export function dataDir(env: NodeJS.ProcessEnv): string {
  return env.CHAIRTIME_DATA ?? 'data';
}
