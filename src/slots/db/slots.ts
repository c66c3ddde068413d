import type { Db } from '../../core/db/client.ts';
import { one } from '../../core/db/client.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';
import type { LocationScope } from '../../core/scope.ts';
import { CHAIR_OCCUPYING_SQL } from '../../appointments/index.ts';
import type { SlotState, SlotStatus } from '../domain/slot-rules.ts';

/** A slot with what counts against it. */
export interface SlotRow extends SlotFields {
  id: string;
  booking_block_id: string;
  location_id: string;
  timezone: string;
  /** Linked appointments: scheduled or complete; cancelled or broken; all. */
  num_active: number;
  num_cancelled: number;
  num_total: number;
  /** Holds on the slot not expired at the statement's now(), and when the last of them expires (null: none). */
  live_holds: number;
  locked_until: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** What the slot rules read of a row. */
export function slotStateOf(r: SlotRow): SlotState {
  return {
    status: r.status, capacity: r.capacity, lockable: r.lockable, startMs: Date.parse(r.start_at), active: r.num_active, liveHolds: r.live_holds,
  };
}

const COLUMNS = `s.id, s.booking_block_id, b.location_id, l.timezone, s.start_at, s.end_at, s.capacity, s.status, s.lockable, s.metadata,
  n.num_active, n.num_cancelled, n.num_total, h.live_holds, h.locked_until, s.version, s.created_at, s.updated_at`;

// The counts are per-slot aggregates over index ranges (appointments_slot_idx, holds_slot_idx): a page costs
// one probe per slot, and the `available` filter can test every matching slot in the same statement.
const FROM = `slots s
  JOIN booking_blocks b ON b.org_id = s.org_id AND b.id = s.booking_block_id
  JOIN locations l ON l.org_id = b.org_id AND l.id = b.location_id
  CROSS JOIN LATERAL (
    SELECT count(*) FILTER (WHERE a.status IN (${CHAIR_OCCUPYING_SQL}))::int AS num_active,
           count(*) FILTER (WHERE a.status IN ('cancelled', 'broken'))::int AS num_cancelled, count(*)::int AS num_total
      FROM appointments a WHERE a.org_id = s.org_id AND a.slot_id = s.id) n
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS live_holds, max(x.expires_at) AS locked_until
      FROM holds x WHERE x.org_id = s.org_id AND x.slot_id = s.id AND x.expires_at > now()) h`;

/** GET /slots filters; `startFrom` ≤ start < `startTo` (RFC 3339). */
export interface SlotFilter {
  bookingBlockId?: string;
  status?: SlotStatus;
  available?: boolean;
  startFrom?: string;
  startTo?: string;
}

/**
 * Slots of the locations in `scope`, by start and id. `available` is tested as `isSlotAvailable` decides it
 * (slot-rules.ts), against `now` from the injected clock.
 */
export function listSlots(db: Db, orgId: string, scope: LocationScope, f: SlotFilter, now: Date, page: PageRequest) {
  const where = new Filter(orgId, 's')
    .add('b.location_id = ANY($?)', scope ?? undefined)
    .add('s.booking_block_id = $?', f.bookingBlockId)
    .add('s.status = $?', f.status)
    .add('s.start_at >= $?', f.startFrom)
    .add('s.start_at < $?', f.startTo);
  if (f.available !== undefined) {
    const at = where.bind(now.toISOString());
    where.add(`(s.status = 'active' AND h.live_holds = 0 AND n.num_active + h.live_holds < s.capacity AND s.start_at > ${at}::timestamptz) = $?`, f.available);
  }
  return selectPage<SlotRow>(db, COLUMNS, FROM, where, 's.start_at, s.id', page);
}

/** One slot whose booking block's location is in `scope`, or undefined. */
export function getSlot(db: Db, orgId: string, id: string, scope: LocationScope): Promise<SlotRow | undefined> {
  return one<SlotRow>(db, `SELECT ${COLUMNS} FROM ${FROM}
    WHERE s.org_id = $1 AND s.id = $2 AND ($3::uuid[] IS NULL OR b.location_id = ANY($3))`, [orgId, id, scope]);
}

/** The columns of a slot a write sets. */
export interface SlotFields {
  start_at: string;
  end_at: string;
  capacity: number;
  status: SlotStatus;
  lockable: boolean;
  metadata: Record<string, string>;
}

/** Inserts a slot of `bookingBlockId`; returns its id. */
export async function insertSlot(db: Db, orgId: string, bookingBlockId: string, s: SlotFields): Promise<string> {
  return (await one<{ id: string }>(db, `
    INSERT INTO slots (org_id, booking_block_id, start_at, end_at, capacity, status, lockable, metadata)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
  [orgId, bookingBlockId, s.start_at, s.end_at, s.capacity, s.status, s.lockable, JSON.stringify(s.metadata)]))!.id;
}

// The columns a write may set, by name: SQL never takes a column name from a request.
const UPDATABLE = ['start_at', 'end_at', 'capacity', 'status', 'lockable', 'metadata'] as const;

/** Sets the given columns of a locked slot and bumps its version (an empty change still bumps it). */
export async function updateSlotRow(db: Db, orgId: string, id: string, changes: Partial<SlotFields>): Promise<void> {
  const cols = UPDATABLE.filter((c) => changes[c] !== undefined);
  const values = cols.map((c) => (c === 'metadata' ? JSON.stringify(changes.metadata) : changes[c]));
  const sets = [...cols.map((c, i) => `${c} = $${i + 3}`), 'version = version + 1'];
  await db.query(`UPDATE slots SET ${sets.join(', ')} WHERE org_id = $1 AND id = $2`, [orgId, id, ...values]);
}

/**
 * Locks a slot row (FOR UPDATE) whose booking block's location is in `scope`; returns its version, or
 * undefined. Read what counts against it in a later statement (getSlot), which sees every booking committed
 * before the lock was granted.
 */
export function lockSlotForChange(db: Db, orgId: string, id: string, scope: LocationScope): Promise<{ version: number } | undefined> {
  return one(db, `SELECT s.version FROM slots s JOIN booking_blocks b ON b.org_id = s.org_id AND b.id = s.booking_block_id
    WHERE s.org_id = $1 AND s.id = $2 AND ($3::uuid[] IS NULL OR b.location_id = ANY($3)) FOR UPDATE OF s`, [orgId, id, scope]);
}

/**
 * Row-locks the slot's appointments that are not scheduled or complete (those deleteSlotRow unlinks), in id
 * order. Taken before the slot's row lock: a move or transition that brings one of them back locks its
 * appointment first and the slot second, so the slot's delete must not hold the slot while it waits for them.
 */
export async function lockSlotAppointmentsToUnlink(db: Db, orgId: string, id: string): Promise<void> {
  await db.query(`SELECT id FROM appointments WHERE org_id = $1 AND slot_id = $2 AND status NOT IN (${CHAIR_OCCUPYING_SQL})
    ORDER BY id FOR UPDATE`, [orgId, id]);
}

/** Deletes a slot: first unlinks its appointments that are not scheduled or complete (its holds go with it). */
export async function deleteSlotRow(db: Db, orgId: string, id: string): Promise<void> {
  await db.query(`UPDATE appointments SET slot_id = NULL
    WHERE org_id = $1 AND slot_id = $2 AND status NOT IN (${CHAIR_OCCUPYING_SQL})`, [orgId, id]);
  await db.query('DELETE FROM slots WHERE org_id = $1 AND id = $2', [orgId, id]);
}
