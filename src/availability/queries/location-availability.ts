import { AppError, notFound } from '../../core/errors.ts';
import { canonicalTimeZone, formatEpochMs, localDate, localDayBounds } from '../../core/time.ts';
import type { Db } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { getLocation } from '../../practice/index.ts';
import { availabilityWindow, inferIntervalMinutes, slotStepMinutes } from '../domain/location-window.ts';
import type { LocationAvailability, LocationAvailabilityParams } from '../schemas/location-availability.ts';
import { findAvailability } from './find-availability.ts';
import { requireSearchType, searchLocation } from './free-time.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function badRequest(field: string, msg: string): AppError {
  return new AppError('bad_request', msg, ['query', field]);
}

/** A real calendar date YYYY-MM-DD, null when absent; 400 otherwise. */
function parseDate(text: string | undefined, field: string): string | null {
  if (text === undefined) return null;
  const ms = DATE.test(text) ? Date.parse(`${text}T00:00:00Z`) : NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text) throw badRequest(field, `${field} must be a date YYYY-MM-DD`);
  return text;
}

/**
 * The slot length: the asked type's, else the location's default type's, else null (no scheduling
 * configuration). A default type archived (or limited to other locations) since it was set counts as none:
 * the caller sent no type, so a 400 naming `appointment_type_uuid` would blame them for the configuration.
 */
async function slotType(db: Db, orgId: string, locationId: string, asked: string | undefined, fallback: string | null) {
  const typeId = asked ?? fallback;
  if (typeId === null) return null;
  if (asked !== undefined && !UUID.test(asked)) throw badRequest('appointment_type_uuid', 'appointment_type_uuid must be a UUID');
  try {
    return await requireSearchType(db, orgId, locationId, typeId, ['query', 'appointment_type_uuid']);
  } catch (err) {
    if (asked === undefined && err instanceof AppError && (err.code === 'value_error' || err.code === 'not_found')) return null;
    if (err instanceof AppError && err.code === 'value_error') throw badRequest('appointment_type_uuid', err.message);
    throw err;
  }
}

/**
 * Bookable starts for a whole location, as the location availability seed defines them: any scheduled
 * provider with a free chair, one slot per start, starts every `slotStepMinutes` of the slot length on the
 * location's clock. The dates frame instants in `timezone` (default the location's), which also renders
 * every offset; the bookable instants never depend on it. 404 unknown, malformed or inactive location;
 * 403 a location outside a location-limited caller's; 400 a bad date, zone, type or window.
 */
export async function locationAvailability(
  db: Db, orgId: string, scope: LocationScope, locationId: string, q: LocationAvailabilityParams, now: Date,
): Promise<LocationAvailability> {
  const location = UUID.test(locationId) ? await getLocation(db, orgId, locationId, null) : undefined;
  if (!location || !location.is_active) throw notFound('Location', ['path', 'location_uuid']);
  if (scope !== null && !scope.includes(location.id)) {
    throw new AppError('forbidden', 'The location is outside the locations this user may see', ['path', 'location_uuid']);
  }
  const zone = q.timezone === undefined ? location.timezone : canonicalTimeZone(q.timezone);
  if (zone === null) throw badRequest('timezone', `Unknown IANA time zone '${q.timezone}'`);
  const today = localDate(now, zone);
  const window = availabilityWindow(parseDate(q.start_date, 'start_date'), parseDate(q.end_date, 'end_date'), today);
  if (!window.ok) throw badRequest(window.refusal.field, window.refusal.msg);
  const type = await slotType(db, orgId, location.id, q.appointment_type_uuid, location.default_appointment_type_id);
  const base = { location_id: location.id, timezone: zone, slot_duration_minutes: type?.durationMinutes ?? null };
  if (type === null || window.from > window.to) return { ...base, slot_interval_minutes: null, days: [] };
  const startAt = localDayBounds(window.from, zone).start.epochMilliseconds;
  const endAt = localDayBounds(window.to, zone).end.epochMilliseconds;
  const { starts } = await findAvailability(db, orgId, {
    location: searchLocation(location),
    dateFrom: localDate(new Date(startAt), location.timezone), dateTo: localDate(new Date(endAt - 1), location.timezone),
    durationMinutes: type.durationMinutes, type: { id: type.id, timePattern: type.timePattern },
    providerIds: null, operatoryIds: null, earliestTime: null, latestTime: null, daysOfWeek: null,
    stepMinutes: slotStepMinutes(type.durationMinutes), limit: 100_000, onePerStart: true, now,
  });
  const byDate = new Map<string, number[][]>();
  for (const f of starts) {
    if (f.start < startAt || f.start >= endAt) continue;
    const date = localDate(new Date(f.start), zone);
    const list = byDate.get(date) ?? byDate.set(date, []).get(date)!;
    list.push([f.start, f.end]);
  }
  return {
    ...base,
    slot_interval_minutes: inferIntervalMinutes([...byDate.values()].map((d) => d.map(([s]) => s!))),
    days: [...byDate].map(([date, slots]) => ({
      date, slots: slots.map(([s, e]) => ({ start: formatEpochMs(s!, zone), end: formatEpochMs(e!, zone) })),
    })),
  };
}
