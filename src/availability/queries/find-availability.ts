import { addDays, localDayBounds } from '../../core/time.ts';
import { runAll, type Db } from '../../core/db/client.ts';
import { providerIntervals, rulesAllowOverlap } from '../../appointments/index.ts';
import { byProviderName, type ProviderNames } from '../../practice/index.ts';
import { loadProviderDays } from '../../schedule/index.ts';
import type { Interval } from '../../core/intervals.ts';
import { findFreeStarts, type FreeStart, type FreeTimeWorld, type OpenRange } from '../domain/free-time.ts';
import { readWorld, type WorldRows } from '../db/world.ts';

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

function push(m: Map<string, Interval[]>, key: string, ...xs: Interval[]): void {
  const list = m.get(key);
  if (list) list.push(...xs);
  else m.set(key, xs);
}

/**
 * The taken time of the world's rows, leaving out appointments whose type an appointment rule lets the asked
 * type overlap: chair time of the location's appointments by chair, and the candidates' provider time
 * anywhere by provider (the provider's explicit time, else the `X` segments of the appointment type's pattern);
 * live holds take their chair and providers for their whole range.
 */
function takenTime(world: WorldRows, typeId: string | null, locationId: string): Pick<FreeTimeWorld, 'chairTaken' | 'providerTaken'> {
  const rules = world.rules.map((r) => ({ typeA: r.type_a, typeB: r.type_b, locationId: r.location_id, allowOverlap: r.allow_overlap }));
  // Type index → waived by a rule; index 0 is "no type", which no rule waives.
  const waived = [false, ...world.types.map((t) => rulesAllowOverlap(rules, typeId, t.id, locationId))];
  const patterns = [null, ...world.types.map((t) => t.pattern)];
  const chairTaken = new Map<string, Interval[]>();
  const c = world.chair_taken;
  for (let i = 0; i < c.start.length; i++) {
    if (!waived[c.type[i]!]) push(chairTaken, world.operatories[c.operatory[i]! - 1]!.id, { start: c.start[i]!, end: c.end[i]! });
  }
  const providerTaken = new Map<string, Interval[]>();
  const p = world.provider_taken;
  for (let i = 0; i < p.start.length; i++) {
    if (waived[p.type[i]!]) continue;
    const own = p.own_start[i] != null && p.own_end[i] != null;
    push(providerTaken, world.candidates[p.provider[i]! - 1]!,
      ...(own ? [{ start: p.own_start[i]!, end: p.own_end[i]! }] : providerIntervals(p.start[i]!, p.end[i]!, patterns[p.type[i]!]!)));
  }
  // Holds take their chair and their providers' whole range, whatever the type asked (no rule waives them).
  for (const h of world.held) {
    const held = { start: ms(h.start_at), end: ms(h.end_at) };
    push(chairTaken, h.operatory_id, held);
    for (const p of h.provider_ids) push(providerTaken, p, held);
  }
  return { chairTaken, providerTaken };
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
  // In parallel on the pool; one after another on a transaction's client (a service booking searches under its lock).
  const [schedule, world] = await runAll(db,
    () => loadProviderDays(db, orgId, s.location.id, dates, zone),
    () => readWorld(db, orgId, s.location.id, startAt, endAt, s.providerIds, s.dateFrom, s.dateTo));
  const inactive = new Set(world.inactive_provider_ids);
  const wanted = s.providerIds === null ? null : new Set(s.providerIds);
  const providerIds = [...schedule.names.keys()]
    .filter((p) => !inactive.has(p) && (wanted === null || wanted.has(p)))
    .map((providerId) => ({ providerId })).sort(byProviderName(schedule.names)).map((p) => p.providerId);
  const wantedOps = s.operatoryIds === null ? null : new Set(s.operatoryIds);
  const operatories = world.operatories.filter((o) => wantedOps === null || wantedOps.has(o.id));
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
    ...takenTime(world, s.type?.id ?? null, s.location.id),
  });
  return { starts, providerNames: schedule.names, operatoryNames: new Map(operatories.map((o) => [o.id, o.name])) };
}
