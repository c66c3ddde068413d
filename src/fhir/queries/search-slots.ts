import { localDate, formatEpochMs } from '../../core/time.ts';
import type { Db } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { findAvailability, MAX_SEARCH_DAYS, searchLocation, slotStepMinutes, type AvailabilitySearch } from '../../availability/index.ts';
import { getLocation } from '../../practice/index.ts';
import { operationOutcome } from '../domain/outcome.ts';
import { slotWindow, type SlotWindow } from '../domain/search-params.ts';
import { listSchedules } from '../db/schedules.ts';
import { searchset, toSlot, type Resource, type SearchContext } from '../schemas/resources.ts';
import type { SlotQueryParams } from '../schemas/fhir.ts';

/** The most slots one search answers with. */
export const SLOT_LIMIT = 10_000;

// One text for a schedule that does not exist and one of another organisation (or a hidden location),
// so the answer tells a caller nothing about other tenants.
const UNKNOWN_SCHEDULE = 'No such schedule in this organisation: the search matched nothing';

/**
 * FHIR Slot search over the one availability engine: the free starts of the schedule's provider at its
 * location, one per start (any chair), every `slotStepMinutes(duration)` on the local clock, none before
 * `now`. Bad parameters throw `invalid` (400 here); an unknown, foreign or hidden schedule gives an empty
 * searchset with a warning outcome; an archived provider or location an empty one.
 */
export async function searchSlots(db: Db, orgId: string, scope: LocationScope, q: SlotQueryParams, now: Date, ctx: SearchContext): Promise<Resource> {
  const w = slotWindow(q, localDate(now, 'UTC'), MAX_SEARCH_DAYS);
  const [row] = w.schedule ? await listSchedules(db, orgId, scope, w.schedule) : [];
  if (!row) return searchset(ctx, [], operationOutcome('warning', 'not-found', UNKNOWN_SCHEDULE));
  if (!row.provider_active || !row.location_active) return searchset(ctx, []);
  const location = await getLocation(db, orgId, row.location_id, scope);
  if (!location) return searchset(ctx, [], operationOutcome('warning', 'not-found', UNKNOWN_SCHEDULE));
  const starts = await freeStarts(db, orgId, searchLocation(location), row.provider_id, w, now);
  const zone = location.timezone;
  const slots = starts.slice(0, SLOT_LIMIT).map((s) => toSlot(w.scheduleId, formatEpochMs(s.start, zone), formatEpochMs(s.end, zone)));
  const cut = starts.length > SLOT_LIMIT
    ? operationOutcome('warning', 'incomplete', `Only the first ${SLOT_LIMIT} slots are given; ask again with a later 'start' or an earlier 'end'`)
    : undefined;
  return searchset(ctx, slots, cut);
}

async function freeStarts(db: Db, orgId: string, location: AvailabilitySearch['location'], providerId: string, w: SlotWindow, now: Date) {
  const { starts } = await findAvailability(db, orgId, {
    location, dateFrom: w.dateFrom, dateTo: w.dateTo, durationMinutes: w.durationMinutes, type: null,
    providerIds: [providerId], operatoryIds: null, earliestTime: null, latestTime: null, daysOfWeek: null,
    // One more than answered, to know whether the limit cut the list.
    stepMinutes: slotStepMinutes(w.durationMinutes), limit: SLOT_LIMIT + 1, onePerStart: true, now,
  });
  return starts;
}
