import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseTimestamptz } from '../../src/core/db/client.ts';
import { testPool } from '../helpers.ts';

// Instants as PostgreSQL reads them (any offset) and as they must come back: Date#toISOString's shape.
const CASES: [string, string][] = [
  ['2026-03-11 14:00:00+00', '2026-03-11T14:00:00.000Z'],
  ['2026-03-11 09:00:00-05', '2026-03-11T14:00:00.000Z'],
  ['2026-03-11 14:00:00.5+00', '2026-03-11T14:00:00.500Z'],
  ['2026-03-11 14:00:00.123456+00', '2026-03-11T14:00:00.123Z'],
  ['2026-03-11 14:00:00.999999+00', '2026-03-11T14:00:00.999Z'],
  ['1969-12-31 23:59:59.9999+00', '1969-12-31T23:59:59.999Z'],
  ['2026-11-01 01:30:00-04', '2026-11-01T05:30:00.000Z'],
  ['0001-01-01 00:00:00+00', '0001-01-01T00:00:00.000Z'], // Date alone would read this as 2001
  ['9999-12-31 23:59:59.999+00', '9999-12-31T23:59:59.999Z'],
  ['1880-01-01 12:00:00+00', '1880-01-01T12:00:00.000Z'],
];

describe('timestamptz values arrive as RFC 3339 UTC with milliseconds', () => {
  it('each value read back from PostgreSQL is the same instant in Date#toISOString\'s shape', async () => {
    const { rows } = await testPool().query<{ input: string; at: string }>(
      'SELECT x AS input, x::timestamptz AS at FROM unnest($1::text[]) AS x', [CASES.map(([input]) => input)]);
    assert.deepEqual(rows.map((r) => [r.input, r.at]), CASES);
  });

  it('a value of another shape falls back to Date', () => {
    assert.equal(parseTimestamptz('2026-03-11 14:00:00+05:30'), '2026-03-11T08:30:00.000Z');
    assert.equal(parseTimestamptz('2026-03-11T14:00:00Z'), '2026-03-11T14:00:00.000Z');
  });
});
