// Recalls kept true by appointment events, in the appointment's transaction: completion advances (or
// creates) the recall, booking marks it scheduled and links the appointment, and cancelling, breaking
// or deleting that appointment turns it back to due or overdue.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp } from '../helpers.ts';
import { makePractice } from '../factories.ts';

after(closeTestApp);

const PATH = '/recalls/patient-recalls';

async function setup() {
  const p = await makePractice();
  const d1110 = (await p.c.post('/procedure-codes', { code: 'D1110', description: 'Prophylaxis' })).body;
  const prophy = (await p.c.post('/recalls/types', { name: 'Prophy', appointment_type_uuid: p.type.id, default_interval: { months: 6 } })).body;
  assert.equal((await p.c.post('/recalls/triggers', { recall_type_uuid: prophy.id, procedure_code_uuid: d1110.id })).status, 201);
  /** Books the patient on `date` (10:00–11:00, Op 1) with D1110 and completes the appointment; returns its id. */
  const complete = async (date: string, over: Record<string, unknown> = {}) => {
    const appt = await p.c.post('/appointments', p.body({ schedule_date: date, ...over }));
    assert.equal(appt.status, 201, JSON.stringify(appt.body));
    const proc = await p.c.post(`/appointments/${appt.body.id}/procedures`, { base_version: appt.body.version, procedure_code_uuid: d1110.id });
    assert.equal(proc.status, 201, JSON.stringify(proc.body));
    const version = (await p.c.get(`/appointments/${appt.body.id}`)).body.version;
    const done = await p.c.post(`/appointments/${appt.body.id}/transition`, { base_version: version, status: 'complete' });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    return appt.body.id as string;
  };
  const recallOf = async (patientId = p.patient.id) => (await p.c.get(`${PATH}?patient_uuid=${patientId}`)).body.items;
  return { ...p, d1110, prophy, complete, recallOf };
}

describe('recalls kept true by appointment events', () => {
  it('completing an appointment with a trigger\'s procedure creates the recall: date_previous = its date, date_due = + 6 months', async () => {
    const p = await setup();
    await p.complete('2026-03-10');
    const [r, ...rest] = await p.recallOf();
    assert.equal(rest.length, 0);
    assert.deepEqual([r.recall_type.id, r.date_previous, r.date_due, r.status, r.version], [p.prophy.id, '2026-03-10', '2026-09-10', 'due', 1]);
  });

  it('a completion on Aug 31 is due on the last day of February, and the patient\'s own interval wins over the type\'s', async () => {
    const p = await setup();
    await p.complete('2026-08-31');
    const [r] = await p.recallOf();
    assert.deepEqual([r.date_previous, r.date_due], ['2026-08-31', '2027-02-28']);
    const own = await p.c.patch(`${PATH}/${r.id}`, { base_version: r.version, interval: { months: 3 } });
    assert.equal(own.status, 200);
    await p.complete('2026-09-30', { start_time: '12:00', end_time: '13:00' });
    const [after] = await p.recallOf();
    assert.deepEqual([after.date_previous, after.date_due, after.version], ['2026-09-30', '2026-12-30', 3]);
  });

  it('a completion entered late never moves a recall back, and an inactive type is not advanced', async () => {
    const p = await setup();
    await p.complete('2026-03-10');
    await p.complete('2026-02-10');
    const [r] = await p.recallOf();
    assert.deepEqual([r.date_previous, r.date_due], ['2026-03-10', '2026-09-10']);
    const type = (await p.c.get(`/recalls/types/${p.prophy.id}`)).body;
    await p.c.patch(`/recalls/types/${type.id}`, { base_version: type.version, is_active: false });
    await p.complete('2026-03-20');
    const [same] = await p.recallOf();
    assert.deepEqual([same.date_previous, same.status], ['2026-03-10', 'completed']);
  });

  it('booking the recall type\'s appointment type marks the recall scheduled and sets the appointment\'s recall; cancelling makes it overdue again', async () => {
    const p = await setup();
    const r = (await p.c.post(PATH, { patient_uuid: p.patient.id, recall_type_uuid: p.prophy.id, date_due: '2026-02-01' })).body;
    assert.deepEqual((await p.c.get(`${PATH}/due`)).body.items.map((x: { id: string }) => x.id), [r.id]);
    const appt = await p.c.post('/appointments', p.body({ schedule_date: '2026-03-20', appointment_type_uuid: p.type.id }));
    assert.equal(appt.status, 201, JSON.stringify(appt.body));
    assert.deepEqual(appt.body.recall, { id: r.id, name: null });
    const booked = (await p.c.get(`${PATH}/${r.id}`)).body;
    assert.deepEqual([booked.status, booked.date_scheduled, booked.appointment, booked.version],
      ['scheduled', '2026-03-20', { id: appt.body.id, name: 'Exam' }, 1]);
    assert.deepEqual((await p.c.get(`${PATH}/due`)).body.items, []);
    // Linking does not bump the appointment's version: the client's copy stays current.
    const cancel = await p.c.post(`/appointments/${appt.body.id}/cancel`, { base_version: appt.body.version });
    assert.equal(cancel.status, 200, JSON.stringify(cancel.body));
    const back = (await p.c.get(`${PATH}/${r.id}`)).body;
    assert.deepEqual([back.status, back.date_scheduled, back.appointment], ['overdue', null, null]);
    assert.deepEqual((await p.c.get(`${PATH}/due`)).body.items.map((x: { id: string }) => x.id), [r.id]);
  });

  it('breaking or deleting the booked appointment, or moving it into the past, makes the recall due again', async () => {
    const p = await setup();
    const r = (await p.c.post(PATH, { patient_uuid: p.patient.id, recall_type_uuid: p.prophy.id, date_due: '2026-03-15' })).body;
    const book = async (date: string) => (await p.c.post('/appointments', p.body({ schedule_date: date, appointment_type_uuid: p.type.id }))).body;
    const status = async () => (await p.c.get(`${PATH}/${r.id}`)).body.status;
    const a = await book('2026-03-20');
    assert.equal(await status(), 'scheduled');
    assert.equal((await p.c.post(`/appointments/${a.id}/break`, { base_version: a.version })).status, 200);
    assert.equal(await status(), 'due');
    const b = await book('2026-03-21');
    assert.equal(await status(), 'scheduled');
    assert.equal((await p.c.delete(`/appointments/${b.id}`)).status, 204);
    assert.equal(await status(), 'due');
    const c = await book('2026-03-22');
    const moved = await p.c.post(`/appointments/${c.id}/move`, { base_version: c.version, schedule_date: '2026-03-09', start_time: '10:00', end_time: '11:00' });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal(await status(), 'due');
  });

  it('an appointment of another type is not linked, and changing a booked appointment\'s type unlinks it', async () => {
    const p = await setup();
    const r = (await p.c.post(PATH, { patient_uuid: p.patient.id, recall_type_uuid: p.prophy.id, date_due: '2026-02-01' })).body;
    const other = (await p.c.post('/appointment-types', { name: 'Crown', time_pattern: '/XXXXXXXXXX/' })).body;
    const plain = await p.c.post('/appointments', p.body({ schedule_date: '2026-03-20', appointment_type_uuid: other.id }));
    assert.equal(plain.body.recall, null);
    assert.equal((await p.c.get(`${PATH}/${r.id}`)).body.status, 'overdue');
    const appt = (await p.c.post('/appointments', p.body({ schedule_date: '2026-03-21', appointment_type_uuid: p.type.id }))).body;
    assert.equal(appt.recall.id, r.id);
    const retyped = await p.c.patch(`/appointments/${appt.id}`, { base_version: appt.version, appointment_type_uuid: other.id });
    assert.equal(retyped.status, 200, JSON.stringify(retyped.body));
    assert.equal(retyped.body.recall, null);
    assert.equal((await p.c.get(`${PATH}/${r.id}`)).body.status, 'overdue');
  });
});
