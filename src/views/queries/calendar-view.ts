import { invalid } from '../../core/errors.ts';
import type { Db } from '../../core/db/client.ts';
import { listActiveOperatoryIds } from '../../practice/index.ts';
import type { CalendarView } from '../domain/calendar-filter.ts';
import { requireVisibleView, type ViewReader } from './schedule-views.ts';

/**
 * The view `viewId` resolved for the calendar of `locationId`: 404 at query.view_uuid when `reader` cannot see
 * it, 422 there when it belongs to another location. A view naming no chairs gets the location's active chairs
 * (one more read). Two or three statements.
 */
export async function loadCalendarView(db: Db, reader: ViewReader, viewId: string, locationId: string): Promise<CalendarView> {
  const view = await requireVisibleView(db, reader, viewId, ['query', 'view_uuid']);
  if (view.location_id !== locationId) {
    throw invalid(['query', 'view_uuid'], `The schedule view belongs to another location (${view.location_name}) than location_uuid`);
  }
  const namesOperatories = view.operatory_ids.length > 0;
  return {
    id: view.id,
    operatoryIds: namesOperatories ? view.operatory_ids : await listActiveOperatoryIds(db, reader.orgId, locationId),
    namesOperatories,
    providerIds: view.provider_ids.length > 0 ? view.provider_ids : null,
    startTime: view.start_time,
    endTime: view.end_time,
    dynamicOpFiltering: view.dynamic_op_filtering,
  };
}
