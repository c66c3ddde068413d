// npm run bench -- --profile <id>: where the time of one request goes. The scenario's own requests are sent
// one at a time to an app built in this process on the bench database (app.inject: routing, validation,
// handler, serialisation; no sockets), with every statement timed as the client sees it (send to answer:
// PostgreSQL's time plus one loopback round trip), chairtime's CPU from process.cpuUsage and PostgreSQL's
// CPU from /proc. A regression is then explained, not just detected.
import inspector from 'node:inspector';
import pg from 'pg';
import { buildApp } from '../src/core/http/app.ts';
import { createPool } from '../src/core/db/client.ts';
import type { BenchContext, Scenario } from './scenario.ts';
import { cpuPerRequest, sampleCpu } from './cpu.ts';

interface StatementTimes {
  calls: number;
  ms: number;
}

const statements = new Map<string, StatementTimes>();
let recording = false;

/** A readable name for a statement: its prepared name, else its first words. */
function label(config: unknown): string {
  if (typeof config === 'string') return config.replace(/\s+/g, ' ').trim().slice(0, 60);
  const c = config as { name?: string; text?: string } | null;
  if (c?.name) return c.name;
  return (c?.text ?? '(submittable)').replace(/\s+/g, ' ').trim().slice(0, 60);
}

/** Times every query any pg client sends from now on (this process only; the bench's own tool). */
function instrumentPg(): void {
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  (pg.Client.prototype as { query: unknown }).query = function timedQuery(this: pg.Client, ...args: unknown[]) {
    if (!recording) return original.apply(this, args);
    const name = label(args[0]);
    const t0 = performance.now();
    const done = () => {
      const s = statements.get(name) ?? { calls: 0, ms: 0 };
      s.calls++;
      s.ms += performance.now() - t0;
      statements.set(name, s);
    };
    const cbAt = args.findIndex((a) => typeof a === 'function');
    if (cbAt >= 0) {
      const cb = args[cbAt] as (err: unknown, res: unknown) => void;
      args[cbAt] = (err: unknown, res: unknown) => {
        done();
        cb(err, res);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args) as Promise<unknown> | undefined;
    return result && typeof result.then === 'function' ? result.finally(done) : result;
  };
}

const ms = (x: number) => x.toFixed(2).padStart(8);

/**
 * Starts V8's sampling profiler in this process; `stop` returns self time (ms) by place, largest first: a package
 * of node_modules, a file of src/, node's internals, or V8's own (garbage collection, idle).
 */
async function startCpuProfile(): Promise<{ stop(): Promise<[string, number][]> }> {
  const session = new inspector.Session();
  session.connect();
  const post = <T>(method: string, params?: object) => new Promise<T>((resolve, reject) => {
    session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T)));
  });
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 250 });
  await post('Profiler.start');
  return {
    async stop() {
      const { profile } = await post<{ profile: inspector.Profiler.Profile }>('Profiler.stop');
      session.disconnect();
      const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
      const spent = new Map<string, number>();
      profile.samples!.forEach((id, i) => {
        const url = byNode.get(id)!.callFrame.url;
        const name = byNode.get(id)!.callFrame.functionName;
        const where = url.includes('/node_modules/') ? url.split('/node_modules/')[1]!.split('/').slice(0, url.includes('/node_modules/@') ? 2 : 1).join('/')
          : url.includes('/src/') ? `src/${url.split('/src/')[1]}` : url ? url.replace(/^file:\/\//, '') : /^\(.*\)$/.test(name) ? name : `native ${name}`;
        spent.set(where, (spent.get(where) ?? 0) + profile.timeDeltas![i]! / 1000);
      });
      // Left out: idle time, the bench's own code, and `dispatch`, the inspector call that stops the profiler and
      // serialises the profile while it is still sampling.
      const ours = ([w]: [string, number]) => w !== '(idle)' && w !== 'native dispatch' && !w.includes('bench/');
      return [...spent.entries()].filter(ours).sort((a, b) => b[1] - a[1]);
    },
  };
}

/**
 * How often PostgreSQL planned each named statement anew (custom plans) and ran its cached generic plan, summed
 * over every connection of `pool` (pg_prepared_statements, PostgreSQL ≥ 14, is per connection): a statement planned
 * on every call pays its planning time on every call.
 */
async function planChoices(pool: pg.Pool): Promise<Map<string, { custom: number; generic: number }>> {
  const clients = await Promise.all(Array.from({ length: pool.totalCount }, () => pool.connect()));
  const out = new Map<string, { custom: number; generic: number }>();
  try {
    for (const c of clients) {
      const { rows } = await c.query<{ name: string; custom: number; generic: number }>(
        'SELECT name, custom_plans::int AS custom, generic_plans::int AS generic FROM pg_prepared_statements');
      for (const r of rows) {
        const seen = out.get(r.name) ?? { custom: 0, generic: 0 };
        seen.custom += r.custom;
        seen.generic += r.generic;
        out.set(r.name, seen);
      }
    }
  } finally {
    for (const c of clients) c.release();
  }
  return out;
}

/** Profiles `scenario` with `count` requests after `warmup` unrecorded ones, and prints the breakdown. */
export async function profileScenario(ctx: BenchContext, scenario: Scenario, count = 300, warmup = 100): Promise<void> {
  if (!scenario.sample) throw new Error(`${scenario.id} cannot be profiled (it sends no HTTP requests); profile one of the HTTP scenarios`);
  instrumentPg();
  const pool = createPool(ctx.databaseUrl, 10);
  const app = await buildApp({ db: pool, clock: () => new Date() });
  try {
    const next = await scenario.sample(ctx);
    const send = async () => {
      const r = next();
      const res = await app.inject({
        method: r.method, url: r.root ? r.path : `/api/v1/${ctx.practice.orgId}${r.path}`,
        headers: { authorization: `Bearer ${ctx.seed.token}`, ...(r.body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(r.body === undefined ? {} : { payload: JSON.stringify(r.body) }),
      });
      if (res.statusCode >= 400 && res.statusCode !== 409) throw new Error(`${r.method} ${r.path} answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
      return res;
    };
    for (let i = 0; i < warmup; i++) await send();
    statements.clear();
    recording = true;
    const walls: number[] = [];
    let bytes = 0;
    const cpu0 = process.cpuUsage();
    const pg0 = await sampleCpu(process.pid);
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      bytes += (await send()).rawPayload.length;
      walls.push(performance.now() - t0);
    }
    const pg1 = await sampleCpu(process.pid);
    const cpu = process.cpuUsage(cpu0);
    recording = false;
    // Where chairtime's CPU goes, from as many requests again under the sampling profiler (which costs CPU of its
    // own, so the figures above are taken without it).
    const sampler = await startCpuProfile();
    for (let i = 0; i < count; i++) await send();
    const nodeProfile = await sampler.stop();
    walls.sort((a, b) => a - b);
    const wall = walls.reduce((s, x) => s + x, 0) / count;
    const nodeMs = (cpu.user + cpu.system) / 1000 / count;
    const inStatements = [...statements.values()].reduce((s, x) => s + x.ms, 0) / count;
    const perRequest = [...statements.values()].reduce((s, x) => s + x.calls, 0) / count;
    console.log(`profile ${scenario.id}: ${count} requests one at a time after ${warmup} warm-up, in process (app.inject, no sockets)`);
    console.log(`  wall per request   p50 ${ms(walls[Math.floor(count / 2)]!)} ms   mean ${ms(wall)} ms`);
    console.log(`  chairtime CPU      ${ms(nodeMs)} ms per request (Node: HTTP handling, validation, domain, pg protocol, JSON)`);
    console.log(`  PostgreSQL CPU     ${ms(cpuPerRequest(pg0, pg1, count).postgresMs)} ms per request (every postgres process, from /proc)`);
    console.log(`  (chairtime by /proc ${ms(cpuPerRequest(pg0, pg1, count).nodeMs)} ms)`);
    console.log(`  waiting on SQL     ${ms(inStatements)} ms per request in ${perRequest.toFixed(1)} statements (each: PostgreSQL + one round trip)`);
    console.log(`  response           ${Math.round(bytes / count).toLocaleString('en-US')} bytes`);
    console.log('  statements, by time per request:');
    const plans = await planChoices(pool);
    const rows = [...statements.entries()].sort((a, b) => b[1].ms - a[1].ms);
    for (const [name, s] of rows) {
      const p = plans.get(name);
      const planned = p ? `${(p.custom / (p.custom + p.generic || 1) * 100).toFixed(0).padStart(3)} %` : '    ';
      console.log(`    ${ms(s.ms / count)} ms  ${(s.calls / count).toFixed(2).padStart(5)}×  ${(s.ms / s.calls).toFixed(3).padStart(7)} ms each  ${planned}  ${name}`);
    }
    console.log('  (the % column: share of a named statement\'s runs PostgreSQL planned anew — custom plans — rather than'
      + ' running its cached generic plan; from pg_prepared_statements on the pool\'s connections)');
    console.log('  chairtime CPU on its main thread by where it was spent (V8 sampling profiler, self time per request; what'
      + ' the CPU figure above has beyond their sum is the kernel\'s and other threads\': sockets, GC helpers):');
    for (const [where, ms_] of nodeProfile.slice(0, 14)) console.log(`    ${ms(ms_ / count)} ms  ${where}`);
  } finally {
    await app.close();
    await pool.end();
  }
}
