import { slugify } from '../domain/defaults.ts';
import type { Db } from '../../core/db/client.ts';
import { one } from '../../core/db/client.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';

export interface FlowStatusRow {
  org_id: string;
  id: string;
  name: string;
  slug: string;
  color: string;
  item_order: number;
  is_active: boolean;
  version: number;
  created_at: string;
  updated_at: string;
}

/** The unique key that keeps slugs unique within an organisation. */
export const FLOW_STATUS_SLUG_KEY = 'patient_flow_statuses_org_id_slug_key';

/** Inserts flow statuses in one statement; slug from the name, `item_order` from the position. */
export async function insertFlowStatuses(db: Db, orgId: string, statuses: readonly { name: string; color: string }[]): Promise<void> {
  await db.query(`
    INSERT INTO patient_flow_statuses (org_id, name, slug, color, item_order)
    SELECT $1, s.name, s.slug, s.color, (s.ord - 1)::int
      FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS s(name, slug, color, ord)`,
  [orgId, statuses.map((s) => s.name), statuses.map((s) => slugify(s.name)), statuses.map((s) => s.color)]);
}

/** Lists the organisation's flow statuses by item_order, name (case-insensitive), id; inactive ones unless `includeInactive` is false. */
export function listFlowStatuses(db: Db, orgId: string, f: { includeInactive: boolean }, page: PageRequest) {
  const where = new Filter(orgId).add('is_active = $?', f.includeInactive ? undefined : true);
  return selectPage<FlowStatusRow>(db, '*', 'patient_flow_statuses', where, 'item_order, lower(name), id', page);
}

/** One flow status of the organisation, or undefined. */
export function getFlowStatus(db: Db, orgId: string, id: string): Promise<FlowStatusRow | undefined> {
  return one<FlowStatusRow>(db, 'SELECT * FROM patient_flow_statuses WHERE org_id = $1 AND id = $2', [orgId, id]);
}

/** The id of the flow status whose slug is `slug` (active or not), or undefined. */
export async function findFlowStatusIdBySlug(db: Db, orgId: string, slug: string): Promise<string | undefined> {
  const row = await one<{ id: string }>(db, 'SELECT id FROM patient_flow_statuses WHERE org_id = $1 AND slug = $2', [orgId, slug]);
  return row?.id;
}

export interface NewFlowStatus {
  name: string;
  slug: string;
  color: string;
  /** null: one after the highest item_order of the organisation (0 when there is none). */
  item_order: number | null;
  is_active: boolean;
}

/** Inserts one flow status; a slug already used in the organisation raises 23505 on FLOW_STATUS_SLUG_KEY. */
export async function insertFlowStatus(db: Db, orgId: string, s: NewFlowStatus): Promise<FlowStatusRow> {
  return (await one<FlowStatusRow>(db, `
    INSERT INTO patient_flow_statuses (org_id, name, slug, color, item_order, is_active)
    VALUES ($1, $2, $3, $4,
            coalesce($5::int, (SELECT max(item_order) + 1 FROM patient_flow_statuses WHERE org_id = $1), 0),
            $6)
    RETURNING *`,
  [orgId, s.name, s.slug, s.color, s.item_order, s.is_active]))!;
}
