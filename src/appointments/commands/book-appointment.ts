import { AppError, invalid } from '../../core/errors.ts';
import { CHAIR_OCCUPYING, initialStatus, type AppointmentStatus } from '../domain/status.ts';
import { resolveLocal, normalizeWallTime } from '../../core/time.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { insertHistory } from '../db/appointment-history.ts';
import { addProceduresFromCodes, findCodesToAdd, insertAppointment, insertAppointmentProviders } from '../db/appointments.ts';
import type { LocationScope } from '../../core/scope.ts';
import { requireNewAppointmentRefs, requireWithSlot } from '../queries/references.ts';
import { admitBooking } from './appointment-slot.ts';
import { resolveSlot, slotLockKeys, type Slot } from '../domain/slot.ts';

/** Who acts, where they may act. */
export interface Actor {
  orgId: string;
  userId: string | null;
  scope: LocationScope;
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
 * Creates an appointment: checks every reference (404; 422 for an operatory of another location or an
 * archived type), resolves the wall-clock slot in the location's zone (422 dst_gap), and — for a
 * scheduled or complete one — books it under the slot's locks after the conflict check (409
 * slot_conflict), adding the type's procedures and a `created` history entry, all in one transaction.
 */
export async function createAppointment(db: Db, actor: Actor, i: CreateAppointmentInput): Promise<string> {
  const { orgId, scope } = actor;
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
    });
    await insertAppointmentProviders(tx, orgId, id, providers.map((p) => ({
      providerId: p.providerId, role: 'primary', startTime: null, endTime: null, startAt: null, endAt: null,
    })));
    if (type) await addProceduresFromCodes(tx, orgId, id, await findCodesToAdd(tx, orgId, type.id), i.provider_uuid ?? null);
    await insertHistory(tx, orgId, id, 'created', {
      status, schedule_date: slot?.date ?? null, start_time: slot?.startTime ?? null, end_time: slot?.endTime ?? null,
      operatory_id: i.operatory_uuid ?? null, allow_overlap: i.allow_overlap ?? false,
    }, actor.userId);
    return id;
  });
}
