// Broken appointments moved back into their slot race new bookings into it: a slot of capacity 3 whose three
// appointments were broken, five chairs and five providers in its block. Three moves back (each to its own chair)
// and twenty bookings (into the two other chairs) at once give exactly three successes: a move back counts against
// the slot under the slot's row lock, as a booking does (without that lock in the move, this test sees four or five).
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPool } from '../../src/core/db/client.ts';
import { buildApp } from '../../src/core/http/app.ts';
import { Client, closeTestApp, FIXED_NOW, testPool, type Res } from '../helpers.ts';
import { makeOperatory, makePractice, makeProvider } from '../factories.ts';

const pool = createPool(process.env.TEST_DATABASE_URL!, 20);
const app = await buildApp({ db: pool, clock: () => FIXED_NOW });

after(async () => {
  await app.close();
  await pool.end();
  await closeTestApp();
});

describe('slot move race', () => {
  it('three moves back into a slot of capacity 3 racing twenty new bookings give exactly three successes', async () => {
    const p = await makePractice();
    const ops = [...p.ops, await makeOperatory(p.c.orgId, p.loc.id, 'Op 4'), await makeOperatory(p.c.orgId, p.loc.id, 'Op 5')];
    const providers = [p.dentist, p.hygienist, ...await Promise.all(['Ames', 'Baker', 'Cole'].map((last_name) => makeProvider(p.c.orgId, { last_name })))];
    const block = (await p.c.post('/booking-blocks', {
      name: 'Race', location_uuid: p.loc.id, operatory_uuids: ops.map((o) => o.id), provider_uuids: providers.map((x) => x.id),
    })).body;
    const slot = (await p.c.post('/slots', {
      booking_block_id: block.id, start_date: '2026-03-11T13:00:00Z', end_date: '2026-03-11T13:30:00Z', capacity: 3,
    })).body;
    const broken: string[] = [];
    for (let i = 0; i < 3; i++) {
      const a = await p.c.post(`/slots/${slot.id}/appointments`, { patient_uuid: p.patient.id, operatory_uuid: ops[i]!.id, provider_uuid: providers[i]!.id });
      assert.equal(a.status, 201, JSON.stringify(a.body));
      assert.equal((await p.c.post(`/appointments/${a.body.id}/break`, { base_version: 1 })).status, 200);
      broken.push(a.body.id);
    }

    const c = new Client(app, p.c.orgId, p.c.token);
    const back = { base_version: 2, schedule_date: '2026-03-11', start_time: '09:00', end_time: '09:30' };
    const requests: Promise<Res>[] = [];
    for (let n = 0; n < 20; n++) {
      if (n % 7 === 0) requests.push(c.post(`/appointments/${broken[n / 7]}/move`, back));
      requests.push(c.post(`/slots/${slot.id}/appointments`, { patient_uuid: p.patient.id, operatory_uuid: ops[3 + (n % 2)]!.id, provider_uuid: providers[3 + (n % 2)]!.id }));
    }
    const results = await Promise.all(requests);
    const ok = results.filter((r) => r.status === 200 || r.status === 201);
    assert.equal(ok.length, 3, JSON.stringify(results.map((r) => [r.status, r.body?.detail?.[0]?.type])));
    for (const r of results.filter((x) => !ok.includes(x))) {
      assert.equal(r.status, 409, JSON.stringify(r.body));
      assert.ok(['slot_full', 'slot_conflict'].includes(r.body.detail[0].type), JSON.stringify(r.body));
    }
    const { rows: [db] } = await testPool().query(`
      SELECT count(*) FILTER (WHERE status IN ('scheduled', 'complete'))::int AS active FROM appointments WHERE org_id = $1 AND slot_id = $2`,
    [p.c.orgId, slot.id]);
    assert.equal(db.active, 3);
    assert.equal((await p.c.get(`/slots/${slot.id}`)).body.num_active_appointments, 3);
  });
});
