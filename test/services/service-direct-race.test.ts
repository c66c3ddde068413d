// Fifty clients book one occurrence whose time slot takes 5 bookings, half through POST /appointments with
// service_id (each naming its own chair and provider) and half through POST /services/{id}/bookings: exactly five
// 201s. Six chairs, six providers and three starts leave eighteen free places, so only the occurrence's lock and
// count can stop the sixth booking (with lockServiceOccurrence made a no-op this test sees more than five 201s).
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPool } from '../../src/core/db/client.ts';
import { buildApp } from '../../src/core/http/app.ts';
import { Client, closeTestApp, testPool, type Res } from '../helpers.ts';
import { makeService, saveSlots, servicePractice, slot } from './service-fixture.ts';

const NOW = new Date('2026-03-01T12:00:00Z');
const CLIENTS = 50;
const MAX = 5;
// The shared test pool has five connections; twenty let many more bookings be in flight at once.
const pool = createPool(process.env.TEST_DATABASE_URL!, 20);
const app = await buildApp({ db: pool, clock: () => NOW });

after(async () => {
  await app.close();
  await pool.end();
  await closeTestApp();
});

describe('direct service booking race', () => {
  it(`${CLIENTS} concurrent direct and service bookings of one occurrence with max_bookings ${MAX}: exactly ${MAX} × 201, the rest 409`, async () => {
    const p = await servicePractice(app, { chairs: 6, providers: 6 });
    const service = await makeService(p.c, { location_uuid: p.loc.id });
    const [window] = await saveSlots(p.c, service.id, [slot(0, '09:00', '12:00', MAX)]);
    const c = new Client(app, p.c.orgId, p.c.token);
    const times = ['09:00', '10:00', '11:00'];
    // The direct half spreads over every chair (with its provider) and start: 18 places no chair lock lines up.
    const results: Res[] = await Promise.all(Array.from({ length: CLIENTS }, (_, n) => {
      const k = n >> 1;
      return n % 2
        ? c.post(`/services/${service.id}/bookings`, { patient_uuid: p.patient.id, date: '2026-03-02', time: times[k % 3] })
        : c.post('/appointments', {
          patient_uuid: p.patient.id, location_uuid: p.loc.id, operatory_uuid: p.ops[k % 6]!.id, provider_uuid: p.providers[k % 6]!.id,
          schedule_date: '2026-03-02', start_time: times[Math.floor(k / 6) % 3], service_id: service.id,
        });
    }));
    const tally: Record<string, number> = {};
    for (const r of results) {
      const key = r.status === 201 ? '201' : `${r.status} ${r.body?.detail?.[0]?.type}`;
      tally[key] = (tally[key] ?? 0) + 1;
    }
    assert.equal(tally['201'], MAX, JSON.stringify(tally));
    for (const key of Object.keys(tally)) assert.ok(['201', '409 slot_full', '409 slot_conflict'].includes(key), JSON.stringify(tally));
    const { rows: [held] } = await testPool().query(`
      SELECT count(*)::int AS n FROM service_bookings b JOIN appointments a ON a.org_id = b.org_id AND a.id = b.appointment_id
       WHERE b.org_id = $1 AND b.time_slot_id = $2 AND b.occurrence_date = '2026-03-02' AND a.status IN ('scheduled', 'complete')`,
    [p.c.orgId, window.id]);
    assert.equal(held.n, MAX);
    const { rows: [all] } = await testPool().query('SELECT count(*)::int AS n FROM appointments WHERE org_id = $1', [p.c.orgId]);
    assert.equal(all.n, MAX, 'no other appointment was written');
  });
});
