import { AppError, notFound } from '../../core/errors.ts';
import { runAll, type Db } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { getAppointmentType } from '../../appointments/index.ts';
import { searchLocation } from '../../availability/index.ts';
import { getLocation } from '../../practice/index.ts';
import { getService, type ServiceRow } from '../db/services.ts';
import { listServiceTimeSlots } from '../db/time-slots.ts';
import type { SlotWindow } from '../domain/occurrences.ts';

/** A service as its booking faces use it: where, how long, by whom, and its weekly windows. */
export interface OfferedService {
  service: ServiceRow;
  location: ReturnType<typeof searchLocation>;
  lengthMinutes: number;
  /** The appointment type booked (its time pattern counts), or null for a bare duration. */
  type: { id: string; timePattern: string | null } | null;
  windows: SlotWindow[];
}

const LOC = ['path', 'service_id'];

function notOffered(why: string): AppError {
  return new AppError('not_found', `Service not offered: ${why}`, LOC);
}

/**
 * The service `id` at a location in `scope`, as its availability and bookings read it: 404 when it does
 * not exist there, or is not offered — inactive, at an inactive location, or of an appointment type archived
 * or no longer offered at its location since.
 */
export async function requireOfferedService(db: Db, orgId: string, scope: LocationScope, id: number): Promise<OfferedService> {
  const service = await getService(db, orgId, id, scope);
  if (!service) throw notFound('Service', LOC);
  if (!service.is_active) throw notOffered('it is inactive');
  const typeId = service.appointment_type_id;
  const [location, type, slots] = await runAll(db,
    () => getLocation(db, orgId, service.location_id, null),
    () => (typeId ? getAppointmentType(db, orgId, typeId) : Promise.resolve(undefined)),
    () => listServiceTimeSlots(db, orgId, id));
  if (!location?.is_active) throw notOffered('its location is inactive');
  if (typeId && (type?.status !== 'active' || (type.locations.length && !type.locations.some((l) => l.id === location.id)))) {
    throw notOffered('its appointment type is archived or not offered at its location');
  }
  return {
    service,
    location: searchLocation(location),
    lengthMinutes: type?.duration_minutes ?? service.duration_minutes!,
    type: type ? { id: type.id, timePattern: type.time_pattern } : null,
    windows: slots.map((s) => ({ id: s.id, dayOfWeek: s.day_of_week, startTime: s.start_time, endTime: s.end_time, maxBookings: s.max_bookings })),
  };
}
