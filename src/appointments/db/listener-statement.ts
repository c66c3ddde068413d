import { byShape, one, type Db } from '../../core/db/client.ts';

/**
 * A listener's SQL for one appointment change, run in ONE statement with the other listeners' parts: common table
 * expressions (`with`, each a name and its query) and `result`, an SQL expression over them whose value the
 * listener's `then` receives. The SQL may use $1 (the organisation), $2 (the appointment) and, from $3 on, the
 * part's own `values`. All parts see the database as it was before the statement: a part writes only its own
 * area's tables and reads nothing another part writes. CTE names must differ between parts (prefix them with
 * the area); every data-modifying CTE runs exactly once, whether `result` reads it or not.
 */
export interface ListenerPart {
  with: readonly (readonly [name: string, sql: string])[];
  result: string;
  values?: readonly unknown[];
  /**
   * Runs after the statement, in the transaction, with the value of `result` (null when it was NULL). Resolves true
   * when it wrote the appointment's own row: what another part read of that row in the statement is then stale.
   */
  then?: (tx: Db, result: unknown) => Promise<boolean | void>;
}

const OWN_PARAM = /\$(\d+)/g;

/** The part's SQL with its own parameters ($3 on) moved to start at `first`. */
function renumber(sql: string, first: number): string {
  if (sql.includes('$$')) throw new Error('a listener part cannot use dollar quoting');
  return sql.replace(OWN_PARAM, (_, n: string) => (Number(n) <= 2 ? `$${n}` : `$${Number(n) - 3 + first}`));
}

/** The one statement running `parts` for appointment `appointmentId` of `orgId`: its text and values. */
export function listenerStatement(orgId: string, appointmentId: string, parts: readonly ListenerPart[]): { text: string; values: unknown[] } {
  const values: unknown[] = [orgId, appointmentId];
  const names = new Set<string>();
  const ctes: string[] = [];
  const results: string[] = [];
  parts.forEach((part, i) => {
    const first = values.length + 1;
    for (const [name, sql] of part.with) {
      if (names.has(name)) throw new Error(`two listener parts name a CTE ${name}`);
      names.add(name);
      ctes.push(`${name} AS (${renumber(sql, first)})`);
    }
    results.push(`${renumber(part.result, first)} AS p${i}`);
    values.push(...(part.values ?? []));
  });
  // The one-row FROM names $1 and $2 with their types, so a statement whose parts happen not to use them still takes them.
  return { text: `${ctes.length ? `WITH ${ctes.join(',\n')}\n` : ''}SELECT ${results.join(', ')} FROM (VALUES ($1::uuid, $2::uuid)) AS change`, values };
}

/**
 * Runs `parts` in one statement on `tx` (prepared once per shape: the parts present for an action) and then
 * each part's `then`, in order, with its result. Resolves true when a `then` wrote the appointment's row.
 */
export async function runListenerParts(tx: Db, orgId: string, appointmentId: string, parts: readonly ListenerPart[]): Promise<boolean> {
  if (!parts.length) return false;
  const { text, values } = listenerStatement(orgId, appointmentId, parts);
  const row = (await one<Record<string, unknown>>(tx, byShape('appointment-listeners', text), values))!;
  let rowWritten = false;
  for (const [i, part] of parts.entries()) if ((await part.then?.(tx, row[`p${i}`] ?? null)) === true) rowWritten = true;
  return rowWritten;
}
