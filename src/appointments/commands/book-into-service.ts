import { AppError, invalid, notFound } from '../../core/errors.ts';
import type { Db } from '../../core/db/client.ts';
import { dayOfWeek, formatWallSeconds, normalizeWallTime, wallSeconds } from '../../core/time.ts';
import { CHAIR_OCCUPYING } from '../domain/status.ts';
import { countServiceOccurrenceBookings, findServiceWindow, lockServiceOccurrence, type ServiceClaim } from '../db/service-claims.ts';
import type { Actor, CreateAppointmentInput } from './book-appointment.ts';

/** 422 for what a service booking may not be: also a slot booking or a hold's conversion, or without a place (status, time, chair). */
function refuseUncountable(i: CreateAppointmentInput): { date: string; startTime: string } {
  if (i.slot_uuid) throw invalid(['body', 'service_id'], 'A booking counts against a slot or a service occurrence, not both');
  if (i.hold_token) throw invalid(['body', 'hold_token'], 'A booking with service_id takes no hold_token: it names its own chair and time');
  if (i.status && !CHAIR_OCCUPYING.includes(i.status)) throw invalid(['body', 'status'], 'A service booking takes a place: status scheduled or complete');
  if (!i.schedule_date) throw new AppError('missing', 'schedule_date is required with service_id', ['body', 'schedule_date']);
  if (!i.start_time) throw new AppError('missing', 'start_time is required with service_id', ['body', 'start_time']);
  if (!i.operatory_uuid) throw new AppError('missing', 'operatory_uuid is required with service_id: the booking takes a chair', ['body', 'operatory_uuid']);
  return { date: i.schedule_date, startTime: normalizeWallTime(i.start_time)! };
}

/**
 * Completes a direct booking that names a service (POST /appointments with `service_id`), in the caller's
 * transaction: finds the service (404 unknown or outside the caller's locations; 422 at another location) and the
 * time slot whose window holds the start on its weekday (422 none), takes that occurrence's lock — before the
 * booking's chair and provider locks, as POST /services/{id}/bookings does — and refuses a full occurrence (409
 * slot_full). The request keeps its own chair, provider and times; the service's type, else its length, fills in
 * what it leaves out. Returns the create request and the occurrence to record the booking in.
 */
export async function prepareServiceBooking(
  tx: Db, actor: Actor, i: CreateAppointmentInput & { service_id: number },
): Promise<{ input: CreateAppointmentInput; claim: ServiceClaim }> {
  const { date, startTime } = refuseUncountable(i);
  const service = await findServiceWindow(tx, actor.orgId, actor.scope, i.service_id, dayOfWeek(date), startTime);
  if (!service) throw notFound('Service', ['body', 'service_id']);
  if (service.location_id !== i.location_uuid.toLowerCase()) throw invalid(['body', 'location_uuid'], 'The service is offered at another location');
  if (service.time_slot_id === null || service.max_bookings === null) {
    throw invalid(['body', 'start_time'], `No time slot of service ${i.service_id} holds a start at ${startTime} on ${date}`);
  }
  await lockServiceOccurrence(tx, actor.orgId, service.time_slot_id, date);
  const taken = await countServiceOccurrenceBookings(tx, actor.orgId, service.time_slot_id, date);
  if (taken >= service.max_bookings) {
    throw new AppError('slot_full', `Every place of time slot ${service.time_slot_id} on ${date} is taken (${service.max_bookings})`, ['body', 'service_id']);
  }
  const typeId = i.appointment_type_uuid ?? service.appointment_type_id;
  const endSeconds = !i.end_time && !typeId && service.duration_minutes ? wallSeconds(startTime) + service.duration_minutes * 60 : null;
  if (endSeconds !== null && endSeconds >= 86_400) throw invalid(['body', 'end_time'], 'The booking would end after midnight; give an end_time');
  return {
    input: { ...i, service_id: null, appointment_type_uuid: typeId, end_time: endSeconds === null ? i.end_time : formatWallSeconds(endSeconds) },
    claim: { serviceId: i.service_id, timeSlotId: service.time_slot_id, date },
  };
}
