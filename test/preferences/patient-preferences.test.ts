import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { insertPatientPreference } from '../../src/preferences/db/patient-preferences.ts';
import { closeTestApp, firstIssue, loseRaceAtUniqueKey, newOrg, type Client } from '../helpers.ts';
import { makeLocation, makeOperatory, makePractice, makeProvider } from '../factories.ts';
import { changedTables, tenantFingerprint } from '../core/tenant-snapshot.ts';

after(closeTestApp);

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';
const PATH = '/schedule/patient-preferences';

async function newPatient(c: Client, last = 'Jones'): Promise<string> {
  const res = await c.post('/patients', { first_name: 'Pat', last_name: last });
  assert.equal(res.status, 201);
  return res.body.id;
}

describe('patient scheduling preferences', () => {
  it('create returns 201 with every field, references with names, version 1 and learned_from_history false', async () => {
    const { c, patient, dentist, ops } = await makePractice();
    const res = await c.post(PATH, {
      patient_uuid: patient.id, preferred_days: [3, 0], preferred_time_start: '08:00', preferred_time_end: '12:30:00',
      preferred_provider_uuid: dentist.id, preferred_operatory_uuid: ops[1]!.id, preferred_contact_method: 'sms', notes: 'Mornings only',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual(Object.keys(res.body).sort(), [
      'created_at', 'id', 'learned_from_history', 'notes', 'patient', 'preferred_contact_method', 'preferred_days', 'preferred_operatory',
      'preferred_provider', 'preferred_time_end', 'preferred_time_start', 'updated_at', 'version',
    ]);
    assert.deepEqual(res.body.patient, { id: patient.id, name: 'Ann Smith' });
    assert.deepEqual(res.body.preferred_days, [0, 3]);
    assert.deepEqual([res.body.preferred_time_start, res.body.preferred_time_end], ['08:00:00', '12:30:00']);
    assert.deepEqual(res.body.preferred_provider, { id: dentist.id, name: 'Dana Molar' });
    assert.deepEqual(res.body.preferred_operatory, { id: ops[1]!.id, name: 'Op 2' });
    assert.deepEqual([res.body.preferred_contact_method, res.body.notes, res.body.learned_from_history, res.body.version], ['sms', 'Mornings only', false, 1]);
    assert.match(res.body.created_at, /Z$/);
    const got = await c.get(`${PATH}/${res.body.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, res.body);
  });

  it('create with only the patient gives nulls, notes "" and version 1', async () => {
    const { c, patient } = await makePractice();
    const res = await c.post(PATH, { patient_uuid: patient.id });
    assert.equal(res.status, 201);
    const b = res.body;
    assert.deepEqual([b.preferred_days, b.preferred_time_start, b.preferred_time_end, b.preferred_provider, b.preferred_operatory, b.preferred_contact_method, b.notes],
      [null, null, null, null, null, null, '']);
  });

  it('create returns 409 already_exists naming the existing preference when the patient has one, and writes nothing', async () => {
    const { c, patient } = await makePractice();
    const first = (await c.post(PATH, { patient_uuid: patient.id, notes: 'First' })).body;
    const before = await tenantFingerprint(c.orgId);
    const res = await c.post(PATH, { patient_uuid: patient.id, notes: 'Second' });
    assert.equal(res.status, 409);
    assert.equal(firstIssue(res).type, 'already_exists');
    assert.deepEqual(firstIssue(res).loc, ['body', 'patient_uuid']);
    assert.deepEqual(res.body.detail[0].ctx, { id: first.id });
    assert.match(firstIssue(res).msg, new RegExp(first.id));
    assert.deepEqual(changedTables(before, await tenantFingerprint(c.orgId)), []);
  });

  it('a create that loses the race at the unique key still returns 409 already_exists naming the winner', async () => {
    const { c, patient } = await makePractice();
    const fields = { preferred_days: null, preferred_time_start: null, preferred_time_end: null, preferred_provider_id: null,
      preferred_operatory_id: null, preferred_contact_method: null, notes: 'Winner', learned_from_history: false };
    const { winner, res } = await loseRaceAtUniqueKey(
      (tx) => insertPatientPreference(tx, c.orgId, patient.id, fields),
      () => c.post(PATH, { patient_uuid: patient.id, notes: 'Loser' }));
    assert.equal(res.status, 409);
    assert.equal(firstIssue(res).type, 'already_exists');
    assert.deepEqual(res.body.detail[0].ctx, { id: winner });
    assert.equal((await c.get(PATH)).body.total, 1);
  });

  it('create returns 404 at the body field for an unknown or another organisation\'s patient, provider or chair, and writes nothing', async () => {
    const { c, patient } = await makePractice();
    const other = await newOrg();
    const foreignPatient = await newPatient(other);
    const foreignProvider = await makeProvider(other.orgId);
    const foreignChair = await makeOperatory(other.orgId, (await makeLocation(other.orgId)).id);
    const before = await tenantFingerprint(c.orgId);
    const cases: [Record<string, unknown>, string][] = [
      [{ patient_uuid: MISSING }, 'patient_uuid'], [{ patient_uuid: foreignPatient }, 'patient_uuid'],
      [{ patient_uuid: patient.id, preferred_provider_uuid: MISSING }, 'preferred_provider_uuid'],
      [{ patient_uuid: patient.id, preferred_provider_uuid: foreignProvider.id }, 'preferred_provider_uuid'],
      [{ patient_uuid: patient.id, preferred_operatory_uuid: MISSING }, 'preferred_operatory_uuid'],
      [{ patient_uuid: patient.id, preferred_operatory_uuid: foreignChair.id }, 'preferred_operatory_uuid'],
    ];
    for (const [body, field] of cases) {
      const res = await c.post(PATH, body);
      assert.equal(res.status, 404, JSON.stringify(body));
      assert.deepEqual(firstIssue(res).loc, ['body', field]);
      assert.equal(firstIssue(res).type, 'not_found');
    }
    assert.deepEqual(changedTables(before, await tenantFingerprint(c.orgId)), []);
  });

  it('create returns 422 for a reversed or empty window, days out of range or repeated, unknown and server-owned fields, and writes nothing', async () => {
    const { c, patient } = await makePractice();
    const before = await tenantFingerprint(c.orgId);
    const cases: [Record<string, unknown>, (string | number)[], string][] = [
      [{ preferred_time_start: '17:00', preferred_time_end: '09:00' }, ['body', 'preferred_time_end'], 'value_error'],
      [{ preferred_time_start: '09:00', preferred_time_end: '09:00:00' }, ['body', 'preferred_time_end'], 'value_error'],
      [{ preferred_days: [7] }, ['body', 'preferred_days', 0], 'less_than_equal'],
      [{ preferred_days: [-1] }, ['body', 'preferred_days', 0], 'greater_than_equal'],
      [{ preferred_days: [1, 1] }, ['body', 'preferred_days'], 'value_error'],
      [{ preferred_days: ['1'] }, ['body', 'preferred_days', 0], 'int_type'],
      [{ preferred_time_start: '25:00' }, ['body', 'preferred_time_start'], 'string_pattern_mismatch'],
      [{ notes: null }, ['body', 'notes'], 'string_type'],
      [{ learned_from_history: true }, ['body', 'learned_from_history'], 'extra_forbidden'],
      [{ id: MISSING }, ['body', 'id'], 'extra_forbidden'],
      [{ version: 2 }, ['body', 'version'], 'extra_forbidden'],
    ];
    for (const [bad, loc, type] of cases) {
      const res = await c.post(PATH, { patient_uuid: patient.id, ...bad });
      assert.equal(res.status, 422, JSON.stringify(bad));
      assert.deepEqual([firstIssue(res).loc, firstIssue(res).type], [loc, type], JSON.stringify(bad));
    }
    const missing = await c.post(PATH, { notes: 'x' });
    assert.deepEqual(firstIssue(missing), { loc: ['body', 'patient_uuid'], msg: 'Field required', type: 'missing' });
    assert.match(firstIssue(await c.post(PATH, { patient_uuid: patient.id, preferred_time_start: '17:00', preferred_time_end: '09:00' })).msg,
      /preferred_time_start \(17:00\) must be before preferred_time_end \(09:00\)/);
    assert.deepEqual(changedTables(before, await tenantFingerprint(c.orgId)), []);
  });

  it('list orders by creation, filters by patient_uuid and pages', async () => {
    const { c, patient } = await makePractice();
    const second = await newPatient(c, 'Brown');
    const third = await newPatient(c, 'Adams');
    const ids: string[] = [];
    for (const p of [second, patient.id, third]) ids.push((await c.post(PATH, { patient_uuid: p })).body.id);
    const all = await c.get(PATH);
    assert.equal(all.status, 200);
    assert.deepEqual(all.body.items.map((x: any) => x.id), ids);
    assert.equal(all.body.total, 3);
    const p2 = await c.get(`${PATH}?page=2&page_size=2`);
    assert.deepEqual([p2.body.items.map((x: any) => x.id), p2.body.page, p2.body.page_size, p2.body.total], [[ids[2]], 2, 2, 3]);
    const one = await c.get(`${PATH}?patient_uuid=${patient.id}`);
    assert.deepEqual([one.body.items.map((x: any) => x.patient.id), one.body.total], [[patient.id], 1]);
    assert.equal((await c.get(`${PATH}?patient_uuid=${MISSING}`)).body.total, 0);
    for (const qs of ['patient_uuid=nope', 'page=0', 'page_size=201']) assert.equal((await c.get(`${PATH}?${qs}`)).status, 422, qs);
  });

  it('get returns 404 for an unknown id or another organisation\'s preference, and 422 for a malformed id', async () => {
    const { c } = await makePractice();
    const other = await makePractice();
    const foreign = (await other.c.post(PATH, { patient_uuid: other.patient.id })).body;
    for (const id of [MISSING, foreign.id]) {
      const res = await c.get(`${PATH}/${id}`);
      assert.equal(res.status, 404);
      assert.deepEqual(firstIssue(res).loc, ['path', 'preference_uuid']);
    }
    assert.equal(firstIssue(await c.get(`${PATH}/not-a-uuid`)).type, 'uuid_parsing');
    assert.equal((await c.get(PATH)).body.total, 0);
  });
});
