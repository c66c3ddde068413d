import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Api } from '../../src/core/http/deps.ts';
import { closeTestApp, firstIssue, testAppAt } from '../helpers.ts';
import { tenantFingerprint } from '../core/tenant-snapshot.ts';
import { bad, makeService, saveSlots, servicePractice, slot, type PracticeOptions } from './service-fixture.ts';

// Sunday 2026-03-01 07:00 in New York; 2026-03-02 is a Monday (day 0).
const NOW = new Date('2026-03-01T12:00:00Z');
let app: Api;

before(async () => {
  app = await testAppAt(NOW);
});
after(closeTestApp);

/** A practice with a 60-minute service offered Mondays 09:00–12:00, `max` places per occurrence. */
async function offered(max = 2, o: PracticeOptions = {}) {
  const p = await servicePractice(app, o);
  const s = await makeService(p.c, { location_uuid: p.loc.id });
  const [window] = await saveSlots(p.c, s.id, [slot(0, '09:00', '12:00', max)]);
  const book = (body: object) => p.c.post(`/services/${s.id}/bookings`, { patient_uuid: p.patient.id, ...body });
  const placesAt = async (date: string) => {
    const res = await p.c.get(`/services/${s.id}/availability?date_from=${date}&date_to=${date}`);
    return res.body.data.map((x: { places_left: number }) => x.places_left);
  };
  return { ...p, service: s, window, book, placesAt };
}

describe('POST /services/{id}/bookings', () => {
  it('returns 201 with the booking; the appointment is scheduled with the first provider in the first chair', async () => {
    const p = await offered();
    const res = await p.book({ start: '2026-03-02T14:00:00Z' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const b = res.body.data;
    assert.deepEqual(b, {
      id: b.appointment_uuid, service_id: p.service.id, time_slot_id: p.window.id, date: '2026-03-02',
      start: '2026-03-02T09:00:00-05:00', end: '2026-03-02T10:00:00-05:00', appointment_uuid: b.appointment_uuid,
      patient_uuid: p.patient.id, provider_uuid: p.providers[0]!.id, operatory_uuid: p.ops[0]!.id,
    });
    const appt = (await p.c.get(`/appointments/${b.id}`)).body;
    assert.deepEqual([appt.status, appt.start_time, appt.end_time, appt.operatory.id, appt.provider.id],
      ['scheduled', '2026-03-02T09:00:00-05:00', '2026-03-02T10:00:00-05:00', p.ops[0]!.id, p.providers[0]!.id]);
  });

  it('books by local date and time too; the next booking at the same start takes the next provider and chair', async () => {
    const p = await offered();
    const first = await p.book({ date: '2026-03-02', time: '10:00' });
    const second = await p.book({ date: '2026-03-02', time: '10:00' });
    assert.equal(second.status, 201, JSON.stringify(second.body));
    assert.equal(first.body.data.start, '2026-03-02T10:00:00-05:00');
    assert.notEqual(second.body.data.provider_uuid, first.body.data.provider_uuid);
    assert.notEqual(second.body.data.operatory_uuid, first.body.data.operatory_uuid);
  });

  it('returns 409 slot_full at the cap and writes nothing; another occurrence still books', async () => {
    const p = await offered(2);
    assert.deepEqual(await p.placesAt('2026-03-02'), [2, 2, 2]);
    assert.equal((await p.book({ date: '2026-03-02', time: '09:00' })).status, 201);
    assert.deepEqual(await p.placesAt('2026-03-02'), [1, 1, 1]);
    assert.equal((await p.book({ date: '2026-03-02', time: '11:00' })).status, 201);
    const before = await tenantFingerprint(p.c.orgId);
    const full = await p.book({ date: '2026-03-02', time: '10:00' });
    assert.equal(full.status, 409);
    assert.equal(firstIssue(full).type, 'slot_full');
    assert.deepEqual(await tenantFingerprint(p.c.orgId), before);
    assert.equal((await p.book({ date: '2026-03-09', time: '10:00' })).status, 201);
  });

  it('cancelling a booked appointment frees its place', async () => {
    const p = await offered(1);
    const booked = await p.book({ date: '2026-03-02', time: '09:00' });
    assert.deepEqual(await p.placesAt('2026-03-02'), []);
    assert.equal((await p.book({ date: '2026-03-02', time: '10:00' })).status, 409);
    const cancel = await p.c.post(`/appointments/${booked.body.data.id}/cancel`, { base_version: 1, cancelled_by: 'patient' });
    assert.equal(cancel.status, 200, JSON.stringify(cancel.body));
    assert.deepEqual(await p.placesAt('2026-03-02'), [1, 1, 1]);
    assert.equal((await p.book({ date: '2026-03-02', time: '10:00' })).status, 201);
  });

  it('deleting the time slot or the service forgets the bookkeeping, never the appointments booked through it', async () => {
    const p = await offered();
    const booked = (await p.book({ date: '2026-03-02', time: '09:00' })).body.data;
    assert.deepEqual((await p.c.delete(`/time-slots/${p.window.id}`)).body, { data: 'ok' });
    assert.deepEqual((await p.c.delete(`/services/${p.service.id}`)).body, { data: 'ok' });
    const appt = await p.c.get(`/appointments/${booked.id}`);
    assert.equal(appt.status, 200);
    assert.equal(appt.body.status, 'scheduled');
  });

  it('returns 400 for a start outside every window, off the session grid, in the past, or in a DST gap', async () => {
    const p = await offered();
    const cases: [object, string][] = [
      [{ date: '2026-03-02', time: '12:00' }, 'No time slot'], // the window ends at 12:00
      [{ date: '2026-03-02', time: '11:30' }, 'No time slot'], // would end at 12:30
      [{ date: '2026-03-03', time: '09:00' }, 'No time slot'], // a Tuesday
      [{ start: '2026-03-02T09:00:00Z' }, 'No time slot'], // 04:00 in New York
      [{ date: '2026-03-02', time: '09:30' }, 'start every 60 minutes from 09:00:00'],
      [{ date: '2026-02-23', time: '09:00' }, 'in the past'],
      [{ date: '2026-03-02', time: '09:00', start: '2026-03-02T14:00:00Z' }, 'not both'],
      [{}, 'Give start'],
      [{ date: '2026-03-02' }, 'Give start'],
      [{ start: '2026-03-02T14:00:00' }, 'date-time'],
      [{ start: '2026-03-02T14:00:00.500Z' }, 'whole second'],
      [{ start: '2026-03-02T23:59:60Z' }, 'not an instant'], // a leap second passes the format check
    ];
    // Sundays 01:00–05:00 too: 02:00 on 2026-03-08 does not exist in New York.
    await saveSlots(p.c, p.service.id, [slot(6, '01:00', '05:00')]);
    const before = await tenantFingerprint(p.c.orgId);
    for (const [body, msg] of cases) assert.ok(bad(await p.book(body)).msg.includes(msg), JSON.stringify(body));
    assert.equal(bad(await p.book({ date: '2026-03-08', time: '02:00' })).type, 'dst_gap');
    assert.deepEqual(await tenantFingerprint(p.c.orgId), before);
  });

  it('returns 404 for an unknown patient or service, and for an inactive service', async () => {
    const p = await offered();
    const patient = await p.book({ date: '2026-03-02', time: '09:00', patient_uuid: '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11' });
    assert.equal(patient.status, 404);
    assert.deepEqual(firstIssue(patient).loc, ['body', 'patient_uuid']);
    assert.equal((await p.c.post('/services/987654321/bookings', { patient_uuid: p.patient.id, date: '2026-03-02', time: '09:00' })).status, 404);
    await p.c.patch(`/services/${p.service.id}`, { base_version: 1, is_active: false });
    assert.equal((await p.book({ date: '2026-03-02', time: '09:00' })).status, 404);
  });

  it('returns 409 slot_conflict when no provider and chair of the service is free at the start', async () => {
    const p = await offered(5, { chairs: 1, providers: 2 });
    const appt = await p.c.post('/appointments', {
      patient_uuid: p.patient.id, location_uuid: p.loc.id, operatory_uuid: p.ops[0]!.id, schedule_date: '2026-03-02', start_time: '09:30', end_time: '10:30',
    });
    assert.equal(appt.status, 201);
    const res = await p.book({ date: '2026-03-02', time: '10:00' });
    assert.equal(res.status, 409);
    assert.equal(firstIssue(res).type, 'slot_conflict');
  });

  it('scoped tokens: availability:read may search but not book; booking:write may book', async () => {
    const p = await offered();
    const tokenFor = async (scopes: string[]) => (await p.c.post(`/users/${p.adminUserId}/tokens`, { scopes })).body.token as string;
    const reader = p.c.as(await tokenFor(['availability:read']));
    const booker = p.c.as(await tokenFor(['booking:write']));
    assert.equal((await reader.get(`/services/${p.service.id}/availability?date_from=2026-03-02&date_to=2026-03-02`)).status, 200);
    assert.equal((await reader.post(`/services/${p.service.id}/bookings`, { patient_uuid: p.patient.id, date: '2026-03-02', time: '09:00' })).status, 403);
    assert.equal((await booker.post(`/services/${p.service.id}/bookings`, { patient_uuid: p.patient.id, date: '2026-03-02', time: '09:00' })).status, 201);
    assert.equal((await booker.get(`/services/${p.service.id}`)).status, 403);
    assert.equal((await booker.get(`/services/${p.service.id}/availability`)).status, 403);
  });
});
