import { AppError, invalid, notFound } from '../../core/errors.ts';
import { findProviderIds, getDefinition, getLocation, getOperatory, type DefinitionCategory, type LocationRow } from '../../practice/index.ts';
import type { Db } from '../../core/db/client.ts';
import { getAppointmentType, type AppointmentTypeWithLinks } from '../db/appointment-types.ts';
import type { LocationScope } from '../../core/scope.ts';
import { readAppointmentRefs } from '../db/appointment-refs.ts';

/** The location of a write, visible in `scope` (404 at body.location_uuid otherwise). */
export async function requireLocation(db: Db, orgId: string, scope: LocationScope, id: string): Promise<LocationRow> {
  const location = await getLocation(db, orgId, id, scope);
  if (!location) throw notFound('Location', ['body', 'location_uuid']);
  return location;
}

/** An operatory at `locationId` (404 when unknown or invisible, 422 when at another location). */
export async function requireOperatoryAt(db: Db, orgId: string, scope: LocationScope, id: string, locationId: string): Promise<void> {
  checkOperatoryAt((await getOperatory(db, orgId, id, scope))?.location_id, locationId);
}

/** 404 when the operatory was not found (`at` undefined or null), 422 when it is at another location than `locationId`. */
function checkOperatoryAt(at: string | null | undefined, locationId: string): void {
  if (!at) throw notFound('Operatory', ['body', 'operatory_uuid']);
  if (at !== locationId) throw invalid(['body', 'operatory_uuid'], 'The operatory is not at the appointment\'s location');
}

/** An active appointment type usable at `locationId` (404 unknown; 422 archived or limited to other locations). */
export async function requireAppointmentType(db: Db, orgId: string, id: string, locationId: string): Promise<AppointmentTypeWithLinks> {
  const type = await getAppointmentType(db, orgId, id);
  if (!type) throw notFound('Appointment type', ['body', 'appointment_type_uuid']);
  if (type.status !== 'active') throw invalid(['body', 'appointment_type_uuid'], 'The appointment type is archived');
  if (type.locations.length && !type.locations.some((l) => l.id === locationId)) {
    throw invalid(['body', 'appointment_type_uuid'], 'The appointment type is not offered at this location');
  }
  return type;
}

/** Providers of the organisation, in the given order (404 naming the first unknown one). */
export async function requireProviders(db: Db, orgId: string, ids: string[], loc: (string | number)[]): Promise<void> {
  checkProviders(ids, await findProviderIds(db, orgId, ids), loc);
}

function checkProviders(ids: string[], foundIds: string[], loc: (string | number)[]): void {
  const found = new Set(foundIds);
  const missing = ids.findIndex((id) => !found.has(id.toLowerCase()));
  if (missing >= 0) throw notFound('Provider', ids.length === 1 ? loc : [...loc, missing]);
}

/** A definition of `category` (404 at `loc` when unknown or of another category). */
export async function requireDefinition(db: Db, orgId: string, id: string, category: DefinitionCategory, loc: (string | number)[]): Promise<string> {
  const def = await getDefinition(db, orgId, id);
  if (!def || def.category !== category) throw notFound(category === 'ApptConfirmed' ? 'Confirmation status' : 'Definition', loc);
  return def.id;
}

/** The references of a new appointment as the create request names them. */
export interface NewAppointmentRefs {
  location_uuid: string;
  patient_uuid: string;
  operatory_uuid?: string | null;
  appointment_type_uuid?: string | null;
  provider_uuid?: string | null;
  confirmation_status_uuid?: string | null;
}

/**
 * Every reference of a new appointment, read in one statement (the type, with its links, in a second
 * when given) and checked in the order of the fields with the errors of the require* functions above:
 * location, patient, operatory, type, provider, confirmation status (the organisation's default when
 * none is given). The statement first takes the advisory locks `lockKeys` (in order; none when empty).
 */
export async function requireNewAppointmentRefs(
  db: Db, orgId: string, scope: LocationScope, i: NewAppointmentRefs, lockKeys: string[],
): Promise<{
  location: { id: string; timezone: string }; type: AppointmentTypeWithLinks | null; confirmationId: string | null;
}> {
  const refs = await readAppointmentRefs(db, orgId, scope, {
    locationId: i.location_uuid, patientId: i.patient_uuid, operatoryId: i.operatory_uuid ?? null,
    providerIds: i.provider_uuid ? [i.provider_uuid] : [], confirmationId: i.confirmation_status_uuid ?? null, lockKeys,
  });
  if (!refs.location_id) throw notFound('Location', ['body', 'location_uuid']);
  if (!refs.patient_found) throw notFound('Patient', ['body', 'patient_uuid']);
  if (i.operatory_uuid) checkOperatoryAt(refs.operatory_location_id, refs.location_id);
  const type = i.appointment_type_uuid ? await requireAppointmentType(db, orgId, i.appointment_type_uuid, refs.location_id) : null;
  if (i.provider_uuid) checkProviders([i.provider_uuid], refs.provider_ids, ['body', 'provider_uuid']);
  if (i.confirmation_status_uuid && !refs.confirmation_id) throw notFound('Confirmation status', ['body', 'confirmation_status_uuid']);
  return {
    location: { id: refs.location_id, timezone: refs.timezone! }, type,
    confirmationId: i.confirmation_status_uuid ? refs.confirmation_id : refs.default_confirmation_id,
  };
}

/** 422 missing: a field a chair-occupying (scheduled or complete) appointment cannot do without. */
export function requireWithSlot(field: string): AppError {
  return new AppError('missing', `${field} is required for a scheduled appointment`, ['body', field]);
}
