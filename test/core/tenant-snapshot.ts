// What an organisation has in the database, for tests that prove a failed request wrote nothing.
import { testPool } from '../helpers.ts';

let tables: Promise<string[]> | undefined;

/** Every public table with an org_id column (the tenant tables), by name. */
function tenantTables(): Promise<string[]> {
  tables ??= testPool().query<{ table_name: string }>(`
    SELECT table_name FROM information_schema.columns
     WHERE table_schema = 'public' AND column_name = 'org_id' ORDER BY table_name`).then((r) => r.rows.map((t) => t.table_name));
  return tables;
}

/**
 * One md5 per tenant table over every row of `orgId`, in a single query: cheap enough to take around each
 * of thousands of requests. Equal fingerprints mean equal rows, timestamps and versions included.
 */
export async function tenantFingerprint(orgId: string): Promise<Record<string, string>> {
  const sql = (await tenantTables()).map((t) =>
    `SELECT '${t}' AS t, md5(coalesce(string_agg(r::text, ',' ORDER BY r::text), '')) AS h FROM ${t} r WHERE r.org_id = $1`).join(' UNION ALL ');
  const { rows } = await testPool().query<{ t: string; h: string }>(sql, [orgId]);
  return Object.fromEntries(rows.map((r) => [r.t, r.h]));
}

/** The tables whose fingerprints differ between `a` and `b`. */
export function changedTables(a: Record<string, string>, b: Record<string, string>): string[] {
  return Object.keys({ ...a, ...b }).filter((t) => a[t] !== b[t]);
}
