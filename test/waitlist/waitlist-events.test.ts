import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, type Client } from '../helpers.ts';
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
