import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, newOrg } from '../helpers.ts';
import { makeLocation, makeOperatory, makePractice } from '../factories.ts';
import { changedTables, tenantFingerprint } from '../core/tenant-snapshot.ts';

after(closeTestApp);

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';
const PATH = '/recalls/patient-recalls';
type Practice = Awaited<ReturnType<typeof makePractice>>;

async function setup() {
  const p = await makePractice();
  const prophy = (await p.c.post('/recalls/types', { name: 'Prophy', appointment_type_uuid: p.type.id })).body;
  const bitewings = (await p.c.post('/recalls/types', { name: 'Bitewings', default_interval: { months: 12 } })).body;
  return { ...p, prophy, bitewings };
}

async function newPatient(p: Practice, first: string, phone: string | null = null): Promise<string> {
  return (await p.c.post('/patients', { first_name: first, last_name: 'Doe', mobile_phone: phone })).body.id;
}

describe('patient recalls', () => {
  it('create returns 201 (today at the first location by default, the type\'s interval), get returns it', async () => {
    const p = await setup();
    const made = await p.c.post(PATH, { patient_uuid: p.patient.id, recall_type_uuid: p.prophy.id });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const r = made.body;
    assert.deepEqual({
      patient: r.patient, patient_phone: r.patient_phone, recall_type: r.recall_type, interval: r.interval, uses_default_interval: r.uses_default_interval,
      date_previous: r.date_previous, date_due: r.date_due, date_scheduled: r.date_scheduled, appointment: r.appointment, status: r.status,
      is_disabled: r.is_disabled, note: r.note, version: r.version,
    }, {
      patient: { id: p.patient.id, name: 'Ann Smith' }, patient_phone: '555-0101', recall_type: { id: p.prophy.id, name: 'Prophy' },
      interval: { months: 6 }, uses_default_interval: true, date_previous: null, date_due: '2026-03-10', date_scheduled: null,
      appointment: null, status: 'due', is_disabled: false, note: '', version: 1,
    });
    assert.deepEqual((await p.c.get(`${PATH}/${r.id}`)).body, r);
    assert.equal((await p.c.get(`${PATH}/${MISSING}`)).status, 404);
    // Another organisation sees none of it, and cannot name this one's patient or type.
    const other = await newOrg();
    assert.equal((await other.get(`${PATH}/${r.id}`)).status, 404);
    assert.equal((await other.patch(`${PATH}/${r.id}`, { base_version: 1, note: 'x' })).status, 404);
    assert.equal((await other.post(PATH, { patient_uuid: p.patient.id, recall_type_uuid: p.prophy.id })).status, 404);
    assert.equal((await other.get(`${PATH}?patient_uuid=${p.patient.id}`)).status, 404);
    assert.equal((await other.get(`${PATH}/due?location_uuid=${p.loc.id}`)).status, 404);
  });

  it('create refuses an unknown patient or type (404), a second recall of the type (409 naming it) and a zero interval (422), writing nothing', async () => {
    const p = await setup();
    const first = (await p.c.post(PATH, { patient_uuid: p.patient.id, recall_type_uuid: p.prophy.id, interval: { months: 3 } })).body;
    assert.deepEqual([first.interval, first.uses_default_interval], [{ months: 3 }, false]);
    const before = await tenantFingerprint(p.c.orgId);
    const noPatient = await p.c.post(PATH, { patient_uuid: MISSING, recall_type_uuid: p.prophy.id });
    assert.deepEqual([noPatient.status, firstIssue(noPatient).loc], [404, ['body', 'patient_uuid']]);
    const noType = await p.c.post(PATH, { patient_uuid: p.patient.id, recall_type_uuid: MISSING });
    assert.deepEqual([noType.status, firstIssue(noType).loc], [404, ['body', 'recall_type_uuid']]);
    const dup = await p.c.post(PATH, { patient_uuid: p.patient.id, recall_type_uuid: p.prophy.id });
    assert.deepEqual([dup.status, firstIssue(dup).type, firstIssue(dup).loc], [409, 'already_exists', ['body', 'recall_type_uuid']]);
    assert.equal(dup.body.detail[0].ctx.id, first.id);
    assert.match(firstIssue(dup).msg, /already has a recall of this type/);
    const zero = await p.c.post(PATH, { patient_uuid: p.patient.id, recall_type_uuid: p.bitewings.id, interval: { days: 0 } });
    assert.deepEqual([zero.status, firstIssue(zero).type, firstIssue(zero).loc], [422, 'value_error', ['body', 'interval']]);
    const extra = await p.c.post(PATH, { patient_uuid: p.patient.id, recall_type_uuid: p.bitewings.id, status: 'due' });
    assert.deepEqual([extra.status, firstIssue(extra).type], [422, 'extra_forbidden']);
    assert.deepEqual(changedTables(before, await tenantFingerprint(p.c.orgId)), []);
  });

  it('PATCH changes fields with base_version (stale → 409, omitted → 422, unknown → 404); status and date_scheduled only echo', async () => {
    const p = await setup();
    const r = (await p.c.post(PATH, { patient_uuid: p.patient.id, recall_type_uuid: p.prophy.id, interval: { months: 3 } })).body;
    const changed = await p.c.patch(`${PATH}/${r.id}`, { base_version: 1, date_due: '2026-01-15', note: 'Call after 5', interval: null, status: 'overdue', date_scheduled: null });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.deepEqual([changed.body.date_due, changed.body.note, changed.body.interval, changed.body.uses_default_interval, changed.body.status, changed.body.version],
      ['2026-01-15', 'Call after 5', { months: 6 }, true, 'overdue', 2]);
    const stale = await p.c.patch(`${PATH}/${r.id}`, { base_version: 1, note: 'x' });
    assert.deepEqual([stale.status, firstIssue(stale).type], [409, 'version_conflict']);
    const missing = await p.c.patch(`${PATH}/${r.id}`, { note: 'x' });
    assert.deepEqual([missing.status, firstIssue(missing).type], [422, 'missing']);
    const unknown = await p.c.patch(`${PATH}/${MISSING}`, { base_version: 1 });
    assert.deepEqual([unknown.status, firstIssue(unknown).loc], [404, ['path', 'recall_uuid']]);
    const before = await tenantFingerprint(p.c.orgId);
    const status = await p.c.patch(`${PATH}/${r.id}`, { base_version: 2, note: 'y', status: 'completed' });
    assert.deepEqual([status.status, firstIssue(status).loc], [422, ['body', 'status']]);
    const scheduled = await p.c.patch(`${PATH}/${r.id}`, { base_version: 2, date_scheduled: '2026-04-01' });
    assert.deepEqual([scheduled.status, firstIssue(scheduled).loc], [422, ['body', 'date_scheduled']]);
    assert.deepEqual(changedTables(before, await tenantFingerprint(p.c.orgId)), []);
    const moved = await p.c.patch(`${PATH}/${r.id}`, { base_version: 2, date_due: '2026-03-11', interval: { weeks: 26 } });
    assert.deepEqual([moved.body.status, moved.body.interval], ['due', { weeks: 26 }]);
  });

  it('the list filters by patient, type, status and due range (unknown patient or type → 404)', async () => {
    const p = await setup();
    const bob = await newPatient(p, 'Bob');
    const mk = async (patient: string, type: string, date_due: string) =>
      (await p.c.post(PATH, { patient_uuid: patient, recall_type_uuid: type, date_due })).body.id;
    const a = await mk(p.patient.id, p.prophy.id, '2026-01-01');
    const b = await mk(p.patient.id, p.bitewings.id, '2026-06-01');
    const c = await mk(bob, p.prophy.id, '2026-03-10');
    const ids = async (q: string) => (await p.c.get(`${PATH}${q}`)).body.items.map((r: { id: string }) => r.id);
    assert.deepEqual(await ids(''), [a, c, b]);
    assert.deepEqual(await ids(`?patient_uuid=${p.patient.id}`), [a, b]);
    assert.deepEqual(await ids(`?recall_type_uuid=${p.prophy.id}`), [a, c]);
    assert.deepEqual(await ids('?status=overdue'), [a]);
    assert.deepEqual(await ids('?status=due'), [c, b]);
    assert.deepEqual(await ids('?due_from=2026-02-01&due_to=2026-03-31'), [c]);
    assert.deepEqual(await ids('?status=scheduled'), []);
    for (const q of [`patient_uuid=${MISSING}`, `recall_type_uuid=${MISSING}`]) {
      const res = await p.c.get(`${PATH}?${q}`);
      assert.deepEqual([res.status, firstIssue(res).loc[0]], [404, 'query']);
    }
    assert.equal((await p.c.get(`${PATH}?status=late`)).status, 422);
  });

  it('due lists due and overdue recalls, not disabled, most overdue first, with the phone; due_on, type and location filter', async () => {
    const p = await setup();
    const bob = await newPatient(p, 'Bob', '555-0202');
    const cy = await newPatient(p, 'Cy');
    const mk = async (patient: string, type: string, body: object) =>
      (await p.c.post(PATH, { patient_uuid: patient, recall_type_uuid: type, ...body })).body.id;
    const old = await mk(bob, p.prophy.id, { date_due: '2025-12-01' });
    const today = await mk(p.patient.id, p.prophy.id, { date_due: '2026-03-10' });
    const soon = await mk(p.patient.id, p.bitewings.id, { date_due: '2026-04-01' });
    await mk(cy, p.prophy.id, { date_due: '2025-01-01', is_disabled: true });
    const due = await p.c.get(`${PATH}/due`);
    assert.deepEqual(due.body.items.map((r: { id: string }) => r.id), [old, today]);
    assert.deepEqual(due.body.items.map((r: { patient_phone: string; status: string }) => [r.patient_phone, r.status]),
      [['555-0202', 'overdue'], ['555-0101', 'due']]);
    assert.deepEqual((await p.c.get(`${PATH}/due?due_on=2026-04-30`)).body.items.map((r: { id: string }) => r.id), [old, today, soon]);
    assert.deepEqual((await p.c.get(`${PATH}/due?recall_type_uuid=${p.bitewings.id}&due_on=2026-12-31`)).body.items.map((r: { id: string }) => r.id), [soon]);
    const page = (await p.c.get(`${PATH}/due?page_size=1&page=2`)).body;
    assert.deepEqual([page.items.map((r: { id: string }) => r.id), page.total], [[today], 2]);
    // A recall's location is its patient's latest visit's: Bob visited the other location.
    const other = await makeLocation(p.c.orgId, { name: 'Uptown', timezone: 'America/Los_Angeles' });
    const op = await makeOperatory(p.c.orgId, other.id, 'Op U');
    const visit = await p.c.post('/appointments', p.body({ patient_uuid: bob, location_uuid: other.id, operatory_uuid: op.id, schedule_date: '2026-02-02', status: 'complete' }));
    assert.equal(visit.status, 201, JSON.stringify(visit.body));
    assert.deepEqual((await p.c.get(`${PATH}/due?location_uuid=${other.id}`)).body.items.map((r: { id: string }) => r.id), [old]);
    assert.deepEqual((await p.c.get(`${PATH}/due?location_uuid=${p.loc.id}`)).body.items.map((r: { id: string }) => r.id), [today]);
    const unknown = await p.c.get(`${PATH}/due?location_uuid=${MISSING}`);
    assert.deepEqual([unknown.status, firstIssue(unknown).loc], [404, ['query', 'location_uuid']]);
    assert.equal((await p.c.get(`${PATH}/due?recall_type_uuid=${MISSING}`)).status, 404);
  });

  it('due vs overdue is decided by today at the recall\'s location: at 14:00 UTC on the 10th it is already the 11th in Kiritimati', async () => {
    const p = await setup();
    const bob = await newPatient(p, 'Bob');
    const ann = (await p.c.post(PATH, { patient_uuid: p.patient.id, recall_type_uuid: p.prophy.id, date_due: '2026-03-10' })).body;
    const bobs = (await p.c.post(PATH, { patient_uuid: bob, recall_type_uuid: p.prophy.id, date_due: '2026-03-10' })).body;
    const island = await makeLocation(p.c.orgId, { name: 'Island', timezone: 'Pacific/Kiritimati' });
    const op = await makeOperatory(p.c.orgId, island.id, 'Op I');
    // Bob's last visit was at the island location (UTC+14), where it is 2026-03-11 04:00.
    const visit = await p.c.post('/appointments', p.body({ patient_uuid: bob, location_uuid: island.id, operatory_uuid: op.id, schedule_date: '2026-03-01', status: 'complete' }));
    assert.equal(visit.status, 201, JSON.stringify(visit.body));
    // Ann has no visit: her recall is at the first location, New York, where it is 2026-03-10 10:00.
    assert.equal((await p.c.get(`${PATH}/${ann.id}`)).body.status, 'due');
    assert.equal((await p.c.get(`${PATH}/${bobs.id}`)).body.status, 'overdue');
    assert.deepEqual((await p.c.get(`${PATH}?status=overdue`)).body.items.map((r: { id: string }) => r.id), [bobs.id]);
  });
});
