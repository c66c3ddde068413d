// The race requirement: 50 clients booking into one occurrence whose time slot takes 5 bookings get
// exactly five 201s, every other answer is 409 slot_full, and the database holds exactly five chair-occupying
// appointments for the occurrence. Six providers and six chairs: the cap, not the chairs, is the limit.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Api } from '../../src/core/http/deps.ts';
import { closeTestApp, testAppAt, testPool } from '../helpers.ts';
import { makeService, saveSlots, servicePractice, slot } from './service-fixture.ts';

const NOW = new Date('2026-03-01T12:00:00Z');
const CLIENTS = 50;
const MAX = 5;
let app: Api;

before(async () => {
  app = await testAppAt(NOW);
});
after(closeTestApp);

describe('service booking race', () => {
  it(`${CLIENTS} concurrent clients booking one occurrence with max_bookings ${MAX}: exactly ${MAX} × 201, the rest 409 slot_full`, async () => {
    const p = await servicePractice(app, { chairs: 6, providers: 6 });
    const service = await makeService(p.c, { location_uuid: p.loc.id });
    const [window] = await saveSlots(p.c, service.id, [slot(0, '09:00', '12:00', MAX)]);
    // Three sessions of the same occurrence (Monday 2026-03-02): requests at different starts never meet at a chair.
    const times = ['09:00', '10:00', '11:00'];
    const results = await Promise.all(Array.from({ length: CLIENTS }, (_, i) =>
      p.c.post(`/services/${service.id}/bookings`, { patient_uuid: p.patient.id, date: '2026-03-02', time: times[i % times.length] })));
    const tally: Record<string, number> = {};
    for (const r of results) {
      const key = r.status === 201 ? '201' : `${r.status} ${r.body?.detail?.[0]?.type}`;
      tally[key] = (tally[key] ?? 0) + 1;
    }
    assert.deepEqual(tally, { 201: MAX, '409 slot_full': CLIENTS - MAX });
    const { rows: [held] } = await testPool().query(`
      SELECT count(*)::int AS n FROM service_bookings b JOIN appointments a ON a.org_id = b.org_id AND a.id = b.appointment_id
       WHERE b.org_id = $1 AND b.time_slot_id = $2 AND b.occurrence_date = '2026-03-02' AND a.status IN ('scheduled', 'complete')`,
    [p.c.orgId, window.id]);
    assert.equal(held.n, MAX);
    const { rows: [all] } = await testPool().query('SELECT count(*)::int AS n FROM appointments WHERE org_id = $1', [p.c.orgId]);
    assert.equal(all.n, MAX, 'no other appointment was written');
    const booked = results.filter((r) => r.status === 201).map((r) => r.body.data.id).sort();
    const { rows } = await testPool().query('SELECT id FROM appointments WHERE org_id = $1 ORDER BY id', [p.c.orgId]);
    assert.deepEqual(rows.map((r) => r.id), booked, 'every 201 is in the table');
  });
});
