import { Type } from '@sinclair/typebox';
import { notFound } from '../../core/errors.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { responses } from '../../core/http/schemas.ts';
import { AppointmentSchema, bookIntoSlot, getAppointment, toAppointmentJson } from '../../appointments/index.ts';
import { releaseSlotLock, takeSlotLock } from '../commands/slot-locks.ts';
import { BookIntoSlotBody, LockSlotBody, LockedSlotSchema, SlotParams, SlotSchema } from '../schemas/slots.ts';
import { SLOTS, slotJson } from './slots.ts';
import { requestActor } from '../../core/http/auth.ts';

const tags = ['Slots'];
const config = { scope: 'booking:write' as const };

const LOCK = `Locking a slot takes a hold (see Holds) over the slot's whole range on the booking block's first free chair (display order)
and first free provider (by name), for \`ttl_seconds\`: while it lives the slot is locked (\`locked_until\` is the hold's expiry, \`available\`
is false), nobody else can book into it (409 \`slot_locked\`) and its chair and provider time are taken for every other booking and search.
The lock's \`hold_token\` books the locked place: POST /slots/{slot_id}/appointments or POST /appointments with \`hold_token\` (and
\`slot_uuid\`, which may be left out: the token names the slot). A lock taken with \`patient_uuid\` is kept for that patient: a
booking with its token for anyone else → 409 \`hold_invalid\` (the lock stays). The lock ends when it expires, when it is converted,
on unlock, or on DELETE /holds/{hold_id}.`;

/** The slot actions that book: lock, unlock and booking into the slot. */
export function slotActionsRoutes(app: Api, deps: Deps): void {
  app.post('/slots/:slot_id/lock', {
    config, schema: {
      tags, summary: 'Lock a slot', description: `${SLOTS}\n\n${LOCK}\n\n200 with the slot, \`hold_id\` and \`hold_token\` (shown only here). `
        + '409 `slot_locked` when the slot is not `lockable` or already locked, 409 `slot_disabled`, 409 `slot_full` (as many scheduled or '
        + 'complete appointments as its capacity), 409 `slot_conflict` when no chair or provider of the block is free for the whole slot. '
        + 'An unknown `patient_uuid` → 404; a known one is kept on the lock (`patient_uuid` in the answer and on the hold). A slot that '
        + 'has started can still be locked (`available` tells whether to).',
      params: SlotParams, body: LockSlotBody, response: responses({ 200: Type.Ref(LockedSlotSchema) }, [403, 404, 409]),
    },
  }, async (req) => {
    const { holdId, token, patientId } = await takeSlotLock(deps.db, requestActor(req, deps.clock), req.params.slot_id, req.body);
    const slot = await slotJson(deps, req.auth.orgId, req.params.slot_id, req.auth.locationIds);
    return { ...slot, hold_id: holdId, hold_token: token, patient_uuid: patientId };
  });

  app.post('/slots/:slot_id/unlock', {
    config, schema: {
      tags, summary: 'Unlock a slot', description: `${SLOTS}\n\n${LOCK}\n\nReleases every hold on the slot at once and returns the slot (200), `
        + 'also when it was not locked. Any caller with `booking:write` who can see the slot may unlock it.',
      params: SlotParams, response: responses({ 200: Type.Ref(SlotSchema) }, [403, 404]),
    },
  }, async (req) => {
    await releaseSlotLock(deps.db, requestActor(req, deps.clock), req.params.slot_id);
    return slotJson(deps, req.auth.orgId, req.params.slot_id, req.auth.locationIds);
  });

  app.post('/slots/:slot_id/appointments', {
    config, schema: {
      tags, summary: 'Book into a slot', description: `${SLOTS}\n\nThe same as POST /appointments with \`slot_uuid\` (see that field): the `
        + 'appointment takes the slot\'s location, date and times, the block\'s type unless one is given, and the first free chair and '
        + 'provider of the block unless given (422 when outside the block). 409 `slot_disabled`, 409 `slot_locked` (locked by another: '
        + 'with the lock\'s `hold_token` the locker books), 409 `slot_full`, then the conflict check (409 `slot_conflict`). Bookings into '
        + 'one slot are serialised on the slot, so its capacity is never exceeded. Cancelling or breaking the appointment frees its place.',
      params: SlotParams, body: BookIntoSlotBody, response: responses({ 201: Type.Ref(AppointmentSchema) }, [403, 404, 409]),
    },
  }, async (req, reply) => {
    const id = await bookIntoSlot(deps.db, requestActor(req, deps.clock), { ...req.body, slot_uuid: req.params.slot_id }, ['path', 'slot_id']);
    const row = await getAppointment(deps.db, req.auth.orgId, id, req.auth.locationIds);
    if (!row) throw notFound('Appointment', ['path', 'slot_id']);
    return reply.code(201).send(toAppointmentJson(row));
  });
}
