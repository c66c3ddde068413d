import type { Db } from './client.ts';
import { one } from './client.ts';

// Windows are whole minutes of the database clock, the one clock every API instance shares.

/** A client's failures in the current one-minute window and the whole seconds (≥ 1) until that window ends. */
export interface AuthFailureWindow {
  failures: number;
  seconds_left: number;
}

/** The one-row query of the current window of the client key in parameter `param` (e.g. '$1'). */
export function failureWindowSql(param: string): string {
  return `
    SELECT coalesce((SELECT failures FROM auth_failures
                      WHERE client_key = ${param} AND window_start = date_trunc('minute', now())), 0) AS failures,
           greatest(1, ceil(extract(epoch FROM date_trunc('minute', now()) + interval '1 minute' - now())))::int AS seconds_left`;
}

const WINDOW = { name: 'auth-failure-window', text: failureWindowSql('$1') };

/** Reads how often `clientKey` failed to authenticate in the current minute (0 when never). */
export async function countAuthFailures(db: Db, clientKey: string): Promise<AuthFailureWindow> {
  return (await one<AuthFailureWindow>(db, WINDOW, [clientKey]))!;
}

/**
 * Counts one failed authentication of `clientKey` in the current minute with a single UPSERT and returns
 * the window's new total. With `sweep`, first deletes windows older than an hour (callers pass it on a
 * small random share of failures, so the table stays small without a scheduled job).
 */
export async function recordAuthFailure(db: Db, clientKey: string, sweep: boolean): Promise<number> {
  if (sweep) await db.query(`DELETE FROM auth_failures WHERE window_start < now() - interval '1 hour'`);
  const row = await one<{ failures: number }>(db, `
    INSERT INTO auth_failures (client_key, window_start, failures) VALUES ($1, date_trunc('minute', now()), 1)
    ON CONFLICT (client_key, window_start) DO UPDATE SET failures = auth_failures.failures + 1
    RETURNING failures`, [clientKey]);
  return row!.failures;
}
