// What a scenario is given and what it returns; results.ts turns the returns into JSON and the README table.
import type pg from 'pg';
import type { SeedInfo } from './config.ts';
import type { Practice } from './fixtures.ts';
import type { RunningServer } from './server-process.ts';
import type { Measurement } from './stats.ts';
import type { HttpRequest } from './http-load.ts';

/** One target of the table and whether this run met it. */
export interface Target {
  text: string;
  measured: string;
  met: boolean;
}

/** One line of the results: chairtime and its floor under one load, or an in-process measurement. */
export interface Run {
  label: string;
  clients: number;
  chairtime?: Measurement;
  floor?: Measurement;
  /** chairtime req/s ÷ floor req/s */
  ratio?: number;
  /** The minimal floor: hand-written SQL in bench/floors/, run by pgbench at the same concurrency. */
  minimal?: Measurement;
  /** chairtime req/s ÷ minimal floor req/s: the reference the targets are written against. */
  minimalRatio?: number;
  /** In-process scenarios: milliseconds per call. */
  perCall?: { calls: number; p50: number; p99: number; mean: number };
  targets: Target[];
}

export interface ScenarioResult {
  id: string;
  title: string;
  runs: Run[];
  /** Targets about the scenario as a whole (flatness across runs, correctness checks). */
  targets: Target[];
  /** What the floor runs, what was checked, anything a reader needs to judge the figures. */
  notes: string[];
}

export interface BenchContext {
  seed: SeedInfo;
  practice: Practice;
  databaseUrl: string;
  /** A pool on the bench database for set-up, checks and clean-up (never measured). */
  pool: pg.Pool;
  /** null for in-process scenarios. */
  server: RunningServer | null;
  /** Measured seconds per phase (each phase is preceded by a short unmeasured warm-up). */
  seconds: number;
}

export interface Scenario {
  id: string;
  title: string;
  usesServer: boolean;
  run(ctx: BenchContext): Promise<ScenarioResult>;
  /** Representative requests, one per call, for `npm run bench -- --profile <id>` (HTTP scenarios). */
  sample?(ctx: BenchContext): Promise<() => HttpRequest>;
}

export const round2 = (x: number) => Math.round(x * 100) / 100;

/** A run of chairtime against its floor, with the ratio target `minRatio` and any latency targets. */
export function comparedRun(label: string, clients: number, chairtime: Measurement, floor: Measurement, minRatio: number | null, extra: Target[] = []): Run {
  const ratio = floor.rps > 0 ? round2(chairtime.rps / floor.rps) : 0;
  const targets = minRatio === null ? [] : [{ text: `ratio ≥ ${minRatio.toFixed(2)}`, measured: ratio.toFixed(2), met: ratio >= minRatio }];
  return { label, clients, chairtime, floor, ratio, targets: [...targets, ...extra] };
}

/**
 * Adds the minimal floor to `run`, with the target `minRatio` (chairtime ÷ minimal, requests per second)
 * when given; null leaves the ratio reported without a target.
 */
export function withMinimal(run: Run, minimal: Measurement, minRatio: number | null): Run {
  const minimalRatio = minimal.rps > 0 ? round2(run.chairtime!.rps / minimal.rps) : 0;
  const target = minRatio === null ? [] : [{ text: `ratio to the minimal floor ≥ ${minRatio.toFixed(2)}`, measured: minimalRatio.toFixed(2), met: minimalRatio >= minRatio }];
  return { ...run, minimal, minimalRatio, targets: [...run.targets, ...target] };
}

/** A latency target: `which` percentile of chairtime at most `limit` ms. */
export function latencyTarget(m: Measurement, which: 'p50' | 'p99', limit: number): Target {
  const value = m[which];
  // Requests unanswered at the end are slower than their elapsed time so far; when there are enough
  // of them to sit above the percentile, it is only a lower bound.
  const share = which === 'p50' ? 0.5 : 0.01;
  const late = m.unanswered > m.requests * share ? ` or more: ${m.unanswered} requests still unanswered when the phase ended` : '';
  const measured = m.requests ? `${value.toFixed(2)} ms${late}` : 'no answer within the phase';
  return { text: `${which} ≤ ${limit} ms`, measured, met: m.requests > 0 && value <= limit };
}

/** A random element of `xs` by `rand`. */
export function pick<T>(xs: readonly T[], rand: () => number): T {
  return xs[Math.floor(rand() * xs.length)]!;
}
