// Fifty clients book into one slot of capacity 3 at once, half through POST /slots/{id}/appointments and half
// through POST /appointments with slot_uuid. The block has five free chairs and five free providers, so only
// the slot's capacity — counted under its row lock — can stop the fourth booking (without that lock, this test
// sees four or five 201s).
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPool } from '../../src/core/db/client.ts';
import { buildApp } from '../../src/core/http/app.ts';
import { Client, closeTestApp, FIXED_NOW, testPool, type Res } from '../helpers.ts';
import { makeOperatory, makePractice, makeProvider } from '../factories.ts';

// The shared test pool has five connections; twenty let many more bookings be in flight at once.
const pool = createPool(process.env.TEST_DATABASE_URL!, 20);
const app = await buildApp({ db: pool, clock: () => FIXED_NOW });

after(async () => {
  await app.close();
  await pool.end();
  await closeTestApp();
});

const CLIENTS = 50;

describe('slot race', () => {
  it(`${CLIENTS} concurrent bookings into a slot of capacity 3 give exactly three 201s, the rest 409, and three linked appointments`, async () => {
    const p = await makePractice();
    const ops = [...p.ops, await makeOperatory(p.c.orgId, p.loc.id, 'Op 4'), await makeOperatory(p.c.orgId, p.loc.id, 'Op 5')];
    const providers = [p.dentist, p.hygienist, ...await Promise.all(['Ames', 'Baker', 'Cole'].map((last_name) => makeProvider(p.c.orgId, { last_name })))];
    const block = (await p.c.post('/booking-blocks', {
      name: 'Race', location_uuid: p.loc.id, operatory_uuids: ops.map((o) => o.id), provider_uuids: providers.map((x) => x.id),
    })).body;
    const slot = (await p.c.post('/slots', {
      booking_block_id: block.id, start_date: '2026-03-11T13:00:00Z', end_date: '2026-03-11T13:30:00Z', capacity: 3,
    })).body;
    assert.equal(slot.capacity, 3);

    // Most clients name a chair and a provider spread over all five, so no chair or provider lock lines them up;
    // every seventh lets the slot pick.
    const place = (n: number) => (n % 7 === 6 ? {} : { operatory_uuid: ops[n % 5]!.id, provider_uuid: providers[n % 5]!.id });
    const c = new Client(app, p.c.orgId, p.c.token);
    const results: Res[] = await Promise.all(Array.from({ length: CLIENTS }, (_, n) => (n % 2
      ? c.post(`/slots/${slot.id}/appointments`, { patient_uuid: p.patient.id, ...place(n) })
      : c.post('/appointments', { patient_uuid: p.patient.id, location_uuid: p.loc.id, slot_uuid: slot.id, ...place(n) }))));

    const created = results.filter((r) => r.status === 201);
    assert.equal(created.length, 3, JSON.stringify(results.map((r) => r.status)));
    for (const r of results.filter((x) => x.status !== 201)) {
      assert.equal(r.status, 409, JSON.stringify(r.body));
      assert.ok(['slot_full', 'slot_conflict'].includes(r.body.detail[0].type), JSON.stringify(r.body));
    }
    assert.equal(new Set(created.map((r) => r.body.operatory.id)).size, 3, 'three different chairs');

    const { rows: [db] } = await testPool().query(`
      SELECT count(*) FILTER (WHERE status IN ('scheduled', 'complete'))::int AS active, count(*)::int AS total
        FROM appointments WHERE org_id = $1 AND slot_id = $2`, [p.c.orgId, slot.id]);
    assert.deepEqual(db, { active: 3, total: 3 });
    const after = (await p.c.get(`/slots/${slot.id}`)).body;
    assert.deepEqual([after.num_active_appointments, after.num_appointments, after.available], [3, 3, false]);
  });
});
