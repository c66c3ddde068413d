import { AppError, invalid } from '../../core/errors.ts';
import { CHAIR_OCCUPYING, initialStatus, type AppointmentStatus } from '../domain/status.ts';
import { resolveLocal, normalizeWallTime } from '../../core/time.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { holdTokenHash } from '../../core/tokens.ts';
import { tellListeners, type AppointmentReadBack } from './appointment-events.ts';
import { claimHold, findHoldByToken, type HeldPlace } from '../db/hold-claims.ts';
import { linkAppointmentToSlot } from '../db/slot-bookings.ts';
import { addProceduresFromCodes, findCodesToAdd, insertAppointment } from '../db/appointments.ts';
import type { LocationScope } from '../../core/scope.ts';
import { requireNewAppointmentRefs, requireWithSlot } from '../queries/references.ts';
import { admitBooking } from './appointment-slot.ts';
import { prepareSlotBooking, type SlotBookingInput } from './book-into-slot.ts';
import { prepareServiceBooking } from './book-into-service.ts';
import { insertServiceBooking } from '../db/service-claims.ts';
import { resolveSlot, slotLockKeys, type Slot } from '../domain/slot.ts';

/** Who acts, where they may act. */
export interface Actor {
  orgId: string;
  userId: string | null;
  scope: LocationScope;
  /** The request's instant (the app's injected clock), told to the listeners of each change; optional for callers without one. */
  now?: Date;
}

/** A create request as the API receives it (the contract's CreateAppointmentIn plus our additions). */
export interface CreateAppointmentInput {
  patient_uuid: string;
  location_uuid: string;
  operatory_uuid?: string | null;
  appointment_type_uuid?: string | null;
  provider_uuid?: string | null;
  confirmation_status_uuid?: string | null;
  schedule_date?: string | null;
  start_time?: string | null;
  end_time?: string | null;
  ask_to_arrive_time?: string | null;
  status?: AppointmentStatus;
  note?: string | null;
  priority?: number;
  is_new_patient?: boolean;
  color_override?: string | null;
  allow_overlap?: boolean;
  /** A live hold's token: the appointment takes the held place (our addition). */
  hold_token?: string | null;
  /** A slot to book into: its time, block and capacity decide the place (our addition; bookIntoSlot). */
  slot_uuid?: string | null;
  /** A service whose occurrence the booking counts against (our addition; bookIntoService). */
  service_id?: number | null;
  /** Set by prepareSlotBooking only (never from a request): the slot this create completes a booking into. */
  bookingSlotId?: string;
}

/** The ask-to-arrive instant on the appointment's date (422 dst_gap), or null. */
export function askToArriveAt(zone: string, date: string | null, time: string | null | undefined): Date | null {
  if (!time) return null;
  if (!date) throw invalid(['body', 'ask_to_arrive_time'], 'ask_to_arrive_time needs a schedule_date');
  const at = resolveLocal(date, normalizeWallTime(time)!, zone);
  if (at.kind === 'gap') throw invalid(['body', 'ask_to_arrive_time'], `${time} does not exist on ${date} (daylight-saving gap)`, 'dst_gap');
  return new Date(at.at.epochMilliseconds);
}

function requestedSlot(i: CreateAppointmentInput, zone: string, duration: number | null): Slot | null {
  if (!i.schedule_date && !i.start_time && !i.end_time) return null;
  if (!i.schedule_date) throw new AppError('missing', 'schedule_date is required with start_time', ['body', 'schedule_date']);
  if (!i.start_time) throw new AppError('missing', 'start_time is required with schedule_date', ['body', 'start_time']);
  return resolveSlot(zone, i.schedule_date, i.start_time, i.end_time, duration);
}

/**
 * The create request completed from the hold its `hold_token` names (chair, first provider and, when the
 * request names no time, the held date and times), or the request as it is without a token. 409
 * hold_invalid for a token that names no hold of the organisation or one at another location, 409
 * hold_expired for an expired one.
 */
async function withHold(db: Db, orgId: string, i: CreateAppointmentInput): Promise<{ input: CreateAppointmentInput; hold: HeldPlace | null }> {
  if (!i.hold_token) return { input: i, hold: null };
  const hash = holdTokenHash(i.hold_token);
  const hold = hash ? await findHoldByToken(db, orgId, hash) : undefined;
  if (!hold) throw new AppError('hold_invalid', 'hold_token names no hold of this organisation', ['body', 'hold_token']);
  if (!hold.live) throw new AppError('hold_expired', 'The hold has expired: hold the time again', ['body', 'hold_token']);
  if (hold.location_id !== i.location_uuid.toLowerCase()) throw new AppError('hold_invalid', 'The hold is at another location', ['body', 'location_uuid']);
  if (hold.patient_id && hold.patient_id !== i.patient_uuid.toLowerCase()) {
    throw new AppError('hold_invalid', 'The hold keeps its place for another patient', ['body', 'patient_uuid']);
  }
  if (hold.slot_id && i.bookingSlotId && hold.slot_id !== i.bookingSlotId) throw new AppError('hold_invalid', 'The hold locks another slot', ['body', 'hold_token']);
  if (i.status && !CHAIR_OCCUPYING.includes(i.status)) throw invalid(['body', 'status'], 'A booking with a hold takes its chair: status scheduled or complete');
  const timed = !!(i.schedule_date || i.start_time || i.end_time);
  return {
    hold,
    input: {
      ...i, operatory_uuid: i.operatory_uuid ?? hold.operatory_id, provider_uuid: i.provider_uuid ?? hold.provider_ids[0] ?? null,
      ...(timed ? {} : { schedule_date: hold.schedule_date, start_time: hold.start_time, end_time: hold.end_time }),
    },
  };
}

/**
 * Under the slot's locks, takes the hold's place: deletes the hold (409 hold_expired when it expired, was
 * released or converted meanwhile) and refuses a booking outside it (422: another chair, a provider the
 * hold does not hold, a time outside the held range).
 */
async function convertHold(tx: Db, orgId: string, hold: HeldPlace, i: CreateAppointmentInput, slot: Slot): Promise<void> {
  if (!(await claimHold(tx, orgId, hold.id))) throw new AppError('hold_expired', 'The hold expired or was used meanwhile: hold the time again', ['body', 'hold_token']);
  if (i.operatory_uuid?.toLowerCase() !== hold.operatory_id) throw invalid(['body', 'operatory_uuid'], 'The hold is for another operatory');
  if (hold.provider_ids.length && i.provider_uuid && !hold.provider_ids.includes(i.provider_uuid.toLowerCase())) {
    throw invalid(['body', 'provider_uuid'], 'The hold does not hold this provider\'s time');
  }
  if (slot.start < Date.parse(hold.start_at) || slot.end > Date.parse(hold.end_at)) {
    throw invalid(['body', 'start_time'], `The appointment must lie within the held time (${hold.start_time}–${hold.end_time} on ${hold.schedule_date})`);
  }
}

/**
 * Creates an appointment: checks every reference (404; 422 for an operatory of another location or an
 * archived type), resolves the wall-clock slot in the location's zone (422 dst_gap), and — for a
 * scheduled or complete one — books it under the slot's locks after the conflict check (409
 * slot_conflict), adding the type's procedures and a `created` history entry, all in one transaction.
 * With a `hold_token`, the hold's place is taken and the hold deleted in that same transaction (409
 * hold_invalid when the hold is kept for another patient). With a `slot_uuid`, or the token of a slot's lock,
 * the slot decides the place first (bookIntoSlot); with a `service_id`, the booking counts against the
 * service's occurrence (bookIntoService).
 */
export async function createAppointment(db: Db, actor: Actor, request: CreateAppointmentInput): Promise<string> {
  return (await create(db, actor, request, false)).id;
}

/**
 * Creates an appointment as createAppointment does and returns, with its id, the appointment as the answer shows it,
 * read in the transaction's last statement (the one its listeners share) — or null where a later write in the
 * transaction may change it (a booking into a slot or a service, a listener that re-pointed its recall): the caller
 * then reads it after the commit.
 */
export function createAppointmentAndReadBack(db: Db, actor: Actor, request: CreateAppointmentInput): Promise<Created> {
  return create(db, actor, request, true);
}

interface Created {
  id: string;
  readBack: AppointmentReadBack | null;
}

async function create(db: Db, actor: Actor, request: CreateAppointmentInput, readBack: boolean): Promise<Created> {
  const elsewhere = (id: Promise<string>) => id.then((x) => ({ id: x, readBack: null }));
  if (typeof request.service_id === 'number') return elsewhere(bookIntoService(db, actor, { ...request, service_id: request.service_id }));
  if (request.slot_uuid) return elsewhere(bookIntoSlot(db, actor, { ...request, slot_uuid: request.slot_uuid }));
  const { orgId, scope } = actor;
  const { input: i, hold } = await withHold(db, orgId, request);
  // A slot lock's token books into its slot, named or not, so the slot counts the booking.
  if (hold?.slot_id && !request.bookingSlotId) return elsewhere(bookIntoSlot(db, actor, { ...request, slot_uuid: hold.slot_id }));
  // Whether there is a slot, and so the status, is known from the request alone (a partial one is refused below).
  const status = i.status ?? initialStatus(!!(i.schedule_date || i.start_time || i.end_time) && !!i.operatory_uuid);
  const occupying = CHAIR_OCCUPYING.includes(status);
  const providers = i.provider_uuid ? [{ providerId: i.provider_uuid.toLowerCase(), start: null, end: null }] : [];
  // A complete booking request takes its slot's locks in the statement that reads its references (one
  // round trip less); the conflict read still comes after, in a statement of its own.
  const lockKeys = occupying && i.schedule_date && i.start_time && i.operatory_uuid
    ? slotLockKeys(orgId, i.operatory_uuid, providers.map((p) => p.providerId)) : [];
  return withTransaction(db, async (tx) => {
    const { location, type, confirmationId: confirmation } = await requireNewAppointmentRefs(tx, orgId, scope, i, lockKeys);
    const slot = requestedSlot(i, location.timezone, type?.duration_minutes ?? null);
    if (occupying && !slot) throw requireWithSlot('schedule_date');
    if (occupying && !i.operatory_uuid) throw requireWithSlot('operatory_uuid');
    if (hold) await convertHold(tx, orgId, hold, i, slot!);
    const overlapPermitted = occupying && slot ? (await admitBooking(tx, orgId, {
      id: null, locationId: location.id, zone: location.timezone, operatoryId: i.operatory_uuid!.toLowerCase(), typeId: type?.id ?? null,
      pattern: type?.time_pattern ?? null, slot, providers,
    }, i.allow_overlap ?? false, lockKeys.length > 0)).overlapPermitted : false;
    const id = await insertAppointment(tx, orgId, {
      patient_id: i.patient_uuid, location_id: location.id, operatory_id: i.operatory_uuid ?? null,
      appointment_type_id: type?.id ?? null, status, schedule_date: slot?.date ?? null,
      start_time: slot?.startTime ?? null, end_time: slot?.endTime ?? null,
      start_at: slot ? new Date(slot.start).toISOString() : null, end_at: slot ? new Date(slot.end).toISOString() : null,
      ask_to_arrive_at: askToArriveAt(location.timezone, slot?.date ?? null, i.ask_to_arrive_time)?.toISOString() ?? null,
      note: i.note ?? '', priority: i.priority ?? 0, is_new_patient: i.is_new_patient ?? false,
      color_override: i.color_override ?? null, confirmation_status_id: confirmation, overlap_permitted: overlapPermitted,
    }, providers.map((p) => ({ providerId: p.providerId, role: 'primary', startTime: null, endTime: null, startAt: null, endAt: null })), {
      changes: {
        status, schedule_date: slot?.date ?? null, start_time: slot?.startTime ?? null, end_time: slot?.endTime ?? null,
        operatory_id: i.operatory_uuid ?? null, allow_overlap: i.allow_overlap ?? false, ...(hold ? { hold_id: hold.id } : {}),
      },
      actorUserId: actor.userId,
    });
    if (type) await addProceduresFromCodes(tx, orgId, id, await findCodesToAdd(tx, orgId, type.id), i.provider_uuid ?? null);
    // The `created` history entry went in with the appointment.
    return { id, readBack: await tellListeners(tx, actor, id, 'created', null, {}, readBack) };
  });
}

/**
 * Books with a `service_id` (POST /appointments) in one transaction: prepareServiceBooking takes the occurrence's
 * lock first and refuses a full one (404, 422, 409 slot_full), then it is booked as any create (advisory locks,
 * conflict check) and recorded as the occurrence's booking, as POST /services/{id}/bookings records one.
 */
export function bookIntoService(db: Db, actor: Actor, request: CreateAppointmentInput & { service_id: number }): Promise<string> {
  return withTransaction(db, async (tx) => {
    const { input, claim } = await prepareServiceBooking(tx, actor, request);
    const id = await createAppointment(tx, actor, input);
    await insertServiceBooking(tx, actor.orgId, id, claim);
    return id;
  });
}

/**
 * Books into a slot (POST /appointments with slot_uuid, POST /slots/{id}/appointments) in one transaction:
 * prepareSlotBooking locks the slot row first and completes the request from the slot (404 at `loc`, 409
 * slot_disabled / slot_locked / slot_full, 422), then it is booked as any create (advisory locks, conflict
 * check) and linked to the slot.
 */
export function bookIntoSlot(db: Db, actor: Actor, request: SlotBookingInput, loc: (string | number)[] = ['body', 'slot_uuid']): Promise<string> {
  return withTransaction(db, async (tx) => {
    const { input, slotId } = await prepareSlotBooking(tx, actor, request, loc);
    const id = await createAppointment(tx, actor, input);
    await linkAppointmentToSlot(tx, actor.orgId, id, slotId);
    return id;
  });
}
