import { listAppointmentPage } from '../src/appointments/db/appointment-lists.ts';
import { createPool } from '../src/core/db/client.ts';
import { readFileSync } from 'node:fs';
const seed = JSON.parse(readFileSync('/work/main/bench/.seed.json', 'utf8'));
const pool = createPool('postgres://postgres@127.0.0.1:5432/chairtime_bench', 1);
for (const depth of [0, 1000, 10000, 30000]) {
  const pos = depth === 0 ? null : (await pool.query(`SELECT start_at::text AS value, id FROM appointments WHERE org_id = $1 ORDER BY start_at ASC NULLS LAST, id ASC OFFSET $2 LIMIT 1`, [seed.orgId, depth - 1])).rows[0];
  const { rows } = await listAppointmentPage(pool, seed.orgId, null, {}, 'start_time', 'asc', pos, 100, null);
  const t: number[] = [];
  for (let i = 0; i < 200; i++) { const s = performance.now(); await listAppointmentPage(pool, seed.orgId, null, {}, 'start_time', 'asc', pos, 100, null); t.push(performance.now() - s); }
  t.sort((a, b) => a - b);
  console.log(depth, rows.reduce((n, r) => n + r.json.length, 0), 'markers', rows.reduce((n, r) => n + r.json.split('\u0001').length - 1, 0), 'p50', t[100]!.toFixed(3));
}
await pool.end();
