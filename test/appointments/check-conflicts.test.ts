import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, testPool, type Client } from '../helpers.ts';
import { makeBlockoutType, makeLocation, makeOperatory, makePractice, makeUserToken } from '../factories.ts';

after(closeTestApp);

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';
const NONE = { appointments: [], providers: [], blockouts: [], holds: [] };

async function create(c: Client, body: Record<string, unknown>): Promise<string> {
  const res = await c.post('/appointments', body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

async function practice() {
  const p = await makePractice();
  /** A check-conflicts body in Op 1 on 2026-03-10 10:00–11:00 unless overridden. */
  const check = (over: Record<string, unknown> = {}) => p.c.post('/appointments/check-conflicts', {
    location_uuid: p.loc.id, operatory_uuid: p.ops[0]!.id, schedule_date: '2026-03-10', start_time: '10:00', end_time: '11:00', ...over,
  });
  return { ...p, check };
}

describe('check conflicts', () => {
  it('returns 200 without conflicts for a free slot, and back-to-back is not a conflict', async () => {
    const { c, body, check } = await practice();
    await create(c, body({ start_time: '09:00', end_time: '10:00' }));
    await create(c, body({ start_time: '11:00', end_time: '12:00' }));
    const res = await check();
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, { has_conflicts: false, reason_codes: [], conflicts: NONE });
  });

  it('groups chair, provider and blockout conflicts with reason codes and instants at the location offset, writing nothing', async () => {
    const { c, body, check, ops, loc, dentist, type } = await practice();
    const chair = await create(c, body({ start_time: '10:00', end_time: '11:00' }));
    const elsewhere = await create(c, body({ operatory_uuid: ops[1]!.id, provider_uuid: dentist.id, appointment_type_uuid: type.id, start_time: '11:00', end_time: undefined }));
    const lunch = await makeBlockoutType(c.orgId, { is_no_schedule: true });
    const blockout = (await c.post('/blockouts/instances', {
      blockout_type_uuid: lunch.id, location_uuid: loc.id, operatory_uuids: [ops[0]!.id], schedule_date: '2026-03-10', start_time: '12:00', end_time: '12:30',
    })).body.items[0].id;
    const counts = () => testPool().query(`SELECT (SELECT count(*) FROM appointments WHERE org_id = $1)::int AS a,
      (SELECT count(*) FROM appointment_history WHERE org_id = $1)::int AS h`, [c.orgId]).then((r) => r.rows[0]);
    const before = await counts();
    const res = await check({ start_time: '10:30', end_time: '12:15', provider_uuids: [dentist.id] });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, {
      has_conflicts: true,
      reason_codes: ['APPOINTMENT_OVERLAP', 'PROVIDER_OVERLAP', 'BLOCKED_TIME_CONFLICT'],
      conflicts: {
        appointments: [{ id: chair, start_time: '2026-03-10T10:00:00-04:00', end_time: '2026-03-10T11:00:00-04:00', reason_code: 'APPOINTMENT_OVERLAP' }],
        providers: [{ id: elsewhere, start_time: '2026-03-10T11:00:00-04:00', end_time: '2026-03-10T12:00:00-04:00', reason_code: 'PROVIDER_OVERLAP', provider_uuid: dentist.id }],
        blockouts: [{ id: blockout, start_time: '2026-03-10T12:00:00-04:00', end_time: '2026-03-10T12:30:00-04:00', reason_code: 'BLOCKED_TIME_CONFLICT' }],
        holds: [],
      },
    });
    assert.deepEqual(await counts(), before, 'nothing written');
    // The same slot through create is refused for the same three reasons.
    const refused = await c.post('/appointments', body({ start_time: '10:30', end_time: '12:15', provider_uuid: dentist.id }));
    assert.equal(refused.status, 409);
    assert.deepEqual(refused.body.detail.map((d: { ctx: { reason_code: string } }) => d.ctx.reason_code).sort(), [...res.body.reason_codes].sort());
  });

  it('leaves out the excluded appointment (an edit form checking its own new time)', async () => {
    const { c, body, check } = await practice();
    const own = await create(c, body());
    assert.equal((await check({ start_time: '10:30', end_time: '11:30' })).body.has_conflicts, true);
    const res = await check({ start_time: '10:30', end_time: '11:30', exclude_appointment_uuid: own });
    assert.deepEqual(res.body, { has_conflicts: false, reason_codes: [], conflicts: NONE });
  });

  it('uses the type\'s time pattern for provider time and its appointment rules', async () => {
    const { c, body, check, ops, loc, dentist, type } = await practice();
    await create(c, body({ operatory_uuid: ops[1]!.id, provider_uuid: dentist.id, appointment_type_uuid: type.id }));
    // The pattern /XXXXXXXXXX/ gives provider time 10:05–10:55 there. Checked from 10:50 with the type, the provider's own time
    // starts 10:55 (back-to-back); without a type it is the whole range from 10:50, which overlaps.
    assert.equal((await check({ start_time: '10:50', end_time: '11:30', provider_uuids: [dentist.id], appointment_type_uuid: type.id })).body.has_conflicts, false);
    const untyped = await check({ start_time: '10:50', end_time: '11:30', provider_uuids: [dentist.id] });
    assert.deepEqual(untyped.body.reason_codes, ['PROVIDER_OVERLAP'], 'without a type: the whole range');
    await create(c, body({ appointment_type_uuid: type.id }));
    await c.post('/schedule/appointment-rules', { appointment_type_uuid_a: type.id, appointment_type_uuid_b: type.id, location_uuid: loc.id, allow_overlap: true });
    assert.equal((await check({ appointment_type_uuid: type.id })).body.has_conflicts, false, 'the rule allows the two types to share the chair');
    assert.equal((await check()).body.has_conflicts, true, 'an untyped check still conflicts');
  });

  it('on the fall-back day an ambiguous time is the earlier instant; a spring-forward gap time is 422 dst_gap', async () => {
    const { c, body, check } = await practice();
    const early = await create(c, body({ schedule_date: '2026-11-01', start_time: '01:00', end_time: '01:45' })); // EDT, 05:00Z–05:45Z
    const res = await check({ schedule_date: '2026-11-01', start_time: '01:30', end_time: '02:00' }); // 01:30 EDT to 02:00 EST
    assert.deepEqual(res.body.conflicts.appointments, [{ id: early, start_time: '2026-11-01T01:00:00-04:00', end_time: '2026-11-01T01:45:00-04:00', reason_code: 'APPOINTMENT_OVERLAP' }]);
    const gap = await check({ schedule_date: '2026-03-08', start_time: '02:30', end_time: '03:30' });
    assert.equal(gap.status, 422);
    assert.deepEqual(firstIssue(gap), { loc: ['body', 'start_time'], msg: firstIssue(gap).msg, type: 'dst_gap' });
    assert.equal((await check({ schedule_date: '2026-03-08', start_time: '01:30', end_time: '03:30' })).status, 200, '01:30 EST to 03:30 EDT exists');
  });

  it('returns 404 for an unknown location, operatory, provider, type or excluded appointment', async () => {
    const { check } = await practice();
    for (const [field, value, loc] of [
      ['location_uuid', MISSING, ['body', 'location_uuid']],
      ['operatory_uuid', MISSING, ['body', 'operatory_uuid']],
      ['provider_uuids', [MISSING], ['body', 'provider_uuids']],
      ['appointment_type_uuid', MISSING, ['body', 'appointment_type_uuid']],
      ['exclude_appointment_uuid', MISSING, ['body', 'exclude_appointment_uuid']],
    ] as const) {
      const res = await check({ [field]: value });
      assert.equal(res.status, 404, field);
      assert.deepEqual(firstIssue(res).loc, loc);
    }
    const other = await makePractice();
    assert.equal((await check({ operatory_uuid: other.ops[0]!.id })).status, 404, 'another organisation\'s chair');
    assert.equal((await check({ location_uuid: other.loc.id })).status, 404, 'another organisation\'s location');
  });

  it('returns 422 for an operatory of another location, an end not after the start, or a missing field', async () => {
    const { c, check } = await practice();
    const uptown = await makeLocation(c.orgId, { name: 'Uptown' });
    const upOp = await makeOperatory(c.orgId, uptown.id, 'U1');
    const elsewhere = await check({ operatory_uuid: upOp.id });
    assert.equal(elsewhere.status, 422);
    assert.deepEqual(firstIssue(elsewhere).loc, ['body', 'operatory_uuid']);
    assert.equal((await check({ start_time: '11:00', end_time: '10:00' })).status, 422);
    assert.equal((await check({ end_time: undefined })).status, 422);
    assert.equal((await check({ note: 'x' })).status, 422, 'unknown fields are refused');
  });

  it('a viewer may check, and a location-limited caller gets 404 for another location', async () => {
    const { c, check, loc } = await practice();
    const viewer = c.as((await makeUserToken(c.orgId, 'viewer')).token);
    const body = { location_uuid: loc.id, operatory_uuid: (await makeOperatory(c.orgId, loc.id, 'Op 9')).id, schedule_date: '2026-03-10', start_time: '10:00', end_time: '11:00' };
    assert.equal((await viewer.post('/appointments/check-conflicts', body)).status, 200);
    const uptown = await makeLocation(c.orgId, { name: 'Uptown' });
    const limited = c.as((await makeUserToken(c.orgId, 'staff', [uptown.id])).token);
    assert.equal((await limited.post('/appointments/check-conflicts', body)).status, 404);
    assert.equal((await check()).status, 200);
  });
});
