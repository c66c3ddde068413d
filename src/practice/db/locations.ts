import type { Db } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { many, one } from '../../core/db/client.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';

export interface LocationRow {
  org_id: string;
  id: string;
  name: string;
  timezone: string;
  address: string | null;
  phone: string | null;
  is_active: boolean;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface LocationFilter {
  isActive?: boolean;
  q?: string;
}

/** Lists locations visible in `scope`, by name. */
export function listLocations(db: Db, orgId: string, scope: LocationScope, f: LocationFilter, page: PageRequest) {
  const where = new Filter(orgId)
    .add('id = ANY($?)', scope ?? undefined)
    .add('is_active = $?', f.isActive)
    .add('strpos(lower(name), lower($?)) > 0', f.q);
  return selectPage<LocationRow>(db, '*', 'locations', where, 'lower(name), id', page);
}

const BY_ID = {
  name: 'location-by-id',
  text: 'SELECT * FROM locations WHERE org_id = $1 AND id = $2 AND ($3::uuid[] IS NULL OR id = ANY($3))',
};

/** One location visible in `scope`, or undefined. */
export function getLocation(db: Db, orgId: string, id: string, scope: LocationScope): Promise<LocationRow | undefined> {
  return one<LocationRow>(db, BY_ID, [orgId, id, scope]);
}

export interface NewLocation {
  name: string;
  timezone: string;
  address: string | null;
  phone: string | null;
  is_active: boolean;
}

/** Inserts a location; the timezone must already be a canonical IANA id. */
export async function insertLocation(db: Db, orgId: string, l: NewLocation): Promise<LocationRow> {
  return (await one<LocationRow>(db, `
    INSERT INTO locations (org_id, name, timezone, address, phone, is_active)
    VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
  [orgId, l.name, l.timezone, l.address, l.phone, l.is_active]))!;
}

/** The subset of `ids` that are locations of the org visible in `scope` (null: all locations). */
export async function findVisibleLocationIds(db: Db, orgId: string, ids: string[], scope: LocationScope): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await many<{ id: string }>(db, `
    SELECT id FROM locations WHERE org_id = $1 AND id = ANY($2::uuid[]) AND ($3::uuid[] IS NULL OR id = ANY($3))`,
  [orgId, ids, scope]);
  return new Set(rows.map((r) => r.id));
}
