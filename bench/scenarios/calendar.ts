// day and week: the calendar views of one location, 10 clients, against the same reads on a bare pool.
import { addDays, localDayBounds } from '../../src/core/time.ts';
import { listActiveBlockoutsOn } from '../../src/blockouts/db/blockouts.ts';
import { listCalendarAppointments } from '../../src/schedule/db/calendar.ts';
import { listOverridesBetween } from '../../src/schedule/db/schedule-overrides.ts';
import { listTemplatesInForceBetween } from '../../src/schedule/db/schedule-templates.ts';
import { getLocation } from '../../src/practice/db/locations.ts';
import { authenticate } from '../../src/core/db/authenticate.ts';
import { measureFloor } from '../floor.ts';
import { fillFloorRanges, measureMinimal } from '../minimal-floor.ts';
import { BENCH_CLIENT, weekdays } from '../fixtures.ts';
import { measureHttp } from '../http-load.ts';
import { comparedRun, latencyTarget, pick, withMinimal, type BenchContext, type Scenario, type ScenarioResult } from '../scenario.ts';
import { seededRandom } from '../../src/core/random.ts';

const CLIENTS = 10;

/** A range of local dates with its instants, computed once so the floor sends SQL only. */
interface DateRange {
  dates: string[];
  startAt: string;
  endAt: string;
}

function rangeOf(dates: string[], zone: string): DateRange {
  return {
    dates,
    startAt: localDayBounds(dates[0]!, zone).start.toInstant().toString(),
    endAt: localDayBounds(dates[dates.length - 1]!, zone).end.toInstant().toString(),
  };
}

const FLOOR_NOTE = 'Floor per request: the token lookup, the location and the four range reads (full appointment rows, blockouts, '
  + 'templates, overrides) — the statements the handler issues (the db/ modules of each area), one after another on a dedicated '
  + 'connection per client; no HTTP, validation, schedule resolution or JSON.';

const MINIMAL_NOTE = 'Minimal floor (the target\'s reference): bench/floors/calendar.sql run by pgbench with prepared statements at the same '
  + 'concurrency — ONE statement returning every field of the answer (appointments with every name by join, providers, tags, procedure '
  + 'totals and Tier 2 fields; blockouts; templates; overrides) as one JSON document, for a range picked at random from the same list.';

/** The ranges a calendar scenario asks for (every weekday, or every Monday-started week, of the seed) and the path of each. */
function calendarRequests(ctx: BenchContext, id: 'day' | 'week') {
  const { practice, seed } = ctx;
  const location = practice.locations[0]!;
  const zone = location.timezone;
  const days = weekdays(seed.firstDate, seed.lastDate);
  const ranges = id === 'day'
    ? days.map((d) => rangeOf([d], zone))
    : days.filter((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 1 && addDays(d, 6) <= seed.lastDate)
      .map((d) => rangeOf(Array.from({ length: 7 }, (_, i) => addDays(d, i)), zone));
  const path = id === 'day'
    ? (r: DateRange) => `/schedule/calendar/daily?location_uuid=${location.id}&target_date=${r.dates[0]}`
    : (r: DateRange) => `/schedule/calendar/weekly?location_uuid=${location.id}&week_start=${r.dates[0]}`;
  return { location, zone, ranges, path };
}

async function sampleCalendar(ctx: BenchContext, id: 'day' | 'week') {
  const { ranges, path } = calendarRequests(ctx, id);
  const rand = seededRandom(1);
  return () => ({ method: 'GET' as const, path: path(pick(ranges, rand)) });
}

async function runCalendar(ctx: BenchContext, id: 'day' | 'week', p50Limit: number): Promise<ScenarioResult> {
  const { practice, seed, server } = ctx;
  const { location, zone, ranges, path } = calendarRequests(ctx, id);

  const measure = async (clients: number, seconds: number, warmup: number) => {
    let rand = seededRandom(1);
    const chairtime = await measureHttp({
      serverPid: ctx.server!.pid, baseUrl: server!.baseUrl, orgId: practice.orgId, token: seed.token, connections: clients, seconds,
      next: () => ({ method: 'GET', path: path(pick(ranges, rand)) }),
    }, warmup);
    rand = seededRandom(1);
    const floor = await measureFloor(ctx.databaseUrl, clients, seconds, async (c) => {
      const r = pick(ranges, rand);
      const { identity: who } = await authenticate(c, BENCH_CLIENT, practice.orgId, practice.tokenHash);
      if (!who) return '401';
      const loc = await getLocation(c, practice.orgId, location.id, who.location_ids);
      if (!loc) return '404';
      await listCalendarAppointments(c, practice.orgId, loc.id, r.startAt, r.endAt);
      await listActiveBlockoutsOn(c, practice.orgId, loc.id, r.dates);
      await listTemplatesInForceBetween(c, practice.orgId, loc.id, r.dates[0]!, r.dates[r.dates.length - 1]!);
      await listOverridesBetween(c, practice.orgId, loc.id, r.dates[0]!, r.dates[r.dates.length - 1]!);
      return '200';
    }, warmup);
    const minimal = await measureMinimal({
      databaseUrl: ctx.databaseUrl, script: 'calendar.sql', clients, seconds,
      vars: { org: practice.orgId, loc: location.id, ranges: ranges.length },
    }, warmup);
    return { chairtime, floor, minimal };
  };
  await fillFloorRanges(ctx.pool, ranges.map((r) => ({ firstDate: r.dates[0]!, lastDate: r.dates.at(-1)!, startAt: r.startAt, endAt: r.endAt })));
  const loaded = await measure(CLIENTS, ctx.seconds, 2);
  // One client: service time without queueing, to read the latency targets against (no target of its own).
  const alone = await measure(1, Math.max(2, Math.round(ctx.seconds / 2)), 1);
  const { rows } = await ctx.pool.query<{ n: number }>(`
    SELECT round(avg(n))::int AS n FROM (SELECT count(*) AS n FROM appointments WHERE org_id = $1 AND location_id = $2
       AND status <> 'cancelled' GROUP BY schedule_date) d`, [practice.orgId, location.id]);
  const perDay = rows[0]?.n ?? 0;
  return {
    id, title: id === 'day' ? 'calendar/daily, one location' : 'calendar/weekly, one location',
    runs: [
      withMinimal(comparedRun(`${CLIENTS} clients`, CLIENTS, loaded.chairtime, loaded.floor, null, [latencyTarget(loaded.chairtime, 'p50', p50Limit)]),
        loaded.minimal, 0.15),
      withMinimal(comparedRun('1 client', 1, alone.chairtime, alone.floor, null), alone.minimal, null),
    ],
    targets: [],
    notes: [
      `${location.name} (${zone}), a random ${id === 'day' ? 'weekday' : 'Monday-started week'} of the seeded three years per request `
        + `(the same sequence for chairtime and the floor); about ${perDay} appointments per working day.`,
      FLOOR_NOTE,
      MINIMAL_NOTE,
    ],
  };
}

export const dayScenario: Scenario = {
  id: 'day', title: 'calendar/daily, one location', usesServer: true,
  run: (ctx) => runCalendar(ctx, 'day', 5),
  sample: (ctx) => sampleCalendar(ctx, 'day'),
};

export const weekScenario: Scenario = {
  id: 'week', title: 'calendar/weekly, one location', usesServer: true,
  run: (ctx) => runCalendar(ctx, 'week', 10),
  sample: (ctx) => sampleCalendar(ctx, 'week'),
};
