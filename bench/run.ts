// npm run bench [-- --only day,week] [--seconds N] — starts chairtime against the seeded bench
// database, measures every scenario against its floor, writes bench/results/<id>.json and the
// README table. Never part of npm test.
import { mkdir } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createPool } from '../src/core/db/client.ts';
import { benchDatabaseUrl, readSeedInfo, RESULTS_DIR } from './config.ts';
import { loadPractice } from './fixtures.ts';
import { machineInfo, readResults, updateReadme, writeResult } from './results.ts';
import type { BenchContext, Scenario } from './scenario.ts';
import { startServer, type RunningServer } from './server-process.ts';
import { profileScenario } from './profile.ts';
import { bookScenario } from './scenarios/book.ts';
import { dayScenario, weekScenario } from './scenarios/calendar.ts';
import { contendScenario } from './scenarios/contend.ts';
import { pageScenario } from './scenarios/page.ts';
import { resolveScenario } from './scenarios/resolve.ts';
import { fhirSlotScenario, freeTimeScenario, locationAvailabilityScenario } from './scenarios/availability.ts';
import { holdBookScenario } from './scenarios/hold-book.ts';

const SCENARIOS: Scenario[] = [
  dayScenario, weekScenario, bookScenario, contendScenario, pageScenario, resolveScenario, freeTimeScenario, locationAvailabilityScenario,
  fhirSlotScenario, holdBookScenario,
];
const ids = SCENARIOS.map((s) => s.id);

const { values } = parseArgs({
  options: {
    only: { type: 'string', multiple: true },
    seconds: { type: 'string', default: '6' },
    profile: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(`usage: npm run bench [-- --only <id>[,<id>…]] [--seconds N] | [-- --profile <id>]\n  scenarios: ${ids.join(', ')}\n`
    + '  --seconds: measured seconds per phase (default 6; each phase has a short unmeasured warm-up)\n'
    + '  --profile: where one request of the scenario spends its time (chairtime CPU, PostgreSQL CPU, each statement, bytes)\n'
    + '  needs a database made by `npm run bench:seed` on DATABASE_URL\'s server (default the local one)');
  process.exit(0);
}
const only = (values.only ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
const unknown = only.filter((id) => !ids.includes(id));
if (unknown.length) {
  console.error(`unknown scenario ${unknown.join(', ')}; choose from ${ids.join(', ')}`);
  process.exit(2);
}
const seconds = Number(values.seconds);
if (!Number.isInteger(seconds) || seconds < 1) {
  console.error('--seconds must be a whole number ≥ 1');
  process.exit(2);
}
const selected = SCENARIOS.filter((s) => !only.length || only.includes(s.id));
const profiled = values.profile === undefined ? null : SCENARIOS.find((s) => s.id === values.profile);
if (profiled === undefined) {
  console.error(`unknown scenario ${values.profile}; choose from ${SCENARIOS.filter((s) => s.sample).map((s) => s.id).join(', ')}`);
  process.exit(2);
}

const databaseUrl = benchDatabaseUrl();
const seed = await readSeedInfo();
const pool = createPool(databaseUrl, 4, { statementTimeoutMs: 0 });
let server: RunningServer | null = null;
let failed = 0;
if (profiled) {
  try {
    const ctx: BenchContext = { seed, practice: await loadPractice(pool, seed), databaseUrl, pool, server: null, seconds };
    await profileScenario(ctx, profiled);
  } finally {
    await pool.end();
  }
  process.exit(0);
}
try {
  const practice = await loadPractice(pool, seed);
  const machine = await machineInfo(pool);
  await mkdir(RESULTS_DIR, { recursive: true });
  if (selected.some((s) => s.usesServer)) server = await startServer(databaseUrl);
  console.log(`chairtime pid ${server?.pid ?? '—'} on ${server?.baseUrl ?? '—'}; ${machine.cpus} × ${machine.model}, Node ${machine.node}, PostgreSQL ${machine.postgres}`);
  for (const scenario of selected) {
    const started = performance.now();
    console.log(`\n${scenario.id}: ${scenario.title}`);
    const ctx: BenchContext = { seed, practice, databaseUrl, pool, server: scenario.usesServer ? server : null, seconds };
    const file = await writeResult(await scenario.run(ctx), machine);
    for (const r of file.runs) {
      const figures = r.perCall
        ? `${r.perCall.p50} ms per call (p99 ${r.perCall.p99}, ${r.perCall.calls} calls)`
        : `chairtime ${r.chairtime!.rps} req/s p50 ${r.chairtime!.p50} p99 ${r.chairtime!.p99} ms | floor ${r.floor!.rps} req/s `
          + `p50 ${r.floor!.p50} p99 ${r.floor!.p99} ms | ratio ${r.ratio}`;
      console.log(`  ${r.label.padEnd(18)} ${figures}`);
      for (const t of r.targets) console.log(`    ${t.met ? 'met   ' : 'MISSED'} ${t.text} (${t.measured})`);
    }
    for (const t of file.targets) console.log(`  ${t.met ? 'met   ' : 'MISSED'} ${t.text} (${t.measured})`);
    if (!file.pass) failed++;
    console.log(`  ${((performance.now() - started) / 1000).toFixed(0)} s → bench/results/${scenario.id}.json`);
  }
} finally {
  await server?.stop();
  await pool.end();
}
const wrote = await updateReadme(await readResults(ids));
console.log(wrote ? '\nREADME performance table updated' : '\nREADME has no bench markers: table not written');
console.log(`${selected.length - failed} of ${selected.length} scenarios met every target`);
