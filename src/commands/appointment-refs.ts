import { AppError, invalid, notFound } from '../domain/errors.ts';
import type { DefinitionCategory } from '../domain/defaults.ts';
import type { Db } from '../db/client.ts';
import { many } from '../db/client.ts';
import { getAppointmentType, type AppointmentTypeWithLinks } from '../db/appointment-types.ts';
import { getDefinition } from '../db/definitions.ts';
import { getLocation, type LocationRow, type LocationScope } from '../db/locations.ts';
import { getOperatory } from '../db/operatories.ts';
import { getPatient } from '../db/patients.ts';

/** The location of a write, visible in `scope` (404 at body.location_uuid otherwise). */
export async function requireLocation(db: Db, orgId: string, scope: LocationScope, id: string): Promise<LocationRow> {
  const location = await getLocation(db, orgId, id, scope);
  if (!location) throw notFound('Location', ['body', 'location_uuid']);
  return location;
}

/** A patient of the organisation (404 at body.patient_uuid). */
export async function requirePatient(db: Db, orgId: string, id: string): Promise<void> {
  if (!(await getPatient(db, orgId, id))) throw notFound('Patient', ['body', 'patient_uuid']);
}

/** An operatory at `locationId` (404 when unknown or invisible, 422 when at another location). */
export async function requireOperatoryAt(db: Db, orgId: string, scope: LocationScope, id: string, locationId: string): Promise<void> {
  const op = await getOperatory(db, orgId, id, scope);
  if (!op) throw notFound('Operatory', ['body', 'operatory_uuid']);
  if (op.location_id !== locationId) throw invalid(['body', 'operatory_uuid'], 'The operatory is not at the appointment\'s location');
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
  const found = new Set((await many<{ id: string }>(db, 'SELECT id FROM providers WHERE org_id = $1 AND id = ANY($2::uuid[])', [orgId, ids])).map((r) => r.id));
  const missing = ids.findIndex((id) => !found.has(id.toLowerCase()));
  if (missing >= 0) throw notFound('Provider', ids.length === 1 ? loc : [...loc, missing]);
}

/** A definition of `category` (404 at `loc` when unknown or of another category). */
export async function requireDefinition(db: Db, orgId: string, id: string, category: DefinitionCategory, loc: (string | number)[]): Promise<string> {
  const def = await getDefinition(db, orgId, id);
  if (!def || def.category !== category) throw notFound(category === 'ApptConfirmed' ? 'Confirmation status' : 'Definition', loc);
  return def.id;
}

/** The organisation's default confirmation status: the first visible ApptConfirmed definition, if any. */
export async function defaultConfirmationStatus(db: Db, orgId: string): Promise<string | null> {
  const rows = await many<{ id: string }>(db, `
    SELECT id FROM definitions WHERE org_id = $1 AND category = 'ApptConfirmed' AND NOT is_hidden
     ORDER BY item_order, name LIMIT 1`, [orgId]);
  return rows[0]?.id ?? null;
}

/** 422 missing: a field a chair-occupying (scheduled or complete) appointment cannot do without. */
export function requireWithSlot(field: string): AppError {
  return new AppError('missing', `${field} is required for a scheduled appointment`, ['body', field]);
}
