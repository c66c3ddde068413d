import { invalid, notFound, AppError } from '../../core/errors.ts';
import { addDays, dayOfWeek, daysBetween, formatEpochMs, localDate, wallSeconds, normalizeWallTime } from '../../core/time.ts';
import type { Db } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { getAppointmentType } from '../../appointments/index.ts';
import { findProviderIds, getLocation, getOperatory, getPatient, providerName, type LocationRow } from '../../practice/index.ts';
import { getPreferenceForPatient, matchesPreference, type SchedulingPreference } from '../../preferences/index.ts';
import type { FreeStart } from '../domain/free-time.ts';
import type { FreeTimeQueryParams, FreeTimeResult } from '../schemas/free-time.ts';
import { findAvailability, type AvailabilityResult, type AvailabilitySearch, type SearchLocation } from './find-availability.ts';

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

/** `a ∩ b` where null means "everything". */
function intersect<T>(a: readonly T[] | null, b: readonly T[] | null): T[] | null {
  if (a === null) return b === null ? null : [...b];
  return b === null ? [...a] : a.filter((x) => b.includes(x));
}

const later = (a: string | null, b: string | null) => (a === null ? b : b === null || wallSeconds(a) >= wallSeconds(b) ? a : b);
const earlier = (a: string | null, b: string | null) => (a === null ? b : b === null || wallSeconds(a) <= wallSeconds(b) ? a : b);

/**
 * The search narrowed to what fits `pref` (its days, window, provider and chair on top of the caller's
 * filters), or null when nothing can fit (an empty intersection).
 */
function narrowToPreference(search: AvailabilitySearch, pref: SchedulingPreference): AvailabilitySearch | null {
  const daysOfWeek = intersect(search.daysOfWeek, pref.preferredDays?.length ? pref.preferredDays : null);
  const providerIds = intersect(search.providerIds, pref.providerId ? [pref.providerId] : null);
  const operatoryIds = intersect(search.operatoryIds, pref.operatoryId ? [pref.operatoryId] : null);
  const earliestTime = later(search.earliestTime, pref.timeStart);
  const latestTime = earlier(search.latestTime, pref.timeEnd);
  if (daysOfWeek?.length === 0 || providerIds?.length === 0 || operatoryIds?.length === 0) return null;
  if (earliestTime !== null && latestTime !== null && wallSeconds(latestTime) <= wallSeconds(earliestTime)) return null;
  return { ...search, daysOfWeek, providerIds, operatoryIds, earliestTime, latestTime };
}

const fits = (pref: SchedulingPreference, f: FreeStart) => matchesPreference(pref, {
  weekday: dayOfWeek(f.date), startTime: f.startTime, endTime: f.endTime, providerId: f.providerId, operatoryId: f.operatoryId,
});

/**
 * Starts that fit the patient's preference first (in start order), then the others (in start order), at
 * most `limit + 1` in all so the caller can tell whether more exist. Two engine runs: the first narrowed to
 * the preference, the second unnarrowed, asked for enough starts to fill the page after skipping the ones
 * that fit (with `onePerStart`, also the start times the first run already gave).
 */
async function rankedByPreference(db: Db, orgId: string, search: AvailabilitySearch, pref: SchedulingPreference): Promise<AvailabilityResult & { fitting: number }> {
  const narrowed = narrowToPreference(search, pref);
  const first = narrowed ? await findAvailability(db, orgId, narrowed) : null;
  const fitting = first?.starts ?? [];
  if (fitting.length >= search.limit) return { ...first!, fitting: fitting.length };
  const rest = await findAvailability(db, orgId, { ...search, limit: search.limit + fitting.length });
  const taken = new Set(fitting.map((f) => f.start));
  const others = rest.starts.filter((f) => !fits(pref, f) && !(search.onePerStart && taken.has(f.start)));
  const names = <V>(a: Map<string, V> | undefined, b: Map<string, V>) => new Map([...(a ?? []), ...b]);
  return {
    starts: [...fitting, ...others].slice(0, search.limit), fitting: fitting.length,
    providerNames: names(first?.providerNames, rest.providerNames), operatoryNames: names(first?.operatoryNames, rest.operatoryNames),
  };
}

/** The patient's preference when the search names a patient (404 unknown patient), else undefined. */
async function patientPreference(db: Db, orgId: string, patientId: string | undefined): Promise<SchedulingPreference | null | undefined> {
  if (patientId === undefined) return undefined;
  const [patient, pref] = await Promise.all([getPatient(db, orgId, patientId), getPreferenceForPatient(db, orgId, patientId)]);
  if (!patient) throw notFound('Patient', ['query', 'patient_uuid']);
  return pref;
}

/**
 * The native face of the availability engine: bookable starts at a visible, active location (404
 * otherwise) for a type or a length (or the location's default type), with the house's 422s for a bad
 * window, bounds or filters, presented with wall-clock times and instants at the location's offset. With
 * `patient_uuid`, starts that fit the patient's scheduling preference come first, each marked.
 */
export async function searchFreeTime(db: Db, orgId: string, scope: LocationScope, q: FreeTimeQueryParams, now: Date): Promise<FreeTimeResult> {
  if (q.location_uuid === undefined) {
    throw new AppError('missing', 'location_uuid is required (in the query or in the saved search\'s criteria)', ['query', 'location_uuid']);
  }
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
  const pref = await patientPreference(db, orgId, q.patient_uuid?.toLowerCase());
  const durationMinutes = type?.durationMinutes ?? q.duration_minutes!;
  const search: AvailabilitySearch = {
    location: searchLocation(location), dateFrom, dateTo, durationMinutes,
    type: type ? { id: type.id, timePattern: type.timePattern } : null,
    providerIds: q.provider_uuids?.map((p) => p.toLowerCase()) ?? null,
    operatoryIds: q.operatory_uuids?.map((o) => o.toLowerCase()) ?? null,
    earliestTime: earliest, latestTime: latest, daysOfWeek: q.days_of_week ?? null,
    stepMinutes: q.step_minutes, limit: q.limit + 1, onePerStart: q.one_per_start, now,
  };
  const { starts, providerNames, operatoryNames, fitting } = pref
    ? await rankedByPreference(db, orgId, search, pref)
    : { ...(await findAvailability(db, orgId, search)), fitting: 0 };
  const here = { id: location.id, name: location.name };
  return {
    location: here, location_timezone: zone, duration_minutes: durationMinutes,
    appointment_type: type ? { id: type.id, name: type.name } : null, date_from: dateFrom, date_to: dateTo,
    items: starts.slice(0, q.limit).map((f, i) => ({
      schedule_date: f.date, start_time: f.startTime, end_time: f.endTime,
      start_at: formatEpochMs(f.start, zone), end_at: formatEpochMs(f.end, zone),
      provider: { id: f.providerId, name: providerName(providerNames.get(f.providerId)!) },
      operatory: { id: f.operatoryId, name: operatoryNames.get(f.operatoryId)! },
      location: here,
      ...(pref !== undefined ? { matches_preference: i < fitting } : {}),
    })),
    has_more: starts.length > q.limit,
    ...(pref !== undefined ? { patient_preference: pref ? { id: pref.id, learned_from_history: pref.learnedFromHistory } : null } : {}),
  };
}
