import { AppError, invalid, notFound } from '../../core/errors.ts';
import { canonicalTimeZone } from '../../core/time.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { checkDefaultType, getLocation, insertLocation, type LocationRow, type NewLocation, type OpenHoursRange } from '../db/locations.ts';
import { normalizeOpenHours } from '../domain/open-hours.ts';
import type { LocationScope } from '../../core/scope.ts';
import { deleteOrArchive, updateVersioned } from '../../core/db/records.ts';

function zoneOrThrow(zone: string): string {
  const tz = canonicalTimeZone(zone);
  if (!tz) throw invalid(['body', 'timezone'], `Unknown IANA time zone '${zone}'`, 'unknown_timezone');
  return tz;
}

function requireUnlimited(scope: LocationScope): void {
  if (scope !== null) throw new AppError('forbidden', 'Only users not limited to locations may create or delete locations');
}

function openHoursOrThrow(ranges: OpenHoursRange[] | null): OpenHoursRange[] | null {
  if (ranges === null) return null;
  const r = normalizeOpenHours(ranges);
  if (!r.ok) throw invalid(['body', 'open_hours', r.refusal.index, r.refusal.field], r.refusal.msg);
  return r.ranges;
}

/** 404 for a type the organisation does not have, 422 for one archived or offered only at other locations. */
async function requireDefaultType(db: Db, orgId: string, typeId: string | null, locationId: string | null): Promise<void> {
  if (typeId === null) return;
  const verdict = await checkDefaultType(db, orgId, typeId, locationId);
  if (verdict === 'missing') throw notFound('Appointment type', ['body', 'default_appointment_type_uuid']);
  if (verdict === 'unusable') {
    throw invalid(['body', 'default_appointment_type_uuid'], 'The appointment type is archived or not offered at this location');
  }
}

/**
 * Creates a location after validating its IANA zone (422 unknown_timezone), its open hours (422) and its
 * default appointment type (404 unknown; 422 archived or limited to other locations).
 */
export async function createLocation(db: Db, orgId: string, scope: LocationScope, input: NewLocation): Promise<LocationRow> {
  requireUnlimited(scope);
  const timezone = zoneOrThrow(input.timezone);
  const openHours = openHoursOrThrow(input.open_hours);
  await requireDefaultType(db, orgId, input.default_appointment_type_id, null);
  return insertLocation(db, orgId, { ...input, timezone, open_hours: openHours });
}

/** Patches a location visible in `scope`, guarded by `baseVersion`, with the checks of `createLocation`. */
export async function updateLocation(
  db: Db, orgId: string, scope: LocationScope, id: string, baseVersion: number, changes: Partial<NewLocation>,
): Promise<LocationRow> {
  const columns: Record<string, unknown> = { ...changes };
  if (changes.timezone !== undefined) columns.timezone = zoneOrThrow(changes.timezone);
  if (changes.open_hours !== undefined) {
    const ranges = openHoursOrThrow(changes.open_hours);
    columns.open_hours = ranges === null ? null : JSON.stringify(ranges);
  }
  if (changes.default_appointment_type_id !== undefined) await requireDefaultType(db, orgId, changes.default_appointment_type_id, id);
  return updateVersioned<LocationRow>(db, {
    table: 'locations', what: 'Location', idParam: 'location_uuid', orgId, id, baseVersion, changes: columns,
    ...(scope ? { scopeSql: 'id = ANY($?)', scopeValue: scope } : {}),
  });
}

/** Deletes a location, or archives it (is_active=false) while operatories or other records reference it. */
export function removeLocation(db: Db, orgId: string, scope: LocationScope, id: string): Promise<'deleted' | 'archived'> {
  requireUnlimited(scope);
  return withTransaction(db, async (tx) => {
    if (!(await getLocation(tx, orgId, id, scope))) throw notFound('Location', ['path', 'location_uuid']);
    return (await deleteOrArchive(tx, 'locations', orgId, id))!;
  });
}
