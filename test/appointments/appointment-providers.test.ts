import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, testPool } from '../helpers.ts';
import { makeLocation, makePractice, makeProvider, makeUserToken } from '../factories.ts';

after(closeTestApp);

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';

async function lastHistory(id: string) {
  return (await testPool().query('SELECT action, changes FROM appointment_history WHERE appointment_id = $1 ORDER BY created_at DESC LIMIT 1', [id])).rows[0];
}

describe('appointment providers', () => {
  it('list is a bare array in item_order with the role and null times when the type\'s pattern applies', async () => {
    const { c, body, dentist } = await makePractice();
    const appt = (await c.post('/appointments', body({ provider_uuid: dentist.id }))).body;
    const res = await c.get(`/appointments/${appt.id}/providers`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, [{
      provider: { id: dentist.id, name: 'Dana Molar' }, role: 'primary', item_order: 0, start_time: null, end_time: null, start_at: null, end_at: null,
    }]);
    const none = (await c.post('/appointments', body({ start_time: '13:00', end_time: '14:00' }))).body;
    assert.deepEqual((await c.get(`/appointments/${none.id}/providers`)).body, []);
  });

  it('replace sets the whole list in order with default roles and own times, bumps the version and writes providers_replaced', async () => {
    const { c, body, dentist, hygienist } = await makePractice();
    const appt = (await c.post('/appointments', body({ provider_uuid: dentist.id }))).body;
    const res = await c.put(`/appointments/${appt.id}/providers`, {
      base_version: 1,
      providers: [{ provider_uuid: hygienist.id }, { provider_uuid: dentist.id, start_time: '10:30', end_time: '11:00' }],
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, [
      { provider: { id: hygienist.id, name: 'Hal Hygiene' }, role: 'primary', item_order: 0, start_time: null, end_time: null, start_at: null, end_at: null },
      {
        provider: { id: dentist.id, name: 'Dana Molar' }, role: 'secondary', item_order: 1, start_time: '10:30:00', end_time: '11:00:00',
        start_at: '2026-03-10T10:30:00-04:00', end_at: '2026-03-10T11:00:00-04:00',
      },
    ]);
    assert.deepEqual((await c.get(`/appointments/${appt.id}/providers`)).body, res.body);
    const a = (await c.get(`/appointments/${appt.id}`)).body;
    assert.equal(a.version, 2);
    assert.deepEqual(a.provider, { id: hygienist.id, name: 'Hal Hygiene' }, 'the first provider is the appointment\'s provider');
    const h = await lastHistory(appt.id);
    assert.equal(h.action, 'providers_replaced');
    assert.deepEqual(h.changes.providers.old, [{ provider_id: dentist.id, role: 'primary', start_time: null, end_time: null }]);
    assert.deepEqual(h.changes.providers.new, [
      { provider_id: hygienist.id, role: 'primary', start_time: null, end_time: null },
      { provider_id: dentist.id, role: 'secondary', start_time: '10:30:00', end_time: '11:00:00' },
    ]);
  });

  it('takes explicit roles, and an empty list removes every provider', async () => {
    const { c, body, dentist, hygienist } = await makePractice();
    const appt = (await c.post('/appointments', body())).body;
    const res = await c.put(`/appointments/${appt.id}/providers`, {
      base_version: 1, providers: [{ provider_uuid: hygienist.id, role: 'hygienist' }, { provider_uuid: dentist.id, role: 'primary' }],
    });
    assert.deepEqual(res.body.map((p: any) => p.role), ['hygienist', 'primary']);
    const cleared = await c.put(`/appointments/${appt.id}/providers`, { base_version: 2, providers: [] });
    assert.equal(cleared.status, 200);
    assert.deepEqual(cleared.body, []);
    assert.equal((await c.get(`/appointments/${appt.id}`)).body.provider, null);
  });

  it('returns 404 for an unknown appointment or provider (at body.providers[i].provider_uuid) and 422 for a provider listed twice', async () => {
    const { c, body, dentist } = await makePractice();
    const appt = (await c.post('/appointments', body())).body;
    assert.equal((await c.put(`/appointments/${MISSING}/providers`, { base_version: 1, providers: [] })).status, 404);
    const unknown = await c.put(`/appointments/${appt.id}/providers`, { base_version: 1, providers: [{ provider_uuid: dentist.id }, { provider_uuid: MISSING }] });
    assert.equal(unknown.status, 404);
    assert.deepEqual(firstIssue(unknown).loc, ['body', 'providers', 1, 'provider_uuid']);
    const other = await makePractice();
    assert.equal((await c.put(`/appointments/${appt.id}/providers`, { base_version: 1, providers: [{ provider_uuid: other.dentist.id }] })).status, 404, 'another org\'s provider');
    const twice = await c.put(`/appointments/${appt.id}/providers`, { base_version: 1, providers: [{ provider_uuid: dentist.id }, { provider_uuid: dentist.id }] });
    assert.equal(twice.status, 422);
    assert.deepEqual(firstIssue(twice).loc, ['body', 'providers', 1, 'provider_uuid']);
    const bad = await c.put(`/appointments/${appt.id}/providers`, { base_version: 1, providers: [{ provider_uuid: dentist.id, role: 'surgeon' }] });
    assert.equal(bad.status, 422);
  });

  it('returns 409 naming the current version when base_version is stale, and changes nothing', async () => {
    const { c, body, dentist, hygienist } = await makePractice();
    const appt = (await c.post('/appointments', body({ provider_uuid: dentist.id }))).body;
    await c.put(`/appointments/${appt.id}/providers`, { base_version: 1, providers: [{ provider_uuid: dentist.id }] });
    const stale = await c.put(`/appointments/${appt.id}/providers`, { base_version: 1, providers: [{ provider_uuid: hygienist.id }] });
    assert.equal(stale.status, 409);
    assert.equal(firstIssue(stale).type, 'version_conflict');
    assert.match(firstIssue(stale).msg, /current version is 2/);
    assert.deepEqual((await c.get(`/appointments/${appt.id}/providers`)).body.map((p: any) => p.provider.id), [dentist.id]);
  });

  it('own times must come in pairs, lie within the appointment, and need a dated appointment (422)', async () => {
    const { c, body, dentist, patient, loc } = await makePractice();
    const appt = (await c.post('/appointments', body())).body;
    const put = (p: Record<string, unknown>) => c.put(`/appointments/${appt.id}/providers`, { base_version: 1, providers: [{ provider_uuid: dentist.id, ...p }] });
    const half = await put({ start_time: '10:15' });
    assert.equal(half.status, 422);
    assert.deepEqual(firstIssue(half), { loc: ['body', 'providers', 0, 'end_time'], msg: firstIssue(half).msg, type: 'missing' });
    const outside = await put({ start_time: '09:30', end_time: '10:30' });
    assert.equal(outside.status, 422);
    assert.deepEqual(firstIssue(outside).loc, ['body', 'providers', 0, 'start_time']);
    const backwards = await put({ start_time: '10:30', end_time: '10:15' });
    assert.equal(backwards.status, 422);
    const undated = (await c.post('/appointments', { patient_uuid: patient.id, location_uuid: loc.id })).body;
    const noDate = await c.put(`/appointments/${undated.id}/providers`, { base_version: 1, providers: [{ provider_uuid: dentist.id, start_time: '10:00', end_time: '10:30' }] });
    assert.equal(noDate.status, 422);
    assert.match(firstIssue(noDate).msg, /no date/);
    assert.equal((await c.get(`/appointments/${appt.id}`)).body.version, 1, 'nothing changed');
  });

  it('on the spring-forward day a time in the gap is 422 dst_gap; on the fall-back day an ambiguous time is the earlier instant', async () => {
    const { c, body, dentist } = await makePractice();
    // 2026-03-08 01:00 EST to 04:00 EDT: two real hours, 02:00–03:00 does not exist.
    const spring = (await c.post('/appointments', body({ schedule_date: '2026-03-08', start_time: '01:00', end_time: '04:00' }))).body;
    const gap = await c.put(`/appointments/${spring.id}/providers`, { base_version: 1, providers: [{ provider_uuid: dentist.id, start_time: '02:30', end_time: '03:30' }] });
    assert.equal(gap.status, 422);
    assert.deepEqual(firstIssue(gap), { loc: ['body', 'providers', 0, 'start_time'], msg: firstIssue(gap).msg, type: 'dst_gap' });
    const ok = await c.put(`/appointments/${spring.id}/providers`, { base_version: 1, providers: [{ provider_uuid: dentist.id, start_time: '01:30', end_time: '03:30' }] });
    assert.equal(ok.status, 200);
    assert.equal(ok.body[0].start_at, '2026-03-08T01:30:00-05:00');
    assert.equal(ok.body[0].end_at, '2026-03-08T03:30:00-04:00');
    // 2026-11-01 00:30 EDT to 03:00 EST: 01:00–02:00 happens twice; 01:30 means the first (EDT) one.
    const fall = (await c.post('/appointments', body({ schedule_date: '2026-11-01', start_time: '00:30', end_time: '03:00' }))).body;
    const amb = await c.put(`/appointments/${fall.id}/providers`, { base_version: 1, providers: [{ provider_uuid: dentist.id, start_time: '01:30', end_time: '02:30' }] });
    assert.equal(amb.status, 200, JSON.stringify(amb.body));
    assert.equal(amb.body[0].start_at, '2026-11-01T01:30:00-04:00');
    assert.equal(amb.body[0].end_at, '2026-11-01T02:30:00-05:00');
  });

  it('returns 409 slot_conflict when a new provider is double-booked in another chair, and changes nothing', async () => {
    const { c, body, ops, dentist, hygienist, type } = await makePractice();
    const busy = (await c.post('/appointments', body({ provider_uuid: dentist.id, appointment_type_uuid: type.id }))).body;
    const appt = (await c.post('/appointments', body({ operatory_uuid: ops[1]!.id, provider_uuid: hygienist.id, start_time: '10:30', end_time: '11:30' }))).body;
    const clash = await c.put(`/appointments/${appt.id}/providers`, { base_version: 1, providers: [{ provider_uuid: hygienist.id }, { provider_uuid: dentist.id }] });
    assert.equal(clash.status, 409);
    assert.equal(firstIssue(clash).type, 'slot_conflict');
    assert.deepEqual(clash.body.detail[0].ctx, { kind: 'provider', id: busy.id, reason_code: 'PROVIDER_OVERLAP', provider_id: dentist.id });
    assert.deepEqual((await c.get(`/appointments/${appt.id}/providers`)).body.map((p: any) => p.provider.id), [hygienist.id]);
    assert.equal((await c.get(`/appointments/${appt.id}`)).body.version, 1);
    // The type /XXXXXXXXXX/ gives the dentist 10:05–10:55 in Op 1: own time from 10:55 is free.
    const narrowed = await c.put(`/appointments/${appt.id}/providers`, {
      base_version: 1, providers: [{ provider_uuid: hygienist.id }, { provider_uuid: dentist.id, start_time: '10:55', end_time: '11:30' }],
    });
    assert.equal(narrowed.status, 200, JSON.stringify(narrowed.body));
  });

  it('does not re-check an unchanged assignment booked with allow_overlap, and does not check appointments off the chair', async () => {
    const { c, body, ops, dentist, hygienist, patient, loc } = await makePractice();
    await c.post('/appointments', body({ provider_uuid: dentist.id }));
    const forced = (await c.post('/appointments', body({ operatory_uuid: ops[1]!.id, provider_uuid: dentist.id, allow_overlap: true }))).body;
    const res = await c.put(`/appointments/${forced.id}/providers`, { base_version: 1, providers: [{ provider_uuid: dentist.id }, { provider_uuid: hygienist.id }] });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const pinboard = (await c.post('/appointments', { patient_uuid: patient.id, location_uuid: loc.id, status: 'pinboard' })).body;
    assert.equal((await c.put(`/appointments/${pinboard.id}/providers`, { base_version: 1, providers: [{ provider_uuid: dentist.id }] })).status, 200);
  });

  it('list and replace return 404 to a caller limited to other locations; viewers may read but not replace', async () => {
    const { c, body, dentist } = await makePractice();
    const appt = (await c.post('/appointments', body())).body;
    const uptown = await makeLocation(c.orgId, { name: 'Uptown' });
    const limited = c.as((await makeUserToken(c.orgId, 'staff', [uptown.id])).token);
    assert.equal((await limited.get(`/appointments/${appt.id}/providers`)).status, 404);
    assert.equal((await limited.put(`/appointments/${appt.id}/providers`, { base_version: 1, providers: [] })).status, 404);
    assert.equal((await c.get(`/appointments/${MISSING}/providers`)).status, 404);
    const viewer = c.as((await makeUserToken(c.orgId, 'viewer')).token);
    assert.equal((await viewer.get(`/appointments/${appt.id}/providers`)).status, 200);
    assert.equal((await viewer.put(`/appointments/${appt.id}/providers`, { base_version: 1, providers: [{ provider_uuid: dentist.id }] })).status, 403);
    const extra = await makeProvider(c.orgId, { first_name: 'Ed', last_name: 'Extra' });
    assert.equal((await c.put(`/appointments/${appt.id}/providers`, { base_version: 1, providers: [{ provider_uuid: extra.id, color: 'red' }] })).status, 422, 'unknown item field');
  });
});
