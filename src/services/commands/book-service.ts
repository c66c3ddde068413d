import { AppError, invalid, notFound } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import {
  dayOfWeek, formatEpochMs, formatWallSeconds, localDate, normalizeWallTime, resolveLocal, wallSeconds,
} from '../../core/time.ts';
import {
  countServiceOccurrenceBookings, createAppointment, insertServiceBooking, lockServiceOccurrence, type Actor,
} from '../../appointments/index.ts';
import { findAvailability } from '../../availability/index.ts';
import { getPatient } from '../../practice/index.ts';
import { windowForStart, type SlotWindow } from '../domain/occurrences.ts';
import { requireOfferedService, type OfferedService } from '../queries/offered-service.ts';

/** A booking request: the patient and the start, as an instant or as a local date and wall-clock time. */
export interface BookServiceInput {
  patient_uuid: string;
  start?: string;
  date?: string;
  time?: string;
}

/** A booking made: the appointment and where it went. Instants are epoch ms. */
export interface ServiceBooking {
  appointmentId: string;
  serviceId: number;
  timeSlotId: number;
  date: string;
  start: number;
  end: number;
  zone: string;
  patientId: string;
  providerId: string;
  operatoryId: string;
}

interface RequestedStart {
  date: string;
  time: string;
  ms: number;
  /** The body field that named the start, for the 400s. */
  field: 'start' | 'time';
}

/** The start as a local date and wall-clock time at the location (400 for both forms or neither, a gap time, a repeated-hour second pass). */
function requestedStart(i: BookServiceInput, zone: string): RequestedStart {
  const wall = i.date !== undefined || i.time !== undefined;
  if (i.start !== undefined && wall) throw invalid(['body', 'start'], 'Give start, or date and time, not both');
  if (i.start !== undefined) {
    const ms = Date.parse(i.start);
    // A leap second passes the format check but names no instant here.
    if (Number.isNaN(ms)) throw invalid(['body', 'start'], 'start is not an instant');
    const date = localDate(new Date(ms), zone);
    const time = formatEpochMs(ms, zone).slice(11, 19);
    if (resolveLocal(date, time, zone).at.epochMilliseconds !== ms) {
      throw invalid(['body', 'start'], 'start must be a whole second the location\'s clock can name (not the second pass of a repeated hour)');
    }
    return { date, time, ms, field: 'start' };
  }
  if (i.date === undefined || i.time === undefined) {
    throw new AppError('missing', 'Give start, or date and time', ['body', i.date === undefined && i.time === undefined ? 'start' : i.date === undefined ? 'date' : 'time']);
  }
  const time = normalizeWallTime(i.time)!;
  const at = resolveLocal(i.date, time, zone);
  if (at.kind === 'gap') throw invalid(['body', 'time'], `${time} does not exist on ${i.date} in ${zone} (daylight-saving gap)`, 'dst_gap');
  return { date: i.date, time, ms: at.at.epochMilliseconds, field: 'time' };
}

/** The time slot whose window holds the booking, on its session grid and not in the past; 400 otherwise. */
function requireWindow(s: OfferedService, at: RequestedStart, now: Date): SlotWindow {
  const hit = windowForStart(s.windows, dayOfWeek(at.date), wallSeconds(at.time), s.lengthMinutes);
  if (!hit) throw invalid(['body', at.field], `No time slot of the service holds a ${s.lengthMinutes}-minute booking starting ${at.date} ${at.time}`);
  if (!hit.onGrid) {
    throw invalid(['body', at.field], `Bookings in time slot ${hit.window.id} start every ${s.lengthMinutes} minutes from ${hit.window.startTime}`);
  }
  if (at.ms < now.getTime()) throw invalid(['body', at.field], 'The start is in the past');
  return hit.window;
}

/** The first provider (by name) and chair (display order) free for the booking, read under the occurrence's lock; 409 when none. */
async function findPlace(tx: Db, orgId: string, s: OfferedService, at: RequestedStart, now: Date) {
  const { starts } = await findAvailability(tx, orgId, {
    location: s.location, dateFrom: at.date, dateTo: at.date, durationMinutes: s.lengthMinutes, type: s.type,
    providerIds: s.service.provider_ids.length ? s.service.provider_ids : null, operatoryIds: null,
    earliestTime: at.time, latestTime: formatWallSeconds(wallSeconds(at.time) + s.lengthMinutes * 60),
    daysOfWeek: null, stepMinutes: 1, limit: 1, onePerStart: true, now,
  });
  if (!starts[0]) throw new AppError('slot_conflict', 'No provider and chair of the service is free at this start', ['body', at.field]);
  return starts[0];
}

/**
 * Books a patient into an occurrence of an offered service (404 otherwise; 400 for a start outside every
 * time slot's sessions or in the past). In one transaction, under the occurrence's advisory lock: 409
 * slot_full when its chair-occupying bookings reach `max_bookings`, 409 slot_conflict when no provider and
 * chair is free; else a scheduled appointment through `createAppointment` (nested in this transaction),
 * recorded as the occurrence's booking.
 */
export async function bookService(db: Db, actor: Actor, serviceId: number, input: BookServiceInput, now: Date): Promise<ServiceBooking> {
  const { orgId } = actor;
  const s = await requireOfferedService(db, orgId, actor.scope, serviceId);
  const zone = s.location.timezone;
  const at = requestedStart(input, zone);
  const window = requireWindow(s, at, now);
  if (!(await getPatient(db, orgId, input.patient_uuid))) throw notFound('Patient', ['body', 'patient_uuid']);
  return withTransaction(db, async (tx) => {
    await lockServiceOccurrence(tx, orgId, window.id, at.date);
    if ((await countServiceOccurrenceBookings(tx, orgId, window.id, at.date)) >= window.maxBookings) {
      throw new AppError('slot_full', `Every place of time slot ${window.id} on ${at.date} is taken (${window.maxBookings})`, ['body', at.field]);
    }
    const place = await findPlace(tx, orgId, s, at, now);
    const appointmentId = await createAppointment(tx, actor, {
      patient_uuid: input.patient_uuid, location_uuid: s.location.id, operatory_uuid: place.operatoryId, provider_uuid: place.providerId,
      appointment_type_uuid: s.type?.id ?? null, schedule_date: at.date, start_time: at.time,
      end_time: s.type ? null : place.endTime, status: 'scheduled',
    });
    await insertServiceBooking(tx, orgId, appointmentId, { serviceId, timeSlotId: window.id, date: at.date });
    return {
      appointmentId, serviceId, timeSlotId: window.id, date: at.date, start: place.start, end: place.end, zone,
      patientId: input.patient_uuid.toLowerCase(), providerId: place.providerId, operatoryId: place.operatoryId,
    };
  });
}
