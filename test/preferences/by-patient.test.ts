import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getPreferenceForPatient, matchesPreference } from '../../src/preferences/index.ts';
import { closeTestApp, firstIssue, testPool } from '../helpers.ts';
import { makeLocation, makeOperatory, makePractice, makeUserToken } from '../factories.ts';
import { changedTables, tenantFingerprint } from '../core/tenant-snapshot.ts';

after(closeTestApp);

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';
const PATH = '/schedule/patient-preferences';
const byPatient = (id: string) => `${PATH}/by-patient/${id}`;

describe('a patient\'s preference addressed by the patient', () => {
  it('get answers null (200) when the patient has no preference, then the preference once set', async () => {
    const { c, patient } = await makePractice();
    const none = await c.get(byPatient(patient.id));
    assert.equal(none.status, 200);
    assert.equal(none.body, null);
    const made = (await c.post(PATH, { patient_uuid: patient.id, preferred_days: [4] })).body;
    const got = await c.get(byPatient(patient.id));
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, made);
  });

  it('get returns 404 for an unknown patient or another organisation\'s, and 422 for a malformed id', async () => {
    const { c } = await makePractice();
    const other = await makePractice();
    await other.c.post(PATH, { patient_uuid: other.patient.id });
    for (const id of [MISSING, other.patient.id]) {
      const res = await c.get(byPatient(id));
      assert.equal(res.status, 404);
      assert.deepEqual(firstIssue(res).loc, ['path', 'patient_uuid']);
    }
    assert.equal(firstIssue(await c.get(byPatient('nope'))).type, 'uuid_parsing');
  });

  it('put creates the preference when there is none (200, version 1, base_version ignored)', async () => {
    const { c, patient, dentist } = await makePractice();
    const res = await c.put(byPatient(patient.id), { base_version: 7, preferred_days: [2, 0], preferred_provider_uuid: dentist.id, learned_from_history: false });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual([res.body.version, res.body.preferred_days, res.body.preferred_provider.id, res.body.patient.id], [1, [0, 2], dentist.id, patient.id]);
    assert.deepEqual((await c.get(byPatient(patient.id))).body, res.body);
  });

  it('put replaces the whole preference with the current base_version: fields left out become null', async () => {
    const { c, patient, ops } = await makePractice();
    const made = (await c.post(PATH, { patient_uuid: patient.id, preferred_days: [1], notes: 'Old', preferred_contact_method: 'sms' })).body;
    const res = await c.put(byPatient(patient.id), { base_version: 1, preferred_operatory_uuid: ops[2]!.id, preferred_time_start: '15:00', learned_from_history: true });
    assert.equal(res.status, 200);
    assert.equal(res.body.id, made.id);
    assert.deepEqual([res.body.version, res.body.preferred_days, res.body.notes, res.body.preferred_contact_method, res.body.learned_from_history],
      [2, null, '', null, true]);
    assert.deepEqual([res.body.preferred_operatory, res.body.preferred_time_start, res.body.preferred_time_end], [{ id: ops[2]!.id, name: 'Op 3' }, '15:00:00', null]);
    assert.equal((await c.get(PATH)).body.total, 1);
  });

  it('put returns 422 missing without base_version when the patient has a preference, 409 when it is stale, and changes nothing', async () => {
    const { c, patient } = await makePractice();
    await c.post(PATH, { patient_uuid: patient.id, notes: 'Keep' });
    assert.equal((await c.patch(`${PATH}/${(await c.get(byPatient(patient.id))).body.id}`, { base_version: 1, notes: 'Keep' })).status, 200);
    const before = await tenantFingerprint(c.orgId);
    const omitted = await c.put(byPatient(patient.id), { notes: 'Overwrite' });
    assert.equal(omitted.status, 422);
    assert.deepEqual([firstIssue(omitted).loc, firstIssue(omitted).type], [['body', 'base_version'], 'missing']);
    assert.match(firstIssue(omitted).msg, /version 2/);
    const stale = await c.put(byPatient(patient.id), { base_version: 1, notes: 'Overwrite' });
    assert.equal(stale.status, 409);
    assert.equal(firstIssue(stale).type, 'version_conflict');
    assert.match(firstIssue(stale).msg, /current version is 2/);
    assert.deepEqual(changedTables(before, await tenantFingerprint(c.orgId)), []);
  });

  it('put returns 404 for an unknown or foreign patient, provider or chair, 422 for a reversed window, and writes nothing', async () => {
    const { c, patient } = await makePractice();
    const other = await makePractice();
    const before = await tenantFingerprint(c.orgId);
    for (const id of [MISSING, other.patient.id]) {
      const res = await c.put(byPatient(id), {});
      assert.deepEqual([res.status, firstIssue(res).loc], [404, ['path', 'patient_uuid']]);
    }
    const cases: [Record<string, unknown>, number, string][] = [
      [{ preferred_provider_uuid: other.dentist.id }, 404, 'preferred_provider_uuid'],
      [{ preferred_operatory_uuid: other.ops[0]!.id }, 404, 'preferred_operatory_uuid'],
      [{ preferred_time_start: '10:00', preferred_time_end: '09:30' }, 422, 'preferred_time_end'],
      [{ preferred_days: [8] }, 422, 'preferred_days'],
      [{ patient_uuid: patient.id }, 422, 'patient_uuid'],
    ];
    for (const [bad, status, field] of cases) {
      const res = await c.put(byPatient(patient.id), bad);
      assert.equal(res.status, status, JSON.stringify(bad));
      assert.deepEqual(firstIssue(res).loc.slice(0, 2), ['body', field], JSON.stringify(bad));
    }
    assert.deepEqual(changedTables(before, await tenantFingerprint(c.orgId)), []);
  });

  it('concurrent puts creating one patient\'s preference: one 200, the others 409, exactly one preference', async () => {
    const { c, patient } = await makePractice();
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => c.put(byPatient(patient.id), { notes: `Racer ${i}` })));
    const statuses = results.map((r) => r.status).sort();
    assert.equal(statuses.filter((s) => s === 200).length, 1, JSON.stringify(statuses));
    // A request that arrives after the winner committed sees a preference and needs base_version (422).
    assert.ok(statuses.every((s) => [200, 409, 422].includes(s)), JSON.stringify(statuses));
    assert.equal((await c.get(PATH)).body.total, 1);
  });

  it('a location-limited user may read and upsert any patient\'s preference but names only chairs of their locations', async () => {
    const { c, patient, ops } = await makePractice();
    const uptown = await makeLocation(c.orgId, { name: 'Uptown' });
    const uptownChair = await makeOperatory(c.orgId, uptown.id, 'Up 1');
    const limited = c.as((await makeUserToken(c.orgId, 'staff', [uptown.id])).token);
    const refused = await limited.put(byPatient(patient.id), { preferred_operatory_uuid: ops[0]!.id });
    assert.deepEqual([refused.status, firstIssue(refused).loc], [404, ['body', 'preferred_operatory_uuid']]);
    const ok = await limited.put(byPatient(patient.id), { preferred_operatory_uuid: uptownChair.id });
    assert.equal(ok.status, 200);
    assert.equal((await limited.get(byPatient(patient.id))).body.id, ok.body.id);
  });
});

describe('getPreferenceForPatient and matchesPreference (what the free-time search uses)', () => {
  it('reads the patient\'s preference in the plain shape, or null without one or for an unknown patient', async () => {
    const { c, patient, dentist, ops } = await makePractice();
    assert.equal(await getPreferenceForPatient(testPool(), c.orgId, patient.id), null);
    assert.equal(await getPreferenceForPatient(testPool(), c.orgId, MISSING), null);
    const made = (await c.post(PATH, {
      patient_uuid: patient.id, preferred_days: [1, 3], preferred_time_start: '08:00', preferred_time_end: '12:00',
      preferred_provider_uuid: dentist.id, preferred_operatory_uuid: ops[0]!.id,
    })).body;
    const pref = await getPreferenceForPatient(testPool(), c.orgId, patient.id);
    assert.deepEqual(pref, {
      id: made.id, patientId: patient.id, preferredDays: [1, 3], timeStart: '08:00:00', timeEnd: '12:00:00',
      providerId: dentist.id, operatoryId: ops[0]!.id, learnedFromHistory: false,
    });
    // Tuesday 2026-03-10 09:00–10:00 with the dentist in Op 1 fits; the same in Op 2 does not.
    const start = { weekday: 1, startTime: '09:00:00', endTime: '10:00:00', providerId: dentist.id, operatoryId: ops[0]!.id };
    assert.equal(matchesPreference(pref!, start), true);
    assert.equal(matchesPreference(pref!, { ...start, operatoryId: ops[1]!.id }), false);
    const other = await makePractice();
    assert.equal(await getPreferenceForPatient(testPool(), other.c.orgId, patient.id), null);
  });
});
