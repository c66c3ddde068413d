import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, testPool } from '../helpers.ts';
import { makeLocation, makeOperatory, makePractice, makeProvider, makeUserToken } from '../factories.ts';
import { changedTables, tenantFingerprint } from '../core/tenant-snapshot.ts';

after(closeTestApp);

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';
const PATH = '/schedule/patient-preferences';

/** A practice whose patient has a preference: Tuesdays 09:00–12:00 with the dentist in Op 1. */
async function practiceWithPreference() {
  const p = await makePractice();
  const res = await p.c.post(PATH, {
    patient_uuid: p.patient.id, preferred_days: [1], preferred_time_start: '09:00', preferred_time_end: '12:00',
    preferred_provider_uuid: p.dentist.id, preferred_operatory_uuid: p.ops[0]!.id, notes: 'Keep',
  });
  assert.equal(res.status, 201);
  return { ...p, pref: res.body };
}

describe('changing and deleting patient scheduling preferences', () => {
  it('patch changes only the fields given (null clears one), bumps the version and keeps the rest', async () => {
    const { c, pref, hygienist } = await practiceWithPreference();
    const res = await c.patch(`${PATH}/${pref.id}`, { base_version: 1, preferred_provider_uuid: hygienist.id, preferred_operatory_uuid: null, notes: 'Hygiene' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.preferred_provider, { id: hygienist.id, name: 'Hal Hygiene' });
    assert.equal(res.body.preferred_operatory, null);
    assert.deepEqual([res.body.notes, res.body.version, res.body.preferred_days, res.body.preferred_time_start], ['Hygiene', 2, [1], '09:00:00']);
    assert.deepEqual(res.body.patient, pref.patient);
    assert.deepEqual((await c.get(`${PATH}/${pref.id}`)).body, res.body);
  });

  it('patch without learned_from_history marks the preference as a person\'s; sending true keeps it learnable', async () => {
    const { c, pref } = await practiceWithPreference();
    const learned = await c.patch(`${PATH}/${pref.id}`, { base_version: 1, learned_from_history: true });
    assert.equal(learned.body.learned_from_history, true);
    const edited = await c.patch(`${PATH}/${pref.id}`, { base_version: 2, preferred_contact_method: 'phone' });
    assert.deepEqual([edited.body.learned_from_history, edited.body.preferred_contact_method, edited.body.version], [false, 'phone', 3]);
  });

  it('patch returns 409 naming the current version for a stale base_version, and changes nothing', async () => {
    const { c, pref } = await practiceWithPreference();
    assert.equal((await c.patch(`${PATH}/${pref.id}`, { base_version: 1, notes: 'Second' })).status, 200);
    const before = await tenantFingerprint(c.orgId);
    const stale = await c.patch(`${PATH}/${pref.id}`, { base_version: 1, notes: 'Lost update' });
    assert.equal(stale.status, 409);
    assert.equal(firstIssue(stale).type, 'version_conflict');
    assert.match(firstIssue(stale).msg, /current version is 2/);
    assert.deepEqual(changedTables(before, await tenantFingerprint(c.orgId)), []);
  });

  it('patch refuses to change the patient (422 extra_forbidden) and a missing base_version, and changes nothing', async () => {
    const { c, pref } = await practiceWithPreference();
    const someoneElse = (await c.post('/patients', { first_name: 'Bo', last_name: 'Other' })).body.id;
    const before = await tenantFingerprint(c.orgId);
    for (const field of ['patient_uuid', 'patient_id', 'patient']) {
      const res = await c.patch(`${PATH}/${pref.id}`, { base_version: 1, [field]: someoneElse });
      assert.equal(res.status, 422, field);
      assert.deepEqual(firstIssue(res), { loc: ['body', field], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' });
    }
    assert.deepEqual(firstIssue(await c.patch(`${PATH}/${pref.id}`, { notes: 'x' })), { loc: ['body', 'base_version'], msg: 'Field required', type: 'missing' });
    assert.deepEqual(changedTables(before, await tenantFingerprint(c.orgId)), []);
    assert.equal((await c.get(`${PATH}/${pref.id}`)).body.patient.id, pref.patient.id);
  });

  it('patch returns 422 when the window as changed would be reversed, and days out of range; changes nothing', async () => {
    const { c, pref } = await practiceWithPreference();
    const before = await tenantFingerprint(c.orgId);
    const cases: [Record<string, unknown>, (string | number)[]][] = [
      [{ preferred_time_start: '12:00' }, ['body', 'preferred_time_start']], // 12:00 is not before the kept end 12:00
      [{ preferred_time_end: '08:59' }, ['body', 'preferred_time_end']], // before the kept start 09:00
      [{ preferred_time_start: '13:00', preferred_time_end: '10:00' }, ['body', 'preferred_time_end']],
      [{ preferred_days: [0, 7] }, ['body', 'preferred_days', 1]],
    ];
    for (const [bad, loc] of cases) {
      const res = await c.patch(`${PATH}/${pref.id}`, { base_version: 1, ...bad });
      assert.equal(res.status, 422, JSON.stringify(bad));
      assert.deepEqual(firstIssue(res).loc, loc, JSON.stringify(bad));
    }
    assert.deepEqual(changedTables(before, await tenantFingerprint(c.orgId)), []);
    // Moving both ends together is fine, and so is clearing one.
    assert.equal((await c.patch(`${PATH}/${pref.id}`, { base_version: 1, preferred_time_start: '13:00', preferred_time_end: '17:00' })).status, 200);
    assert.equal((await c.patch(`${PATH}/${pref.id}`, { base_version: 2, preferred_time_end: null, preferred_time_start: '18:00' })).status, 200);
  });

  it('patch returns 404 for an unknown preference, another organisation\'s, or an unknown provider or chair, and changes nothing', async () => {
    const { c, pref } = await practiceWithPreference();
    const other = await practiceWithPreference();
    const foreignChair = await makeOperatory(other.c.orgId, other.loc.id, 'Theirs');
    const before = await tenantFingerprint(c.orgId);
    for (const id of [MISSING, other.pref.id]) {
      const res = await c.patch(`${PATH}/${id}`, { base_version: 1, notes: 'X' });
      assert.equal(res.status, 404);
      assert.deepEqual(firstIssue(res).loc, ['path', 'preference_uuid']);
    }
    const cases: [Record<string, unknown>, string][] = [
      [{ preferred_provider_uuid: MISSING }, 'preferred_provider_uuid'], [{ preferred_provider_uuid: other.dentist.id }, 'preferred_provider_uuid'],
      [{ preferred_operatory_uuid: MISSING }, 'preferred_operatory_uuid'], [{ preferred_operatory_uuid: foreignChair.id }, 'preferred_operatory_uuid'],
    ];
    for (const [bad, field] of cases) {
      const res = await c.patch(`${PATH}/${pref.id}`, { base_version: 1, ...bad });
      assert.equal(res.status, 404, JSON.stringify(bad));
      assert.deepEqual(firstIssue(res).loc, ['body', field]);
    }
    assert.deepEqual(changedTables(before, await tenantFingerprint(c.orgId)), []);
    assert.equal((await other.c.get(`${PATH}/${other.pref.id}`)).body.version, 1);
  });

  it('delete removes the preference for good (204, then 404) and the patient may get a new one', async () => {
    const { c, pref, patient } = await practiceWithPreference();
    assert.equal((await c.delete(`${PATH}/${pref.id}`)).status, 204);
    assert.equal((await c.get(`${PATH}/${pref.id}`)).status, 404);
    const again = await c.delete(`${PATH}/${pref.id}`);
    assert.deepEqual([again.status, firstIssue(again).loc], [404, ['path', 'preference_uuid']]);
    assert.equal((await c.patch(`${PATH}/${pref.id}`, { base_version: 1, notes: 'X' })).status, 404);
    const { rows } = await testPool().query('SELECT 1 FROM patient_scheduling_preferences WHERE org_id = $1', [c.orgId]);
    assert.equal(rows.length, 0);
    assert.equal((await c.post(PATH, { patient_uuid: patient.id })).status, 201);
  });

  it('delete returns 404 for another organisation\'s preference and leaves it alone', async () => {
    const { c } = await practiceWithPreference();
    const other = await practiceWithPreference();
    assert.equal((await c.delete(`${PATH}/${other.pref.id}`)).status, 404);
    assert.equal((await other.c.get(`${PATH}/${other.pref.id}`)).status, 200);
  });

  it('a viewer may read preferences but every write returns 403 and changes nothing', async () => {
    const { c, pref, patient } = await practiceWithPreference();
    const viewer = c.as((await makeUserToken(c.orgId, 'viewer')).token);
    assert.equal((await viewer.get(`${PATH}/${pref.id}`)).status, 200);
    assert.equal((await viewer.get(PATH)).body.total, 1);
    assert.equal((await viewer.get(`${PATH}/by-patient/${patient.id}`)).status, 200);
    const before = await tenantFingerprint(c.orgId);
    const writes = [
      await viewer.post(PATH, { patient_uuid: patient.id }),
      await viewer.patch(`${PATH}/${pref.id}`, { base_version: 1, notes: 'Y' }),
      await viewer.delete(`${PATH}/${pref.id}`),
      await viewer.put(`${PATH}/by-patient/${patient.id}`, { base_version: 1, notes: 'Y' }),
      await viewer.post(`${PATH}/by-patient/${patient.id}/learn`, { overwrite: true }),
    ];
    for (const res of writes) assert.deepEqual([res.status, firstIssue(res).type], [403, 'forbidden']);
    assert.deepEqual(changedTables(before, await tenantFingerprint(c.orgId)), []);
  });

  it('preferences are per patient, not per location: a location-limited user reads and edits every one, but names only chairs of their locations', async () => {
    const { c, pref, patient, loc } = await practiceWithPreference();
    const elsewhere = await makeLocation(c.orgId, { name: 'Uptown' });
    const theirChair = await makeOperatory(c.orgId, elsewhere.id, 'Uptown 1');
    const limited = c.as((await makeUserToken(c.orgId, 'staff', [elsewhere.id])).token);
    // The preference names Op 1 at Main Street, outside the user's locations: still visible, whole.
    assert.deepEqual((await limited.get(`${PATH}/${pref.id}`)).body, pref);
    assert.equal((await limited.get(PATH)).body.total, 1);
    assert.equal((await limited.get(`${PATH}/by-patient/${patient.id}`)).body.id, pref.id);
    const mainChair = await makeOperatory(c.orgId, loc.id, 'Main 9');
    const refused = await limited.patch(`${PATH}/${pref.id}`, { base_version: 1, preferred_operatory_uuid: mainChair.id });
    assert.deepEqual([refused.status, firstIssue(refused).loc], [404, ['body', 'preferred_operatory_uuid']]);
    const ok = await limited.patch(`${PATH}/${pref.id}`, { base_version: 1, preferred_operatory_uuid: theirChair.id, notes: 'Moved uptown' });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body.preferred_operatory, { id: theirChair.id, name: 'Uptown 1' });
    const another = (await c.post('/patients', { first_name: 'Lee', last_name: 'Limited' })).body.id;
    assert.equal((await limited.post(PATH, { patient_uuid: another, preferred_provider_uuid: (await makeProvider(c.orgId)).id })).status, 201);
    assert.equal((await limited.delete(`${PATH}/${pref.id}`)).status, 204);
  });

  it('a preferred provider that is deleted is archived instead; a deleted patient takes its preference along', async () => {
    const { c, pref, dentist } = await practiceWithPreference();
    assert.equal((await c.delete(`/providers/${dentist.id}`)).status, 204);
    assert.deepEqual((await c.get(`${PATH}/${pref.id}`)).body.preferred_provider, { id: dentist.id, name: 'Dana Molar' });
    assert.equal((await c.get(`/providers/${dentist.id}`)).body.is_active, false);
    const lone = (await c.post('/patients', { first_name: 'Solo', last_name: 'Patient' })).body.id;
    const lonePref = (await c.post(PATH, { patient_uuid: lone })).body;
    assert.equal((await c.delete(`/patients/${lone}`)).status, 204);
    assert.equal((await c.get(`/patients/${lone}`)).status, 404);
    assert.equal((await c.get(`${PATH}/${lonePref.id}`)).status, 404);
  });
});
