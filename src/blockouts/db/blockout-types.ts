import type { Db } from '../../core/db/client.ts';
import { one } from '../../core/db/client.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';

export interface BlockoutTypeRow {
  org_id: string;
  id: string;
  name: string;
  abbreviation: string | null;
  color: string;
  is_no_schedule: boolean;
  is_do_not_copy: boolean;
  is_hidden: boolean;
  is_holiday: boolean;
  item_order: number;
  status: 'active' | 'inactive';
  version: number;
  created_at: string;
  updated_at: string;
}

export interface BlockoutTypeFilter {
  includeHidden: boolean;
}

/** Lists blockout types by item_order, name (case-insensitive) and id; hidden ones only when asked. */
export function listBlockoutTypes(db: Db, orgId: string, f: BlockoutTypeFilter, page: PageRequest) {
  const where = new Filter(orgId).add('is_hidden = $?', f.includeHidden ? undefined : false);
  return selectPage<BlockoutTypeRow>(db, '*', 'blockout_types', where, 'item_order, lower(name), id', page);
}

/** One blockout type of the organisation (types are org-wide), or undefined. */
export function getBlockoutType(db: Db, orgId: string, id: string): Promise<BlockoutTypeRow | undefined> {
  return one<BlockoutTypeRow>(db, 'SELECT * FROM blockout_types WHERE org_id = $1 AND id = $2', [orgId, id]);
}

export interface NewBlockoutType {
  name: string;
  abbreviation: string | null;
  color: string;
  is_no_schedule: boolean;
  is_do_not_copy: boolean;
  is_hidden: boolean;
  is_holiday: boolean;
  item_order: number;
}

/** Inserts an active blockout type. */
export async function insertBlockoutType(db: Db, orgId: string, t: NewBlockoutType): Promise<BlockoutTypeRow> {
  return (await one<BlockoutTypeRow>(db, `
    INSERT INTO blockout_types (org_id, name, abbreviation, color, is_no_schedule, is_do_not_copy, is_hidden, is_holiday, item_order)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
  [orgId, t.name, t.abbreviation, t.color, t.is_no_schedule, t.is_do_not_copy, t.is_hidden, t.is_holiday, t.item_order]))!;
}
