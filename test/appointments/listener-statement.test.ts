// The appointment listeners whose work is SQL run as one statement (listenerStatement): each part's own parameters
// are renumbered after the shared two, its result reaches its own `then`, and a write no result reads still happens.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { closeTestApp, testPool } from '../helpers.ts';
import { withTransaction } from '../../src/core/db/client.ts';
import { listenerStatement, runListenerParts, type ListenerPart } from '../../src/appointments/db/listener-statement.ts';

after(closeTestApp);

describe('the listeners\' one statement', () => {
  it('numbers each part\'s own parameters after the organisation, the appointment and the parts before it', () => {
    const parts: ListenerPart[] = [
      { with: [['a_one', 'SELECT $1, $2, $3, $4']], result: '(SELECT 1 FROM a_one)', values: ['x', 'y'] },
      { with: [], result: '$2::text' },
      { with: [['c_one', 'SELECT $3 AS v, $12 AS w'], ['c_two', 'SELECT $1, $4']], result: '$3', values: ['z', 1, 2, 3, 4, 5, 6, 7, 8, 9] },
    ];
    const { text, values } = listenerStatement('org', 'appt', parts);
    assert.equal(text, 'WITH a_one AS (SELECT $1, $2, $3, $4),\nc_one AS (SELECT $5 AS v, $14 AS w),\nc_two AS (SELECT $1, $6)\n'
      + 'SELECT (SELECT 1 FROM a_one) AS p0, $2::text AS p1, $5 AS p2 FROM (VALUES ($1::uuid, $2::uuid)) AS change');
    assert.deepEqual(values, ['org', 'appt', 'x', 'y', 'z', 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('refuses two parts naming the same CTE, and dollar quoting (which renumbering could not read)', () => {
    const part = { with: [['same', 'SELECT 1']] as const, result: '1' };
    assert.throws(() => listenerStatement('o', 'a', [part, part]), /two listener parts name a CTE same/);
    assert.throws(() => listenerStatement('o', 'a', [{ with: [['d', 'SELECT $$x$$']], result: '1' }]), /dollar quoting/);
  });

  it('runs every part in one statement and hands each result to its own then, in order; unread writes still happen', async () => {
    const org = randomUUID();
    const appt = randomUUID();
    const seen: unknown[] = [];
    await withTransaction(testPool(), async (tx) => {
      await tx.query('CREATE TEMP TABLE listener_writes (org uuid, note text) ON COMMIT DROP');
      await runListenerParts(tx, org, appt, [
        { with: [['w_write', 'INSERT INTO listener_writes VALUES ($1, $3) RETURNING 1']], result: 'NULL', values: ['written'], then: async (_tx, r) => void seen.push(r) },
        { with: [['r_read', 'SELECT $2::uuid AS appointment, $3::int + $4::int AS sum']], result: '(SELECT row_to_json(r) FROM r_read r)', values: [40, 2],
          then: async (_tx, r) => void seen.push(r) },
        { with: [], result: '$1::uuid = $3::uuid', values: [org], then: async (_tx, r) => void seen.push(r) },
      ]);
      assert.deepEqual((await tx.query('SELECT org, note FROM listener_writes')).rows, [{ org, note: 'written' }]);
    });
    assert.deepEqual(seen, [null, { appointment: appt, sum: 42 }, true]);
  });

  it('says whether a then wrote the appointment\'s row (true only when one resolves true), after running every then', async () => {
    const ran: number[] = [];
    const part = (i: number, wrote: boolean | void): ListenerPart => ({ with: [], result: String(i), then: async () => { ran.push(i); return wrote; } });
    const cases: [(boolean | void)[], boolean][] = [[[undefined, undefined], false], [[false, undefined], false], [[true, undefined], true], [[undefined, false, true], true]];
    for (const [wrote, expected] of cases) {
      ran.length = 0;
      const said = await withTransaction(testPool(), (tx) => runListenerParts(tx, randomUUID(), randomUUID(), wrote.map((w, i) => part(i, w))));
      assert.equal(said, expected, JSON.stringify(wrote));
      assert.deepEqual(ran, wrote.map((_, i) => i));
    }
    assert.equal(await withTransaction(testPool(), (tx) => runListenerParts(tx, randomUUID(), randomUUID(), [])), false);
  });
});
