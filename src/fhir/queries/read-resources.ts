import { notFound } from '../../core/errors.ts';
import type { Db } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { getLocation, getProvider } from '../../practice/index.ts';
import { decodeScheduleId, isUuid } from '../domain/ids.ts';
import { parseActor } from '../domain/search-params.ts';
import { listSchedules } from '../db/schedules.ts';
import { searchset, toLocation, toPractitioner, toSchedule, type Resource, type SearchContext } from '../schemas/resources.ts';

/** A provider as a Practitioner; 404 for an unknown id or one of another organisation. */
export async function readPractitioner(db: Db, orgId: string, id: string): Promise<Resource> {
  const row = isUuid(id) ? await getProvider(db, orgId, id.toLowerCase()) : undefined;
  if (!row) throw notFound('Practitioner', ['path', 'id']);
  return toPractitioner(row);
}

/** A location visible in `scope` as a Location; 404 otherwise. */
export async function readLocation(db: Db, orgId: string, scope: LocationScope, id: string): Promise<Resource> {
  const row = isUuid(id) ? await getLocation(db, orgId, id.toLowerCase(), scope) : undefined;
  if (!row) throw notFound('Location', ['path', 'id']);
  return toLocation(row);
}

/** One schedule at a location visible in `scope`; 404 for an id that names no schedule of the organisation. */
export async function readSchedule(db: Db, orgId: string, scope: LocationScope, id: string): Promise<Resource> {
  const key = decodeScheduleId(id);
  const [row] = key ? await listSchedules(db, orgId, scope, key) : [];
  if (!row) throw notFound('Schedule', ['path', 'id']);
  return toSchedule(row);
}

/**
 * Schedule search: every schedule of the organisation at visible locations, or those of one `actor`
 * (Practitioner/{id} or Location/{id}; another form throws `invalid`). An unknown actor matches nothing.
 */
export async function searchSchedules(db: Db, orgId: string, scope: LocationScope, actor: string | undefined, ctx: SearchContext): Promise<Resource> {
  const a = actor === undefined ? null : parseActor(actor);
  if (a && a.id === null) return searchset(ctx, []);
  const rows = await listSchedules(db, orgId, scope, {
    providerId: a?.type === 'Practitioner' ? a.id : null,
    locationId: a?.type === 'Location' ? a.id : null,
  });
  return searchset(ctx, rows.map(toSchedule));
}
