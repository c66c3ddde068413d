import { listAppointmentPage } from '../src/appointments/db/appointment-lists.ts';
import { readFileSync } from 'node:fs';
import pg from 'pg';
const seed = JSON.parse(readFileSync('/work/main/bench/.seed.json', 'utf8'));
let captured: any;
const fake = Object.create(pg.Pool.prototype);
fake.query = async (cfg: any) => { captured = cfg; return { rows: [] }; };
const pos = { value: '2026-01-05 14:00:00+00', id: '00000000-0000-0000-0000-000000000000' };
await listAppointmentPage(fake, seed.orgId, null, {}, 'start_time', 'asc', pos, 100, null);
const c = new pg.Client('postgres://postgres@127.0.0.1:5432/chairtime_bench'); await c.connect();
await c.query('SET jit = off'); await c.query('SET plan_cache_mode = force_generic_plan');

await c.query(`PREPARE p AS ${captured.text.replace(/\$(\d+)/g, (_: string, n: string) => `$${n}`)}`);
const lit = (v: unknown) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v}'`);
const r = await c.query(`EXPLAIN (ANALYZE, TIMING off, COSTS off) EXECUTE p(${captured.values.map(lit).join(',')})`);
console.log(r.rows.map((x: any) => x['QUERY PLAN']).join('\n'));
await c.end();
