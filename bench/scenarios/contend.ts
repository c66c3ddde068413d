// contend: 50 clients booking into one location's 10 operatories over a few empty days, so most
// requests queue on the same chair locks and most lose; afterwards SQL checks that no two rows overlap.
import { addDays } from '../../src/core/time.ts';
import { booking, bookingFloor, bookingRequest, checkBookings, type Booking } from '../booking.ts';
import { measureFloor } from '../floor.ts';
import { deleteBenchAppointments, weekdays } from '../fixtures.ts';
import { measureHttp } from '../http-load.ts';
import type { Measurement } from '../stats.ts';
import { comparedRun, pick, type BenchContext, type Scenario, type Target } from '../scenario.ts';
import { seededRandom } from '../../src/core/random.ts';

const CLIENTS = 50;
const DAYS = 5;
const two = (n: number) => String(n).padStart(2, '0');

/**
 * The checks after one side's phase. `acknowledged`: ids answered 201 that are in the table, of
 * `won` 201s. Rows beyond the 201s are bookings still in flight when the load stopped (at most one
 * per client): committed, but their answers arrived after the measurement ended.
 */
function correctness(side: string, m: Measurement, after: { created: number; overlapping: number }, acknowledged: number): Target[] {
  const won = m.outcomes['201'] ?? 0;
  const lost = m.outcomes['409'] ?? 0;
  const late = after.created - won;
  return [
    { text: `${side}: 0 overlapping rows`, measured: String(after.overlapping), met: after.overlapping === 0 },
    { text: `${side}: every 201 is in the table`, measured: `${acknowledged} of ${won}; ${late} more rows answered after the stop`,
      met: acknowledged === won && late >= 0 && late <= CLIENTS },
    { text: `${side}: every other answer is 409`, measured: `${lost} × 409 of ${m.requests}`, met: won + lost === m.requests && m.errors === 0 },
  ];
}

async function countExisting(ctx: BenchContext, ids: string[]): Promise<number> {
  const { rows } = await ctx.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM appointments WHERE org_id = $1 AND id = ANY($2::uuid[])',
    [ctx.practice.orgId, ids]);
  return rows[0]!.n;
}

export const contendScenario: Scenario = {
  id: 'contend', title: '50 clients booking one location\'s 10 chairs', usesServer: true,
  async run(ctx: BenchContext) {
    const { practice: p, seed } = ctx;
    const location = p.locations[0]!;
    // Days after the seeded range: empty chairs, so the first bookings win and the rest collide with them.
    const dates = weekdays(addDays(seed.lastDate, 1), addDays(seed.lastDate, 9)).slice(0, DAYS);
    const starts = Array.from({ length: (16 * 60 + 30 - 8 * 60) / 5 + 1 }, (_, i) => 8 * 60 + i * 5);
    const rand = seededRandom(11);
    const requests: Booking[] = Array.from({ length: 60_000 }, () => {
      const m = pick(starts, rand);
      return booking(location, pick(location.operatoryIds, rand), null, pick(p.patientIds, rand), pick(dates, rand),
        `${two(Math.floor(m / 60))}:${two(m % 60)}:00`, `${two(Math.floor((m + 30) / 60))}:${two((m + 30) % 60)}:00`);
    });
    const sequence = () => {
      let i = 0;
      return () => requests[i++ % requests.length]!;
    };

    await deleteBenchAppointments(ctx.pool, p.orgId);
    // No warm-up: every booking of the phase is counted, so the table can be checked against the answers.
    const acknowledged: string[] = [];
    const chairtime = await measureHttp({
      serverPid: ctx.server!.pid, baseUrl: ctx.server!.baseUrl, orgId: p.orgId, token: seed.token, connections: CLIENTS, seconds: ctx.seconds,
      next: (() => { const next = sequence(); return () => bookingRequest(next()); })(),
      onResponse: (status, body) => { if (status === 201) acknowledged.push((JSON.parse(body) as { id: string }).id); },
    }, 0);
    const chairtimeAfter = await checkBookings(ctx.pool, p.orgId, location.id);
    const chairtimeFound = await countExisting(ctx, acknowledged);
    await deleteBenchAppointments(ctx.pool, p.orgId);
    const floor = await measureFloor(ctx.databaseUrl, CLIENTS, ctx.seconds, bookingFloor(p, sequence()), 0);
    const floorAfter = await checkBookings(ctx.pool, p.orgId, location.id);
    await deleteBenchAppointments(ctx.pool, p.orgId);
    return {
      id: 'contend', title: this.title,
      runs: [comparedRun(`${CLIENTS} clients`, CLIENTS, chairtime, floor, 0.5)],
      targets: [...correctness('chairtime', chairtime, chairtimeAfter, chairtimeFound),
        ...correctness('floor', floor, floorAfter, floor.outcomes['201'] ?? 0)],
      notes: [
        `${location.name} (${location.timezone}), ${DAYS} weekdays after the seeded range; each request books 30 minutes in a random `
          + 'chair at a random 5-minute start between 08:00 and 16:30, without a provider (chair contention only), the same sequence '
          + 'for chairtime and the floor. No warm-up: every booking counts and is checked.',
        `chairtime: ${chairtime.outcomes['201'] ?? 0} created, ${chairtime.outcomes['409'] ?? 0} refused with 409; `
          + `floor: ${floor.outcomes['201'] ?? 0} created, ${floor.outcomes['409'] ?? 0} refused.`,
        'Floor: the same transaction as in book (lockSlot on the chair, loadConflictContext, checkConflicts, inserts).',
      ],
    };
  },
};
