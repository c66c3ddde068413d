import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, testPool } from '../helpers.ts';
import { makeBlockoutType, makePractice } from '../factories.ts';

after(closeTestApp);

describe('create appointment', () => {
  it('returns 201 scheduled with instants at the location offset, the type, its procedures and version 1', async () => {
    const { c, body, type, dentist, ops } = await makePractice();
    await c.post('/procedure-codes', { code: 'D0120', description: 'Periodic evaluation', default_fee: 58 });
    await c.patch(`/appointment-types/${type.id}`, { base_version: 1, procedure_codes_to_add: ['D0120'] });
    const res = await c.post('/appointments', body({ appointment_type_uuid: type.id, provider_uuid: dentist.id, end_time: undefined }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const a = res.body;
    assert.equal(a.status, 'scheduled');
    assert.equal(a.start_time, '2026-03-10T10:00:00-04:00');
    assert.equal(a.end_time, '2026-03-10T11:00:00-04:00', 'end from the type\'s 60 minutes');
    assert.equal(a.location_timezone, 'America/New_York');
    assert.deepEqual(a.operatory, { id: ops[0]!.id, name: 'Op 1' });
    assert.deepEqual(a.provider, { id: dentist.id, name: 'Dana Molar' });
    assert.equal(a.production_amount, '58.00');
    assert.equal(a.confirmation_status_label, 'Unconfirmed');
    assert.equal(a.version, 1);
    assert.deepEqual((await c.get(`/appointments/${a.id}`)).body, a);
    const history = await testPool().query('SELECT action FROM appointment_history WHERE appointment_id = $1', [a.id]);
    assert.deepEqual(history.rows.map((r) => r.action), ['created']);
  });

  it('without a date, times and an operatory the appointment is unscheduled', async () => {
    const { c, patient, loc } = await makePractice();
    const res = await c.post('/appointments', { patient_uuid: patient.id, location_uuid: loc.id });
    assert.equal(res.status, 201);
    assert.equal(res.body.status, 'unscheduled');
    assert.equal(res.body.start_time, null);
  });

  it('returns 422 when a scheduled appointment lacks its operatory or end time', async () => {
    const { c, body } = await makePractice();
    assert.deepEqual(firstIssue(await c.post('/appointments', body({ operatory_uuid: undefined, status: 'scheduled' }))).loc, ['body', 'operatory_uuid']);
    assert.deepEqual(firstIssue(await c.post('/appointments', body({ end_time: undefined }))).loc, ['body', 'end_time']);
  });

  it('returns 409 slot_conflict naming the other appointment when the chair is taken; back-to-back and another chair are fine', async () => {
    const { c, body, ops } = await makePractice();
    const first = (await c.post('/appointments', body())).body;
    const clash = await c.post('/appointments', body({ start_time: '10:30', end_time: '11:30' }));
    assert.equal(clash.status, 409);
    assert.equal(firstIssue(clash).type, 'slot_conflict');
    assert.deepEqual(clash.body.detail[0].ctx, { kind: 'appointment', id: first.id, reason_code: 'APPOINTMENT_OVERLAP' });
    assert.equal((await c.post('/appointments', body({ start_time: '11:00', end_time: '12:00' }))).status, 201);
    assert.equal((await c.post('/appointments', body({ operatory_uuid: ops[1]!.id }))).status, 201);
  });

  it('returns 409 when the provider\'s provider time overlaps theirs in another chair, unless allow_overlap', async () => {
    const { c, body, ops, dentist, type } = await makePractice();
    await c.post('/appointments', body({ provider_uuid: dentist.id, appointment_type_uuid: type.id }));
    const clash = await c.post('/appointments', body({ provider_uuid: dentist.id, operatory_uuid: ops[1]!.id, start_time: '10:30', end_time: '11:30' }));
    assert.equal(clash.status, 409);
    assert.equal(clash.body.detail[0].ctx.kind, 'provider');
    // The type /XXXXXXXXXX/ ends with 5 minutes of assistant time: 10:55–11:55 elsewhere is free.
    assert.equal((await c.post('/appointments', body({ provider_uuid: dentist.id, operatory_uuid: ops[1]!.id, start_time: '10:55', end_time: '11:55' }))).status, 201);
    const forced = await c.post('/appointments', body({ provider_uuid: dentist.id, operatory_uuid: ops[2]!.id, allow_overlap: true }));
    assert.equal(forced.status, 201);
  });

  it('returns 409 for a no-schedule blockout even with allow_overlap', async () => {
    const { c, body, loc } = await makePractice();
    const lunch = await makeBlockoutType(c.orgId, { is_no_schedule: true });
    await c.post('/blockouts/instances', { blockout_type_uuid: lunch.id, location_uuid: loc.id, schedule_date: '2026-03-10', start_time: '12:00', end_time: '13:00' });
    const res = await c.post('/appointments', body({ start_time: '11:30', end_time: '12:30', allow_overlap: true }));
    assert.equal(res.status, 409);
    assert.equal(res.body.detail[0].ctx.reason_code, 'BLOCKED_TIME_CONFLICT');
  });

  it('an appointment rule allowing the two types lets them share a chair', async () => {
    const { c, body, type, loc } = await makePractice();
    await c.post('/schedule/appointment-rules', { appointment_type_uuid_a: type.id, appointment_type_uuid_b: type.id, location_uuid: loc.id, allow_overlap: true });
    assert.equal((await c.post('/appointments', body({ appointment_type_uuid: type.id }))).status, 201);
    assert.equal((await c.post('/appointments', body({ appointment_type_uuid: type.id, start_time: '10:30', end_time: '11:30' }))).status, 201);
    assert.equal((await c.post('/appointments', body({ start_time: '10:30', end_time: '11:30' }))).status, 409, 'an untyped one still conflicts');
  });

  it('rejects a spring-forward gap time with 422 dst_gap and takes the earlier instant on the fall-back day', async () => {
    const { c, body } = await makePractice();
    const gap = await c.post('/appointments', body({ schedule_date: '2026-03-08', start_time: '02:30', end_time: '03:30' }));
    assert.equal(gap.status, 422);
    assert.deepEqual(firstIssue(gap), { loc: ['body', 'start_time'], msg: firstIssue(gap).msg, type: 'dst_gap' });
    const ambiguous = await c.post('/appointments', body({ schedule_date: '2026-11-01', start_time: '01:30', end_time: '02:30' }));
    assert.equal(ambiguous.status, 201);
    assert.equal(ambiguous.body.start_time, '2026-11-01T01:30:00-04:00');
    assert.equal(ambiguous.body.end_time, '2026-11-01T02:30:00-05:00', 'two real hours: 01:30 EDT to 02:30 EST');
  });

  it('returns 404 for unknown references and 422 for an operatory of another location', async () => {
    const { c, body } = await makePractice();
    const other = await makePractice();
    const missing = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';
    for (const field of ['patient_uuid', 'location_uuid', 'operatory_uuid', 'appointment_type_uuid', 'provider_uuid']) {
      const res = await c.post('/appointments', body({ [field]: missing }));
      assert.equal(res.status, 404, field);
      assert.deepEqual(firstIssue(res).loc, ['body', field]);
    }
    assert.equal((await c.post('/appointments', body({ operatory_uuid: other.ops[0]!.id }))).status, 404, 'another org\'s chair');
    const loc2 = (await c.post('/locations', { name: 'Uptown', timezone: 'America/New_York' })).body;
    const op2 = (await c.post('/operatories', { location_uuid: loc2.id, name: 'U1' })).body;
    assert.equal((await c.post('/appointments', body({ operatory_uuid: op2.id }))).status, 422);
    assert.equal((await c.get('/appointments/' + missing)).status, 404);
  });

  it('fifty concurrent creates of one slot give exactly one 201, the rest 409, and no overlap in the database', async () => {
    const { c, body } = await makePractice();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => c.post('/appointments', body({ start_time: `10:${String(i % 30).padStart(2, '0')}`, end_time: '11:15' }))));
    const codes = results.map((r) => r.status);
    assert.equal(codes.filter((s) => s === 201).length, 1, JSON.stringify(codes));
    assert.equal(codes.filter((s) => s === 409).length, 49);
    const overlaps = await testPool().query(`
      SELECT count(*)::int AS n FROM appointments a JOIN appointments b ON a.org_id = b.org_id AND a.operatory_id = b.operatory_id AND a.id < b.id
       WHERE a.org_id = $1 AND tstzrange(a.start_at, a.end_at) && tstzrange(b.start_at, b.end_at)`, [c.orgId]);
    assert.equal(overlaps.rows[0].n, 0);
  });
});
