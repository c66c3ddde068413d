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
  /** null: no limit beyond provider schedules; a weekday without ranges is closed. */
  open_hours: OpenHoursRange[] | null;
  default_appointment_type_id: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** One opening range of a location: wall-clock [start_time, end_time) on a weekday (0 = Monday). */
export interface OpenHoursRange {
  day_of_week: number;
  start_time: string;
  end_time: string;
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
  open_hours: OpenHoursRange[] | null;
  default_appointment_type_id: string | null;
}

/** Inserts a location; the timezone must already be a canonical IANA id and the open hours checked. */
export async function insertLocation(db: Db, orgId: string, l: NewLocation): Promise<LocationRow> {
  return (await one<LocationRow>(db, `
    INSERT INTO locations (org_id, name, timezone, address, phone, is_active, open_hours, default_appointment_type_id)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
  [orgId, l.name, l.timezone, l.address, l.phone, l.is_active, l.open_hours === null ? null : JSON.stringify(l.open_hours),
    l.default_appointment_type_id]))!;
}

/**
 * Whether `typeId` can be a location's default appointment type: `missing` when it is not a type of the
 * organisation, `unusable` when archived or offered only at other locations than `locationId` (null: a
 * location being created, which only a type offered everywhere suits), else `ok`.
 */
export async function checkDefaultType(db: Db, orgId: string, typeId: string, locationId: string | null): Promise<'ok' | 'missing' | 'unusable'> {
  const row = await one<{ ok: boolean }>(db, `
    SELECT t.status = 'active' AND (NOT EXISTS (SELECT 1 FROM appointment_type_locations l WHERE l.org_id = t.org_id AND l.appointment_type_id = t.id)
           OR EXISTS (SELECT 1 FROM appointment_type_locations l
                       WHERE l.org_id = t.org_id AND l.appointment_type_id = t.id AND l.location_id = $3)) AS ok
      FROM appointment_types t WHERE t.org_id = $1 AND t.id = $2`, [orgId, typeId, locationId]);
  return row === undefined ? 'missing' : row.ok ? 'ok' : 'unusable';
}

/** The subset of `ids` that are locations of the org visible in `scope` (null: all locations). */
export async function findVisibleLocationIds(db: Db, orgId: string, ids: string[], scope: LocationScope): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await many<{ id: string }>(db, `
    SELECT id FROM locations WHERE org_id = $1 AND id = ANY($2::uuid[]) AND ($3::uuid[] IS NULL OR id = ANY($3))`,
  [orgId, ids, scope]);
  return new Set(rows.map((r) => r.id));
}
