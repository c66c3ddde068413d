import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue } from '../helpers.ts';
import { makePractice, makeUserToken } from '../factories.ts';
import { changedTables, tenantFingerprint } from '../core/tenant-snapshot.ts';

after(closeTestApp);

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';
const PATH = '/schedule/patient-preferences';
const learn = (patientId: string) => `${PATH}/by-patient/${patientId}/learn`;

type Practice = Awaited<ReturnType<typeof makePractice>>;

/** Books the practice's patient: [local date, start, end, provider, chair index, status]. */
async function book(p: Practice, visits: [string, string, string, string | null, number, string][]): Promise<string[]> {
  const ids: string[] = [];
  for (const [date, start, end, provider, chair, status] of visits) {
    const res = await p.c.post('/appointments', p.body({
      schedule_date: date, start_time: start, end_time: end, provider_uuid: provider, operatory_uuid: p.ops[chair]!.id, status,
    }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    ids.push(res.body.id);
  }
  return ids;
}

/** Three Tuesday mornings with the hygienist in Op 2 (two complete, one ahead), and a Thursday with the dentist in Op 1. */
async function tuesdayPatient(p: Practice): Promise<string[]> {
  return book(p, [
    ['2026-02-17', '09:00', '10:00', p.hygienist.id, 1, 'complete'],
    ['2026-02-24', '09:30', '10:30', p.hygienist.id, 1, 'complete'],
    ['2026-03-05', '08:00', '09:00', p.dentist.id, 0, 'complete'],
    ['2026-03-17', '09:00', '10:00', p.hygienist.id, 1, 'scheduled'],
  ]);
}

describe('learning a patient\'s preference from appointment history', () => {
  it('with too few appointments returns 422 naming how many there are, and writes nothing', async () => {
    const p = await makePractice();
    const before = await tenantFingerprint(p.c.orgId);
    const none = await p.c.post(learn(p.patient.id), {});
    assert.equal(none.status, 422);
    assert.deepEqual([firstIssue(none).type, firstIssue(none).loc], ['value_error', ['path', 'patient_uuid']]);
    assert.match(firstIssue(none).msg, /at least 3 completed or scheduled appointments; this patient has none/);
    assert.deepEqual(none.body.detail[0].ctx, { appointments: 0, required: 3 });
    assert.deepEqual(changedTables(before, await tenantFingerprint(p.c.orgId)), []);
    const [, second] = await book(p, [
      ['2026-02-17', '09:00', '10:00', p.dentist.id, 0, 'complete'], ['2026-02-24', '09:00', '10:00', p.dentist.id, 0, 'scheduled'],
      ['2026-03-03', '09:00', '10:00', p.dentist.id, 0, 'scheduled'],
    ]);
    // A cancelled appointment does not count: two are left.
    const appt = (await p.c.get(`/appointments/${second}`)).body;
    assert.equal((await p.c.post(`/appointments/${second}/cancel`, { base_version: appt.version })).status, 200);
    const before2 = await tenantFingerprint(p.c.orgId);
    const two = await p.c.post(learn(p.patient.id), { overwrite: true });
    assert.equal(two.status, 422);
    assert.match(firstIssue(two).msg, /this patient has 2/);
    assert.deepEqual(two.body.detail[0].ctx, { appointments: 2, required: 3 });
    assert.deepEqual(changedTables(before2, await tenantFingerprint(p.c.orgId)), []);
    assert.equal((await p.c.get(`${PATH}/by-patient/${p.patient.id}`)).body, null);
  });

  it('with enough appointments creates the preference with learned_from_history true', async () => {
    const p = await makePractice();
    await tuesdayPatient(p);
    const res = await p.c.post(learn(p.patient.id), {});
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const b = res.body;
    // Tuesdays are 3 of 4 visits, Thursday 1 of 4 (25 %): both. 80 % of 4 is 4 visits: 08:00–10:30 holds them all.
    assert.deepEqual([b.learned_from_history, b.version, b.preferred_days, b.preferred_time_start, b.preferred_time_end],
      [true, 1, [1, 3], '08:00:00', '10:30:00']);
    assert.deepEqual(b.preferred_provider, { id: p.hygienist.id, name: 'Hal Hygiene' });
    assert.deepEqual(b.preferred_operatory, { id: p.ops[1]!.id, name: 'Op 2' });
    assert.deepEqual([b.notes, b.preferred_contact_method, b.patient.id], ['', null, p.patient.id]);
    assert.deepEqual((await p.c.get(`${PATH}/by-patient/${p.patient.id}`)).body, b);
  });

  it('re-learns a learned preference freely (version + 1), keeping notes and contact method', async () => {
    const p = await makePractice();
    await tuesdayPatient(p);
    const first = (await p.c.post(learn(p.patient.id), {})).body;
    await p.c.patch(`${PATH}/${first.id}`, { base_version: 1, notes: 'Call first', preferred_contact_method: 'phone', learned_from_history: true });
    await book(p, [['2026-03-24', '09:00', '10:00', p.hygienist.id, 1, 'scheduled'], ['2026-03-31', '09:00', '10:00', p.hygienist.id, 1, 'scheduled']]);
    const again = await p.c.post(learn(p.patient.id), {});
    assert.equal(again.status, 200);
    // Six visits now: Thursday is 1 of 6, under a quarter; 80 % is 5 visits, so the 08:00 one falls outside.
    assert.deepEqual([again.body.id, again.body.version, again.body.preferred_days, again.body.preferred_time_start, again.body.preferred_time_end],
      [first.id, 3, [1], '09:00:00', '10:30:00']);
    assert.deepEqual([again.body.notes, again.body.preferred_contact_method, again.body.learned_from_history], ['Call first', 'phone', true]);
  });

  it('keeps a preference a person entered (409 state_conflict, nothing written) unless overwrite is true', async () => {
    const p = await makePractice();
    await tuesdayPatient(p);
    const mine = (await p.c.post(PATH, { patient_uuid: p.patient.id, preferred_days: [4], notes: 'Fridays only', preferred_contact_method: 'email' })).body;
    const before = await tenantFingerprint(p.c.orgId);
    for (const body of [{}, { overwrite: false }]) {
      const res = await p.c.post(learn(p.patient.id), body);
      assert.equal(res.status, 409, JSON.stringify(body));
      assert.deepEqual([firstIssue(res).type, firstIssue(res).loc], ['state_conflict', ['body', 'overwrite']]);
      assert.match(firstIssue(res).msg, /entered by a person/);
      assert.deepEqual(res.body.detail[0].ctx, { id: mine.id, version: 1 });
    }
    assert.deepEqual(changedTables(before, await tenantFingerprint(p.c.orgId)), []);
    const stale = await p.c.post(learn(p.patient.id), { overwrite: true, base_version: 5 });
    assert.deepEqual([stale.status, firstIssue(stale).type], [409, 'version_conflict']);
    const res = await p.c.post(learn(p.patient.id), { overwrite: true, base_version: 1 });
    assert.equal(res.status, 200);
    assert.deepEqual([res.body.id, res.body.version, res.body.learned_from_history, res.body.preferred_days], [mine.id, 2, true, [1, 3]]);
    assert.deepEqual([res.body.notes, res.body.preferred_contact_method], ['Fridays only', 'email']);
  });

  it('returns 404 for an unknown patient or another organisation\'s, 422 for unknown fields, 403 for a viewer', async () => {
    const p = await makePractice();
    const other = await makePractice();
    await tuesdayPatient(other);
    const before = await tenantFingerprint(other.c.orgId);
    for (const id of [MISSING, other.patient.id]) {
      const res = await p.c.post(learn(id), { overwrite: true });
      assert.deepEqual([res.status, firstIssue(res).loc], [404, ['path', 'patient_uuid']]);
    }
    assert.deepEqual(changedTables(before, await tenantFingerprint(other.c.orgId)), []);
    const extra = await p.c.post(learn(p.patient.id), { overwrite: 'yes' });
    assert.deepEqual([extra.status, firstIssue(extra).type], [422, 'bool_type']);
    assert.equal(firstIssue(await p.c.post(learn(p.patient.id), { force: true })).type, 'extra_forbidden');
    const viewer = other.c.as((await makeUserToken(other.c.orgId, 'viewer')).token);
    assert.equal((await viewer.post(learn(other.patient.id), {})).status, 403);
  });

  it('counts appointments at every location, whoever asks: a location-limited user learns from the whole history', async () => {
    const p = await makePractice();
    await tuesdayPatient(p);
    const elsewhere = (await p.c.post('/locations', { name: 'Uptown', timezone: 'America/New_York' })).body;
    const limited = p.c.as((await makeUserToken(p.c.orgId, 'staff', [elsewhere.id])).token);
    const res = await limited.post(learn(p.patient.id), {});
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.preferred_operatory, { id: p.ops[1]!.id, name: 'Op 2' });
  });
});
