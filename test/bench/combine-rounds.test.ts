// The bench's interleaved rounds (bench/stats.ts, combineRounds): one measurement made of several phases of the same load.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { combineRounds, summarize, type Measurement } from '../../bench/stats.ts';

const phase = (latencies: number[], seconds: number, cpu?: { nodeMs: number; postgresMs: number }): Measurement => ({
  ...summarize(latencies, seconds, { '200': latencies.length }, 0), ...(cpu ? { cpu } : {}),
});

describe('combineRounds', () => {
  it('adds requests, time and outcomes; weights mean and CPU by requests; takes the median p50 and the highest p99', () => {
    const a = phase([1, 1, 1, 1], 1, { nodeMs: 1, postgresMs: 2 });
    const b = phase([3, 3], 1, { nodeMs: 4, postgresMs: 5 });
    const c = phase([2, 2, 9, 9], 2, { nodeMs: 1, postgresMs: 2 });
    const m = combineRounds([a, b, c]);
    assert.deepEqual({ requests: m.requests, seconds: m.seconds, rps: m.rps, outcomes: m.outcomes }, { requests: 10, seconds: 4, rps: 2.5, outcomes: { '200': 10 } });
    assert.deepEqual([m.p50, m.p99, m.mean], [2, 9, 3.2]);
    assert.deepEqual(m.cpu, { nodeMs: 1.6, postgresMs: 2.6 });
  });

  it('takes the mean of the middle two p50s for an even number of rounds, and drops CPU when a round has none', () => {
    const m = combineRounds([phase([1], 1, { nodeMs: 1, postgresMs: 1 }), phase([2], 1), phase([4], 1), phase([10], 1)]);
    assert.equal(m.p50, 3);
    assert.equal(m.cpu, undefined);
  });
});
