import { notFound } from '../../core/errors.ts';
import type { Db } from '../../core/db/client.ts';
import type { PageRequest } from '../../core/db/paging.ts';
import type { LocationScope } from '../../core/scope.ts';
import { getLocation } from '../../practice/index.ts';
import { getScheduleView, listScheduleViews, type ScheduleViewRow } from '../db/schedule-views.ts';

/** Who reads: views are read as one user sees them (their personal views, everyone's shared ones, their settings). */
export interface ViewReader {
  orgId: string;
  userId: string;
  scope: LocationScope;
}

/**
 * The views `reader` may see, optionally of one location (404 at query.location_uuid when it is unknown or
 * outside their locations), by name: a fixed number of statements whatever the page holds.
 */
export async function listVisibleViews(
  db: Db, reader: ViewReader, locationId: string | undefined, page: PageRequest,
): Promise<{ rows: ScheduleViewRow[]; total: number }> {
  if (locationId !== undefined && !(await getLocation(db, reader.orgId, locationId, reader.scope))) {
    throw notFound('Location', ['query', 'location_uuid']);
  }
  return listScheduleViews(db, reader.orgId, reader.scope, reader.userId, { locationId }, page);
}

/** One view as `reader` sees it; 404 at `loc` when it does not exist, is another user's personal view or lies outside their locations. */
export async function requireVisibleView(
  db: Db, reader: ViewReader, id: string, loc: (string | number)[] = ['path', 'view_uuid'],
): Promise<ScheduleViewRow> {
  const row = await getScheduleView(db, reader.orgId, reader.scope, reader.userId, id);
  if (!row) throw notFound('Schedule view', loc);
  return row;
}
