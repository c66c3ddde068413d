import { AppError, notFound } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { pickFreePlace, requireSlotPlace, type Actor, type SlotPlace } from '../../appointments/index.ts';
import { createHold, deleteSlotHolds } from '../../holds/index.ts';
import { getPatient } from '../../practice/index.ts';
import { lockSlotForChange } from '../db/slots.ts';
import { lockRefusal, type SlotState } from '../domain/slot-rules.ts';

/** A lock request as the API receives it. */
export interface SlotLockInput {
  ttl_seconds: number;
  patient_uuid?: string;
}

const stateOf = (p: SlotPlace): SlotState => ({
  status: p.status, capacity: p.capacity, lockable: p.lockable, startMs: Date.parse(p.start_at), active: p.active, liveHolds: p.live_holds,
});

/**
 * Locks a slot for one booking: under the slot's row lock, refuses 409 slot_locked (not lockable, or already
 * locked), slot_disabled or slot_full, then holds the slot's range for `ttl_seconds` on the block's first free
 * chair and provider (409 slot_conflict when none is free) through the holds area, so the lock is also taken
 * time for every other booking and search. With `patient_uuid` the hold is kept for that patient: only their
 * booking may convert it. 404 for an unknown slot or patient. Returns the hold, its token and the patient.
 */
export function takeSlotLock(
  db: Db, actor: Actor, slotId: string, i: SlotLockInput,
): Promise<{ holdId: string; token: string; patientId: string | null }> {
  return withTransaction(db, async (tx) => {
    const place = await requireSlotPlace(tx, actor, slotId, ['path', 'slot_id'], null);
    const patient = i.patient_uuid ? await getPatient(tx, actor.orgId, i.patient_uuid) : null;
    if (i.patient_uuid && !patient) throw notFound('Patient', ['body', 'patient_uuid']);
    const refusal = lockRefusal(stateOf(place));
    if (refusal) throw new AppError(refusal.code, refusal.msg, ['path', 'slot_id']);
    const free = await pickFreePlace(tx, actor.orgId, place, null);
    const hold = await createHold(tx, actor, {
      location_uuid: place.location_id, operatory_uuid: free.operatoryId, provider_uuids: free.providerId ? [free.providerId] : [],
      start_at: place.start_at, end_at: place.end_at, ttl_seconds: i.ttl_seconds, slotId: place.id, patientId: patient?.id ?? null,
    });
    return { holdId: hold.id, token: hold.token, patientId: patient?.id ?? null };
  });
}

/** Unlocks a slot (404 when unknown or outside the caller's locations): deletes every hold on it. Idempotent. */
export function releaseSlotLock(db: Db, actor: Actor, slotId: string): Promise<void> {
  return withTransaction(db, async (tx) => {
    if (!(await lockSlotForChange(tx, actor.orgId, slotId, actor.scope))) throw notFound('Slot', ['path', 'slot_id']);
    await deleteSlotHolds(tx, actor.orgId, slotId);
  });
}
