// The cursor page is one statement whose text is built from the filters and the sort (listAppointmentPage). It is
// prepared once per shape and connection (byShape) and runs its cached generic plan. (What made the generic plan lose
// to planning anew on the benchmark's million rows — the seeks' bound as a parameter — does not show on a test
// database this small; `npm run bench -- --profile page` prints the share of custom plans for that.)
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, testPool } from '../helpers.ts';
import { makePractice } from '../factories.ts';
import { byShape } from '../../src/core/db/client.ts';
import { listAppointmentPage } from '../../src/appointments/db/appointment-lists.ts';

after(closeTestApp);

describe('cursor page plans', () => {
  it('runs its cached generic plan after the first few pages, whatever the position', async () => {
    const { c, body, ops } = await makePractice();
    for (let h = 8; h < 14; h++) {
      for (const op of ops) assert.equal((await c.post('/appointments', body({ operatory_uuid: op.id, start_time: `${String(h).padStart(2, '0')}:00`, end_time: `${String(h).padStart(2, '0')}:30` }))).status, 201);
    }
    const client = await testPool().connect();
    try {
      let after = null;
      for (let i = 0; i < 12; i++) {
        const { rows, hasNextPage }: Awaited<ReturnType<typeof listAppointmentPage>> = await listAppointmentPage(client, c.orgId, null, {}, 'start_time', 'asc', after, 1 + (i % 3));
        after = hasNextPage ? { value: rows.at(-1)!.sort_value, id: rows.at(-1)!.id } : null;
      }
      const { rows } = await client.query(`SELECT sum(custom_plans)::int AS custom, sum(generic_plans)::int AS generic
                                             FROM pg_prepared_statements WHERE name LIKE 'appointment-page-%'`);
      // PostgreSQL plans a statement's first five runs for their values, then keeps the generic plan if it is no dearer.
      assert.ok(rows[0].custom <= 5 * 2, `custom plans: ${rows[0].custom} (two shapes: the first page, then after a position)`);
      assert.ok(rows[0].generic >= 12 - 5 * 2, `generic plans: ${rows[0].generic}`);
    } finally {
      client.release();
    }
  });

  it('names up to 64 shapes per process, the same name for the same text, and runs later shapes unnamed', () => {
    const first = byShape('plans-test', 'SELECT 1 AS shape_0');
    assert.equal(typeof first, 'object');
    assert.deepEqual(byShape('plans-test', 'SELECT 1 AS shape_0'), first, 'the same text keeps its name');
    const later = Array.from({ length: 80 }, (_, i) => byShape('plans-test', `SELECT 1 AS shape_${i + 1}`));
    const named = later.filter((s) => typeof s === 'object') as { name: string }[];
    assert.ok(named.length <= 63, `${named.length} more named`);
    assert.equal(new Set(named.map((s) => s.name)).size, named.length, 'one name per text');
    assert.equal(later.at(-1), 'SELECT 1 AS shape_80', 'past the limit, the text alone');
  });
});
