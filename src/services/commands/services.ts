import { AppError, invalid, notFound, versionConflict } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { getAppointmentType, requireLocation, requireProviders } from '../../appointments/index.ts';
import {
  deleteService, getService, insertService, replaceServiceProviders, updateServiceRow, type ServiceFields, type ServiceRow,
} from '../db/services.ts';

/** A service as a write leaves it: its fields and its providers. */
export interface ServiceDraft extends ServiceFields {
  provider_ids: string[];
}

/** What a PATCH may change; a field left out keeps its value. */
export type ServiceChanges = Partial<ServiceDraft>;

const LOC = ['path', 'service_id'];

/**
 * Checks a service about to be written (400 / 404 at the body field): exactly one of an appointment type
 * and a duration; a location visible in `scope`; an active type offered at that location; providers of the
 * organisation, each once.
 */
async function checkDraft(db: Db, orgId: string, scope: LocationScope, d: ServiceDraft): Promise<void> {
  if (d.appointment_type_id !== null && d.duration_minutes !== null) {
    throw invalid(['body', 'duration_minutes'], 'Give appointment_type_uuid or duration_minutes, not both');
  }
  if (d.appointment_type_id === null && d.duration_minutes === null) {
    throw new AppError('missing', 'Give appointment_type_uuid or duration_minutes', ['body', 'appointment_type_uuid']);
  }
  await requireLocation(db, orgId, scope, d.location_id);
  if (d.appointment_type_id !== null) {
    const type = await getAppointmentType(db, orgId, d.appointment_type_id);
    if (!type) throw notFound('Appointment type', ['body', 'appointment_type_uuid']);
    if (type.status !== 'active') throw invalid(['body', 'appointment_type_uuid'], 'The appointment type is archived');
    if (type.locations.length && !type.locations.some((l) => l.id === d.location_id)) {
      throw invalid(['body', 'appointment_type_uuid'], 'The appointment type is not offered at the service\'s location');
    }
  }
  const twice = d.provider_ids.findIndex((p, i) => d.provider_ids.indexOf(p) !== i);
  if (twice >= 0) throw invalid(['body', 'provider_uuids', twice], 'A provider is listed twice');
  if (d.provider_ids.length) await requireProviders(db, orgId, d.provider_ids, ['body', 'provider_uuids']);
}

/** Ids as stored: lower-case. */
function normalized<T extends ServiceChanges>(d: T): T {
  return {
    ...d,
    ...(d.location_id === undefined ? {} : { location_id: d.location_id.toLowerCase() }),
    ...(d.appointment_type_id ? { appointment_type_id: d.appointment_type_id.toLowerCase() } : {}),
    ...(d.provider_ids === undefined ? {} : { provider_ids: d.provider_ids.map((p) => p.toLowerCase()) }),
  };
}

/** Creates a service with its providers (see `checkDraft` for the refusals); returns it as stored. */
export function createService(db: Db, orgId: string, scope: LocationScope, draft: ServiceDraft): Promise<ServiceRow> {
  const d = normalized(draft);
  return withTransaction(db, async (tx) => {
    await checkDraft(tx, orgId, scope, d);
    const id = await insertService(tx, orgId, d);
    if (d.provider_ids.length) await replaceServiceProviders(tx, orgId, id, d.provider_ids);
    return (await getService(tx, orgId, id, null))!;
  });
}

/**
 * The service after `changes`: setting the type clears the duration and the other way round unless the
 * request names both (then both are taken as given, and refused when both are set).
 */
function applyChanges(current: ServiceRow, changes: ServiceChanges): ServiceDraft {
  const next: ServiceDraft = { ...current, ...changes };
  if (changes.appointment_type_id && changes.duration_minutes === undefined) next.duration_minutes = null;
  if (changes.duration_minutes && changes.appointment_type_id === undefined) next.appointment_type_id = null;
  return next;
}

/**
 * Patches a service at a location in `scope` under a lock on its row: 404 unknown, 409 version_conflict
 * for a stale `baseVersion`, the refusals of `checkDraft` on the result. Bumps the version.
 */
export function updateService(
  db: Db, orgId: string, scope: LocationScope, id: number, baseVersion: number, changes: ServiceChanges,
): Promise<ServiceRow> {
  return withTransaction(db, async (tx) => {
    const current = await getService(tx, orgId, id, scope, true);
    if (!current) throw notFound('Service', LOC);
    if (current.version !== baseVersion) throw versionConflict(current.version);
    const next = applyChanges(current, normalized(changes));
    await checkDraft(tx, orgId, scope, next);
    await updateServiceRow(tx, orgId, id, next);
    if (changes.provider_ids !== undefined) await replaceServiceProviders(tx, orgId, id, next.provider_ids);
    return (await getService(tx, orgId, id, null))!;
  });
}

/** Deletes a service at a location in `scope` with its time slots (404 unknown); appointments booked through it stay. */
export async function removeService(db: Db, orgId: string, scope: LocationScope, id: number): Promise<void> {
  if (!(await deleteService(db, orgId, id, scope))) throw notFound('Service', LOC);
}
