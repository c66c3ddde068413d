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

/**
 * One measurement of several phases of the same load taken at different times (rounds interleaved with other
 * loads, so a drift of the host's speed falls on every load alike): requests, time, outcomes and errors add up,
 * mean and CPU are weighted by requests, p50 is the median of the phases' p50s and p99 the highest p99.
 */
export function combineRounds(rounds: readonly Measurement[]): Measurement {
  const round = (x: number) => Math.round(x * 100) / 100;
  const sum = (f: (m: Measurement) => number) => rounds.reduce((s, m) => s + f(m), 0);
  const requests = sum((m) => m.requests);
  const seconds = sum((m) => m.seconds);
  const weighted = (f: (m: Measurement) => number) => round(sum((m) => f(m) * m.requests) / (requests || 1));
  const outcomes: Record<string, number> = {};
  for (const m of rounds) for (const [k, n] of Object.entries(m.outcomes)) outcomes[k] = (outcomes[k] ?? 0) + n;
  const p50s = rounds.map((m) => m.p50).sort((a, b) => a - b);
  const withCpu = rounds.every((m) => m.cpu);
  return {
    requests, seconds: round(seconds), rps: round(requests / (seconds || 1)),
    p50: p50s.length % 2 ? p50s[(p50s.length - 1) / 2]! : round((p50s[p50s.length / 2 - 1]! + p50s[p50s.length / 2]!) / 2),
    p99: Math.max(...rounds.map((m) => m.p99)), mean: weighted((m) => m.mean), outcomes,
    errors: sum((m) => m.errors), unanswered: sum((m) => m.unanswered),
    ...(withCpu ? { cpu: { nodeMs: weighted((m) => m.cpu!.nodeMs), postgresMs: weighted((m) => m.cpu!.postgresMs) } } : {}),
  };
}

/** A counter of outcomes. */
export function tally(outcomes: Record<string, number>, key: string): void {
  outcomes[key] = (outcomes[key] ?? 0) + 1;
}
