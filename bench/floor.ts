// The floor: the SQL an endpoint needs, sent straight to PostgreSQL by a bare pg pool with the same
// concurrency as the HTTP load, one connection per worker, no HTTP, validation or serialisation.
import type pg from 'pg';
import { createPool } from '../src/core/db/client.ts';
import { summarize, tally, type Measurement } from './stats.ts';

/** One request's worth of SQL on a worker's connection; returns the outcome (the status the endpoint would answer). */
export type FloorOp = (client: pg.PoolClient) => Promise<string>;

async function drive(clients: pg.PoolClient[], seconds: number, op: FloorOp): Promise<Measurement> {
  const latencies: number[] = [];
  const outcomes: Record<string, number> = {};
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(clients.map(async (client) => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        tally(outcomes, await op(client));
        latencies.push(performance.now() - t0);
      } catch (err) {
        errors++;
        await client.query('ROLLBACK').catch(() => undefined);
        if (errors === 1) console.error('floor error:', (err as Error).message);
      }
    }
  }));
  return summarize(latencies, (performance.now() - started) / 1000, outcomes, errors);
}

/** Runs `op` in a loop on `workers` connections: `warmup` seconds unmeasured, then `seconds` measured. */
export async function measureFloor(databaseUrl: string, workers: number, seconds: number, op: FloorOp, warmup = 2): Promise<Measurement> {
  const pool = createPool(databaseUrl, workers);
  const clients = await Promise.all(Array.from({ length: workers }, () => pool.connect()));
  try {
    // At most two warm-up workers, as for the HTTP load (http-load.ts).
    if (warmup > 0) await drive(clients.slice(0, 2), warmup, op);
    return await drive(clients, seconds, op);
  } finally {
    for (const c of clients) c.release();
    await pool.end();
  }
}
