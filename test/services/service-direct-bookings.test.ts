// A direct booking that names its service (POST /appointments with service_id) counts against the occurrence's
// max_bookings exactly as POST /services/{id}/bookings does; one without service_id counts against nothing. A service
// booking that is moved keeps its place within its occurrence, leaves it elsewhere, and takes it back (or is refused)
// when it returns from broken.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Api } from '../../src/core/http/deps.ts';
import { closeTestApp, firstIssue, testAppAt, testPool } from '../helpers.ts';
import { makeLocation } from '../factories.ts';
import { tenantFingerprint } from '../core/tenant-snapshot.ts';
import { makeService, saveSlots, servicePractice, slot } from './service-fixture.ts';

// Sunday 2026-03-01 07:00 in New York; 2026-03-02 is a Monday (day 0).
const NOW = new Date('2026-03-01T12:00:00Z');
let app: Api;

before(async () => {
  app = await testAppAt(NOW);
});
after(closeTestApp);

/** A 60-minute service offered Mondays 09:00–12:00 with `max` places, three chairs, three providers. */
async function offered(max = 2) {
  const p = await servicePractice(app, { chairs: 3, providers: 3 });
  const service = await makeService(p.c, { location_uuid: p.loc.id });
  const [window] = await saveSlots(p.c, service.id, [slot(0, '09:00', '12:00', max)]);
  /** A direct booking body in chair `n` with provider `n`, Monday 2026-03-02 at `time` unless overridden. */
  const direct = (n: number, time: string, over: Record<string, unknown> = {}) => ({
    patient_uuid: p.patient.id, location_uuid: p.loc.id, operatory_uuid: p.ops[n]!.id, provider_uuid: p.providers[n]!.id,
    schedule_date: '2026-03-02', start_time: time, service_id: service.id, ...over,
  });
  const placesAt = async (date: string) =>
    (await p.c.get(`/services/${service.id}/availability?date_from=${date}&date_to=${date}`)).body.data.map((x: { places_left: number }) => x.places_left);
  const bookings = async () => (await testPool().query(
    'SELECT appointment_id, time_slot_id, occurrence_date FROM service_bookings WHERE org_id = $1 ORDER BY created_at, appointment_id', [p.c.orgId])).rows;
  return { ...p, service, window, direct, placesAt, bookings };
}

describe('POST /appointments with service_id', () => {
  it('returns 201 and counts against the occurrence: the service\'s length gives the end, places_left drops, the booking is recorded', async () => {
    const p = await offered();
    assert.deepEqual(await p.placesAt('2026-03-02'), [2, 2, 2]);
    const res = await p.c.post('/appointments', p.direct(0, '09:15'));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual([res.body.status, res.body.start_time, res.body.end_time, res.body.operatory.id, res.body.slot_uuid],
      ['scheduled', '2026-03-02T09:15:00-05:00', '2026-03-02T10:15:00-05:00', p.ops[0]!.id, null]);
    assert.deepEqual(await p.bookings(), [{ appointment_id: res.body.id, time_slot_id: p.window.id, occurrence_date: '2026-03-02' }]);
    // 09:15–10:15 in chair 1 also takes 09:00 and 10:00 from that chair; the occurrence has one place left.
    assert.deepEqual(await p.placesAt('2026-03-02'), [1, 1, 1]);
  });

  it('shares the cap with POST /services/{id}/bookings: at max_bookings both answer 409 slot_full and nothing is written', async () => {
    const p = await offered(2);
    assert.equal((await p.c.post('/appointments', p.direct(0, '09:00'))).status, 201);
    assert.equal((await p.c.post(`/services/${p.service.id}/bookings`, { patient_uuid: p.patient.id, date: '2026-03-02', time: '10:00' })).status, 201);
    const before = await tenantFingerprint(p.c.orgId);
    const direct = await p.c.post('/appointments', p.direct(2, '11:00'));
    assert.deepEqual([direct.status, firstIssue(direct).type, firstIssue(direct).loc], [409, 'slot_full', ['body', 'service_id']]);
    const viaService = await p.c.post(`/services/${p.service.id}/bookings`, { patient_uuid: p.patient.id, date: '2026-03-02', time: '11:00' });
    assert.deepEqual([viaService.status, firstIssue(viaService).type], [409, 'slot_full']);
    const bulk = await p.c.post('/appointments/bulk', { rows: [p.direct(2, '11:00')] });
    assert.deepEqual([bulk.status, bulk.body.failed, bulk.body.results[0].errors[0].type], [200, 1, 'slot_full']);
    assert.deepEqual(await tenantFingerprint(p.c.orgId), before);
    // Another occurrence (the next Monday) still books.
    assert.equal((await p.c.post('/appointments', p.direct(2, '11:00', { schedule_date: '2026-03-09' }))).status, 201);
  });

  it('an appointment without service_id counts against no service, even at the service\'s time', async () => {
    const p = await offered(1);
    const { service_id: _s, ...plain } = p.direct(0, '09:00', { end_time: '10:00' });
    assert.equal((await p.c.post('/appointments', plain)).status, 201);
    assert.deepEqual(await p.bookings(), []);
    assert.equal((await p.c.post('/appointments', p.direct(1, '10:00'))).status, 201);
  });

  it('422 for service_id with slot_uuid or hold_token, a status or request without a place, a start no time slot holds, another location; 404 unknown service', async () => {
    const p = await offered();
    const other = await makeLocation(p.c.orgId, { name: 'Uptown' });
    const cases: [Record<string, unknown>, number, string, (string | number)[]][] = [
      [{ slot_uuid: randomUUID() }, 422, 'value_error', ['body', 'service_id']],
      [{ hold_token: `ht_${'x'.repeat(43)}` }, 422, 'value_error', ['body', 'hold_token']],
      [{ status: 'planned' }, 422, 'value_error', ['body', 'status']],
      [{ schedule_date: null }, 422, 'missing', ['body', 'schedule_date']],
      [{ operatory_uuid: null }, 422, 'missing', ['body', 'operatory_uuid']],
      [{ start_time: '08:30' }, 422, 'value_error', ['body', 'start_time']],
      [{ start_time: '12:00' }, 422, 'value_error', ['body', 'start_time']], // the window is [09:00, 12:00)
      [{ schedule_date: '2026-03-03' }, 422, 'value_error', ['body', 'start_time']], // a Tuesday
      [{ location_uuid: other.id }, 422, 'value_error', ['body', 'location_uuid']],
      [{ service_id: 987654321 }, 404, 'not_found', ['body', 'service_id']],
      [{ service_id: 0 }, 422, 'greater_than_equal', ['body', 'service_id']],
    ];
    const before = await tenantFingerprint(p.c.orgId);
    for (const [over, status, type, loc] of cases) {
      const res = await p.c.post('/appointments', p.direct(0, '09:00', over));
      assert.deepEqual([res.status, firstIssue(res).type, firstIssue(res).loc], [status, type, loc], JSON.stringify(over));
    }
    assert.deepEqual(await tenantFingerprint(p.c.orgId), before);
  });

  it('a start late in the window counts against it though the booking runs past the window\'s end', async () => {
    const p = await offered(1);
    const res = await p.c.post('/appointments', p.direct(0, '11:30'));
    assert.deepEqual([res.status, res.body.end_time], [201, '2026-03-02T12:30:00-05:00']);
    assert.equal(firstIssue(await p.c.post('/appointments', p.direct(1, '09:00'))).type, 'slot_full');
  });
});

describe('moving a service booking', () => {
  it('within its occurrence it keeps its place; to another date it leaves the occurrence, whose place is free again', async () => {
    const p = await offered(1);
    const booked = (await p.c.post(`/services/${p.service.id}/bookings`, { patient_uuid: p.patient.id, date: '2026-03-02', time: '09:00' })).body.data;
    const within = await p.c.post(`/appointments/${booked.id}/move`, { base_version: 1, schedule_date: '2026-03-02', start_time: '11:00', end_time: '12:00' });
    assert.equal(within.status, 200, JSON.stringify(within.body));
    assert.equal((await p.bookings()).length, 1);
    assert.deepEqual(await p.placesAt('2026-03-02'), []);
    const away = await p.c.post(`/appointments/${booked.id}/move`, { base_version: 2, schedule_date: '2026-03-03', start_time: '09:00', end_time: '10:00' });
    assert.equal(away.status, 200, JSON.stringify(away.body));
    assert.deepEqual(await p.bookings(), []);
    assert.deepEqual(await p.placesAt('2026-03-02'), [1, 1, 1]);
    const history = (await p.c.get(`/appointments/${booked.id}/history`)).body.items;
    assert.deepEqual(history[0].changes.service_booking, { old: { service_id: p.service.id, time_slot_id: p.window.id, date: '2026-03-02' }, new: null });
  });

  it('a broken service booking moved back within its occurrence takes its place again: 409 slot_full when it filled, 200 when there is room', async () => {
    const p = await offered(1);
    const mine = (await p.c.post('/appointments', p.direct(0, '09:00'))).body;
    assert.equal((await p.c.post(`/appointments/${mine.id}/break`, { base_version: 1 })).status, 200);
    assert.deepEqual(await p.placesAt('2026-03-02'), [1, 1, 1]);
    const other = (await p.c.post('/appointments', p.direct(1, '10:00'))).body;
    const full = await p.c.post(`/appointments/${mine.id}/move`, { base_version: 2, schedule_date: '2026-03-02', start_time: '09:00', end_time: '10:00' });
    assert.deepEqual([full.status, firstIssue(full).type], [409, 'slot_full']);
    assert.equal((await p.c.get(`/appointments/${mine.id}`)).body.status, 'broken');
    await p.c.post(`/appointments/${other.id}/cancel`, { base_version: 1 });
    const back = await p.c.post(`/appointments/${mine.id}/move`, { base_version: 2, schedule_date: '2026-03-02', start_time: '09:00', end_time: '10:00' });
    assert.deepEqual([back.status, back.body.status], [200, 'scheduled']);
    assert.deepEqual(await p.placesAt('2026-03-02'), []);
    assert.equal(firstIssue(await p.c.post('/appointments', p.direct(2, '11:00'))).type, 'slot_full');
  });
});
