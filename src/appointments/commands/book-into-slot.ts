import { AppError, invalid, notFound } from '../../core/errors.ts';
import type { Db } from '../../core/db/client.ts';
import { holdTokenHash } from '../../core/tokens.ts';
import { CHAIR_OCCUPYING } from '../domain/status.ts';
import { slotOnWallClock } from '../domain/slot.ts';
import { findConflicts } from '../queries/find-conflicts.ts';
import { getAppointmentType } from '../db/appointment-types.ts';
import { lockSlotRow, readSlotPlace, type SlotPlace } from '../db/slot-bookings.ts';
import type { Actor, CreateAppointmentInput } from './book-appointment.ts';

/** A booking into a slot: a create request whose location, date and times come from the slot. */
export type SlotBookingInput = Omit<CreateAppointmentInput, 'location_uuid' | 'slot_uuid'> & { slot_uuid: string; location_uuid?: string };

/** The chair and provider a booking or a lock takes in a slot. */
export interface FreePlace {
  operatoryId: string;
  providerId: string | null;
}

/**
 * Locks the slot row, then reads its place (404 at `loc` when the slot is unknown or its location is outside
 * the caller's scope). The first lock of every write that counts against a slot: advisory locks come after.
 */
export async function requireSlotPlace(tx: Db, actor: Actor, slotId: string, loc: (string | number)[], tokenHash: Buffer | null): Promise<SlotPlace> {
  if (!(await lockSlotRow(tx, actor.orgId, slotId, actor.scope))) throw notFound('Slot', loc);
  return (await readSlotPlace(tx, actor.orgId, slotId, tokenHash))!;
}

/**
 * The first free chair of the slot's block (display order) and, when the block has providers, its first free
 * provider (by name), for the slot's whole range with `pattern` (null: the whole range is provider time);
 * `want` narrows either to the one given. Reads under the caller's slot lock, taking no advisory lock: the
 * booking's own conflict check decides. 409 slot_conflict when no chair, or no provider, is free.
 */
export async function pickFreePlace(
  tx: Db, orgId: string, place: SlotPlace, pattern: string | null, want: { operatoryId?: string | null; providerId?: string | null } = {},
): Promise<FreePlace> {
  if (want.operatoryId && (want.providerId || !place.provider_ids.length)) return { operatoryId: want.operatoryId, providerId: want.providerId ?? null };
  const providers = want.providerId ? [want.providerId] : place.provider_ids;
  const slot = slotOnWallClock(place.timezone, Date.parse(place.start_at), Date.parse(place.end_at));
  if (!slot) throw unnameable();
  for (const operatoryId of want.operatoryId ? [want.operatoryId] : place.operatory_ids) {
    const { conflicts } = await findConflicts(tx, orgId, {
      id: null, locationId: place.location_id, zone: place.timezone, operatoryId, typeId: null, pattern, slot,
      providers: providers.map((providerId) => ({ providerId, start: null, end: null })),
    }, false);
    // Conflicts without a provider take the chair; a provider's own are the same whichever free chair is tried.
    if (conflicts.some((c) => !c.providerId)) continue;
    const busy = new Set(conflicts.map((c) => c.providerId));
    const providerId = providers.find((p) => !busy.has(p)) ?? null;
    if (providers.length && !providerId) break;
    return { operatoryId, providerId };
  }
  throw new AppError('slot_conflict', 'No operatory and provider of the booking block is free for the whole slot', ['body']);
}

function unnameable(): AppError {
  return new AppError('state_conflict', 'The slot\'s time cannot be named on the location\'s wall clock (its time zone changed)', ['body']);
}

/** 422 for what a booking into a slot may not choose: its own date or times, or a status that takes no place. */
function refuseOwnTime(i: SlotBookingInput): void {
  for (const field of ['schedule_date', 'start_time', 'end_time'] as const) {
    if (i[field]) throw invalid(['body', field], 'A booking into a slot takes the slot\'s date and times');
  }
  if (i.status && !CHAIR_OCCUPYING.includes(i.status)) throw invalid(['body', 'status'], 'A booking into a slot takes a place: status scheduled or complete');
}

/** 409 slot_disabled, slot_locked (a live hold whose token the caller does not carry) or slot_full, in that order. */
export function refuseSlotState(place: SlotPlace): void {
  if (place.status === 'disabled') throw new AppError('slot_disabled', 'The slot is disabled: nothing can be booked into it', ['body']);
  if (place.live_holds > 0 && !place.held_by_caller) throw new AppError('slot_locked', 'The slot is locked by another booking', ['body']);
  if (place.active >= place.capacity) throw new AppError('slot_full', `The slot is full (capacity ${place.capacity})`, ['body']);
}

/** 422 when the request names an operatory or provider that does not serve the slot's booking block. */
function requireInBlock(place: SlotPlace, i: SlotBookingInput): void {
  if (i.operatory_uuid && !place.operatory_ids.includes(i.operatory_uuid.toLowerCase())) {
    throw invalid(['body', 'operatory_uuid'], 'The operatory is not an active operatory of the slot\'s booking block');
  }
  if (i.provider_uuid && !place.provider_ids.includes(i.provider_uuid.toLowerCase())) {
    throw invalid(['body', 'provider_uuid'], 'The provider is not an active provider of the slot\'s booking block');
  }
}

/**
 * Under the slot's row lock (taken here, first), completes a booking into the slot as a plain create request:
 * the slot's location, date and wall-clock times, the block's type unless one is named, and the first free
 * chair and provider of the block unless named (or held: with the slot's hold_token the hold's place is
 * converted). 404 at `loc` for an unknown slot; 409 slot_disabled, slot_locked, slot_full, slot_conflict;
 * 422 for a time or status of its own, another location, or an operatory or provider outside the block.
 */
export async function prepareSlotBooking(
  tx: Db, actor: Actor, i: SlotBookingInput, loc: (string | number)[],
): Promise<{ input: CreateAppointmentInput; slotId: string }> {
  refuseOwnTime(i);
  const place = await requireSlotPlace(tx, actor, i.slot_uuid.toLowerCase(), loc, i.hold_token ? holdTokenHash(i.hold_token) : null);
  if (i.location_uuid && i.location_uuid.toLowerCase() !== place.location_id) throw invalid(['body', 'location_uuid'], 'The slot is at another location');
  refuseSlotState(place);
  requireInBlock(place, i);
  const slot = slotOnWallClock(place.timezone, Date.parse(place.start_at), Date.parse(place.end_at));
  if (!slot) throw unnameable();
  const typeId = i.appointment_type_uuid ?? place.appointment_type_id;
  let chosen: { operatory_uuid?: string | null; provider_uuid?: string | null } = {};
  if (!place.held_by_caller) {
    const pattern = typeId === place.appointment_type_id ? place.time_pattern : (await getAppointmentType(tx, actor.orgId, typeId!))?.time_pattern ?? null;
    const free = await pickFreePlace(tx, actor.orgId, place, pattern, { operatoryId: i.operatory_uuid, providerId: i.provider_uuid });
    chosen = { operatory_uuid: free.operatoryId, provider_uuid: free.providerId };
  }
  return {
    slotId: place.id,
    input: {
      ...i, ...chosen, slot_uuid: null, bookingSlotId: place.id, location_uuid: place.location_id, appointment_type_uuid: typeId,
      schedule_date: slot.date, start_time: slot.startTime, end_time: slot.endTime,
    },
  };
}
