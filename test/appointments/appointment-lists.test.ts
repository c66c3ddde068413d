import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, testPool, type Client } from '../helpers.ts';
import { makeLocation, makeOperatory, makePractice, makeUserToken } from '../factories.ts';

after(closeTestApp);

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';

async function create(c: Client, body: Record<string, unknown>): Promise<string> {
  const res = await c.post('/appointments', body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((a) => a.id);

describe('list appointments', () => {
  it('returns 200 ordered by start with unscheduled ones last, paged with the total', async () => {
    const { c, body, patient, loc } = await makePractice();
    const late = await create(c, body({ start_time: '15:00', end_time: '16:00' }));
    const unscheduled = await create(c, { patient_uuid: patient.id, location_uuid: loc.id });
    const early = await create(c, body({ start_time: '08:00', end_time: '09:00' }));
    const mid = await create(c, body({ schedule_date: '2026-03-11', start_time: '08:00', end_time: '09:00' }));
    const first = await c.get('/appointments?page_size=3');
    assert.equal(first.status, 200);
    assert.deepEqual(ids(first), [early, late, mid]);
    assert.deepEqual({ page: first.body.page, page_size: first.body.page_size, total: first.body.total }, { page: 1, page_size: 3, total: 4 });
    assert.equal(first.body.items[0].start_time, '2026-03-10T08:00:00-04:00');
    assert.deepEqual(ids(await c.get('/appointments?page_size=3&page=2')), [unscheduled]);
  });

  it('filters by location, patient and a comma-separated status list', async () => {
    const { c, body, patient, loc } = await makePractice();
    const other = (await c.post('/patients', { first_name: 'Bo', last_name: 'Jones' })).body;
    const scheduled = await create(c, body());
    const planned = await create(c, { patient_uuid: patient.id, location_uuid: loc.id, status: 'planned' });
    await create(c, { patient_uuid: patient.id, location_uuid: loc.id, status: 'pinboard' });
    const theirs = await create(c, body({ patient_uuid: other.id, start_time: '12:00', end_time: '13:00' }));
    assert.deepEqual(ids(await c.get('/appointments?status=scheduled,planned')), [scheduled, theirs, planned]);
    assert.deepEqual(ids(await c.get(`/appointments?status=scheduled&patient_uuid=${patient.id}&location_uuid=${loc.id}`)), [scheduled]);
    assert.deepEqual(ids(await c.get(`/appointments?patient_uuid=${other.id}`)), [theirs]);
  });

  it('a date-only filter with a location covers that local day: 23 hours on spring-forward, 25 on fall-back', async () => {
    const { c, body, loc } = await makePractice();
    const at = (date: string, start: string, end: string) => create(c, body({ schedule_date: date, start_time: start, end_time: end }));
    await at('2026-03-07', '23:00', '23:30'); // 04:00Z on the 8th: the day before, though the same UTC date
    const springStart = await at('2026-03-08', '00:00', '00:30'); // 05:00Z (EST)
    const springEnd = await at('2026-03-08', '23:30', '23:55'); // 03:30Z on the 9th (EDT)
    await at('2026-03-09', '00:00', '00:30'); // 04:00Z on the 9th: the next local day
    const fallStart = await at('2026-11-01', '00:00', '00:30'); // 04:00Z (EDT)
    const fallAmbiguous = await at('2026-11-01', '01:30', '01:45'); // the earlier 01:30, 05:30Z (EDT)
    const fallEnd = await at('2026-11-01', '23:30', '23:55'); // 04:30Z on the 2nd (EST)
    await at('2026-11-02', '00:00', '00:30'); // 05:00Z on the 2nd
    const day = (d: string) => c.get(`/appointments?location_uuid=${loc.id}&date_from=${d}&date_to=${d}`);
    assert.deepEqual(ids(await day('2026-03-08')), [springStart, springEnd]);
    assert.deepEqual(ids(await day('2026-11-01')), [fallStart, fallAmbiguous, fallEnd]);
  });

  it('without a location a date-only filter compares each appointment\'s own local date; an instant is used as is', async () => {
    const { c, body, patient } = await makePractice();
    const la = await makeLocation(c.orgId, { name: 'Venice Beach', timezone: 'America/Los_Angeles' });
    const laOp = await makeOperatory(c.orgId, la.id, 'LA 1');
    const ny = await create(c, body({ schedule_date: '2026-03-08', start_time: '09:00', end_time: '10:00' })); // 13:00Z
    // 23:00 PDT on the 8th is 06:00Z on the 9th: still the 8th at its own location.
    const laLate = await create(c, { patient_uuid: patient.id, location_uuid: la.id, operatory_uuid: laOp.id, schedule_date: '2026-03-08', start_time: '23:00', end_time: '23:30' });
    const nyNext = await create(c, body({ schedule_date: '2026-03-09', start_time: '01:00', end_time: '01:30' })); // 05:00Z on the 9th
    assert.deepEqual(ids(await c.get('/appointments?date_from=2026-03-08&date_to=2026-03-08')), [ny, laLate]);
    assert.deepEqual(ids(await c.get('/appointments?date_from=2026-03-09')), [nyNext]);
    // Instants: date_from inclusive, date_to inclusive ("before or at").
    assert.deepEqual(ids(await c.get('/appointments?date_from=2026-03-08T13:00:00Z&date_to=2026-03-09T01:00:00-04:00')), [ny, nyNext]);
    assert.deepEqual(ids(await c.get(`/appointments?date_from=${encodeURIComponent('2026-03-08T09:00:01-04:00')}`)), [nyNext, laLate]);
  });

  it('returns 422 for an unknown status and for a date filter that is neither a date nor an instant with offset', async () => {
    const { c } = await makePractice();
    const status = await c.get('/appointments?status=scheduled,done');
    assert.equal(status.status, 422);
    assert.deepEqual(firstIssue(status).loc, ['query', 'status']);
    for (const bad of ['2026-02-30', '2026-03-10T10:00:00', 'tomorrow']) {
      const res = await c.get(`/appointments?date_to=${bad}`);
      assert.equal(res.status, 422, bad);
      assert.deepEqual(firstIssue(res).loc, ['query', 'date_to']);
    }
    assert.equal((await c.get('/appointments?page_size=201')).status, 422);
  });

  it('returns 404 for an unknown location or patient filter, and a location-limited caller sees only their locations', async () => {
    const { c, body, patient } = await makePractice();
    for (const field of ['location_uuid', 'patient_uuid']) {
      const res = await c.get(`/appointments?${field}=${MISSING}`);
      assert.equal(res.status, 404, field);
      assert.deepEqual(firstIssue(res).loc, ['query', field]);
    }
    const other = await makePractice();
    assert.equal((await c.get(`/appointments?location_uuid=${other.loc.id}`)).status, 404, 'another organisation\'s location');
    assert.equal((await c.get(`/appointments?patient_uuid=${other.patient.id}`)).status, 404, 'another organisation\'s patient');
    const uptown = await makeLocation(c.orgId, { name: 'Uptown' });
    const upOp = await makeOperatory(c.orgId, uptown.id, 'U1');
    const mine = await create(c, body());
    await create(c, { patient_uuid: patient.id, location_uuid: uptown.id, operatory_uuid: upOp.id, schedule_date: '2026-03-10', start_time: '10:00', end_time: '11:00' });
    const limited = c.as((await makeUserToken(c.orgId, 'staff', [body().location_uuid as string])).token);
    const res = await limited.get('/appointments');
    assert.deepEqual(ids(res), [mine]);
    assert.equal(res.body.total, 1);
    assert.equal((await limited.get(`/appointments?location_uuid=${uptown.id}`)).status, 404);
  });
});

describe('count appointments by location', () => {
  it('counts each location\'s own local days: New York and Los Angeles on the same dates count different instants', async () => {
    const { c, body, patient, loc } = await makePractice();
    const la = await makeLocation(c.orgId, { name: 'Venice Beach', timezone: 'America/Los_Angeles' });
    const laOp = await makeOperatory(c.orgId, la.id, 'LA 1');
    await makeLocation(c.orgId, { name: 'Closed Branch' }).then((l) => testPool().query('UPDATE locations SET is_active = false WHERE id = $1', [l.id]));
    // The same instant, 2026-03-09T04:30Z: 00:30 on the 9th in New York, 21:30 on the 8th in Los Angeles.
    await create(c, body({ schedule_date: '2026-03-09', start_time: '00:30', end_time: '01:00' }));
    await create(c, { patient_uuid: patient.id, location_uuid: la.id, operatory_uuid: laOp.id, schedule_date: '2026-03-08', start_time: '21:30', end_time: '22:00' });
    await create(c, body({ schedule_date: '2026-03-08', start_time: '09:00', end_time: '10:00' }));
    await create(c, body({ schedule_date: '2026-03-08', start_time: '11:00', end_time: '12:00', status: 'complete' }));
    const res = await c.get('/appointments/counts/by-location?date_from=2026-03-08&date_to=2026-03-09');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, {
      date_from: '2026-03-08', date_to: '2026-03-09', group_by: 'location', status_set: ['scheduled'],
      items: [
        { location: { id: loc.id, name: 'Main Street' }, location_timezone: 'America/New_York', count: 1 },
        { location: { id: la.id, name: 'Venice Beach' }, location_timezone: 'America/Los_Angeles', count: 1 },
      ],
      total: 2,
    });
    const both = await c.get('/appointments/counts/by-location?date_from=2026-03-08&date_to=2026-03-10&status_set=scheduled&status_set=complete');
    assert.deepEqual(both.body.items.map((i: { count: number }) => i.count), [3, 1]);
    assert.equal(both.body.total, 4);
    assert.deepEqual(both.body.status_set, ['scheduled', 'complete']);
  });

  it('a location-limited caller gets only their locations', async () => {
    const { c, body, loc } = await makePractice();
    await makeLocation(c.orgId, { name: 'Uptown' });
    await create(c, body());
    const limited = c.as((await makeUserToken(c.orgId, 'viewer', [loc.id])).token);
    const res = await limited.get('/appointments/counts/by-location?date_from=2026-03-10&date_to=2026-03-11');
    assert.deepEqual(res.body.items.map((i: { location: { id: string }; count: number }) => [i.location.id, i.count]), [[loc.id, 1]]);
  });

  it('returns 422 when date_from is not before date_to, a date is missing or a status is unknown', async () => {
    const { c } = await makePractice();
    const same = await c.get('/appointments/counts/by-location?date_from=2026-03-08&date_to=2026-03-08');
    assert.equal(same.status, 422);
    assert.deepEqual(firstIssue(same).loc, ['query', 'date_to']);
    assert.equal((await c.get('/appointments/counts/by-location?date_to=2026-03-08')).status, 422);
    const status = await c.get('/appointments/counts/by-location?date_from=2026-03-08&date_to=2026-03-09&status_set=done');
    assert.equal(status.status, 422);
    assert.equal(firstIssue(status).loc[0], 'query');
  });
});

describe('procedure frequency check', () => {
  // Completing an appointment marks its procedures performed; the test writes that state directly.
  async function performed(appointmentId: string, date: string) {
    await testPool().query(`UPDATE appointment_procedures SET status = 'complete', performed_date = $2 WHERE appointment_id = $1`, [appointmentId, date]);
  }

  async function practiceWithExam() {
    const p = await makePractice();
    await p.c.post('/procedure-codes', { code: 'D0120', description: 'Periodic evaluation', default_fee: 58 });
    await p.c.patch(`/appointment-types/${p.type.id}`, { base_version: 1, procedure_codes_to_add: ['D0120'] });
    return p;
  }

  it('returns the latest completed date and the days since it at that location\'s today', async () => {
    const { c, body, type } = await practiceWithExam();
    const older = await create(c, body({ appointment_type_uuid: type.id, schedule_date: '2025-09-10', end_time: undefined }));
    const newer = await create(c, body({ appointment_type_uuid: type.id, schedule_date: '2026-01-10', end_time: undefined }));
    await create(c, body({ appointment_type_uuid: type.id, schedule_date: '2026-03-20', end_time: undefined })); // planned, not performed
    await performed(older, '2025-09-10');
    await performed(newer, '2026-01-10');
    const res = await c.get(`/appointments/procedure-frequency-check?patient_uuid=${body().patient_uuid}&procedure_code=d0120`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    // The clock says 2026-03-10T14:00Z: 10:00 on 2026-03-10 in New York, 59 days after 2026-01-10.
    assert.deepEqual(res.body, { procedure_code: 'D0120', last_performed_date: '2026-01-10', days_since: 59 });
  });

  it('counts days to today in the zone of the location where it was performed', async () => {
    const { c, patient, type } = await practiceWithExam();
    const auckland = await makeLocation(c.orgId, { name: 'Auckland', timezone: 'Pacific/Auckland' });
    const op = await makeOperatory(c.orgId, auckland.id, 'A1');
    const id = await create(c, { patient_uuid: patient.id, location_uuid: auckland.id, operatory_uuid: op.id, appointment_type_uuid: type.id, schedule_date: '2026-01-10', start_time: '10:00' });
    await performed(id, '2026-01-10');
    // 2026-03-10T14:00Z is already 03:00 on 2026-03-11 in Auckland (UTC+13): 60 days.
    const res = await c.get(`/appointments/procedure-frequency-check?patient_uuid=${patient.id}&procedure_code=D0120`);
    assert.equal(res.body.days_since, 60);
  });

  it('returns null date and days when the patient never had the procedure', async () => {
    const { c, patient } = await practiceWithExam();
    const res = await c.get(`/appointments/procedure-frequency-check?patient_uuid=${patient.id}&procedure_code=D0120`);
    assert.deepEqual(res.body, { procedure_code: 'D0120', last_performed_date: null, days_since: null });
  });

  it('returns 404 for an unknown patient or code and 422 without a code', async () => {
    const { c, patient } = await practiceWithExam();
    const noPatient = await c.get(`/appointments/procedure-frequency-check?patient_uuid=${MISSING}&procedure_code=D0120`);
    assert.equal(noPatient.status, 404);
    assert.deepEqual(firstIssue(noPatient).loc, ['query', 'patient_uuid']);
    const noCode = await c.get(`/appointments/procedure-frequency-check?patient_uuid=${patient.id}&procedure_code=D9999`);
    assert.equal(noCode.status, 404);
    assert.deepEqual(firstIssue(noCode).loc, ['query', 'procedure_code']);
    assert.equal((await c.get(`/appointments/procedure-frequency-check?patient_uuid=${patient.id}`)).status, 422);
  });
});
