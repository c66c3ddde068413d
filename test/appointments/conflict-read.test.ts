// The conflict read finds a provider's appointments from two index ranges (the chair's, and the provider's
// by start from the window's start less 25 hours); the schema keeps every appointment shorter than that.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, testPool } from '../helpers.ts';
import { makePractice } from '../factories.ts';
import { withTransaction, type Db } from '../../src/core/db/client.ts';
import { lockSlot } from '../../src/appointments/index.ts';
import { loadConflictContext } from '../../src/appointments/db/appointment-conflicts.ts';

after(closeTestApp);

describe('conflict read across a long day', () => {
  it('a provider booked 00:00–23:30 in one chair cannot be booked at 23:00 in another (409 naming it); the chair alone can', async () => {
    const { c, body, ops, dentist } = await makePractice();
    // 2026-11-01 is New York's fall-back day: 00:00–23:30 local lasts 24 h 30 min.
    const long = await c.post('/appointments', body({ schedule_date: '2026-11-01', start_time: '00:00', end_time: '23:30', provider_uuid: dentist.id }));
    assert.equal(long.status, 201, JSON.stringify(long.body));
    const clash = await c.post('/appointments', body({
      operatory_uuid: ops[1]!.id, schedule_date: '2026-11-01', start_time: '23:00', end_time: '23:45', provider_uuid: dentist.id,
    }));
    assert.equal(clash.status, 409);
    assert.equal(firstIssue(clash).type, 'slot_conflict');
    assert.match(JSON.stringify(clash.body), new RegExp(long.body.id));
    const free = await c.post('/appointments', body({ operatory_uuid: ops[1]!.id, schedule_date: '2026-11-01', start_time: '23:00', end_time: '23:45' }));
    assert.equal(free.status, 201, JSON.stringify(free.body));
  });

  it('the schema refuses an appointment of 25 hours or more, whoever writes it (23514)', async () => {
    const { c, patient, loc, ops } = await makePractice();
    await assert.rejects(testPool().query(`
      INSERT INTO appointments (org_id, patient_id, location_id, operatory_id, status, schedule_date, start_time, end_time, start_at, end_at)
      VALUES ($1, $2, $3, $4, 'scheduled', '2026-03-10', '00:00', '01:00', '2026-03-10T05:00:00Z', '2026-03-11T06:00:00Z')`,
    [c.orgId, patient.id, loc.id, ops[0]!.id]), (err: { code?: string }) => err.code === '23514');
  });
});

describe('conflict read plans', () => {
  it('runs the generic plan once the slot is locked, every time, and leaves later statements of the transaction to choose', async () => {
    const { c, loc, ops, dentist } = await makePractice();
    const mode = async (db: Db) => (await db.query('SHOW plan_cache_mode')).rows[0].plan_cache_mode as string;
    const start = Date.parse('2026-03-10T15:00:00Z');
    const seen = await withTransaction(testPool(), async (tx) => {
      const modes: string[] = [await mode(tx)];
      for (let i = 0; i < 8; i++) {
        await lockSlot(tx, c.orgId, ops[0]!.id, [dentist.id]);
        modes.push(await mode(tx));
        await loadConflictContext(tx, c.orgId, loc.id, ops[0]!.id, [dentist.id], start + i * 3_600_000, start + (i + 1) * 3_600_000, null);
        modes.push(await mode(tx));
      }
      const { rows: [plans] } = await tx.query(`SELECT custom_plans::int AS custom, generic_plans::int AS generic
                                                  FROM pg_prepared_statements WHERE name = 'conflict-context'`);
      return { modes, plans };
    });
    assert.deepEqual(seen.modes, ['auto', ...Array.from({ length: 8 }, () => ['force_generic_plan', 'auto']).flat()]);
    assert.equal(seen.plans.custom, 0, 'the conflict read was never planned anew');
    assert.ok(seen.plans.generic >= 8);
    // Transaction-local: the pool's next statement on any connection chooses as usual.
    assert.equal(await mode(testPool()), 'auto');
  });
});
