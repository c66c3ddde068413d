// page: the cursor list, 100 per page in start order over the whole organisation, at pages from the
// first down to 30,000 rows deep; latency should not grow with depth.
import { encodeCursor } from '../../src/core/cursor.ts';
import { listAppointmentPage, type Keyset } from '../../src/appointments/db/appointment-lists.ts';
import { BENCH_CLIENT } from '../fixtures.ts';
import { authenticate } from '../../src/core/db/authenticate.ts';
import { measureFloor } from '../floor.ts';
import { measureMinimal } from '../minimal-floor.ts';
import { measureHttp } from '../http-load.ts';
import { combineRounds, type Measurement } from '../stats.ts';
import { comparedRun, latencyTarget, round2, withMinimal, type BenchContext, type Run, type Scenario } from '../scenario.ts';

const DEPTHS = [0, 1000, 10_000, 20_000, 30_000];
const PAGE = 100;
const CLIENTS = 1;
const FLAT = 0.2;
const ROUNDS = 3;

/** The keyset position after the first `depth` rows in (start_at, id) order, as the API's cursor states it. */
async function positionAt(ctx: BenchContext, depth: number): Promise<Keyset | null> {
  if (depth === 0) return null;
  const { rows } = await ctx.pool.query<{ value: string | null; id: string }>(`
    SELECT start_at::text AS value, id FROM appointments WHERE org_id = $1
     ORDER BY start_at ASC NULLS LAST, id ASC OFFSET $2 LIMIT 1`, [ctx.practice.orgId, depth - 1]);
  return rows[0]!;
}

const afterParam = (position: Keyset | null) =>
  (position ? `&after=${encodeCursor({ sortBy: 'start_time', sortDir: 'asc', value: position.value, id: position.id })}` : '');

export const pageScenario: Scenario = {
  id: 'page', title: 'cursor list, 100 per page, down to 30,000 rows deep', usesServer: true,
  async sample(ctx: BenchContext) {
    const after = afterParam(await positionAt(ctx, 10_000));
    return () => ({ method: 'GET', path: `/appointments/cursor?first=${PAGE}&sort_by=start_time&sort_dir=asc${after}` });
  },
  async run(ctx: BenchContext) {
    const { practice: p, seed } = ctx;
    // Half the phase length per depth (3 s by default; chairtime's in ROUNDS interleaved rounds, the floors' in one phase).
    const seconds = Math.max(2, Math.round(ctx.seconds / 2));
    const runs: Run[] = [];
    // The server is new: one unmeasured phase first, so the first depth is not also the one that pays V8's warm-up.
    await measureHttp({
      baseUrl: ctx.server!.baseUrl, orgId: p.orgId, token: seed.token, connections: CLIENTS, seconds: 3,
      next: () => ({ method: 'GET', path: `/appointments/cursor?first=${PAGE}&sort_by=start_time&sort_dir=asc` }),
    }, 0);
    const positions: (Keyset | null)[] = [];
    for (const depth of DEPTHS) positions.push(await positionAt(ctx, depth));
    // chairtime in ROUNDS rounds, each visiting every depth in another order: this host's speed drifts within a
    // minute, and measured one after another the depths' p50s differed by that drift, not by depth.
    const perRound = Math.max(1, Math.round(seconds / ROUNDS));
    const rounds: Measurement[][] = DEPTHS.map(() => []);
    for (let r = 0; r < ROUNDS; r++) {
      for (let k = 0; k < DEPTHS.length; k++) {
        const j = (k + r) % DEPTHS.length;
        const after = afterParam(positions[j]!);
        rounds[j]!.push(await measureHttp({
          baseUrl: ctx.server!.baseUrl, orgId: p.orgId, token: seed.token, connections: CLIENTS, seconds: perRound, serverPid: ctx.server!.pid,
          next: () => ({ method: 'GET', path: `/appointments/cursor?first=${PAGE}&sort_by=start_time&sort_dir=asc${after}` }),
        }, r === 0 ? 1 : 0));
      }
    }
    for (const [j, depth] of DEPTHS.entries()) {
      const position = positions[j]!;
      const chairtime = combineRounds(rounds[j]!);
      const cpu = chairtime.cpu!;
      const floor = await measureFloor(ctx.databaseUrl, CLIENTS, seconds, async (c) => {
        const { identity: who } = await authenticate(c, BENCH_CLIENT, p.orgId, p.tokenHash);
        if (!who) return '401';
        await listAppointmentPage(c, p.orgId, who.location_ids, {}, 'start_time', 'asc', position, PAGE);
        return '200';
      }, 1);
      const minimal = await measureMinimal({
        databaseUrl: ctx.databaseUrl, script: 'page.sql', clients: CLIENTS, seconds,
        vars: { org: p.orgId, after_at: position?.value ?? '-infinity', after_id: position?.id ?? '00000000-0000-0000-0000-000000000000' },
      }, 1);
      const run = comparedRun(`${depth.toLocaleString('en-US')} rows deep`, CLIENTS, chairtime, floor, null, [
        latencyTarget(chairtime, 'p50', 5),
        { text: 'chairtime CPU ≤ 3 ms per page', measured: `${cpu.nodeMs} ms (PostgreSQL ${cpu.postgresMs} ms)`, met: cpu.nodeMs <= 3 },
      ]);
      runs.push(withMinimal(run, minimal, null));
    }
    const floorP50s = runs.map((r) => r.floor!.p50);
    const p50s = runs.map((r) => r.chairtime!.p50);
    const first = p50s[0]!;
    const worst = Math.max(...p50s.map((x) => Math.abs(x - first) / first));
    return {
      id: 'page', title: this.title, runs,
      targets: [{ text: `p50 flat within ±${FLAT * 100} % of the first page's`, measured: `${round2(worst * 100)} % off at worst`, met: worst <= FLAT }],
      notes: [
        `${seed.appointments.toLocaleString('en-US')} appointments of one organisation, sort_by=start_time asc, no filter, first=${PAGE}; `
          + `one client repeats the page at each depth, so latency is service time, not queueing: ${ROUNDS} rounds of ${Math.max(1, Math.round(seconds / ROUNDS))} s per depth, `
          + 'each round visiting every depth in another order (the first after 1 s of warm-up per depth; the new server first serves 3 s of first pages unmeasured), '
          + 'so a drift of the host\'s speed falls on every depth alike; a depth\'s p50 is the median of its rounds\' p50s, its p99 the highest. '
          + `Its floors run ${seconds} s per depth after 1 s of warm-up, one depth after another.`,
        'Minimal floor: bench/floors/page.sql run by pgbench with prepared statements — ONE keyset statement returning the 100 rows '
          + 'with every field of the answer, names by join.',
        'CPU per page: chairtime\'s process and every PostgreSQL process, read from /proc over the measured phase (10 ms ticks).',
        'Floor per request: the token lookup and the page statement (listAppointmentPage: the keyset seek and the 101 rows as JSON text).',
        `The floor's p50 goes from ${floorP50s[0]} ms on the first page to ${floorP50s.at(-1)} ms at ${DEPTHS.at(-1)!.toLocaleString('en-US')} rows`
          + (floorP50s.at(-1)! > floorP50s[0]! * (1 + FLAT) ? ': the SQL itself slows with depth, so the keyset read scans past the earlier rows instead of seeking.' : '.'),
      ],
    };
  },
};
