import type { DefaultDefinition, DefinitionCategory } from '../domain/defaults.ts';
import type { Db } from '../../core/db/client.ts';
import { one } from '../../core/db/client.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';

export interface DefinitionRow {
  org_id: string;
  id: string;
  category: DefinitionCategory;
  name: string;
  color: string | null;
  item_order: number;
  is_hidden: boolean;
  version: number;
  created_at: string;
  updated_at: string;
}

/** Inserts definitions in one statement; `item_order` is the position within each category. */
export async function insertDefinitions(db: Db, orgId: string, defs: readonly DefaultDefinition[]): Promise<void> {
  await db.query(`
    INSERT INTO definitions (org_id, category, name, color, item_order)
    SELECT $1, d.category, d.name, d.color,
           (row_number() OVER (PARTITION BY d.category ORDER BY d.ord) - 1)::int
      FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS d(category, name, color, ord)`,
  [orgId, defs.map((d) => d.category), defs.map((d) => d.name), defs.map((d) => d.color)]);
}

export interface DefinitionFilter {
  category?: DefinitionCategory;
  /** false leaves hidden definitions out. */
  includeHidden: boolean;
}

/** Lists the organisation's definitions by category, item_order, name (case-insensitive), id. */
export function listDefinitions(db: Db, orgId: string, f: DefinitionFilter, page: PageRequest) {
  const where = new Filter(orgId)
    .add('category = $?', f.category)
    .add('is_hidden = $?', f.includeHidden ? undefined : false);
  return selectPage<DefinitionRow>(db, '*', 'definitions', where, 'category, item_order, lower(name), id', page);
}

/** One definition of the organisation, or undefined. */
export function getDefinition(db: Db, orgId: string, id: string): Promise<DefinitionRow | undefined> {
  return one<DefinitionRow>(db, 'SELECT * FROM definitions WHERE org_id = $1 AND id = $2', [orgId, id]);
}

/** The id of the definition named exactly `name` in `category`, or undefined. */
export async function findDefinitionIdByName(db: Db, orgId: string, category: DefinitionCategory, name: string): Promise<string | undefined> {
  const row = await one<{ id: string }>(db,
    'SELECT id FROM definitions WHERE org_id = $1 AND category = $2 AND name = $3', [orgId, category, name]);
  return row?.id;
}

export interface NewDefinition {
  category: DefinitionCategory;
  name: string;
  color: string | null;
  /** null: one after the highest item_order of the category (0 for an empty category). */
  item_order: number | null;
  is_hidden: boolean;
}

/** Inserts one definition; a duplicate (category, name) raises 23505 (the command checks first). */
export async function insertDefinition(db: Db, orgId: string, d: NewDefinition): Promise<DefinitionRow> {
  return (await one<DefinitionRow>(db, `
    INSERT INTO definitions (org_id, category, name, color, item_order, is_hidden)
    VALUES ($1, $2, $3, $4,
            coalesce($5::int, (SELECT max(item_order) + 1 FROM definitions WHERE org_id = $1 AND category = $2), 0),
            $6)
    RETURNING *`,
  [orgId, d.category, d.name, d.color, d.item_order, d.is_hidden]))!;
}
