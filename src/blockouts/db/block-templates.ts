import type { Db } from '../../core/db/client.ts';
import { many, one } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';

/** A block schedule template joined with its location's name (null location: usable at every location). */
export interface BlockTemplateRow {
  org_id: string;
  id: string;
  location_id: string | null;
  location_name: string | null;
  name: string;
  description: string;
  day_of_week: number | null;
  is_hidden: boolean;
  item_order: number;
  status: 'active' | 'inactive';
  version: number;
  created_at: string;
  updated_at: string;
}

const FROM = 'block_schedule_templates bt LEFT JOIN locations l ON l.org_id = bt.org_id AND l.id = bt.location_id';
const COLUMNS = 'bt.*, l.name AS location_name';
// Org-wide templates are visible to everyone; location-bound ones only within the caller's locations.
const SCOPE = '(bt.location_id IS NULL OR bt.location_id = ANY($?))';

export interface BlockTemplateFilter {
  /** undefined: org-wide templates only; otherwise that location's templates. */
  locationId?: string;
  includeHidden: boolean;
}

/** Lists templates by item_order, name (case-insensitive) and id: one location's, or the org-wide ones. */
export function listBlockTemplates(db: Db, orgId: string, scope: LocationScope, f: BlockTemplateFilter, page: PageRequest) {
  const where = new Filter(orgId, 'bt')
    .add(SCOPE, scope ?? undefined)
    .add('bt.location_id IS NOT DISTINCT FROM $?::uuid', f.locationId ?? null)
    .add('bt.is_hidden = $?', f.includeHidden ? undefined : false);
  return selectPage<BlockTemplateRow>(db, COLUMNS, FROM, where, 'bt.item_order, lower(bt.name), bt.id', page);
}

/** One template visible in `scope` (org-wide, or of a location in scope), or undefined; `forUpdate` locks it. */
export function getBlockTemplate(db: Db, orgId: string, id: string, scope: LocationScope, forUpdate = false): Promise<BlockTemplateRow | undefined> {
  return one<BlockTemplateRow>(db, `SELECT ${COLUMNS} FROM ${FROM}
    WHERE bt.org_id = $1 AND bt.id = $2 AND ($3::uuid[] IS NULL OR ${SCOPE.replace('$?', '$3')})${forUpdate ? ' FOR UPDATE OF bt' : ''}`,
  [orgId, id, scope]);
}

export interface NewBlockTemplate {
  location_id: string | null;
  name: string;
  description: string;
  day_of_week: number | null;
  is_hidden: boolean;
  item_order: number;
}

/** Inserts an active template; returns its id. */
export async function insertBlockTemplate(db: Db, orgId: string, t: NewBlockTemplate): Promise<string> {
  return (await one<{ id: string }>(db, `
    INSERT INTO block_schedule_templates (org_id, location_id, name, description, day_of_week, is_hidden, item_order)
    VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
  [orgId, t.location_id, t.name, t.description, t.day_of_week, t.is_hidden, t.item_order]))!.id;
}

/** Deletes a template; its items go with it (ON DELETE CASCADE). */
export async function deleteBlockTemplate(db: Db, orgId: string, id: string): Promise<void> {
  await db.query('DELETE FROM block_schedule_templates WHERE org_id = $1 AND id = $2', [orgId, id]);
}

/** A template item joined with its type (name, status, holiday flag) and its operatory (name, location). */
export interface BlockTemplateItemRow {
  org_id: string;
  id: string;
  template_id: string;
  blockout_type_id: string;
  type_name: string;
  type_status: 'active' | 'inactive';
  is_holiday: boolean;
  operatory_id: string | null;
  operatory_name: string | null;
  operatory_location_id: string | null;
  start_time: string;
  end_time: string;
  item_order: number;
  created_at: string;
}

const ITEM_SELECT = `SELECT i.*, t.name AS type_name, t.status AS type_status, t.is_holiday,
    o.name AS operatory_name, o.location_id AS operatory_location_id
  FROM block_schedule_template_items i
  JOIN blockout_types t ON t.org_id = i.org_id AND t.id = i.blockout_type_id
  LEFT JOIN operatories o ON o.org_id = i.org_id AND o.id = i.operatory_id`;

/** Items of a template by item_order, start_time and id. */
export function listBlockTemplateItems(db: Db, orgId: string, templateId: string): Promise<BlockTemplateItemRow[]> {
  return many<BlockTemplateItemRow>(db, `${ITEM_SELECT} WHERE i.org_id = $1 AND i.template_id = $2
    ORDER BY i.item_order, i.start_time, i.id`, [orgId, templateId]);
}

export interface NewBlockTemplateItem {
  template_id: string;
  blockout_type_id: string;
  operatory_id: string | null;
  start_time: string;
  end_time: string;
  item_order: number;
}

/** Inserts a template item and returns it joined. */
export async function insertBlockTemplateItem(db: Db, orgId: string, i: NewBlockTemplateItem): Promise<BlockTemplateItemRow> {
  const { id } = (await one<{ id: string }>(db, `
    INSERT INTO block_schedule_template_items (org_id, template_id, blockout_type_id, operatory_id, start_time, end_time, item_order)
    VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
  [orgId, i.template_id, i.blockout_type_id, i.operatory_id, i.start_time, i.end_time, i.item_order]))!;
  return (await one<BlockTemplateItemRow>(db, `${ITEM_SELECT} WHERE i.org_id = $1 AND i.id = $2`, [orgId, id]))!;
}

/** Deletes one item of one template; false when there was none. */
export async function deleteBlockTemplateItem(db: Db, orgId: string, templateId: string, itemId: string): Promise<boolean> {
  const res = await db.query('DELETE FROM block_schedule_template_items WHERE org_id = $1 AND template_id = $2 AND id = $3',
    [orgId, templateId, itemId]);
  return (res.rowCount ?? 0) > 0;
}

/** Whether any item of the template names an operatory outside `locationId`. */
export async function templateHasOperatoriesOutside(db: Db, orgId: string, templateId: string, locationId: string): Promise<boolean> {
  const row = await one<{ found: boolean }>(db, `SELECT EXISTS (
      SELECT 1 FROM block_schedule_template_items i JOIN operatories o ON o.org_id = i.org_id AND o.id = i.operatory_id
       WHERE i.org_id = $1 AND i.template_id = $2 AND o.location_id <> $3) AS found`, [orgId, templateId, locationId]);
  return row!.found;
}
