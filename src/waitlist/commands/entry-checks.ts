import { AppError, invalid, notFound } from '../../core/errors.ts';
import type { Db } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { wallSeconds } from '../../core/time.ts';
import { getAppointment, getAppointmentType } from '../../appointments/index.ts';
import { getDefinition, getLocation, getProvider } from '../../practice/index.ts';
import { recallPatientOf } from '../../recalls/index.ts';
import { allowedTargets, canTransition, type EntryStatus, type Via } from '../domain/entry-status.ts';
import type { EntryFields } from '../db/asap-entries.ts';

/**
 * 422 when the range or window the entry will have, `after`, is reversed: date_range_start after
 * date_range_end, or preferred_time_start not before preferred_time_end. The loc names the end field.
 */
export function requireRanges(after: Pick<EntryFields, 'date_range_start' | 'date_range_end' | 'preferred_time_start' | 'preferred_time_end'>): void {
  if (after.date_range_start !== null && after.date_range_end !== null && after.date_range_start > after.date_range_end) {
    throw invalid(['body', 'date_range_end'], `date_range_start (${after.date_range_start}) must not be after date_range_end (${after.date_range_end})`);
  }
  if (after.preferred_time_start !== null && after.preferred_time_end !== null
    && wallSeconds(after.preferred_time_start) >= wallSeconds(after.preferred_time_end)) {
    throw invalid(['body', 'preferred_time_end'],
      `preferred_time_start (${after.preferred_time_start}) must be before preferred_time_end (${after.preferred_time_end})`);
  }
}

/** The location's zone; 404 at `loc` when unknown or outside `scope`. */
export async function requireLocationZone(db: Db, orgId: string, scope: LocationScope, id: string, loc: (string | number)[]): Promise<string> {
  const location = await getLocation(db, orgId, id, scope);
  if (!location) throw notFound('Location', loc);
  return location.timezone;
}

/**
 * 404 at the body field for each reference the request names that is not in the organisation: type,
 * provider, priority (an AsapPriority definition), each additional location (also outside `scope`), and the
 * appointment (also outside `scope`), and the recall; 422 when the appointment or the recall is another patient's. Null
 * and omitted are not checked.
 */
export async function requireReferences(
  db: Db, orgId: string, scope: LocationScope, patientId: string, given: Partial<EntryFields>, additional: string[] | undefined,
): Promise<void> {
  if (given.appointment_type_id && !(await getAppointmentType(db, orgId, given.appointment_type_id))) {
    throw notFound('Appointment type', ['body', 'appointment_type_uuid']);
  }
  if (given.provider_id && !(await getProvider(db, orgId, given.provider_id))) throw notFound('Provider', ['body', 'provider_uuid']);
  if (given.priority_id) {
    const def = await getDefinition(db, orgId, given.priority_id);
    if (def?.category !== 'AsapPriority') throw notFound('ASAP priority (AsapPriority definition)', ['body', 'priority_uuid']);
  }
  for (const [i, id] of (additional ?? []).entries()) {
    if (!(await getLocation(db, orgId, id, scope))) throw notFound('Location', ['body', 'additional_location_uuids', i]);
  }
  if (given.appointment_id) {
    const appointment = await getAppointment(db, orgId, given.appointment_id, scope);
    if (!appointment) throw notFound('Appointment', ['body', 'appointment_uuid']);
    if (appointment.patient_id !== patientId) throw invalid(['body', 'appointment_uuid'], 'The appointment is another patient\'s');
  }
  if (given.recall_id) {
    const recallPatient = await recallPatientOf(db, orgId, given.recall_id);
    if (!recallPatient) throw notFound('Patient recall', ['body', 'recall_uuid']);
    if (recallPatient !== patientId) throw invalid(['body', 'recall_uuid'], 'The recall is another patient\'s');
  }
}

/** 409 state_conflict unless `via` may take the entry from `from` to `to` (ctx names what is allowed instead). */
export function requireTransition(from: EntryStatus, to: EntryStatus, via: Via, loc: (string | number)[] = []): void {
  if (canTransition(from, to, via)) return;
  const allowed = allowedTargets(from, via);
  const msg = allowed.length
    ? `Cannot ${via} an ASAP entry from ${from} to ${to}; from ${from} it can go to: ${allowed.join(', ')}`
    : `Cannot ${via} an ASAP entry that is ${from}`;
  throw new AppError('state_conflict', msg, loc, [], { status: from, requested: to, via, allowed });
}

/** 409 already_exists at body.patient_uuid naming the active entry of the same patient, location and type. */
export function entryExists(id: string | undefined): AppError {
  return new AppError('already_exists',
    `The patient already has an active ASAP entry${id ? ` (${id})` : ''} for this location and appointment type`,
    ['body', 'patient_uuid'], [], id ? { id } : undefined);
}
