import { AppError, invalid } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import {
  findConflicts, lockSlot, requireLocation, requireOperatoryAt, requireProviders, resolveSlot, slotConflict, slotOnWallClock,
  type Actor, type Booking, type Slot,
} from '../../appointments/index.ts';
import { listActiveOperatoryIds } from '../../practice/index.ts';
import { holdTokenHash, newHoldToken } from '../../core/tokens.ts';
import { insertHold, sweepExpiredHolds } from '../db/holds.ts';

/** A hold request as the API receives it. */
export interface CreateHoldInput {
  location_uuid: string;
  operatory_uuid?: string | null;
  provider_uuids?: string[];
  start_at?: string;
  end_at?: string;
  schedule_date?: string;
  start_time?: string;
  end_time?: string;
  ttl_seconds: number;
  /** The slot this hold locks (POST /slots/{id}/lock); not part of the API body. */
  slotId?: string;
  /** The patient a slot lock is kept for (checked by the caller); not part of the API body. */
  patientId?: string | null;
}

/**
 * The held range as a booking names it: given as a local date and wall-clock times, or as instants that
 * must fall on one local date and be nameable by the wall clock (not the second pass of a repeated hour).
 * 422 for both forms at once, neither, a gap time or an end not after the start.
 */
function heldSlot(i: CreateHoldInput, zone: string): Slot {
  const wall = i.schedule_date !== undefined || i.start_time !== undefined || i.end_time !== undefined;
  const instants = i.start_at !== undefined || i.end_at !== undefined;
  if (wall && instants) throw invalid(['body', 'start_at'], 'Give start_at and end_at, or schedule_date, start_time and end_time, not both');
  if (instants) {
    if (!i.start_at || !i.end_at) throw new AppError('missing', 'start_at and end_at go together', ['body', i.start_at ? 'end_at' : 'start_at']);
    const start = Date.parse(i.start_at);
    const end = Date.parse(i.end_at);
    // A leap second (…:60) passes the date-time format but names no instant here.
    if (Number.isNaN(start) || Number.isNaN(end)) throw invalid(['body', Number.isNaN(start) ? 'start_at' : 'end_at'], 'Not an instant');
    const slot = slotOnWallClock(zone, start, end);
    if (!slot) {
      throw invalid(['body', 'end_at'], 'start_at and end_at must lie on one local date at the location, end after the start, in whole '
        + 'seconds a booking can name (not the repeated hour\'s second pass)');
    }
    return slot;
  }
  if (!i.schedule_date || !i.start_time || !i.end_time) {
    const missing = !i.schedule_date ? 'schedule_date' : !i.start_time ? 'start_time' : 'end_time';
    throw new AppError('missing', `${missing} is required (or give start_at and end_at)`, ['body', missing]);
  }
  return resolveSlot(zone, i.schedule_date, i.start_time, i.end_time, null);
}

/** The first of the location's active chairs (display order) where the hold would meet no conflict, previewed without locks. */
async function firstFreeChair(db: Db, orgId: string, booking: Omit<Booking, 'operatoryId'>): Promise<string | null> {
  for (const operatoryId of await listActiveOperatoryIds(db, orgId, booking.locationId)) {
    if (!(await findConflicts(db, orgId, { ...booking, operatoryId }, false)).conflicts.length) return operatoryId;
  }
  return null;
}

/**
 * Holds a chair (the given one, else the first free one in display order) and optionally providers over a
 * range for `ttl_seconds`: under the same advisory locks as a booking of that chair and those providers,
 * refused with 409 slot_conflict when a booking there would be (appointments, provider time, no-schedule
 * blockouts, other live holds; no appointment rule or allow_overlap waives anything for a hold). Returns
 * the hold's id and its token, shown once. 404 unknown references, 422 bad times.
 */
export async function createHold(db: Db, actor: Actor, i: CreateHoldInput): Promise<{ id: string; token: string }> {
  const { orgId, scope } = actor;
  const location = await requireLocation(db, orgId, scope, i.location_uuid);
  if (!location.is_active) throw invalid(['body', 'location_uuid'], 'The location is inactive');
  const slot = heldSlot(i, location.timezone);
  const providerIds = [...new Set((i.provider_uuids ?? []).map((p) => p.toLowerCase()))];
  if (providerIds.length) await requireProviders(db, orgId, providerIds, ['body', 'provider_uuids']);
  const booking = {
    id: null, locationId: location.id, zone: location.timezone, typeId: null, pattern: null, slot,
    providers: providerIds.map((providerId) => ({ providerId, start: null, end: null })),
  };
  let operatoryId = i.operatory_uuid?.toLowerCase() ?? null;
  if (operatoryId) await requireOperatoryAt(db, orgId, scope, operatoryId, location.id);
  else operatoryId = await firstFreeChair(db, orgId, booking);
  if (!operatoryId) throw new AppError('slot_conflict', 'No chair at the location is free for the whole range', ['body']);
  const token = newHoldToken();
  const id = await withTransaction(db, async (tx) => {
    await lockSlot(tx, orgId, operatoryId, providerIds);
    const { conflicts } = await findConflicts(tx, orgId, { ...booking, operatoryId }, false);
    if (conflicts.length) throw slotConflict(conflicts, location.timezone);
    await sweepExpiredHolds(tx, orgId);
    return insertHold(tx, orgId, {
      locationId: location.id, operatoryId, providerIds, date: slot.date, startTime: slot.startTime, endTime: slot.endTime,
      startAt: new Date(slot.start).toISOString(), endAt: new Date(slot.end).toISOString(), ttlSeconds: i.ttl_seconds,
      tokenHash: holdTokenHash(token)!, createdBy: actor.userId, slotId: i.slotId ?? null,
      patientId: i.patientId ?? null,
    });
  });
  return { id, token };
}
