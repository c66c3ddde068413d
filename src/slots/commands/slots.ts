import { AppError, invalid, notFound, versionConflict } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { slotOnWallClock, type Actor } from '../../appointments/index.ts';
import { findBookingBlockZone } from '../db/booking-blocks.ts';
import {
  deleteSlotRow, getSlot, insertSlot, lockSlotAppointmentsToUnlink, lockSlotForChange, slotStateOf, updateSlotRow, type SlotFields, type SlotRow,
} from '../db/slots.ts';
import { capacityRefusal, retimeRefusal, type Refusal, type SlotStatus } from '../domain/slot-rules.ts';

/** A slot as the API's create body names it. */
export interface SlotInput {
  booking_block_id: string;
  start_date: string;
  end_date: string;
  capacity: number;
  status: SlotStatus;
  lockable: boolean;
  metadata?: Record<string, string>;
}

/** A PATCH: the block and the status are changed elsewhere (never; enable/disable). */
export type SlotChanges = Partial<Pick<SlotInput, 'start_date' | 'end_date' | 'capacity' | 'lockable' | 'metadata'>>;

const refused = (r: Refusal, loc: (string | number)[]) => new AppError(r.code, r.msg, loc);

/**
 * The slot's range as UTC instants, checked the way a booking into it will name it at the location: 422 when
 * the end is not after the start, or when the range is not on one local date in whole seconds (ending by
 * 23:59:59, not in the second pass of a repeated fall-back hour).
 */
function requireBookableRange(zone: string, startDate: string, endDate: string): { start_at: string; end_at: string } {
  const start = Date.parse(startDate);
  const end = Date.parse(endDate);
  if (!(end > start)) throw invalid(['body', 'end_date'], 'end_date must be after start_date');
  if (!slotOnWallClock(zone, start, end)) {
    throw invalid(['body', 'start_date'], `A slot lies within one local date at its location (${zone}), in whole seconds, ending by 23:59:59 `
      + 'and not in the repeated hour of a daylight-saving change, so that an appointment can name its times');
  }
  return { start_at: new Date(start).toISOString(), end_at: new Date(end).toISOString() };
}

/** Creates a slot of a booking block visible to the caller (404 at body.booking_block_id; 422 range); returns its id. */
export async function createSlot(db: Db, actor: Actor, i: SlotInput): Promise<string> {
  const block = await findBookingBlockZone(db, actor.orgId, i.booking_block_id, actor.scope);
  if (!block) throw notFound('Booking block', ['body', 'booking_block_id']);
  const range = requireBookableRange(block.timezone, i.start_date, i.end_date);
  return insertSlot(db, actor.orgId, i.booking_block_id, {
    ...range, capacity: i.capacity, status: i.status, lockable: i.lockable, metadata: i.metadata ?? {},
  });
}

/** Locks a slot visible to the caller and reads it afresh (404 at path.slot_id), checking `baseVersion` when given (409). */
async function lockedSlot(tx: Db, actor: Actor, id: string, baseVersion?: number): Promise<SlotRow> {
  const locked = await lockSlotForChange(tx, actor.orgId, id, actor.scope);
  if (!locked) throw notFound('Slot', ['path', 'slot_id']);
  if (baseVersion !== undefined && locked.version !== baseVersion) throw versionConflict(locked.version);
  return (await getSlot(tx, actor.orgId, id, actor.scope))!;
}

/**
 * Patches a slot at `baseVersion` under its row lock: 404, 409 version_conflict, 422 range; a new time is
 * refused while appointments are booked into it (409 state_conflict) or it is locked (409 slot_locked); a
 * capacity below its scheduled or complete appointments → 409 state_conflict.
 */
export function updateSlot(db: Db, actor: Actor, id: string, baseVersion: number, c: SlotChanges): Promise<void> {
  return withTransaction(db, async (tx) => {
    const row = await lockedSlot(tx, actor, id, baseVersion);
    const state = slotStateOf(row);
    const fields: Partial<SlotFields> = { capacity: c.capacity, lockable: c.lockable, metadata: c.metadata };
    if (c.start_date !== undefined || c.end_date !== undefined) {
      const range = requireBookableRange(row.timezone, c.start_date ?? row.start_at, c.end_date ?? row.end_at);
      if (range.start_at !== row.start_at || range.end_at !== row.end_at) {
        const refusal = retimeRefusal(state);
        if (refusal) throw refused(refusal, ['body', c.start_date !== undefined ? 'start_date' : 'end_date']);
        Object.assign(fields, range);
      }
    }
    const tooSmall = c.capacity === undefined ? null : capacityRefusal(state, c.capacity);
    if (tooSmall) throw refused(tooSmall, ['body', 'capacity']);
    await updateSlotRow(tx, actor.orgId, id, fields);
  });
}

/** Enables or disables a slot (404); the version moves only when the status changes. */
export function setSlotStatus(db: Db, actor: Actor, id: string, status: SlotStatus): Promise<void> {
  return withTransaction(db, async (tx) => {
    const row = await lockedSlot(tx, actor, id);
    if (row.status !== status) await updateSlotRow(tx, actor.orgId, id, { status });
  });
}

/**
 * Deletes a slot (404): 409 in_use while scheduled or complete appointments are booked into it; its cancelled
 * and broken appointments are unlinked (they stay, without a slot) and its holds are deleted with it.
 */
export function removeSlot(db: Db, actor: Actor, id: string): Promise<void> {
  return withTransaction(db, async (tx) => {
    await lockSlotAppointmentsToUnlink(tx, actor.orgId, id);
    const row = await lockedSlot(tx, actor, id);
    if (row.num_active > 0) {
      throw new AppError('in_use', `The slot has ${row.num_active} scheduled or complete appointments: cancel or move them first`, ['path', 'slot_id']);
    }
    await deleteSlotRow(tx, actor.orgId, id);
  });
}
