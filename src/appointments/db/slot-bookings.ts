// Booking into a slot: the slots and booking_blocks tables belong to the slots area (which depends on this
// one); a booking only locks the slot row, reads what placing an appointment in it needs, and links the new
// appointment to it, in its own transaction.
import type { Db } from '../../core/db/client.ts';
import { one } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { CHAIR_OCCUPYING_SQL } from './sql-fragments.ts';

/** A slot as a booking into it (or a lock of it) needs it, read after its row lock. */
export interface SlotPlace {
  id: string;
  status: 'active' | 'disabled';
  capacity: number;
  lockable: boolean;
  /** UTC RFC 3339. */
  start_at: string;
  end_at: string;
  location_id: string;
  timezone: string;
  /** The booking block's appointment type, the default of a booking, and its time pattern. */
  appointment_type_id: string | null;
  time_pattern: string | null;
  /** The block's active operatories in display order (item_order, name, id). */
  operatory_ids: string[];
  /** The block's active providers by name (last, first, id). */
  provider_ids: string[];
  /** Linked appointments that are scheduled or complete. */
  active: number;
  /** Holds on the slot not expired at the transaction's now(). */
  live_holds: number;
  /** Whether one of those live holds has the token whose hash the caller gave. */
  held_by_caller: boolean;
}

/**
 * Locks the slot row (FOR UPDATE) when the slot exists and its booking block's location is in `scope`;
 * false otherwise. Every write that counts against a slot takes this lock first, before any advisory lock,
 * so bookings into one slot are serialised and its capacity is never exceeded.
 */
export async function lockSlotRow(tx: Db, orgId: string, slotId: string, scope: LocationScope): Promise<boolean> {
  return !!(await one(tx, `
    SELECT s.id FROM slots s JOIN booking_blocks b ON b.org_id = s.org_id AND b.id = s.booking_block_id
     WHERE s.org_id = $1 AND s.id = $2 AND ($3::uuid[] IS NULL OR b.location_id = ANY($3))
       FOR UPDATE OF s`, [orgId, slotId, scope]));
}

const READ_PLACE = `
  SELECT s.id, s.status, s.capacity, s.lockable, s.start_at, s.end_at, b.location_id, l.timezone,
         b.appointment_type_id, t.time_pattern,
         array(SELECT o.id FROM booking_block_operatories bo JOIN operatories o ON o.org_id = bo.org_id AND o.id = bo.operatory_id
                WHERE bo.org_id = b.org_id AND bo.booking_block_id = b.id AND o.is_active ORDER BY o.item_order, o.name, o.id) AS operatory_ids,
         array(SELECT p.id FROM booking_block_providers bp JOIN providers p ON p.org_id = bp.org_id AND p.id = bp.provider_id
                WHERE bp.org_id = b.org_id AND bp.booking_block_id = b.id AND p.is_active ORDER BY p.last_name, p.first_name, p.id) AS provider_ids,
         (SELECT count(*)::int FROM appointments a
           WHERE a.org_id = s.org_id AND a.slot_id = s.id AND a.status IN (${CHAIR_OCCUPYING_SQL})) AS active,
         (SELECT count(*)::int FROM holds h WHERE h.org_id = s.org_id AND h.slot_id = s.id AND h.expires_at > now()) AS live_holds,
         EXISTS (SELECT 1 FROM holds h WHERE h.org_id = s.org_id AND h.slot_id = s.id AND h.expires_at > now()
                   AND h.token_hash = $3) AS held_by_caller
    FROM slots s
    JOIN booking_blocks b ON b.org_id = s.org_id AND b.id = s.booking_block_id
    JOIN locations l ON l.org_id = b.org_id AND l.id = b.location_id
    LEFT JOIN appointment_types t ON t.org_id = b.org_id AND t.id = b.appointment_type_id
   WHERE s.org_id = $1 AND s.id = $2`;

/**
 * The slot's place, counts and live holds. Must run in a statement after `lockSlotRow`: a statement's
 * snapshot is taken when it starts, so counts read by the locking statement itself could miss a booking
 * committed while it waited. `holdTokenHash` (or null) tells whether the caller holds the slot's lock.
 */
export function readSlotPlace(tx: Db, orgId: string, slotId: string, holdTokenHash: Buffer | null): Promise<SlotPlace | undefined> {
  return one<SlotPlace>(tx, READ_PLACE, [orgId, slotId, holdTokenHash]);
}

/** Links an appointment to the slot it was booked into (same transaction as its insert). */
export async function linkAppointmentToSlot(tx: Db, orgId: string, appointmentId: string, slotId: string): Promise<void> {
  await tx.query('UPDATE appointments SET slot_id = $3 WHERE org_id = $1 AND id = $2', [orgId, appointmentId, slotId]);
}
