import type { Db } from '../../core/db/client.ts';
import { one } from '../../core/db/client.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';
import type { LocationScope } from '../../core/scope.ts';

type Named = { id: string; name: string };

/** A booking block with the names its API shape shows. */
export interface BookingBlockRow {
  id: string;
  location_id: string;
  location_name: string;
  name: string;
  appointment_type_id: string | null;
  appointment_type_name: string | null;
  metadata: Record<string, string>;
  /** In display order (item_order, name, id). */
  operatories: Named[];
  /** By name (last, first, id). */
  providers: Named[];
  version: number;
  created_at: string;
  updated_at: string;
}

// The links are correlated aggregates: one index probe per block, a page being at most 200 blocks.
const COLUMNS = `
  b.id, b.location_id, l.name AS location_name, b.name, b.appointment_type_id, t.name AS appointment_type_name, b.metadata,
  coalesce((SELECT json_agg(json_build_object('id', o.id, 'name', o.name) ORDER BY o.item_order, o.name, o.id)
              FROM booking_block_operatories bo JOIN operatories o ON o.org_id = bo.org_id AND o.id = bo.operatory_id
             WHERE bo.org_id = b.org_id AND bo.booking_block_id = b.id), '[]') AS operatories,
  coalesce((SELECT json_agg(json_build_object('id', p.id, 'name', p.first_name || ' ' || p.last_name) ORDER BY p.last_name, p.first_name, p.id)
              FROM booking_block_providers bp JOIN providers p ON p.org_id = bp.org_id AND p.id = bp.provider_id
             WHERE bp.org_id = b.org_id AND bp.booking_block_id = b.id), '[]') AS providers,
  b.version, b.created_at, b.updated_at`;
const FROM = `booking_blocks b
  JOIN locations l ON l.org_id = b.org_id AND l.id = b.location_id
  LEFT JOIN appointment_types t ON t.org_id = b.org_id AND t.id = b.appointment_type_id`;

/** Booking blocks of the locations in `scope`, optionally of one location, by name and id. */
export function listBookingBlocks(db: Db, orgId: string, scope: LocationScope, f: { locationId?: string }, page: PageRequest) {
  const where = new Filter(orgId, 'b')
    .add('b.location_id = ANY($?)', scope ?? undefined)
    .add('b.location_id = $?', f.locationId);
  return selectPage<BookingBlockRow>(db, COLUMNS, FROM, where, 'lower(b.name), b.id', page);
}

/** One booking block of a location in `scope`, or undefined. */
export function getBookingBlock(db: Db, orgId: string, id: string, scope: LocationScope): Promise<BookingBlockRow | undefined> {
  return one<BookingBlockRow>(db, `SELECT ${COLUMNS} FROM ${FROM}
    WHERE b.org_id = $1 AND b.id = $2 AND ($3::uuid[] IS NULL OR b.location_id = ANY($3))`, [orgId, id, scope]);
}

/** Locks a booking block of a location in `scope` (FOR UPDATE) and returns its version and location, or undefined. */
export function lockBookingBlock(db: Db, orgId: string, id: string, scope: LocationScope): Promise<{ version: number; location_id: string } | undefined> {
  return one(db, `SELECT version, location_id FROM booking_blocks
    WHERE org_id = $1 AND id = $2 AND ($3::uuid[] IS NULL OR location_id = ANY($3)) FOR UPDATE`, [orgId, id, scope]);
}

/** A booking block's location and its zone, when the block exists and its location is in `scope`. */
export function findBookingBlockZone(db: Db, orgId: string, id: string, scope: LocationScope): Promise<{ location_id: string; timezone: string } | undefined> {
  return one(db, `SELECT b.location_id, l.timezone FROM booking_blocks b JOIN locations l ON l.org_id = b.org_id AND l.id = b.location_id
    WHERE b.org_id = $1 AND b.id = $2 AND ($3::uuid[] IS NULL OR b.location_id = ANY($3))`, [orgId, id, scope]);
}

/** What the references of a booking block resolve to; parts are null or empty when not found. */
export interface BookingBlockRefs {
  /** The location, when it exists and is in the scope. */
  location_id: string | null;
  /** The given operatories that exist in the scope, with their locations. */
  operatories: { id: string; location_id: string }[];
  /** The given providers that exist. */
  provider_ids: string[];
}

/** Resolves a booking block's location, operatories and providers in one statement. */
export async function readBookingBlockRefs(
  db: Db, orgId: string, scope: LocationScope, ids: { locationId: string; operatoryIds: string[]; providerIds: string[] },
): Promise<BookingBlockRefs> {
  return (await one<BookingBlockRefs>(db, `
    SELECT (SELECT l.id FROM locations l WHERE l.org_id = $1 AND l.id = $2 AND ($3::uuid[] IS NULL OR l.id = ANY($3))) AS location_id,
           coalesce((SELECT json_agg(json_build_object('id', o.id, 'location_id', o.location_id)) FROM operatories o
                      WHERE o.org_id = $1 AND o.id = ANY($4::uuid[]) AND ($3::uuid[] IS NULL OR o.location_id = ANY($3))), '[]') AS operatories,
           array(SELECT p.id FROM providers p WHERE p.org_id = $1 AND p.id = ANY($5::uuid[])) AS provider_ids`,
  [orgId, ids.locationId, scope, ids.operatoryIds, ids.providerIds]))!;
}

/** A booking block's own columns as written. */
export interface BookingBlockFields {
  name: string;
  appointment_type_id: string | null;
  metadata: Record<string, string>;
}

/** Inserts a booking block at `locationId`; returns its id. */
export async function insertBookingBlock(db: Db, orgId: string, locationId: string, b: BookingBlockFields): Promise<string> {
  return (await one<{ id: string }>(db, `
    INSERT INTO booking_blocks (org_id, location_id, name, appointment_type_id, metadata) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
  [orgId, locationId, b.name, b.appointment_type_id, JSON.stringify(b.metadata)]))!.id;
}

// The columns a PATCH may set, by name: SQL never takes a column name from a request.
const UPDATABLE = ['name', 'appointment_type_id', 'metadata'] as const;

/** Sets the given columns of a locked booking block and bumps its version (an empty change still bumps it). */
export async function updateBookingBlockRow(db: Db, orgId: string, id: string, changes: Partial<BookingBlockFields>): Promise<void> {
  const cols = UPDATABLE.filter((c) => changes[c] !== undefined);
  const values = cols.map((c) => (c === 'metadata' ? JSON.stringify(changes.metadata) : changes[c]));
  const sets = [...cols.map((c, i) => `${c} = $${i + 3}`), 'version = version + 1'];
  await db.query(`UPDATE booking_blocks SET ${sets.join(', ')} WHERE org_id = $1 AND id = $2`, [orgId, id, ...values]);
}

/** Replaces a booking block's operatories with `ids` (the removed and the added rows are disjoint, so one statement does). */
export async function replaceBookingBlockOperatories(db: Db, orgId: string, id: string, ids: string[]): Promise<void> {
  await db.query(`
    WITH gone AS (DELETE FROM booking_block_operatories WHERE org_id = $1 AND booking_block_id = $2 AND operatory_id <> ALL($3::uuid[]))
    INSERT INTO booking_block_operatories (org_id, booking_block_id, operatory_id) SELECT $1, $2, unnest($3::uuid[]) ON CONFLICT DO NOTHING`, [orgId, id, ids]);
}

/** Replaces a booking block's providers with `ids`, as the operatories. */
export async function replaceBookingBlockProviders(db: Db, orgId: string, id: string, ids: string[]): Promise<void> {
  await db.query(`
    WITH gone AS (DELETE FROM booking_block_providers WHERE org_id = $1 AND booking_block_id = $2 AND provider_id <> ALL($3::uuid[]))
    INSERT INTO booking_block_providers (org_id, booking_block_id, provider_id) SELECT $1, $2, unnest($3::uuid[]) ON CONFLICT DO NOTHING`, [orgId, id, ids]);
}

/** Deletes a booking block (its links go with it) unless it has slots; 'in_use' when it has, 'deleted' otherwise. */
export async function deleteBookingBlockRow(db: Db, orgId: string, id: string): Promise<'deleted' | 'in_use'> {
  const res = await db.query(`DELETE FROM booking_blocks b WHERE b.org_id = $1 AND b.id = $2
    AND NOT EXISTS (SELECT 1 FROM slots s WHERE s.org_id = b.org_id AND s.booking_block_id = b.id)`, [orgId, id]);
  return res.rowCount ? 'deleted' : 'in_use';
}
