// A slot lock taken for a patient (POST /slots/{id}/lock with patient_uuid) keeps the slot for that patient: the
// patient is stored on the lock's hold, shown where the lock is, and only that patient's booking may use its token.
// A slot lock's token books into its slot whether or not the booking names the slot.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, testPool } from '../helpers.ts';
import { makeSlotPractice } from './slot-fixtures.ts';

after(closeTestApp);

describe('slot locks for a patient', () => {
  it('POST /slots/{id}/lock with patient_uuid returns 200 naming the patient; GET /holds/{id} shows it; the slot itself does not', async () => {
    const p = await makeSlotPractice();
    const slot = await p.slot();
    const lock = await p.c.post(`/slots/${slot.id}/lock`, { patient_uuid: p.patient.id.toUpperCase() });
    assert.equal(lock.status, 200, JSON.stringify(lock.body));
    assert.equal(lock.body.patient_uuid, p.patient.id);
    assert.equal((await p.c.get(`/holds/${lock.body.hold_id}`)).body.patient_uuid, p.patient.id);
    assert.equal('patient_uuid' in (await p.c.get(`/slots/${slot.id}`)).body, false, 'slots are read by availability widgets');
    const { rows: [hold] } = await testPool().query('SELECT patient_id FROM holds WHERE org_id = $1 AND id = $2', [p.c.orgId, lock.body.hold_id]);
    assert.equal(hold.patient_id, p.patient.id);
    const plain = await p.c.post(`/slots/${(await p.slot({ start_date: '2026-03-12T13:00:00Z', end_date: '2026-03-12T14:00:00Z' })).id}/lock`);
    assert.deepEqual([plain.status, plain.body.patient_uuid], [200, null]);
    assert.equal((await p.c.get(`/holds/${plain.body.hold_id}`)).body.patient_uuid, null);
  });

  it('the token books another patient → 409 hold_invalid and the lock stays; the patient it is kept for books (201)', async () => {
    const p = await makeSlotPractice();
    const slot = await p.slot();
    const lock = (await p.c.post(`/slots/${slot.id}/lock`, { patient_uuid: p.patient.id })).body;
    const stranger = (await p.c.post('/patients', { first_name: 'Sam', last_name: 'Other' })).body;
    for (const res of [
      await p.c.post(`/slots/${slot.id}/appointments`, { patient_uuid: stranger.id, hold_token: lock.hold_token }),
      await p.c.post('/appointments', { patient_uuid: stranger.id, location_uuid: p.loc.id, slot_uuid: slot.id, hold_token: lock.hold_token }),
      await p.c.post('/appointments', { patient_uuid: stranger.id, location_uuid: p.loc.id, hold_token: lock.hold_token }),
    ]) {
      assert.deepEqual([res.status, firstIssue(res).type, firstIssue(res).loc], [409, 'hold_invalid', ['body', 'patient_uuid']]);
    }
    assert.equal((await p.c.get(`/holds/${lock.hold_id}`)).body.status, 'held');
    const after = (await p.c.get(`/slots/${slot.id}`)).body;
    assert.deepEqual([after.locked_until !== null, after.num_appointments], [true, 0]);
    const mine = await p.c.post(`/slots/${slot.id}/appointments`, { patient_uuid: p.patient.id, hold_token: lock.hold_token });
    assert.equal(mine.status, 201, JSON.stringify(mine.body));
    assert.deepEqual([mine.body.patient.id, mine.body.slot_uuid], [p.patient.id, slot.id]);
  });

  it('a lock without a patient books whoever carries its token (201)', async () => {
    const p = await makeSlotPractice();
    const slot = await p.slot();
    const lock = (await p.c.post(`/slots/${slot.id}/lock`)).body;
    const anyone = (await p.c.post('/patients', { first_name: 'Any', last_name: 'One' })).body;
    const res = await p.c.post(`/slots/${slot.id}/appointments`, { patient_uuid: anyone.id, hold_token: lock.hold_token });
    assert.deepEqual([res.status, res.body.patient.id], [201, anyone.id]);
  });

  it('POST /appointments with a lock\'s token and no slot_uuid books into the locked slot (201): it counts, and the slot fills', async () => {
    const p = await makeSlotPractice();
    const slot = await p.slot();
    const lock = (await p.c.post(`/slots/${slot.id}/lock`, { patient_uuid: p.patient.id })).body;
    const res = await p.c.post('/appointments', { patient_uuid: p.patient.id, location_uuid: p.loc.id, hold_token: lock.hold_token });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual([res.body.slot_uuid, res.body.start_time, res.body.operatory.id], [slot.id, '2026-03-11T09:00:00-04:00', p.ops[0]!.id]);
    const after = (await p.c.get(`/slots/${slot.id}`)).body;
    assert.deepEqual([after.num_active_appointments, after.locked_until, after.available], [1, null, false]);
    const next = await p.c.post(`/slots/${slot.id}/appointments`, p.booking());
    assert.deepEqual([next.status, firstIssue(next).type], [409, 'slot_full']);
  });

  it('a lock\'s token used for another slot → 409 hold_invalid; nothing is booked and the lock stays', async () => {
    const p = await makeSlotPractice();
    const slot = await p.slot();
    const other = await p.slot({ start_date: '2026-03-11T15:00:00Z', end_date: '2026-03-11T16:00:00Z' });
    const lock = (await p.c.post(`/slots/${slot.id}/lock`)).body;
    const res = await p.c.post(`/slots/${other.id}/appointments`, p.booking({ hold_token: lock.hold_token }));
    assert.deepEqual([res.status, firstIssue(res).type], [409, 'hold_invalid']);
    assert.equal((await p.c.get(`/holds/${lock.hold_id}`)).body.status, 'held');
    const { rows: [n] } = await testPool().query('SELECT count(*)::int AS n FROM appointments WHERE org_id = $1', [p.c.orgId]);
    assert.equal(n.n, 0);
  });
});
