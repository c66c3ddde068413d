import { addDays, localDayBounds } from '../../core/time.ts';
import type { Db } from '../../core/db/client.ts';
import { providerIntervals, rulesAllowOverlap } from '../../appointments/index.ts';
import { byProviderName, type ProviderNames } from '../../practice/index.ts';
import { loadProviderDays } from '../../schedule/index.ts';
import { findFreeStarts, type FreeStart, type OpenRange, type TakenTime } from '../domain/free-time.ts';
import { readWorld, type TakenRow } from '../db/world.ts';

/** A location as the search needs it. */
export interface SearchLocation {
  id: string;
  timezone: string;
  openHours: readonly OpenRange[] | null;
}

/** One availability search at one location, already validated. */
export interface AvailabilitySearch {
  location: SearchLocation;
  /** Inclusive local dates. */
  dateFrom: string;
  dateTo: string;
  durationMinutes: number;
  /** The asked type (its time pattern and the rules that let it overlap), or null for a bare duration. */
  type: { id: string; timePattern: string | null } | null;
  /** Only these providers / operatories; null: all who could serve. */
  providerIds: string[] | null;
  operatoryIds: string[] | null;
  earliestTime: string | null;
  latestTime: string | null;
  daysOfWeek: number[] | null;
  stepMinutes: number;
  limit: number;
  onePerStart: boolean;
  /** Nothing starts before this instant. */
  now: Date;
}

/** Bookable starts with the names of the providers and operatories they name. */
export interface AvailabilityResult {
  starts: FreeStart[];
  providerNames: Map<string, ProviderNames>;
  operatoryNames: Map<string, string>;
}

const ms = (text: string) => Date.parse(text);

function takenTime(r: TakenRow): TakenTime {
  const start = ms(r.start_at);
  const end = ms(r.end_at);
  return {
    operatoryId: r.operatory_id, start, end,
    providers: r.providers.map((p) => ({
      providerId: p.provider_id,
      intervals: p.start_at && p.end_at ? [{ start: ms(p.start_at), end: ms(p.end_at) }] : providerIntervals(start, end, r.time_pattern),
    })),
  };
}

/**
 * Bookable starts at a location (see `findFreeStarts`): three reads in parallel (templates, overrides, and
 * one statement for chairs, taken time, blockouts, holidays and rules), then the pure engine. Providers are
 * offered in name order, operatories in display order; archived ones never.
 */
export async function findAvailability(db: Db, orgId: string, s: AvailabilitySearch): Promise<AvailabilityResult> {
  const zone = s.location.timezone;
  const dates: string[] = [];
  for (let d = s.dateFrom; d <= s.dateTo; d = addDays(d, 1)) dates.push(d);
  const startAt = localDayBounds(s.dateFrom, zone).start.toInstant().toString();
  const endAt = localDayBounds(s.dateTo, zone).end.toInstant().toString();
  const [schedule, world] = await Promise.all([
    loadProviderDays(db, orgId, s.location.id, dates, zone),
    readWorld(db, orgId, s.location.id, startAt, endAt, s.providerIds, s.dateFrom, s.dateTo),
  ]);
  const inactive = new Set(world.inactive_provider_ids);
  const wanted = s.providerIds === null ? null : new Set(s.providerIds);
  const providerIds = [...schedule.names.keys()]
    .filter((p) => !inactive.has(p) && (wanted === null || wanted.has(p)))
    .map((providerId) => ({ providerId })).sort(byProviderName(schedule.names)).map((p) => p.providerId);
  const wantedOps = s.operatoryIds === null ? null : new Set(s.operatoryIds);
  const operatories = world.operatories.filter((o) => wantedOps === null || wantedOps.has(o.id));
  const rules = world.rules.map((r) => ({ typeA: r.type_a, typeB: r.type_b, locationId: r.location_id, allowOverlap: r.allow_overlap }));
  const typeId = s.type?.id ?? null;
  const pattern = s.type?.timePattern ?? null;
  const starts = findFreeStarts({
    zone, dateFrom: s.dateFrom, dateTo: s.dateTo, durationMinutes: s.durationMinutes,
    providerTime: (start, end) => providerIntervals(start, end, pattern),
    stepMinutes: s.stepMinutes, daysOfWeek: s.daysOfWeek, earliestTime: s.earliestTime, latestTime: s.latestTime,
    notBefore: s.now.getTime(), limit: s.limit, onePerStart: s.onePerStart,
  }, {
    openHours: s.location.openHours, providerIds, operatoryIds: operatories.map((o) => o.id),
    workingDays: schedule.days, holidays: new Set(world.holidays),
    blocked: world.blocked.map((b) => ({ operatoryId: b.operatory_id, start: ms(b.start_at), end: ms(b.end_at) })),
    taken: world.taken
      .filter((t) => !rulesAllowOverlap(rules, typeId, t.appointment_type_id, s.location.id))
      .map(takenTime),
  });
  return { starts, providerNames: schedule.names, operatoryNames: new Map(operatories.map((o) => [o.id, o.name])) };
}
