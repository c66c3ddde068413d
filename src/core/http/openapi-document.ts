import pg from 'pg';
import { buildApp } from './app.ts';

/**
 * The OpenAPI document as the running server publishes it at /openapi.json (admin API included).
 * Builds the app on a pool that never connects: generating the document needs no database.
 */
export async function openApiDocument(): Promise<unknown> {
  const pool = new pg.Pool({ max: 1 });
  const app = await buildApp({ db: pool, clock: () => new Date(0), adminToken: 'document-only' });
  try {
    return app.swagger();
  } finally {
    await app.close();
    await pool.end();
  }
}
