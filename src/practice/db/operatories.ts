import type { Db } from '../../core/db/client.ts';
import { many, one } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';

/** An operatory joined with the name of its location (for the lightweight `location` reference). */
export interface OperatoryRow {
  org_id: string;
  id: string;
  location_id: string;
  location_name: string;
  name: string;
  abbrev: string | null;
  is_hygiene: boolean;
  item_order: number;
  is_active: boolean;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface OperatoryFilter {
  locationId?: string;
  isActive?: boolean;
  isHygiene?: boolean;
}

const FROM = 'operatories o JOIN locations l ON l.org_id = o.org_id AND l.id = o.location_id';
const COLUMNS = 'o.*, l.name AS location_name';

/** Lists operatories of the locations in `scope`, by location name, item_order, name and id. */
export function listOperatories(db: Db, orgId: string, scope: LocationScope, f: OperatoryFilter, page: PageRequest) {
  const where = new Filter(orgId, 'o')
    .add('o.location_id = ANY($?)', scope ?? undefined)
    .add('o.location_id = $?', f.locationId)
    .add('o.is_active = $?', f.isActive)
    .add('o.is_hygiene = $?', f.isHygiene);
  return selectPage<OperatoryRow>(db, COLUMNS, FROM, where, 'lower(l.name), o.location_id, o.item_order, lower(o.name), o.id', page);
}

/** One operatory of a location in `scope`, or undefined. */
export function getOperatory(db: Db, orgId: string, id: string, scope: LocationScope): Promise<OperatoryRow | undefined> {
  return one<OperatoryRow>(db, `SELECT ${COLUMNS} FROM ${FROM}
    WHERE o.org_id = $1 AND o.id = $2 AND ($3::uuid[] IS NULL OR o.location_id = ANY($3))`, [orgId, id, scope]);
}

export interface NewOperatory {
  location_id: string;
  name: string;
  abbrev: string | null;
  is_hygiene: boolean;
  item_order: number;
  is_active: boolean;
}

/** Inserts an operatory; the location must exist in the organisation (the foreign key is the backstop). */
export async function insertOperatory(db: Db, orgId: string, o: NewOperatory): Promise<OperatoryRow> {
  return (await one<OperatoryRow>(db, `
    WITH o AS (
      INSERT INTO operatories (org_id, location_id, name, abbrev, is_hygiene, item_order, is_active)
      VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *)
    SELECT ${COLUMNS} FROM o JOIN locations l ON l.org_id = o.org_id AND l.id = o.location_id`,
  [orgId, o.location_id, o.name, o.abbrev, o.is_hygiene, o.item_order, o.is_active]))!;
}

/** The active operatories of a location, in display order (item_order, name, id). */
export async function listActiveOperatoryIds(db: Db, orgId: string, locationId: string): Promise<string[]> {
  return (await many<{ id: string }>(db, `
    SELECT id FROM operatories WHERE org_id = $1 AND location_id = $2 AND is_active ORDER BY item_order, name, id`, [orgId, locationId])).map((r) => r.id);
}
