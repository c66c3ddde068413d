// free-time, location-availability and fhir-slot: the availability engine's three faces at the availability
// clinic (20 providers × 90 days, ~10,000 appointments), one client, against the reads each needs on a bare pool.
import type pg from 'pg';
import { addDays, localDayBounds } from '../../src/core/time.ts';
import { authenticate } from '../../src/core/db/authenticate.ts';
import { seededRandom } from '../../src/core/random.ts';
import { getLocation } from '../../src/practice/db/locations.ts';
import { listOverridesBetween } from '../../src/schedule/db/schedule-overrides.ts';
import { listTemplatesInForceBetween } from '../../src/schedule/db/schedule-templates.ts';
import { readWorld } from '../../src/availability/db/world.ts';
import { listSchedules } from '../../src/fhir/db/schedules.ts';
import { encodeScheduleId } from '../../src/fhir/domain/ids.ts';
import { measureFloor } from '../floor.ts';
import { BENCH_CLIENT, type LocationFixture, type Practice } from '../fixtures.ts';
import { measureHttp, type HttpRequest } from '../http-load.ts';
import { comparedRun, latencyTarget, pick, type BenchContext, type Scenario, type ScenarioResult } from '../scenario.ts';

/** One search: the local dates it covers, the provider it is limited to (null: all) and the request chairtime gets. */
export interface Search {
  from: string;
  to: string;
  providerId: string | null;
  request: HttpRequest;
}

/**
 * The floor of one availability request: the token lookup, the location, then the three reads the engine
 * needs (templates and overrides in force, and the world statement: chairs, taken time, blockouts,
 * holidays, rules), one after another on the worker's connection.
 */
export async function availabilityFloor(c: pg.PoolClient, practice: Practice, location: LocationFixture, s: Search): Promise<string> {
  const { identity } = await authenticate(c, BENCH_CLIENT, practice.orgId, practice.tokenHash);
  if (!identity) return '401';
  if (s.providerId !== null) {
    const [schedule] = await listSchedules(c, practice.orgId, identity.location_ids, { providerId: s.providerId, locationId: location.id });
    if (!schedule) return '200';
  }
  const loc = await getLocation(c, practice.orgId, location.id, identity.location_ids);
  if (!loc) return '404';
  await listTemplatesInForceBetween(c, practice.orgId, loc.id, s.from, s.to);
  await listOverridesBetween(c, practice.orgId, loc.id, s.from, s.to);
  await readWorld(c, practice.orgId, loc.id, localDayBounds(s.from, loc.timezone).start.toInstant().toString(),
    localDayBounds(s.to, loc.timezone).end.toInstant().toString(), s.providerId === null ? null : [s.providerId], s.from, s.to);
  return '200';
}

export const FLOOR_NOTE = 'Floor per request: the token lookup, the location, the templates and overrides in force over the window and the '
  + 'one world statement (chairs, taken time at the location and of the candidate providers anywhere, blockouts, holidays, rules) — '
  + 'the statements the handler issues, one after another on a dedicated connection; no HTTP, validation, engine or JSON. '
  + 'chairtime issues the three reads in parallel on its pool.';

/** Measures chairtime and its floor on the same seeded sequence of searches, one client. */
async function measureSearches(ctx: BenchContext, location: LocationFixture, searches: Search[]) {
  let rand = seededRandom(7);
  const chairtime = await measureHttp({
    serverPid: ctx.server!.pid, baseUrl: ctx.server!.baseUrl, orgId: ctx.practice.orgId, token: ctx.seed.token, connections: 1, seconds: ctx.seconds,
    next: () => pick(searches, rand).request,
  }, 2);
  rand = seededRandom(7);
  const floor = await measureFloor(ctx.databaseUrl, 1, ctx.seconds, (c) => availabilityFloor(c, ctx.practice, location, pick(searches, rand)), 2);
  return { chairtime, floor };
}

/** The availability clinic, or a clear error on a seed made before it existed. */
export function availabilityClinic(practice: Practice): LocationFixture {
  if (!practice.availability) throw new Error('the bench database has no availability clinic: run `npm run bench:seed` again');
  return practice.availability;
}

/** Today's date on the machine, as the seed counted its 90 days from it. */
const today = () => new Date().toISOString().slice(0, 10);

/** A scenario's result: one client, ratio ≥ 0.5 of the floor and a p50 limit. */
async function searchResult(
  ctx: BenchContext, id: string, title: string, searches: Search[], p50Limit: number, note: string,
): Promise<ScenarioResult> {
  const location = availabilityClinic(ctx.practice);
  const { chairtime, floor } = await measureSearches(ctx, location, searches);
  return {
    id, title, runs: [comparedRun('1 client', 1, chairtime, floor, 0.5, [latencyTarget(chairtime, 'p50', p50Limit)])],
    targets: [], notes: [`${location.name} (${location.timezone}): 10 chairs, 20 providers on weekday split shifts, ~10,000 half-hour `
      + `appointments over the next 90 days. ${note}`, FLOOR_NOTE],
  };
}

function freeTimeSearches(ctx: BenchContext): Search[] {
  const location = availabilityClinic(ctx.practice);
  const searches: Search[] = [];
  for (let shift = 0; shift < 7; shift++) {
    for (const minutes of [20, 30, 40, 60]) {
      const from = addDays(today(), 1 + shift);
      const to = addDays(from, 89);
      searches.push({
        from, to, providerId: null, request: {
          method: 'GET',
          path: `/schedule/free-time?location_uuid=${location.id}&date_from=${from}&date_to=${to}&duration_minutes=${minutes}`
            + '&one_per_start=true&limit=1000',
        },
      });
    }
  }
  return searches;
}

async function runFreeTime(ctx: BenchContext): Promise<ScenarioResult> {
  return searchResult(ctx, 'free-time', 'free-time, 20 providers × 90 days, one location with ~10,000 appointments', freeTimeSearches(ctx), 60,
    'Each request searches a 90-day window starting 1–7 days ahead for 20, 30, 40 or 60 minutes with one_per_start and limit 1000, '
      + 'so the engine walks the whole window (a few hundred openings).');
}

function locationSearches(ctx: BenchContext): Search[] {
  const location = availabilityClinic(ctx.practice);
  const searches: Search[] = [];
  for (let shift = 0; shift < 14; shift++) {
    const from = addDays(today(), 1 + shift);
    const to = addDays(from, 29);
    searches.push({ from, to, providerId: null, request: { method: 'GET', path: `/locations/${location.id}/availability?start_date=${from}&end_date=${to}` } });
  }
  return searches;
}

async function runLocationAvailability(ctx: BenchContext): Promise<ScenarioResult> {
  return searchResult(ctx, 'location-availability', 'location availability, 30 days, one location', locationSearches(ctx), 40,
    '30-day windows starting 1–14 days ahead, the location\'s default 30-minute type, one slot per start.');
}

function fhirSearches(ctx: BenchContext): Search[] {
  const location = availabilityClinic(ctx.practice);
  const searches: Search[] = [];
  for (const providerId of location.providerIds) {
    const schedule = encodeScheduleId({ locationId: location.id, providerId });
    for (let shift = 0; shift < 7; shift++) {
      const from = addDays(today(), 1 + shift);
      const to = addDays(from, 29);
      searches.push({
        from, to, providerId, request: {
          method: 'GET', root: true, path: `/fhir/${ctx.practice.orgId}/Slot?schedule=Schedule/${schedule}&start=${from}&end=${to}&duration=20`,
        },
      });
    }
  }
  return searches;
}

async function runFhirSlot(ctx: BenchContext): Promise<ScenarioResult> {
  return searchResult(ctx, 'fhir-slot', 'FHIR Slot search, one schedule × 30 days', fhirSearches(ctx), 15,
    'Each request asks one of the 20 schedules (a provider at the clinic) for 20-minute slots over 30 days starting 1–7 days ahead; '
      + 'the floor adds the schedule lookup.');
}

/** Requests picked at random from `searches` (for --profile). */
const sampler = (searches: (ctx: BenchContext) => Search[]) => async (ctx: BenchContext) => {
  const all = searches(ctx);
  const rand = seededRandom(7);
  return () => pick(all, rand).request;
};

export const freeTimeScenario: Scenario = { id: 'free-time', title: 'free-time search', usesServer: true, run: runFreeTime, sample: sampler(freeTimeSearches) };
export const locationAvailabilityScenario: Scenario = {
  id: 'location-availability', title: 'location availability', usesServer: true, run: runLocationAvailability, sample: sampler(locationSearches),
};
export const fhirSlotScenario: Scenario = { id: 'fhir-slot', title: 'FHIR Slot search', usesServer: true, run: runFhirSlot, sample: sampler(fhirSearches) };
