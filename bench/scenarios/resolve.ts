// resolve: in process, the schedule engine over a quarter: 20 providers × 90 days of templates and
// overrides resolved (resolveProviderDays), then each provider-day's blockouts and appointments
// subtracted (subtractIntervals) — the work behind availability.
import { subtractIntervals, type Interval } from '../../src/core/intervals.ts';
import { resolveProviderDays, type OverrideRule, type TemplateRule } from '../../src/schedule/domain/schedule.ts';
import { addDays } from '../../src/core/time.ts';
import { many } from '../../src/core/db/client.ts';
import { toOverrideRule, type OverrideRecord } from '../../src/schedule/db/schedule-overrides.ts';
import { toTemplateRule, type TemplateRecord } from '../../src/schedule/db/schedule-templates.ts';
import { quantile } from '../stats.ts';
import { round2, type BenchContext, type Scenario } from '../scenario.ts';

const PROVIDERS = 20;
const DAYS = 90;
const APPOINTMENTS = 10_000;
const LIMIT_MS = 60;

interface Inputs {
  zone: string;
  dates: string[];
  templates: TemplateRule[];
  overrides: OverrideRule[];
  locationOf: Map<string, string>;
  /** location|date → blockout intervals */
  blockouts: Map<string, Interval[]>;
  appointments: { providerId: string; date: string; start: number; end: number }[];
}

function push<T>(m: Map<string, T[]>, key: string, x: T): void {
  const list = m.get(key);
  if (list) list.push(x);
  else m.set(key, [x]);
}

/** The timed call: every provider-day resolved, minus its blockouts and appointments; returns the free ranges' count. */
function freeRanges(i: Inputs): number {
  const days = resolveProviderDays(i.templates, i.overrides, i.dates, i.zone);
  const busy = new Map<string, Interval[]>();
  for (const a of i.appointments) push(busy, `${a.providerId}|${a.date}`, a);
  let n = 0;
  for (const d of days) {
    const blocked = i.blockouts.get(`${i.locationOf.get(d.providerId)}|${d.date}`) ?? [];
    n += subtractIntervals(d.ranges, [...(busy.get(`${d.providerId}|${d.date}`) ?? []), ...blocked]).length;
  }
  return n;
}

/** The 20 providers of the ten New York clinics over 90 days from mid-February (spanning the March DST change). */
async function loadInputs(ctx: BenchContext): Promise<Inputs> {
  const { orgId, locations } = ctx.practice;
  const ny = locations.filter((l) => l.timezone === 'America/New_York').slice(0, PROVIDERS / 2);
  const providerIds = ny.flatMap((l) => l.providerIds).slice(0, PROVIDERS);
  const year = Number(ctx.seed.firstDate.slice(0, 4)) + 1;
  const from = `${year}-02-15`;
  const dates = Array.from({ length: DAYS }, (_, k) => addDays(from, k));
  const to = dates[DAYS - 1]!;
  const templates = await many<TemplateRecord>(ctx.pool, 'SELECT * FROM provider_schedule_templates WHERE org_id = $1 AND provider_id = ANY($2::uuid[])', [orgId, providerIds]);
  const overrides = await many<OverrideRecord>(ctx.pool, `SELECT * FROM provider_schedule_overrides
     WHERE org_id = $1 AND provider_id = ANY($2::uuid[]) AND override_date BETWEEN $3 AND $4`, [orgId, providerIds, from, to]);
  const blockouts = await many<{ location_id: string; schedule_date: string; start_at: string; end_at: string }>(ctx.pool, `
    SELECT location_id, schedule_date, start_at, end_at FROM blockouts
     WHERE org_id = $1 AND location_id = ANY($2::uuid[]) AND schedule_date BETWEEN $3 AND $4 AND status = 'active'`, [orgId, ny.map((l) => l.id), from, to]);
  // A deterministic, even sample over the quarter (md5 order), not its first weeks.
  const appointments = await many<{ provider_id: string; schedule_date: string; start_at: string; end_at: string }>(ctx.pool, `
    SELECT ap.provider_id, a.schedule_date, a.start_at, a.end_at
      FROM appointments a JOIN appointment_providers ap ON ap.org_id = a.org_id AND ap.appointment_id = a.id
     WHERE a.org_id = $1 AND ap.provider_id = ANY($2::uuid[]) AND a.schedule_date BETWEEN $3 AND $4 AND a.status IN ('scheduled', 'complete')
     ORDER BY md5(a.id::text) LIMIT ${APPOINTMENTS}`, [orgId, providerIds, from, to]);
  return {
    zone: 'America/New_York', dates,
    templates: templates.map(toTemplateRule), overrides: overrides.map(toOverrideRule),
    locationOf: new Map(templates.map((t) => [t.provider_id, t.location_id])),
    blockouts: blockouts.reduce((m, b) => (push(m, `${b.location_id}|${b.schedule_date}`, { start: Date.parse(b.start_at), end: Date.parse(b.end_at) }), m),
      new Map<string, Interval[]>()),
    appointments: appointments.map((a) => ({ providerId: a.provider_id, date: a.schedule_date, start: Date.parse(a.start_at), end: Date.parse(a.end_at) })),
  };
}

export const resolveScenario: Scenario = {
  id: 'resolve', title: 'schedules of 20 providers × 90 days minus blockouts and 10,000 appointments, in process', usesServer: false,
  async run(ctx: BenchContext) {
    const inputs = await loadInputs(ctx);
    for (let k = 0; k < 20; k++) freeRanges(inputs);
    const times: number[] = [];
    const deadline = performance.now() + (ctx.seconds / 2) * 1000;
    let ranges = 0;
    while (performance.now() < deadline && times.length < 1000) {
      const t0 = performance.now();
      ranges = freeRanges(inputs);
      times.push(performance.now() - t0);
    }
    const sorted = [...times].sort((a, b) => a - b);
    const perCall = { calls: times.length, p50: round2(quantile(sorted, 0.5)), p99: round2(quantile(sorted, 0.99)), mean: round2(times.reduce((s, x) => s + x, 0) / times.length) };
    return {
      id: 'resolve', title: this.title,
      runs: [{ label: 'one call', clients: 1, perCall, targets: [{ text: `≤ ${LIMIT_MS} ms per call`, measured: `${perCall.p50} ms (p50)`, met: perCall.p50 <= LIMIT_MS }] }],
      targets: [],
      notes: [
        `${PROVIDERS} providers of the New York clinics, ${inputs.dates[0]} … ${inputs.dates[DAYS - 1]} (across the March DST change): `
          + `${inputs.templates.length} templates, ${inputs.overrides.length} overrides, ${[...inputs.blockouts.values()].flat().length} blockouts, `
          + `${inputs.appointments.length} appointments; each call resolves every provider-day and subtracts its busy time (${ranges} free ranges).`,
        'Inputs are loaded once from the bench database; the timed call is pure (src/schedule/domain/schedule.ts, src/core/intervals.ts). No floor: nothing to compare with.',
      ],
    };
  },
};
