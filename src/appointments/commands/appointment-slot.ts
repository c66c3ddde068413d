import { overlaps } from '../../core/intervals.ts';
import type { Db } from '../../core/db/client.ts';
import { slotConflict, slotLockKeys, type Booking } from '../domain/slot.ts';
import { lockInOrder } from '../db/appointment-conflicts.ts';
import { findConflicts } from '../queries/find-conflicts.ts';

/**
 * Serialises every write that could collide with this booking: one transaction-scoped advisory lock
 * per operatory and per provider, always taken operatory first, providers in sorted order, so two
 * writers can never deadlock. Competing bookings of the same chair or provider queue here; the
 * exclusion constraint on appointments is the backstop.
 */
export async function lockSlot(tx: Db, orgId: string, operatoryId: string, providerIds: string[]): Promise<void> {
  await lockInOrder(tx, slotLockKeys(orgId, operatoryId, providerIds));
}

/**
 * Admits a booking under the slot's locks (taken here unless the caller already holds exactly these,
 * `locked`): refuses one with conflicts (409 slot_conflict listing each); otherwise says whether it goes
 * in overlapping a chair neighbour (by allow_overlap or an appointment rule), which exempts its row from
 * the exclusion constraint (`overlap_permitted`).
 */
export async function admitBooking(
  tx: Db, orgId: string, b: Booking, allowOverlap: boolean, locked = false,
): Promise<{ overlapPermitted: boolean }> {
  if (!locked) await lockSlot(tx, orgId, b.operatoryId, b.providers.map((p) => p.providerId));
  const { conflicts, context } = await findConflicts(tx, orgId, b, allowOverlap);
  if (conflicts.length) throw slotConflict(conflicts, b.zone);
  return { overlapPermitted: context.others.some((o) => o.operatoryId === b.operatoryId && overlaps(o, b.slot)) };
}
