import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { withTransaction } from '../../src/core/db/client.ts';
import { runAppointmentListeners } from '../../src/appointments/index.ts';
import { keepRecallsTrue } from '../../src/recalls/index.ts';
import { keepWaitlistTrue } from '../../src/waitlist/index.ts';
import { closeTestApp, firstIssue, FIXED_NOW, testPool, type Client } from '../helpers.ts';
import { makeLocation, makeOperatory, makePractice } from '../factories.ts';

after(closeTestApp);

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';
const PATH = '/waitlist/entries';

async function patient(c: Client, last: string): Promise<string> {
  return (await c.post('/patients', { first_name: 'Pat', last_name: last })).body.id;
}

async function entry(c: Client, body: Record<string, unknown>) {
  const res = await c.post(PATH, body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

describe('the ASAP list kept true by appointment changes', () => {
  it('break with add_to_asap puts the patient on the list with the appointment\'s location, type, provider and length', async () => {
    const { c, loc, patient: p, type, dentist, body } = await makePractice();
    const appt = (await c.post('/appointments', body({ appointment_type_uuid: type.id, provider_uuid: dentist.id, start_time: '10:00', end_time: '10:50' }))).body;
    const res = await c.post(`/appointments/${appt.id}/break`, { base_version: appt.version, add_to_asap: true });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.quick_fill_matches, []);
    const list = (await c.get(`${PATH}?patient_uuid=${p.id}`)).body;
    assert.equal(list.total, 1);
    const e = list.items[0];
    assert.deepEqual([e.source, e.status, e.location.id, e.appointment_type.id, e.provider.id, e.estimated_duration_mins, e.appointment.id],
      ['appointment_flag', 'waiting', loc.id, type.id, dentist.id, 50, appt.id]);
    // Moving the broken appointment back onto the schedule fulfils the entry.
    const moved = await c.post(`/appointments/${appt.id}/move`, { base_version: res.body.version, schedule_date: '2026-03-11', start_time: '10:00', end_time: '10:50' });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal((await c.get(`${PATH}/${e.id}`)).body.status, 'scheduled');
  });

  it('break without add_to_asap adds nothing; a second flag keeps the active entry and the cancel still succeeds', async () => {
    const { c, patient: p, body } = await makePractice();
    const a1 = (await c.post('/appointments', body())).body;
    assert.equal((await c.post(`/appointments/${a1.id}/break`, { base_version: a1.version })).status, 200);
    assert.equal((await c.get(`${PATH}?patient_uuid=${p.id}`)).body.total, 0);
    const a2 = (await c.post('/appointments', body({ start_time: '12:00', end_time: '13:00' }))).body;
    const a3 = (await c.post('/appointments', body({ start_time: '14:00', end_time: '15:00' }))).body;
    assert.equal((await c.post(`/appointments/${a2.id}/cancel`, { base_version: a2.version, add_to_asap: true })).status, 200);
    assert.equal((await c.post(`/appointments/${a3.id}/cancel`, { base_version: a3.version, add_to_asap: true })).status, 200);
    const list = (await c.get(`${PATH}?patient_uuid=${p.id}`)).body;
    assert.equal(list.total, 1);
    assert.equal(list.items[0].appointment.id, a2.id);
  });

  it('cancel with add_to_asap adds an entry and the response lists the top three matches for the freed time, its own patient left out', async () => {
    const { c, loc, patient: p, dentist, body } = await makePractice();
    const appt = (await c.post('/appointments', body({ schedule_date: '2026-03-12', start_time: '09:00', end_time: '10:00', provider_uuid: dentist.id }))).body;
    const others = [];
    for (const [last, urgency] of [['Urgent', 'urgent'], ['Soon', 'soon'], ['Routine', 'routine'], ['Flexible', 'flexible']] as const) {
      others.push(await entry(c, { patient_uuid: await patient(c, last), location_uuid: loc.id, urgency }));
    }
    const res = await c.post(`/appointments/${appt.id}/cancel`, { base_version: appt.version, add_to_asap: true, cancelled_by: 'patient' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.status, 'cancelled');
    assert.deepEqual(res.body.quick_fill_matches.map((m: any) => m.entry.urgency), ['urgent', 'soon', 'routine']);
    assert.ok(res.body.quick_fill_matches.every((m: any) => m.entry.patient.id !== p.id));
    assert.equal(res.body.quick_fill_matches[0].entry.id, others[0].id);
    const mine = (await c.get(`${PATH}?patient_uuid=${p.id}`)).body.items;
    assert.deepEqual(mine.map((e: any) => [e.source, e.appointment.id]), [['appointment_flag', appt.id]]);
  });

  it('booking the patient into a matching appointment marks the entry scheduled and links it; another type or location does not', async () => {
    const { c, loc, patient: p, type, body } = await makePractice();
    const other = (await c.post('/appointment-types', { name: 'Cleaning', duration_minutes: 60 })).body;
    const uptown = await makeLocation(c.orgId, { name: 'Uptown' });
    const upOp = await makeOperatory(c.orgId, uptown.id, 'Up 1');
    const e = await entry(c, { patient_uuid: p.id, location_uuid: loc.id, appointment_type_uuid: type.id });
    await c.post('/appointments', body({ appointment_type_uuid: other.id }));
    await c.post('/appointments', { ...body({ appointment_type_uuid: type.id, location_uuid: uptown.id, operatory_uuid: upOp.id }), start_time: '12:00', end_time: '13:00' });
    assert.equal((await c.get(`${PATH}/${e.id}`)).body.status, 'waiting');
    const booked = (await c.post('/appointments', body({ appointment_type_uuid: type.id, start_time: '14:00', end_time: '15:00' }))).body;
    const got = (await c.get(`${PATH}/${e.id}`)).body;
    assert.deepEqual([got.status, got.appointment, got.version], ['scheduled', { id: booked.id, name: null }, 2]);
  });

  it('an entry without a type is fulfilled by any appointment at its location; planned appointments do not count', async () => {
    const { c, loc, patient: p, body } = await makePractice();
    const e = await entry(c, { patient_uuid: p.id, location_uuid: loc.id });
    await c.post('/appointments', { ...body(), status: 'planned' });
    assert.equal((await c.get(`${PATH}/${e.id}`)).body.status, 'waiting');
    await c.post('/appointments', body({ start_time: '15:00', end_time: '16:00' }));
    assert.equal((await c.get(`${PATH}/${e.id}`)).body.status, 'scheduled');
  });
});

describe('the ASAP list when the appointment an entry was scheduled into goes', () => {
  /** A practice with three more appointment types, and a helper that books `type` for the patient at `start` (Op 1). */
  async function practice() {
    const p = await makePractice();
    const types = [p.type];
    for (const name of ['Cleaning', 'Crown']) types.push((await p.c.post('/appointment-types', { name, duration_minutes: 60 })).body);
    const book = async (typeId: string | null, start: string) => {
      const res = await p.c.post('/appointments', p.body({ appointment_type_uuid: typeId, start_time: start, end_time: `${Number(start.slice(0, 2)) + 1}:00` }));
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    };
    const read = async (id: string) => (await p.c.get(`${PATH}/${id}`)).body;
    return { ...p, types, book, read };
  }

  it('cancelling, breaking or deleting it puts the entry back to waiting without the link (version + 1); the change answers as before', async () => {
    const p = await practice();
    const entries = [];
    for (const t of p.types) entries.push(await entry(p.c, { patient_uuid: p.patient.id, location_uuid: p.loc.id, appointment_type_uuid: t.id }));
    const visits = [await p.book(p.types[0]!.id, '09:00'), await p.book(p.types[1]!.id, '11:00'), await p.book(p.types[2]!.id, '13:00')];
    for (const [i, e] of entries.entries()) {
      const got = await p.read(e.id);
      assert.deepEqual([got.status, got.appointment?.id, got.version], ['scheduled', visits[i]!.id, 2]);
    }
    assert.equal((await p.c.post(`/appointments/${visits[0]!.id}/cancel`, { base_version: visits[0]!.version })).status, 200);
    assert.equal((await p.c.post(`/appointments/${visits[1]!.id}/break`, { base_version: visits[1]!.version })).status, 200);
    assert.equal((await p.c.delete(`/appointments/${visits[2]!.id}`)).status, 204);
    for (const e of entries) {
      const got = await p.read(e.id);
      assert.deepEqual([got.status, got.appointment, got.version], ['waiting', null, 3], e.id);
    }
  });

  it('an entry scheduled by an accepted response goes back to waiting when that appointment is cancelled', async () => {
    const p = await practice();
    const visit = await p.book(null, '09:00');
    const e = await entry(p.c, { patient_uuid: p.patient.id, location_uuid: p.loc.id, appointment_type_uuid: p.types[1]!.id });
    await p.c.post(`${PATH}/${e.id}/contact`, { contact_method: 'phone', slot_date: '2026-03-10', slot_start_time: '09:00', slot_location_uuid: p.loc.id });
    const accepted = await p.c.post(`${PATH}/${e.id}/response`, { patient_response: 'accepted', appointment_uuid: visit.id });
    assert.deepEqual([accepted.body.status, accepted.body.appointment.id], ['scheduled', visit.id]);
    assert.equal((await p.c.post(`/appointments/${visit.id}/cancel`, { base_version: visit.version })).status, 200);
    const got = await p.read(e.id);
    assert.deepEqual([got.status, got.appointment, got.version], ['waiting', null, 4]);
  });

  it('when the patient already waits for that location and type, the scheduled entry stays as it is and the cancel succeeds', async () => {
    const p = await practice();
    const first = await entry(p.c, { patient_uuid: p.patient.id, location_uuid: p.loc.id, appointment_type_uuid: p.type.id });
    const visit = await p.book(p.type.id, '09:00');
    const waiting = await entry(p.c, { patient_uuid: p.patient.id, location_uuid: p.loc.id, appointment_type_uuid: p.type.id });
    assert.equal((await p.c.post(`/appointments/${visit.id}/cancel`, { base_version: visit.version })).status, 200);
    const kept = await p.read(first.id);
    assert.deepEqual([kept.status, kept.appointment.id, kept.version], ['scheduled', visit.id, 2]);
    assert.deepEqual([(await p.read(waiting.id)).status, (await p.read(waiting.id)).version], ['waiting', 1]);
  });

  it('two entries of one patient, location and type scheduled into the same visit: only one goes back to waiting, and the delete succeeds', async () => {
    const p = await practice();
    const older = await entry(p.c, { patient_uuid: p.patient.id, location_uuid: p.loc.id, appointment_type_uuid: p.type.id });
    const visit = await p.book(p.type.id, '09:00');
    const newer = await entry(p.c, { patient_uuid: p.patient.id, location_uuid: p.loc.id, appointment_type_uuid: p.type.id });
    const moved = await p.c.post(`/appointments/${visit.id}/move`, { base_version: visit.version, schedule_date: '2026-03-11', start_time: '09:00', end_time: '10:00' });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.deepEqual([(await p.read(older.id)).appointment.id, (await p.read(newer.id)).appointment.id], [visit.id, visit.id]);
    assert.equal((await p.c.delete(`/appointments/${visit.id}`)).status, 204);
    // The newer by created_at goes back; under the fixed test clock both were created at the same instant.
    const after = [await p.read(older.id), await p.read(newer.id)];
    assert.deepEqual(after.map((e) => e.status).sort(), ['scheduled', 'waiting']);
    assert.deepEqual(after.map((e) => e.appointment), [null, null]);
  });

  it('deleting the appointment an entry came from (add_to_asap) keeps the entry waiting and clears its link', async () => {
    const p = await practice();
    const visit = await p.book(p.type.id, '09:00');
    assert.equal((await p.c.post(`/appointments/${visit.id}/break`, { base_version: visit.version, add_to_asap: true })).status, 200);
    const [e] = (await p.c.get(`${PATH}?patient_uuid=${p.patient.id}`)).body.items;
    assert.deepEqual([e.status, e.appointment.id, e.version], ['waiting', visit.id, 1]);
    assert.equal((await p.c.delete(`/appointments/${visit.id}`)).status, 204);
    const got = await p.read(e.id);
    assert.deepEqual([got.status, got.appointment, got.version], ['waiting', null, 2]);
  });

  it('breaking with add_to_asap the visit an entry was scheduled into puts that entry back instead of adding another', async () => {
    const p = await practice();
    const e = await entry(p.c, { patient_uuid: p.patient.id, location_uuid: p.loc.id, appointment_type_uuid: p.type.id });
    const visit = await p.book(p.type.id, '09:00');
    assert.equal((await p.c.post(`/appointments/${visit.id}/break`, { base_version: visit.version, add_to_asap: true })).status, 200);
    const list = (await p.c.get(`${PATH}?patient_uuid=${p.patient.id}`)).body;
    assert.deepEqual(list.items.map((x: any) => [x.id, x.status, x.appointment]), [[e.id, 'waiting', null]]);
  });
});

describe('the appointment listeners and the injected clock', () => {
  const at = FIXED_NOW.toISOString();

  it('an entry the waitlist listener adds is created and updated at the change\'s now, not the database\'s clock', async () => {
    const { c, patient: p, body } = await makePractice();
    const visit = (await c.post('/appointments', body())).body;
    await withTransaction(testPool(), (tx) => runAppointmentListeners(tx, {
      orgId: c.orgId, appointmentId: visit.id, action: 'broken', before: null, actorUserId: null, options: { add_to_asap: true }, now: FIXED_NOW,
    }, [keepWaitlistTrue]));
    const [e] = (await c.get(`${PATH}?patient_uuid=${p.id}`)).body.items;
    assert.deepEqual([e.source, e.created_at, e.updated_at, e.days_waiting], ['appointment_flag', at, at, 0]);
  });

  it('a recall the recalls listener creates is created and updated at the change\'s now', async () => {
    const { c, patient: p, body } = await makePractice();
    const d1110 = (await c.post('/procedure-codes', { code: 'D1110', description: 'Prophylaxis' })).body;
    const visit = (await c.post('/appointments', body())).body;
    await c.post(`/appointments/${visit.id}/procedures`, { base_version: visit.version, procedure_code_uuid: d1110.id });
    const version = (await c.get(`/appointments/${visit.id}`)).body.version;
    assert.equal((await c.post(`/appointments/${visit.id}/transition`, { base_version: version, status: 'complete' })).status, 200);
    // The trigger comes after the completion, so the listener run below is the one that creates the recall.
    const prophy = (await c.post('/recalls/types', { name: 'Prophy', default_interval: { months: 6 } })).body;
    await c.post('/recalls/triggers', { recall_type_uuid: prophy.id, procedure_code_uuid: d1110.id });
    await withTransaction(testPool(), (tx) => runAppointmentListeners(tx, {
      orgId: c.orgId, appointmentId: visit.id, action: 'status_changed', before: null, actorUserId: null, options: {}, now: FIXED_NOW,
    }, [keepRecallsTrue]));
    const [r] = (await c.get(`/recalls/patient-recalls?patient_uuid=${p.id}`)).body.items;
    assert.deepEqual([r.date_previous, r.date_due, r.created_at, r.updated_at], ['2026-03-10', '2026-09-10', at, at]);
  });

  it('break with add_to_asap through the API stamps the new entry with the app\'s clock', async () => {
    const { c, patient: p, body } = await makePractice();
    const visit = (await c.post('/appointments', body())).body;
    assert.equal((await c.post(`/appointments/${visit.id}/break`, { base_version: visit.version, add_to_asap: true })).status, 200);
    const [e] = (await c.get(`${PATH}?patient_uuid=${p.id}`)).body.items;
    assert.deepEqual([e.created_at, e.updated_at, e.days_waiting], [at, at, 0]);
  });
});

describe('POST /waitlist/quick-fill', () => {
  it('ranks as documented with readable score details, and leaves out patients already booked over the opening', async () => {
    const { c, loc, dentist, hygienist, body } = await makePractice();
    const booked = await patient(c, 'Booked');
    const pA = await patient(c, 'Alpha');
    const pB = await patient(c, 'Bravo');
    await c.put(`/schedule/patient-preferences/by-patient/${pB}`, { preferred_days: [3], preferred_time_start: '08:00', preferred_time_end: '12:00' });
    const a = await entry(c, { patient_uuid: pA, location_uuid: loc.id, urgency: 'soon', provider_uuid: hygienist.id, estimated_duration_mins: 30 });
    const b = await entry(c, { patient_uuid: pB, location_uuid: loc.id, urgency: 'soon', provider_uuid: dentist.id, estimated_duration_mins: 60 });
    await entry(c, { patient_uuid: booked, location_uuid: loc.id, urgency: 'urgent' });
    await c.post('/appointments', { ...body({ schedule_date: '2026-03-12', start_time: '09:30', end_time: '10:30' }), patient_uuid: booked });
    await entry(c, { patient_uuid: await patient(c, 'Long'), location_uuid: loc.id, urgency: 'urgent', estimated_duration_mins: 90 });
    const res = await c.post('/waitlist/quick-fill', {
      location_uuid: loc.id, slot_date: '2026-03-12', slot_start_time: '09:00', slot_end_time: '10:00', provider_uuid: dentist.id,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.total_matches, 2);
    const [first, second] = res.body.matches;
    // b: soon 25 + Thursday and 09–10 within the patient's preference 10 + 10 + exact 10 + dentist 10 + home 10 = 75
    assert.deepEqual([first.entry.id, first.score, first.quality, first.provider_match, first.location_match, first.duration_fit],
      [b.id, 75, 'excellent', true, true, 'exact']);
    assert.match(first.score_details.preferred_days.reason, /patient's/);
    // a: soon 25 + 5 + 5 + half 5 + another provider 0 + home 10 = 50
    assert.deepEqual([second.entry.id, second.score, second.provider_match, second.duration_fit], [a.id, 50, false, 'shorter']);
    assert.deepEqual(Object.keys(second.score_details).sort(),
      ['days_waiting', 'duration', 'location', 'preferred_days', 'preferred_time', 'priority', 'provider', 'total', 'urgency']);
    const one = await c.post('/waitlist/quick-fill', { location_uuid: loc.id, slot_date: '2026-03-12', slot_start_time: '09:00', slot_end_time: '10:00', max_results: 1 });
    assert.deepEqual([one.body.matches.length, one.body.total_matches], [1, 2]);
  });

  it('returns 404 for an unknown location, provider, type or chair and 422 for a reversed opening, a DST gap or a chair elsewhere', async () => {
    const { c, loc } = await makePractice();
    const uptown = await makeLocation(c.orgId, { name: 'Uptown' });
    const upOp = await makeOperatory(c.orgId, uptown.id, 'Up 1');
    const opening = { location_uuid: loc.id, slot_date: '2026-03-12', slot_start_time: '09:00', slot_end_time: '10:00' };
    for (const field of ['location_uuid', 'provider_uuid', 'appointment_type_uuid', 'operatory_uuid']) {
      const res = await c.post('/waitlist/quick-fill', { ...opening, [field]: MISSING });
      assert.equal(res.status, 404, field);
      assert.deepEqual(firstIssue(res).loc, ['body', field]);
    }
    let res = await c.post('/waitlist/quick-fill', { ...opening, slot_end_time: '08:00' });
    assert.equal(res.status, 422);
    res = await c.post('/waitlist/quick-fill', { ...opening, slot_date: '2026-03-08', slot_start_time: '02:30', slot_end_time: '03:30' });
    assert.equal(firstIssue(res).type, 'dst_gap');
    res = await c.post('/waitlist/quick-fill', { ...opening, operatory_uuid: upOp.id });
    assert.equal(res.status, 422);
    res = await c.post('/waitlist/quick-fill', { location_uuid: loc.id, slot_date: '2026-03-12', slot_start_time: '09:00' });
    assert.equal(firstIssue(res).type, 'missing');
  });
});
