// What one load phase measured, whoever generated the load.

/** Throughput and latency of one phase; latencies in milliseconds. */
export interface Measurement {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  mean: number;
  /** Count per outcome: HTTP status for chairtime, the status the endpoint would answer for the floor. */
  outcomes: Record<string, number>;
  /** Socket errors or timeouts (chairtime), thrown errors (floor). */
  errors: number;
  /**
   * Requests sent but not answered when the phase ended (chairtime only: the floor finishes what it
   * started). Their latency is missing from the percentiles, so with any, p99 is a lower bound.
   */
  unanswered: number;
  /** chairtime only, when the phase knew the server's pid: CPU per answered request in ms, ours and PostgreSQL's. */
  cpu?: { nodeMs: number; postgresMs: number };
}

/** The q-quantile (0..1) of ascending `sorted`, nearest rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function summarize(latencies: number[], seconds: number, outcomes: Record<string, number>, errors: number, unanswered = 0): Measurement {
  const sorted = Float64Array.from(latencies).sort();
  const all = Array.from(sorted);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    requests: latencies.length, seconds: round(seconds), rps: round(latencies.length / seconds),
    p50: round(quantile(all, 0.5)), p99: round(quantile(all, 0.99)),
    mean: round(all.reduce((s, x) => s + x, 0) / (all.length || 1)), outcomes, errors, unanswered,
  };
}

/** A counter of outcomes. */
export function tally(outcomes: Record<string, number>, key: string): void {
  outcomes[key] = (outcomes[key] ?? 0) + 1;
}
