// book: conflict-checked creates at random free times across the practice, 10 and 50 clients,
// against a floor running the same locking strategy on a bare pool.
import { booking, bookingFloor, bookingRequest, checkBookings, type Booking } from '../booking.ts';
import { measureFloor } from '../floor.ts';
import { fillFloorSlots, measureMinimal } from '../minimal-floor.ts';
import { deleteBenchAppointments, weekdays } from '../fixtures.ts';
import { measureHttp } from '../http-load.ts';
import { comparedRun, latencyTarget, pick, withMinimal, type BenchContext, type Run, type Scenario, type Target } from '../scenario.ts';
import { seededRandom } from '../../src/core/random.ts';
import { CELL_HOURS } from '../seed-sql.ts';

const SLOTS = 60_000;
/** Where the minimal floor's warm-up starts in the slot list: past what any measured phase books. */
const WARMUP_BASE = 45_000;
const two = (n: number) => String(n).padStart(2, '0');

/**
 * Distinct free slots: the last quarter hour of a seeded working hour (hh:45–hh+1:00), free for every
 * provider and, where the chair holds no crown, for the chair (checked by SQL), while crowns in other
 * chairs overlap it, so the conflict reads find neighbours as in a full practice. Never twice in one
 * chair nor for one provider at one time.
 */
export async function freeSlots(ctx: BenchContext, dates: string[]): Promise<Booking[]> {
  const p = ctx.practice;
  const rand = seededRandom(7);
  const chairs = new Set<string>();
  const providers = new Set<string>();
  const candidates: Booking[] = [];
  while (candidates.length < SLOTS * 1.5) {
    const location = pick(p.locations, rand);
    const operatoryId = pick(location.operatoryIds, rand);
    const providerId = pick(location.providerIds, rand);
    const date = pick(dates, rand);
    const hour = pick(CELL_HOURS, rand);
    const chair = `${operatoryId}|${date}|${hour}`;
    const provider = `${providerId}|${date}|${hour}`;
    if (chairs.has(chair) || providers.has(provider)) continue;
    chairs.add(chair);
    providers.add(provider);
    candidates.push(booking(location, operatoryId, providerId, pick(p.patientIds, rand), date, `${two(hour)}:45:00`, `${two(hour + 1)}:00:00`));
  }
  const { rows } = await ctx.pool.query<{ i: number }>(`
    SELECT (c.i - 1)::int AS i FROM unnest($2::uuid[], $3::timestamptz[], $4::timestamptz[]) WITH ORDINALITY AS c(op, s, e, i)
     WHERE NOT EXISTS (SELECT 1 FROM appointments a WHERE a.org_id = $1 AND a.operatory_id = c.op
                          AND a.status IN ('scheduled', 'complete') AND tstzrange(a.start_at, a.end_at) && tstzrange(c.s, c.e))
     ORDER BY c.i LIMIT ${SLOTS}`,
  [p.orgId, candidates.map((b) => b.operatoryId), candidates.map((b) => new Date(b.start)), candidates.map((b) => new Date(b.end))]);
  return rows.map((r) => candidates[r.i]!);
}

export function sequence(slots: Booking[]): () => Booking {
  let i = 0;
  return () => {
    if (i >= slots.length) throw new Error('book ran out of prepared free slots; raise SLOTS');
    return slots[i++]!;
  };
}

export const bookScenario: Scenario = {
  id: 'book', title: 'conflict-checked create at random free times', usesServer: true,
  async sample(ctx: BenchContext) {
    await deleteBenchAppointments(ctx.pool, ctx.practice.orgId);
    const next = sequence(await freeSlots(ctx, weekdays(ctx.seed.firstDate, ctx.seed.lastDate)));
    return () => bookingRequest(next());
  },
  async run(ctx: BenchContext) {
    const { practice: p, seed } = ctx;
    const slots = await freeSlots(ctx, weekdays(seed.firstDate, seed.lastDate));
    const runs: Run[] = [];
    const checks: Target[] = [];
    await deleteBenchAppointments(ctx.pool, p.orgId);
    await fillFloorSlots(ctx.pool, slots);
    for (const clients of [10, 50]) {
      const chairtime = await measureHttp({
        serverPid: ctx.server!.pid, baseUrl: ctx.server!.baseUrl, orgId: p.orgId, token: seed.token, connections: clients, seconds: ctx.seconds,
        next: (() => { const next = sequence(slots); return () => bookingRequest(next()); })(),
      });
      const after = await checkBookings(ctx.pool, p.orgId, null);
      await deleteBenchAppointments(ctx.pool, p.orgId);
      const floor = await measureFloor(ctx.databaseUrl, clients, ctx.seconds, bookingFloor(p, sequence(slots)));
      await deleteBenchAppointments(ctx.pool, p.orgId);
      const minimal = await measureMinimal({
        databaseUrl: ctx.databaseUrl, script: 'book.sql', clients, seconds: ctx.seconds,
        vars: { org: p.orgId, user: p.userId, confirmation: p.confirmationId!, clients, n: 0, base: 0 },
      }, 2, { base: WARMUP_BASE });
      const minimalCheck = await checkBookings(ctx.pool, p.orgId, null);
      await deleteBenchAppointments(ctx.pool, p.orgId);
      checks.push({ text: `minimal floor, ${clients} clients: 0 overlapping rows`, measured: String(minimalCheck.overlapping), met: minimalCheck.overlapping === 0 });
      const created = chairtime.outcomes['201'] ?? 0;
      checks.push({ text: `${clients} clients: 0 overlapping rows`, measured: String(after.overlapping), met: after.overlapping === 0 });
      runs.push(withMinimal(comparedRun(`${clients} clients`, clients, chairtime, floor, null,
        clients === 50 ? [latencyTarget(chairtime, 'p99', 50)] : []), minimal, 0.35));
      if ((chairtime.outcomes['409'] ?? 0) + created < chairtime.requests) {
        checks.push({ text: `${clients} clients: only 201 and 409`, measured: JSON.stringify(chairtime.outcomes), met: false });
      }
    }
    return {
      id: 'book', title: 'conflict-checked create at random free times', runs, targets: checks,
      notes: [
        'Each request books a distinct free quarter hour (hh:45–hh+1:00 of a seeded working hour: free for every provider, and checked '
          + 'free in that chair, while crowns in neighbouring chairs overlap it) in a random chair of a random location on a random '
          + 'weekday of the seeded three years, with one of that location\'s providers, so the conflict reads run against a full '
          + 'calendar and nearly every request is a 201.',
        'Floor per request: the token lookup, then BEGIN; chairtime\'s lockSlot (advisory locks, chair then provider); its '
          + 'loadConflictContext (appointments, blockouts, rules) and checkConflicts; INSERT appointment, provider, history; COMMIT — '
          + 'one dedicated connection per client. chairtime also checks the references (location, patient, operatory, provider, default '
          + 'confirmation status), replaces the provider list (DELETE + INSERT) and reads the full record back for the 201 body.',
        'Minimal floor (the target\'s reference): bench/floors/book.sql run by pgbench with prepared statements at the same concurrency — '
          + 'BEGIN; the chair and provider advisory locks (in the statement that reads the slot from bench_floor_slots, the same list '
          + 'chairtime is sent); the chair and the provider overlap checks; INSERT appointment, provider row, history row; COMMIT. No token '
          + 'lookup, no reference checks, no read-back.',
        `chairtime runs with its default pool (DATABASE_POOL_SIZE=${process.env.DATABASE_POOL_SIZE ?? 10} connections); the floor opens one per client.`,
        'Rows created by either side are deleted (and the tables vacuumed) between phases, so each phase starts from the seeded state.',
      ],
    };
  },
};
