import { invalid } from '../../core/errors.ts';
import { runAll, type Db } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { addDays, dayOfWeek, daysBetween, formatEpochMs, localDate, wallSeconds } from '../../core/time.ts';
import { findAvailability, MAX_SEARCH_DAYS } from '../../availability/index.ts';
import { countBookingsByOccurrence } from '../db/service-bookings.ts';
import { engineStepMinutes, occurrenceKey, placesLeft, windowForStart } from '../domain/occurrences.ts';
import type { ServiceAvailabilityParams, ServiceStart } from '../schemas/service-bookings.ts';
import { requireOfferedService } from './offered-service.ts';

// Every start of a window on the days searched: far above what 90 days of minute-grid windows can hold.
const ENGINE_LIMIT = 200_000;

/** The inclusive local dates searched: given, or today … today + 6 at the location; 400 when reversed or over 90 days. */
function searchWindow(q: ServiceAvailabilityParams, zone: string, now: Date): { dateFrom: string; dateTo: string } {
  const dateFrom = q.date_from ?? localDate(now, zone);
  const dateTo = q.date_to ?? addDays(dateFrom, 6);
  if (dateTo < dateFrom) throw invalid(['query', 'date_to'], 'date_to must not be before date_from');
  if (daysBetween(dateFrom, dateTo) >= MAX_SEARCH_DAYS) throw invalid(['query', 'date_to'], `A search covers at most ${MAX_SEARCH_DAYS} days`);
  return { dateFrom, dateTo };
}

/**
 * Bookable starts of an offered service (404 otherwise) between two local dates, from the availability
 * engine: the service's length and type, its providers (anyone scheduled when it names none), one
 * provider and chair per start, nothing before `now`; each start on a window's session grid with the
 * booking ending by the window's end, and none in an occurrence whose places are all taken. Instants carry
 * the location's offset; each start says how many places its occurrence has left.
 */
export async function serviceAvailability(
  db: Db, orgId: string, scope: LocationScope, serviceId: number, q: ServiceAvailabilityParams, now: Date,
): Promise<ServiceStart[]> {
  const offered = await requireOfferedService(db, orgId, scope, serviceId);
  const { location, windows, lengthMinutes } = offered;
  const zone = location.timezone;
  const { dateFrom, dateTo } = searchWindow(q, zone, now);
  if (!windows.length) return [];
  const providerIds = offered.service.provider_ids;
  const [{ starts }, counts] = await runAll(db,
    () => findAvailability(db, orgId, {
      location, dateFrom, dateTo, durationMinutes: lengthMinutes, type: offered.type,
      providerIds: providerIds.length ? providerIds : null, operatoryIds: null,
      earliestTime: windows.map((w) => w.startTime).sort()[0]!, latestTime: windows.map((w) => w.endTime).sort().at(-1)!,
      daysOfWeek: [...new Set(windows.map((w) => w.dayOfWeek))], stepMinutes: engineStepMinutes(lengthMinutes, windows),
      limit: ENGINE_LIMIT, onePerStart: true, now,
    }),
    () => countBookingsByOccurrence(db, orgId, windows.map((w) => w.id), dateFrom, dateTo));
  const taken = new Map(counts.map((c) => [occurrenceKey(c.time_slot_id, c.occurrence_date), c.n]));
  const out: ServiceStart[] = [];
  for (const f of starts) {
    const hit = windowForStart(windows, dayOfWeek(f.date), wallSeconds(f.startTime), lengthMinutes);
    if (!hit?.onGrid) continue;
    const left = placesLeft(hit.window.maxBookings, taken.get(occurrenceKey(hit.window.id, f.date)) ?? 0);
    if (left === 0) continue;
    out.push({
      start: formatEpochMs(f.start, zone), end: formatEpochMs(f.end, zone), date: f.date, time_slot_id: hit.window.id, places_left: left,
    });
  }
  return out;
}
