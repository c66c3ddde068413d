// The slot's rules (seed 001), pure: when a slot is available, when it may be locked, how far its capacity
// may drop. Commands turn the refusals into errors; db/slots.ts mirrors `isSlotAvailable` in SQL for the
// `available` filter.

export type SlotStatus = 'active' | 'disabled';

/** What the rules read of a slot: its own fields and what counts against it. */
export interface SlotState {
  status: SlotStatus;
  capacity: number;
  lockable: boolean;
  /** Start instant, epoch ms. */
  startMs: number;
  /** Linked appointments that are scheduled or complete. */
  active: number;
  /** Live holds on the slot (its lock). */
  liveHolds: number;
}

/** A refusal: the error code and why. */
export interface Refusal {
  code: 'slot_locked' | 'slot_disabled' | 'slot_full' | 'state_conflict';
  msg: string;
}

/**
 * Whether a slot can be booked now (epoch ms, from the injected clock): active, not locked, with room once
 * live holds count as taken places, and not started yet.
 */
export function isSlotAvailable(s: SlotState, nowMs: number): boolean {
  return s.status === 'active' && s.liveHolds === 0 && s.active + s.liveHolds < s.capacity && s.startMs > nowMs;
}

/** Why a slot cannot be locked now, in this order: not lockable, disabled, already locked, full; or null. */
export function lockRefusal(s: SlotState): Refusal | null {
  if (!s.lockable) return { code: 'slot_locked', msg: 'The slot is not lockable' };
  if (s.status === 'disabled') return { code: 'slot_disabled', msg: 'The slot is disabled' };
  if (s.liveHolds > 0) return { code: 'slot_locked', msg: 'The slot is already locked' };
  if (s.active >= s.capacity) return { code: 'slot_full', msg: `The slot is full (capacity ${s.capacity})` };
  return null;
}

/** Why a slot cannot take `capacity`: fewer places than its scheduled or complete appointments; or null. */
export function capacityRefusal(s: SlotState, capacity: number): Refusal | null {
  return capacity < s.active
    ? { code: 'state_conflict', msg: `capacity ${capacity} is below the slot's ${s.active} scheduled or complete appointments` }
    : null;
}

/** Why a slot's time cannot change: appointments booked into it or a live lock would be left outside it; or null. */
export function retimeRefusal(s: SlotState): Refusal | null {
  if (s.active > 0) return { code: 'state_conflict', msg: 'The slot has scheduled or complete appointments: its time cannot change' };
  if (s.liveHolds > 0) return { code: 'slot_locked', msg: 'The slot is locked: its time cannot change until it is unlocked' };
  return null;
}
