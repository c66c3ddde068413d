import { notFound } from '../../core/errors.ts';
import type { Db } from '../../core/db/client.ts';
import type { PageRequest } from '../../core/db/paging.ts';
import type { LocationScope } from '../../core/scope.ts';
import { getService } from '../db/services.ts';
import { listServiceTimeSlots, listTimeSlots, type TimeSlotRow } from '../db/time-slots.ts';

/**
 * One page (all when `page` is null) of the time slots of the services visible in `scope`, or of one
 * service (404 at `loc` when it does not exist there).
 */
export async function findTimeSlots(
  db: Db, orgId: string, scope: LocationScope, serviceId: number | undefined, page: PageRequest | null, loc: (string | number)[],
): Promise<{ rows: TimeSlotRow[]; total: number }> {
  if (serviceId !== undefined && !(await getService(db, orgId, serviceId, scope))) throw notFound('Service', loc);
  return listTimeSlots(db, orgId, scope, serviceId, page);
}

/** Every time slot of a service visible in `scope` (404 otherwise), by weekday and start. */
export async function serviceTimeSlots(db: Db, orgId: string, scope: LocationScope, serviceId: number): Promise<TimeSlotRow[]> {
  if (!(await getService(db, orgId, serviceId, scope))) throw notFound('Service', ['path', 'service_id']);
  return listServiceTimeSlots(db, orgId, serviceId);
}
