import { AppError, invalid, notFound } from '../../core/errors.ts';
import { canonicalTimeZone } from '../../core/time.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { getLocation, insertLocation, type LocationRow, type NewLocation } from '../db/locations.ts';
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

/** Creates a location after validating its IANA zone (422 unknown_timezone). */
export function createLocation(db: Db, orgId: string, scope: LocationScope, input: NewLocation): Promise<LocationRow> {
  requireUnlimited(scope);
  return insertLocation(db, orgId, { ...input, timezone: zoneOrThrow(input.timezone) });
}

/** Patches a location visible in `scope`, guarded by `baseVersion`. */
export function updateLocation(
  db: Db, orgId: string, scope: LocationScope, id: string, baseVersion: number, changes: Partial<NewLocation>,
): Promise<LocationRow> {
  if (changes.timezone !== undefined) changes = { ...changes, timezone: zoneOrThrow(changes.timezone) };
  return updateVersioned<LocationRow>(db, {
    table: 'locations', what: 'Location', idParam: 'location_uuid', orgId, id, baseVersion, changes,
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
