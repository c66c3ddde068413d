import { slugify } from '../domain/defaults.ts';
import type { Db } from './client.ts';

/** Inserts flow statuses in one statement; slug from the name, `item_order` from the position. */
export async function insertFlowStatuses(db: Db, orgId: string, statuses: readonly { name: string; color: string }[]): Promise<void> {
  await db.query(`
    INSERT INTO patient_flow_statuses (org_id, name, slug, color, item_order)
    SELECT $1, s.name, s.slug, s.color, (s.ord - 1)::int
      FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS s(name, slug, color, ord)`,
  [orgId, statuses.map((s) => s.name), statuses.map((s) => slugify(s.name)), statuses.map((s) => s.color)]);
}
