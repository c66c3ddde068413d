import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));
// Any constant: serialises concurrent migrators (two app instances starting at once).
const MIGRATION_LOCK = 7_302_041;

/** First line of a migration that must run outside a transaction (CREATE INDEX CONCURRENTLY on a big table). */
export const NO_TRANSACTION = '-- chairtime:no-transaction';

/**
 * The statements of a no-transaction migration, one per entry: the text split after each line that ends
 * with `;` (so such a migration holds no function bodies), comments and blank pieces dropped.
 */
export function splitStatements(sql: string): string[] {
  return sql.split(/;[ \t]*(?:--[^\n]*)?\n/).map((s) => s.replace(/^\s*--[^\n]*$/gm, '').trim().replace(/;$/, '')).filter(Boolean);
}

/**
 * Applies, in name order, every `migrations/NNN_name.sql` not yet recorded in `schema_migrations`,
 * each in its own transaction — or, when its first line is NO_TRANSACTION, statement by statement in
 * autocommit, recorded only after the last one succeeded (write such statements to be rerunnable:
 * IF NOT EXISTS). Migrations run without a statement timeout. Forward-only; returns the names applied.
 */
export async function migrate(pool: pg.Pool, dir = MIGRATIONS_DIR): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('SET statement_timeout = 0');
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ name: string }>('SELECT name FROM schema_migrations');
    const done = new Set(rows.map((r) => r.name));
    const files = (await readdir(dir)).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort();
    const applied: string[] = [];
    for (const file of files) {
      if (done.has(file)) continue;
      const sql = await readFile(path.join(dir, file), 'utf8');
      if (sql.startsWith(NO_TRANSACTION)) {
        try {
          for (const statement of splitStatements(sql)) await client.query(statement);
        } catch (err) {
          throw new Error(`migration ${file} failed: ${(err as Error).message}`, { cause: err });
        }
        await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
        applied.push(file);
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${file} failed: ${(err as Error).message}`, { cause: err });
      }
      applied.push(file);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await client.query('RESET statement_timeout').catch(() => undefined);
    client.release();
  }
}
