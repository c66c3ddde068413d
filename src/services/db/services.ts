import { many, one, type Db } from '../../core/db/client.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';
import type { LocationScope } from '../../core/scope.ts';

/** A service with its providers (in the order given), as its API shape shows it. */
export interface ServiceRow {
  id: number;
  name: string;
  description: string;
  location_id: string;
  appointment_type_id: string | null;
  duration_minutes: number | null;
  provider_ids: string[];
  is_active: boolean;
  version: number;
  created_at: string;
  updated_at: string;
}

type ServiceColumns = Omit<ServiceRow, 'provider_ids'>;

/** The fields a create writes and a PATCH may change. */
export interface ServiceFields {
  name: string;
  description: string;
  location_id: string;
  appointment_type_id: string | null;
  duration_minutes: number | null;
  is_active: boolean;
}

// The only columns a PATCH writes: SQL text never takes a name from a request.
const FIELD_COLUMNS = ['name', 'description', 'location_id', 'appointment_type_id', 'duration_minutes', 'is_active'] as const;
const COLUMNS = 'id, name, description, location_id, appointment_type_id, duration_minutes, is_active, version, created_at, updated_at';

/** The providers of `ids` services in one read, each list in its stored order. */
async function withProviders(db: Db, orgId: string, rows: ServiceColumns[]): Promise<ServiceRow[]> {
  if (!rows.length) return [];
  const links = await many<{ service_id: number; provider_id: string }>(db, `
    SELECT service_id, provider_id FROM service_providers
     WHERE org_id = $1 AND service_id = ANY($2::bigint[]) ORDER BY service_id, position`, [orgId, rows.map((r) => r.id)]);
  const by = new Map<number, string[]>(rows.map((r) => [r.id, []]));
  for (const l of links) by.get(l.service_id)!.push(l.provider_id);
  return rows.map((r) => ({ ...r, provider_ids: by.get(r.id)! }));
}

export interface ServiceFilter {
  locationId?: string;
  isActive?: boolean;
}

/** One page of the services at locations in `scope` (all when `page` is null), by name and id. */
export async function listServices(db: Db, orgId: string, scope: LocationScope, f: ServiceFilter, page: PageRequest | null) {
  const where = new Filter(orgId)
    .add('location_id = ANY($?)', scope ?? undefined)
    .add('location_id = $?', f.locationId)
    .add('is_active = $?', f.isActive);
  const order = 'lower(name), id';
  const { rows, total } = page
    ? await selectPage<ServiceColumns>(db, COLUMNS, 'services', where, order, page)
    : await many<ServiceColumns>(db, `SELECT ${COLUMNS} FROM services WHERE ${where.sql} ORDER BY ${order}`, where.params)
      .then((all) => ({ rows: all, total: all.length }));
  return { rows: await withProviders(db, orgId, rows), total };
}

/** One service at a location in `scope`, or undefined; `forUpdate` locks its row until the transaction ends. */
export async function getService(db: Db, orgId: string, id: number, scope: LocationScope, forUpdate = false): Promise<ServiceRow | undefined> {
  const row = await one<ServiceColumns>(db, `SELECT ${COLUMNS} FROM services
    WHERE org_id = $1 AND id = $2 AND ($3::uuid[] IS NULL OR location_id = ANY($3))${forUpdate ? ' FOR UPDATE' : ''}`, [orgId, id, scope]);
  return row ? (await withProviders(db, orgId, [row]))[0] : undefined;
}

/** Inserts a service (version 1); returns its id. References are checked by the caller, the foreign keys are the backstop. */
export async function insertService(db: Db, orgId: string, s: ServiceFields): Promise<number> {
  const row = await one<{ id: number }>(db, `
    INSERT INTO services (org_id, name, description, location_id, appointment_type_id, duration_minutes, is_active)
    VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
  [orgId, s.name, s.description, s.location_id, s.appointment_type_id, s.duration_minutes, s.is_active]);
  return row!.id;
}

/** Writes `s` over the service's fields and bumps its version (the caller has checked the base version under a row lock). */
export async function updateServiceRow(db: Db, orgId: string, id: number, s: ServiceFields): Promise<void> {
  const sets = FIELD_COLUMNS.map((c, i) => `${c} = $${i + 3}`).join(', ');
  await db.query(`UPDATE services SET ${sets}, version = version + 1 WHERE org_id = $1 AND id = $2`,
    [orgId, id, ...FIELD_COLUMNS.map((c) => s[c])]);
}

/** Replaces the service's providers with `providerIds`, keeping their order. */
export async function replaceServiceProviders(db: Db, orgId: string, serviceId: number, providerIds: string[]): Promise<void> {
  await db.query(`
    WITH gone AS (DELETE FROM service_providers WHERE org_id = $1 AND service_id = $2 AND provider_id <> ALL($3::uuid[]))
    INSERT INTO service_providers (org_id, service_id, provider_id, position)
    SELECT $1, $2, p.id, p.n - 1 FROM unnest($3::uuid[]) WITH ORDINALITY AS p(id, n)
    ON CONFLICT (org_id, service_id, provider_id) DO UPDATE SET position = excluded.position`, [orgId, serviceId, providerIds]);
}

/**
 * Deletes a service with its providers, time slots and booking bookkeeping (never the appointments booked
 * through it); false when there is no such service in `scope`.
 */
export async function deleteService(db: Db, orgId: string, id: number, scope: LocationScope): Promise<boolean> {
  const res = await db.query('DELETE FROM services WHERE org_id = $1 AND id = $2 AND ($3::uuid[] IS NULL OR location_id = ANY($3))', [orgId, id, scope]);
  return res.rowCount === 1;
}
