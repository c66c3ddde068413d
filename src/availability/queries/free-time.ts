import { invalid, notFound, AppError } from '../../core/errors.ts';
import { addDays, daysBetween, formatEpochMs, localDate, wallSeconds, normalizeWallTime } from '../../core/time.ts';
import type { Db } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { getAppointmentType } from '../../appointments/index.ts';
import { findProviderIds, getLocation, getOperatory, providerName, type LocationRow } from '../../practice/index.ts';
import type { FreeTimeQueryParams, FreeTimeResult } from '../schemas/free-time.ts';
import { findAvailability, type SearchLocation } from './find-availability.ts';

/** The longest window one search may cover, in local dates. */
export const MAX_SEARCH_DAYS = 90;

/** A location as the search reads it. */
export function searchLocation(l: LocationRow): SearchLocation {
  return {
    id: l.id, timezone: l.timezone,
    openHours: l.open_hours?.map((r) => ({ dayOfWeek: r.day_of_week, startTime: r.start_time, endTime: r.end_time })) ?? null,
  };
}

/** What a search books: a type (404 unknown; 422 archived or not offered at the location) or a bare length. */
export async function requireSearchType(
  db: Db, orgId: string, locationId: string, typeId: string, loc: (string | number)[],
): Promise<{ id: string; name: string; durationMinutes: number; timePattern: string | null }> {
  const type = await getAppointmentType(db, orgId, typeId);
  if (!type) throw notFound('Appointment type', loc);
  if (type.status !== 'active') throw invalid(loc, 'The appointment type is archived');
  if (type.locations.length && !type.locations.some((l) => l.id === locationId)) throw invalid(loc, 'The appointment type is not offered at this location');
  return { id: type.id, name: type.name, durationMinutes: type.duration_minutes, timePattern: type.time_pattern };
}

async function requireFilters(db: Db, orgId: string, scope: LocationScope, locationId: string, q: FreeTimeQueryParams): Promise<void> {
  const providers = q.provider_uuids?.map((p) => p.toLowerCase());
  if (providers?.length) {
    const found = new Set(await findProviderIds(db, orgId, providers));
    const missing = providers.findIndex((p) => !found.has(p));
    if (missing >= 0) throw notFound('Provider', ['query', 'provider_uuids', missing]);
  }
  for (const [i, id] of (q.operatory_uuids ?? []).entries()) {
    const op = await getOperatory(db, orgId, id, scope);
    if (!op) throw notFound('Operatory', ['query', 'operatory_uuids', i]);
    if (op.location_id !== locationId) throw invalid(['query', 'operatory_uuids', i], 'The operatory is at another location');
  }
}

/**
 * The native face of the availability engine: bookable starts at a visible, active location (404
 * otherwise) for a type or a length (or the location's default type), with the house's 422s for a bad
 * window, bounds or filters, presented with wall-clock times and instants at the location's offset.
 */
export async function searchFreeTime(db: Db, orgId: string, scope: LocationScope, q: FreeTimeQueryParams, now: Date): Promise<FreeTimeResult> {
  const location = await getLocation(db, orgId, q.location_uuid, scope);
  if (!location || !location.is_active) throw notFound('Location', ['query', 'location_uuid']);
  const zone = location.timezone;
  const dateFrom = q.date_from ?? localDate(now, zone);
  const dateTo = q.date_to ?? addDays(dateFrom, 6);
  if (dateTo < dateFrom) throw invalid(['query', 'date_to'], 'date_to must not be before date_from');
  if (daysBetween(dateFrom, dateTo) >= MAX_SEARCH_DAYS) throw invalid(['query', 'date_to'], `A search covers at most ${MAX_SEARCH_DAYS} days`);
  if (q.appointment_type_uuid && q.duration_minutes !== undefined) {
    throw invalid(['query', 'duration_minutes'], 'Give appointment_type_uuid or duration_minutes, not both');
  }
  const earliest = q.earliest_time === undefined ? null : normalizeWallTime(q.earliest_time)!;
  const latest = q.latest_time === undefined ? null : normalizeWallTime(q.latest_time)!;
  if (earliest !== null && latest !== null && wallSeconds(latest) <= wallSeconds(earliest)) {
    throw invalid(['query', 'latest_time'], 'latest_time must be after earliest_time');
  }
  const typeId = q.appointment_type_uuid ?? (q.duration_minutes === undefined ? location.default_appointment_type_id : null);
  if (!typeId && q.duration_minutes === undefined) {
    throw new AppError('missing', 'Give appointment_type_uuid or duration_minutes (the location has no default appointment type)', ['query', 'appointment_type_uuid']);
  }
  const type = typeId ? await requireSearchType(db, orgId, location.id, typeId, ['query', 'appointment_type_uuid']) : null;
  await requireFilters(db, orgId, scope, location.id, q);
  const durationMinutes = type?.durationMinutes ?? q.duration_minutes!;
  const { starts, providerNames, operatoryNames } = await findAvailability(db, orgId, {
    location: searchLocation(location), dateFrom, dateTo, durationMinutes,
    type: type ? { id: type.id, timePattern: type.timePattern } : null,
    providerIds: q.provider_uuids?.map((p) => p.toLowerCase()) ?? null,
    operatoryIds: q.operatory_uuids?.map((o) => o.toLowerCase()) ?? null,
    earliestTime: earliest, latestTime: latest, daysOfWeek: q.days_of_week ?? null,
    stepMinutes: q.step_minutes, limit: q.limit + 1, onePerStart: q.one_per_start, now,
  });
  const here = { id: location.id, name: location.name };
  return {
    location: here, location_timezone: zone, duration_minutes: durationMinutes,
    appointment_type: type ? { id: type.id, name: type.name } : null, date_from: dateFrom, date_to: dateTo,
    items: starts.slice(0, q.limit).map((f) => ({
      schedule_date: f.date, start_time: f.startTime, end_time: f.endTime,
      start_at: formatEpochMs(f.start, zone), end_at: formatEpochMs(f.end, zone),
      provider: { id: f.providerId, name: providerName(providerNames.get(f.providerId)!) },
      operatory: { id: f.operatoryId, name: operatoryNames.get(f.operatoryId)! },
      location: here,
    })),
    has_more: starts.length > q.limit,
  };
}
