import type { DefaultDefinition } from '../domain/defaults.ts';
import type { Db } from './client.ts';

/** Inserts definitions in one statement; `item_order` is the position within each category. */
export async function insertDefinitions(db: Db, orgId: string, defs: readonly DefaultDefinition[]): Promise<void> {
  await db.query(`
    INSERT INTO definitions (org_id, category, name, color, item_order)
    SELECT $1, d.category, d.name, d.color,
           (row_number() OVER (PARTITION BY d.category ORDER BY d.ord) - 1)::int
      FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS d(category, name, color, ord)`,
  [orgId, defs.map((d) => d.category), defs.map((d) => d.name), defs.map((d) => d.color)]);
}
