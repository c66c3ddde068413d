import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { closeTestApp, firstIssue, testPool } from '../helpers.ts';
import { makeLocation, makeOperatory, makeProvider } from '../factories.ts';
import { makeSlotPractice } from './slot-fixtures.ts';

after(closeTestApp);

const counts = (s: { num_active_appointments: number; num_cancelled_appointments: number; num_appointments: number; available: boolean }) =>
  [s.num_active_appointments, s.num_cancelled_appointments, s.num_appointments, s.available];

describe('booking into a slot', () => {
  it('POST /slots/{id}/appointments returns 201 at the slot\'s time with the block\'s type, first free chair and provider, linked to the slot', async () => {
    const p = await makeSlotPractice();
    const slot = await p.slot({ capacity: 2 });
    const first = await p.c.post(`/slots/${slot.id}/appointments`, p.booking({ note: 'via slot' }));
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const a = first.body;
    assert.deepEqual([a.status, a.start_time, a.end_time, a.schedule_date, a.operatory.id, a.provider.id, a.appointment_type.id, a.location.id, a.note],
      ['scheduled', '2026-03-11T09:00:00-04:00', '2026-03-11T10:00:00-04:00', '2026-03-11', p.ops[0]!.id, p.hygienist.id, p.type.id, p.loc.id, 'via slot']);
    // The second takes the next chair, and the next provider: the first one's provider time overlaps.
    const second = await p.c.post('/appointments', { patient_uuid: p.patient.id, location_uuid: p.loc.id, slot_uuid: slot.id });
    assert.equal(second.status, 201, JSON.stringify(second.body));
    assert.deepEqual([second.body.operatory.id, second.body.provider.id], [p.ops[1]!.id, p.dentist.id]);
    const { rows } = await testPool().query('SELECT id FROM appointments WHERE org_id = $1 AND slot_id = $2 ORDER BY created_at, id', [p.c.orgId, slot.id]);
    assert.deepEqual(new Set(rows.map((r) => r.id)), new Set([a.id, second.body.id]));
    assert.deepEqual(counts((await p.c.get(`/slots/${slot.id}`)).body), [2, 0, 2, false]);
  });

  it('the pick skips chairs and providers already taken at that time; a named chair is kept, a busy named provider → 409', async () => {
    const p = await makeSlotPractice();
    const slot = await p.slot({ capacity: 3 });
    const direct = await p.c.post('/appointments', p.body({ schedule_date: '2026-03-11', start_time: '09:30', end_time: '10:30', provider_uuid: p.hygienist.id }));
    assert.equal(direct.status, 201);
    const picked = await p.c.post(`/slots/${slot.id}/appointments`, p.booking());
    assert.deepEqual([picked.status, picked.body.operatory.id, picked.body.provider.id], [201, p.ops[1]!.id, p.dentist.id]);
    // The dentist's time is taken by the booking just made: the usual conflict check answers, naming it.
    const busy = await p.c.post(`/slots/${slot.id}/appointments`, p.booking({ operatory_uuid: p.ops[2]!.id, provider_uuid: p.dentist.id }));
    assert.deepEqual([busy.status, firstIssue(busy).type, busy.body.detail[0].ctx.id], [409, 'slot_conflict', picked.body.id]);
    // Chair 3 is free but no provider of the block is.
    const none = await p.c.post(`/slots/${slot.id}/appointments`, p.booking({ operatory_uuid: p.ops[2]!.id }));
    assert.deepEqual([none.status, firstIssue(none).type], [409, 'slot_conflict']);
    const zed = await makeProvider(p.c.orgId, { first_name: 'Zoe', last_name: 'Zed' });
    await p.c.patch(`/booking-blocks/${p.block.id}`, { base_version: 1, provider_uuids: [p.dentist.id, p.hygienist.id, zed.id] });
    const kept = await p.c.post(`/slots/${slot.id}/appointments`, p.booking({ operatory_uuid: p.ops[2]!.id }));
    assert.deepEqual([kept.status, kept.body.operatory.id, kept.body.provider.id], [201, p.ops[2]!.id, zed.id]);
  });

  it('409 slot_conflict when no chair of the block is free; the slot\'s counts do not move', async () => {
    const p = await makeSlotPractice();
    const slot = await p.slot({ capacity: 3 });
    for (const op of p.ops) {
      assert.equal((await p.c.post('/appointments', p.body({ operatory_uuid: op.id, schedule_date: '2026-03-11', start_time: '09:00', end_time: '09:15' }))).status, 201);
    }
    const res = await p.c.post(`/slots/${slot.id}/appointments`, p.booking());
    assert.deepEqual([res.status, firstIssue(res).type], [409, 'slot_conflict']);
    assert.deepEqual(counts((await p.c.get(`/slots/${slot.id}`)).body), [0, 0, 0, true]);
  });

  it('409 slot_full at capacity and slot_disabled when disabled, through both routes; nothing is written', async () => {
    const p = await makeSlotPractice();
    const slot = await p.slot();
    assert.equal((await p.c.post(`/slots/${slot.id}/appointments`, p.booking())).status, 201);
    const viaSlot = await p.c.post(`/slots/${slot.id}/appointments`, p.booking());
    const viaAppointments = await p.c.post('/appointments', { patient_uuid: p.patient.id, location_uuid: p.loc.id, slot_uuid: slot.id });
    for (const res of [viaSlot, viaAppointments]) assert.deepEqual([res.status, firstIssue(res).type], [409, 'slot_full']);
    const other = await p.slot({ start_date: '2026-03-12T13:00:00Z', end_date: '2026-03-12T14:00:00Z' });
    await p.c.post(`/slots/${other.id}/disable`);
    const off = await p.c.post(`/slots/${other.id}/appointments`, p.booking());
    assert.deepEqual([off.status, firstIssue(off).type], [409, 'slot_disabled']);
    const { rows: [n] } = await testPool().query('SELECT count(*)::int AS n FROM appointments WHERE org_id = $1', [p.c.orgId]);
    assert.equal(n.n, 1);
  });

  it('cancelling or breaking an appointment frees its place: the counts move and the slot books again', async () => {
    const p = await makeSlotPractice();
    const slot = await p.slot();
    const a = (await p.c.post(`/slots/${slot.id}/appointments`, p.booking())).body;
    assert.deepEqual(counts((await p.c.get(`/slots/${slot.id}`)).body), [1, 0, 1, false]);
    assert.equal((await p.c.post(`/appointments/${a.id}/cancel`, { base_version: 1 })).status, 200);
    assert.deepEqual(counts((await p.c.get(`/slots/${slot.id}`)).body), [0, 1, 1, true]);
    const b = await p.c.post(`/slots/${slot.id}/appointments`, p.booking());
    assert.equal(b.status, 201);
    assert.equal((await p.c.post(`/appointments/${b.body.id}/break`, { base_version: 1 })).status, 200);
    assert.deepEqual(counts((await p.c.get(`/slots/${slot.id}`)).body), [0, 2, 2, true]);
    assert.equal((await p.c.post(`/slots/${slot.id}/appointments`, p.booking())).status, 201);
    assert.deepEqual(counts((await p.c.get(`/slots/${slot.id}`)).body), [1, 2, 3, false]);
  });

  it('422 for a time of its own, another location, a chair or provider outside the block, or a status that takes no place; 404 unknown slot', async () => {
    const p = await makeSlotPractice();
    const slot = await p.slot({ capacity: 5 });
    const other = await makeLocation(p.c.orgId, { name: 'Uptown' });
    const far = await makeOperatory(p.c.orgId, other.id, 'Up 1');
    const outsider = await makeProvider(p.c.orgId, { first_name: 'Olga', last_name: 'Out' });
    const base = { patient_uuid: p.patient.id, location_uuid: p.loc.id, slot_uuid: slot.id };
    const cases: [Record<string, unknown>, number, (string | number)[]][] = [
      [{ schedule_date: '2026-03-11' }, 422, ['body', 'schedule_date']],
      [{ start_time: '09:00' }, 422, ['body', 'start_time']],
      [{ status: 'planned' }, 422, ['body', 'status']],
      [{ location_uuid: other.id }, 422, ['body', 'location_uuid']],
      [{ operatory_uuid: far.id }, 422, ['body', 'operatory_uuid']],
      [{ provider_uuid: outsider.id }, 422, ['body', 'provider_uuid']],
      [{ slot_uuid: randomUUID() }, 404, ['body', 'slot_uuid']],
      [{ patient_uuid: randomUUID() }, 404, ['body', 'patient_uuid']],
    ];
    for (const [over, status, loc] of cases) {
      const res = await p.c.post('/appointments', { ...base, ...over });
      assert.deepEqual([res.status, firstIssue(res).loc], [status, loc], JSON.stringify(over));
    }
    const path = await p.c.post(`/slots/${randomUUID()}/appointments`, p.booking());
    assert.deepEqual([path.status, firstIssue(path).loc], [404, ['path', 'slot_id']]);
    for (const field of ['location_uuid', 'schedule_date', 'slot_uuid']) {
      const res = await p.c.post(`/slots/${slot.id}/appointments`, p.booking({ [field]: field === 'schedule_date' ? '2026-03-11' : slot.id }));
      assert.deepEqual([res.status, firstIssue(res).type], [422, 'extra_forbidden'], field);
    }
    assert.equal((await p.c.get(`/slots/${slot.id}`)).body.num_appointments, 0);
  });

  it('a slot booking takes the block\'s operatories only while they are active, and a bulk row may book into a slot', async () => {
    const p = await makeSlotPractice();
    const slot = await p.slot({ capacity: 2 });
    await testPool().query('UPDATE operatories SET is_active = false WHERE org_id = $1 AND id = $2', [p.c.orgId, p.ops[0]!.id]);
    const res = await p.c.post('/appointments/bulk', { rows: [{ patient_uuid: p.patient.id, location_uuid: p.loc.id, slot_uuid: slot.id }] });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.created, 1, JSON.stringify(res.body));
    const { rows } = await testPool().query('SELECT operatory_id FROM appointments WHERE org_id = $1 AND slot_id = $2', [p.c.orgId, slot.id]);
    assert.deepEqual(rows, [{ operatory_id: p.ops[1]!.id }]);
  });
});
