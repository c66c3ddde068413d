import { listAppointmentPage } from '../src/appointments/db/appointment-lists.ts';
import { createPool } from '../src/core/db/client.ts';
import { readFileSync } from 'node:fs';
const seed = JSON.parse(readFileSync('/work/main/bench/.seed.json', 'utf8'));
const pool = createPool('postgres://postgres@127.0.0.1:5432/chairtime_bench', 1);
const read = { orgId: seed.orgId, userId: seed.orgId, tokenId: seed.orgId, method: 'GET', route: '/bench-ab', kind: 'appointment' as const, recordId: null, requestId: 'ab' };
const pos = { value: '2026-01-05 14:00:00+00', id: '00000000-0000-0000-0000-000000000000' };
async function run(label: string, r: typeof read | null) {
  for (let i = 0; i < 100; i++) await listAppointmentPage(pool, seed.orgId, null, {}, 'start_time', 'asc', pos, 100, r);
  const t: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < 400; i++) { const s = performance.now(); await listAppointmentPage(pool, seed.orgId, null, {}, 'start_time', 'asc', pos, 100, r); t.push(performance.now() - s); }
  const cpu = process.cpuUsage(cpu0);
  t.sort((a, b) => a - b);
  console.log(label, 'p50', t[200]!.toFixed(3), 'mean', (t.reduce((a, b) => a + b) / t.length).toFixed(3), 'node cpu', ((cpu.user + cpu.system) / 1000 / 400).toFixed(3));
}
for (let k = 0; k < 3; k++) { await run('no audit', null); await run('audit   ', read); }
await pool.query("DELETE FROM audit.patient_reads WHERE route = '/bench-ab'").catch(() => {});
await pool.end();
// floor statement via node-pg for comparison
const pool2 = createPool('postgres://postgres@127.0.0.1:5432/chairtime_bench', 1);
const floorSql = readFileSync('bench/floors/page.sql', 'utf8').replace(/^--.*$/mg, '').replace(':org', '$1').replace(':after_at', '$2').replace(':after_id', '$3').replace(/;\s*$/, '');
for (let k = 0; k < 3; k++) {
  const t: number[] = [];
  for (let i = 0; i < 500; i++) { const s = performance.now(); await pool2.query({ name: 'floor', text: floorSql, values: [seed.orgId, pos.value, pos.id] }); if (i >= 100) t.push(performance.now() - s); }
  t.sort((a, b) => a - b);
  console.log('floor sql via node-pg p50', t[200]!.toFixed(3));
}
await pool2.end();
