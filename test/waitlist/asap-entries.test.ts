import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, newOrg, testPool, type Client } from '../helpers.ts';
import { makeLocation, makePractice, makeUserToken } from '../factories.ts';
import { changedTables, tenantFingerprint } from '../core/tenant-snapshot.ts';

after(closeTestApp);

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';
const PATH = '/waitlist/entries';

async function entry(c: Client, body: Record<string, unknown>) {
  const res = await c.post(PATH, body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

/** Backdates an entry's creation (days_waiting counts from it). */
async function createdAt(orgId: string, id: string, at: string) {
  await testPool().query('UPDATE asap_entries SET created_at = $3 WHERE org_id = $1 AND id = $2', [orgId, id, at]);
}

describe('ASAP entries', () => {
  it('create returns 201 with every catalogued field, defaults, names, and GET returns the same', async () => {
    const { c, loc, patient, type, dentist } = await makePractice();
    const other = await makeLocation(c.orgId, { name: 'Uptown' });
    const prio = (await c.post('/definitions', { category: 'AsapPriority', name: 'VIP' })).body;
    const res = await c.post(PATH, {
      patient_uuid: patient.id, location_uuid: loc.id, appointment_type_uuid: type.id, provider_uuid: dentist.id, priority_uuid: prio.id,
      location_scope: 'selected', additional_location_uuids: [other.id], date_range_start: '2026-03-01', date_range_end: '2026-04-30',
      estimated_duration_mins: 45, preferred_days: [4, 1], preferred_time_start: '08:00', preferred_time_end: '12:00', note: 'Mornings only',
      treatment_value: 250.5, urgency: 'soon',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const b = res.body;
    assert.deepEqual(Object.keys(b).sort(), [
      'additional_locations', 'appointment', 'appointment_type', 'contact_attempts', 'contact_method_used', 'contacted_at', 'created_at',
      'date_range_end', 'date_range_start', 'days_waiting', 'estimated_duration_mins', 'id', 'last_offered_slot', 'location',
      'location_scope', 'note', 'patient', 'patient_response', 'patient_score', 'preferred_days', 'preferred_time_end', 'preferred_time_start',
      'priority', 'provider', 'recall', 'responded_at', 'score_calculated_at', 'score_details', 'source', 'status', 'treatment_value',
      'updated_at', 'urgency', 'version',
    ]);
    assert.deepEqual(b.patient, { id: patient.id, name: 'Ann Smith' });
    assert.deepEqual(b.additional_locations, [{ id: other.id, name: 'Uptown' }]);
    assert.deepEqual(b.priority, { id: prio.id, name: 'VIP' });
    assert.deepEqual([b.status, b.source, b.urgency, b.version, b.days_waiting, b.treatment_value], ['waiting', 'manual', 'soon', 1, 0, '250.50']);
    assert.deepEqual(b.preferred_days, [1, 4]);
    assert.deepEqual([b.preferred_time_start, b.preferred_time_end], ['08:00:00', '12:00:00']);
    // soon 25 + first priority 20 + 0 days waiting
    assert.equal(b.patient_score, 45);
    assert.equal(b.score_details.total, 45);
    assert.equal(b.score_calculated_at, '2026-03-10T14:00:00.000Z');
    const got = await c.get(`${PATH}/${b.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, b);
  });

  it('create with only patient and location defaults to waiting, routine, home_only, manual', async () => {
    const { c, loc, patient } = await makePractice();
    const b = await entry(c, { patient_uuid: patient.id, location_uuid: loc.id });
    assert.deepEqual([b.status, b.urgency, b.location_scope, b.source, b.appointment_type, b.additional_locations],
      ['waiting', 'routine', 'home_only', 'manual', null, []]);
  });

  it('create returns 409 already_exists for a second active entry of the same patient, location and type, and writes nothing', async () => {
    const { c, loc, patient, type } = await makePractice();
    const first = await entry(c, { patient_uuid: patient.id, location_uuid: loc.id, appointment_type_uuid: type.id });
    const before = await tenantFingerprint(c.orgId);
    const res = await c.post(PATH, { patient_uuid: patient.id, location_uuid: loc.id, appointment_type_uuid: type.id, urgency: 'urgent' });
    assert.equal(res.status, 409);
    assert.equal(firstIssue(res).type, 'already_exists');
    assert.deepEqual(res.body.detail[0].ctx, { id: first.id });
    assert.deepEqual(changedTables(before, await tenantFingerprint(c.orgId)), []);
    // Another type, or no type, is another key.
    await entry(c, { patient_uuid: patient.id, location_uuid: loc.id });
    // A removed entry no longer counts.
    assert.equal((await c.delete(`${PATH}/${first.id}`)).status, 204);
    await entry(c, { patient_uuid: patient.id, location_uuid: loc.id, appointment_type_uuid: type.id });
  });

  it('an active entry past its date range does not block a new one: it is stored expired', async () => {
    const { c, loc, patient } = await makePractice();
    const old = await entry(c, { patient_uuid: patient.id, location_uuid: loc.id, date_range_end: '2026-03-09' });
    assert.equal(old.status, 'expired');
    await entry(c, { patient_uuid: patient.id, location_uuid: loc.id });
    assert.equal((await c.get(`${PATH}/${old.id}`)).body.status, 'expired');
  });

  it('create returns 422 when date_range_start is after date_range_end, or the window is reversed, and writes nothing', async () => {
    const { c, loc, patient } = await makePractice();
    const before = await tenantFingerprint(c.orgId);
    let res = await c.post(PATH, { patient_uuid: patient.id, location_uuid: loc.id, date_range_start: '2026-04-02', date_range_end: '2026-04-01' });
    assert.equal(res.status, 422);
    assert.deepEqual(firstIssue(res).loc, ['body', 'date_range_end']);
    res = await c.post(PATH, { patient_uuid: patient.id, location_uuid: loc.id, preferred_time_start: '12:00', preferred_time_end: '09:00' });
    assert.equal(res.status, 422);
    assert.deepEqual(firstIssue(res).loc, ['body', 'preferred_time_end']);
    res = await c.post(PATH, { patient_uuid: patient.id, location_uuid: loc.id, urgency: 'whenever' });
    assert.equal(res.status, 422);
    res = await c.post(PATH, { patient_uuid: patient.id, location_uuid: loc.id, id: MISSING });
    assert.equal(firstIssue(res).type, 'extra_forbidden');
    assert.deepEqual(changedTables(before, await tenantFingerprint(c.orgId)), []);
  });

  it('create returns 404 at the body field for each unknown reference, and writes nothing', async () => {
    const { c, loc, patient } = await makePractice();
    const tag = (await c.post('/definitions', { category: 'ApptTag', name: 'Tag' })).body;
    const before = await tenantFingerprint(c.orgId);
    const base = { patient_uuid: patient.id, location_uuid: loc.id };
    for (const [field, body] of [
      ['patient_uuid', { ...base, patient_uuid: MISSING }], ['location_uuid', { ...base, location_uuid: MISSING }],
      ['appointment_type_uuid', { ...base, appointment_type_uuid: MISSING }], ['provider_uuid', { ...base, provider_uuid: MISSING }],
      ['priority_uuid', { ...base, priority_uuid: tag.id }], ['appointment_uuid', { ...base, appointment_uuid: MISSING }],
    ] as const) {
      const res = await c.post(PATH, body);
      assert.equal(res.status, 404, field);
      assert.deepEqual(firstIssue(res).loc, ['body', field]);
    }
    const res = await c.post(PATH, { ...base, additional_location_uuids: [loc.id, MISSING] });
    assert.equal(res.status, 404);
    assert.deepEqual(firstIssue(res).loc, ['body', 'additional_location_uuids', 1]);
    assert.deepEqual(changedTables(before, await tenantFingerprint(c.orgId)), []);
  });

  it('create links an appointment and a recall of the patient: 422 for another patient\'s, 404 for an unknown recall', async () => {
    const { c, loc, patient, body } = await makePractice();
    const appt = (await c.post('/appointments', body())).body;
    const other = (await c.post('/patients', { first_name: 'Bo', last_name: 'Other' })).body;
    let res = await c.post(PATH, { patient_uuid: other.id, location_uuid: loc.id, appointment_uuid: appt.id });
    assert.equal(res.status, 422);
    const recallType = (await c.post('/recalls/types', { name: 'Prophy', default_interval: { months: 6 } })).body;
    const recall = (await c.post('/recalls/patient-recalls', { patient_uuid: patient.id, recall_type_uuid: recallType.id, date_due: '2026-01-15' })).body;
    const before = await tenantFingerprint(c.orgId);
    res = await c.post(PATH, { patient_uuid: patient.id, location_uuid: loc.id, source: 'recall', recall_uuid: MISSING });
    assert.equal(res.status, 404);
    assert.deepEqual(firstIssue(res).loc, ['body', 'recall_uuid']);
    res = await c.post(PATH, { patient_uuid: other.id, location_uuid: loc.id, source: 'recall', recall_uuid: recall.id });
    assert.equal(res.status, 422);
    assert.deepEqual(firstIssue(res).loc, ['body', 'recall_uuid']);
    assert.deepEqual(changedTables(before, await tenantFingerprint(c.orgId)), []);
    res = await c.post(PATH, { patient_uuid: patient.id, location_uuid: loc.id, appointment_uuid: appt.id, source: 'recall', recall_uuid: recall.id });
    assert.equal(res.status, 201);
    assert.deepEqual([res.body.appointment, res.body.recall, res.body.source], [{ id: appt.id, name: null }, { id: recall.id, name: null }, 'recall']);
  });

  it('get, PATCH, DELETE, contact, response and contact-log return 404 for an unknown entry or another organisation\'s', async () => {
    const { c, loc, patient } = await makePractice();
    const other = await newOrg();
    const e = await entry(c, { patient_uuid: patient.id, location_uuid: loc.id });
    for (const id of [MISSING, e.id]) {
      const as = id === MISSING ? c : other;
      assert.equal((await as.get(`${PATH}/${id}`)).status, 404);
      assert.equal((await as.get(`${PATH}/${id}/contact-log`)).status, 404);
      assert.equal((await as.patch(`${PATH}/${id}`, { urgency: 'urgent' })).status, 404);
      assert.equal((await as.delete(`${PATH}/${id}`)).status, 404);
      assert.equal((await as.post(`${PATH}/${id}/contact`, { contact_method: 'sms', slot_date: '2026-03-12', slot_start_time: '09:00', slot_location_uuid: loc.id })).status, 404);
      assert.equal((await as.post(`${PATH}/${id}/response`, { patient_response: 'declined' })).status, 404);
    }
    const limited = c.as((await makeUserToken(c.orgId, 'staff', [(await makeLocation(c.orgId)).id])).token);
    assert.equal((await limited.get(`${PATH}/${e.id}`)).status, 404);
    assert.equal((await limited.get(PATH)).body.total, 0);
  });

  it('PATCH changes the given fields, bumps the version, refuses a stale base_version and a reversed range', async () => {
    const { c, loc, patient } = await makePractice();
    const e = await entry(c, { patient_uuid: patient.id, location_uuid: loc.id, date_range_start: '2026-03-01', note: 'x' });
    let res = await c.patch(`${PATH}/${e.id}`, { urgency: 'urgent', note: null, date_range_end: '2026-03-31' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual([res.body.urgency, res.body.note, res.body.date_range_end, res.body.version], ['urgent', null, '2026-03-31', 2]);
    res = await c.patch(`${PATH}/${e.id}`, { base_version: 1, urgency: 'soon' });
    assert.equal(res.status, 409);
    assert.equal(firstIssue(res).type, 'version_conflict');
    res = await c.patch(`${PATH}/${e.id}`, { date_range_start: '2026-04-01' });
    assert.equal(res.status, 422);
    res = await c.patch(`${PATH}/${e.id}`, { patient_uuid: patient.id });
    assert.equal(firstIssue(res).type, 'extra_forbidden');
  });

  it('PATCH status follows the state table: removed only by DELETE, expired never; removed comes back to waiting unless a duplicate is active', async () => {
    const { c, loc, patient } = await makePractice();
    const e = await entry(c, { patient_uuid: patient.id, location_uuid: loc.id });
    let res = await c.patch(`${PATH}/${e.id}`, { status: 'removed' });
    assert.equal(res.status, 409);
    assert.equal(firstIssue(res).type, 'state_conflict');
    res = await c.patch(`${PATH}/${e.id}`, { status: 'expired' });
    assert.equal(res.status, 409);
    res = await c.patch(`${PATH}/${e.id}`, { status: 'offered' });
    assert.equal(res.body.status, 'offered');
    assert.equal((await c.delete(`${PATH}/${e.id}`)).status, 204);
    const removed = (await c.get(`${PATH}/${e.id}`)).body;
    assert.deepEqual([removed.status, removed.version], ['removed', 3]);
    assert.equal((await c.delete(`${PATH}/${e.id}`)).status, 204);
    assert.equal((await c.get(`${PATH}/${e.id}`)).body.version, 3);
    res = await c.patch(`${PATH}/${e.id}`, { status: 'contacted' });
    assert.equal(res.status, 409);
    assert.deepEqual(res.body.detail[0].ctx.allowed, ['waiting']);
    const newer = await entry(c, { patient_uuid: patient.id, location_uuid: loc.id });
    res = await c.patch(`${PATH}/${e.id}`, { status: 'waiting' });
    assert.equal(res.status, 409);
    assert.equal(firstIssue(res).type, 'already_exists');
    assert.equal((await c.delete(`${PATH}/${newer.id}`)).status, 204);
    res = await c.patch(`${PATH}/${e.id}`, { status: 'waiting' });
    assert.equal(res.body.status, 'waiting');
  });

  it('contact logs the attempt and moves waiting to contacted; response accepted schedules, declined returns to waiting; the log is newest first', async () => {
    const { c, loc, patient, body } = await makePractice();
    const e = await entry(c, { patient_uuid: patient.id, location_uuid: loc.id });
    let res = await c.post(`${PATH}/${e.id}/response`, { patient_response: 'accepted' });
    assert.equal(res.status, 409, 'no outstanding contact');
    assert.equal(firstIssue(res).type, 'state_conflict');
    const contact = { contact_method: 'sms', slot_date: '2026-03-12', slot_start_time: '09:00', slot_location_uuid: loc.id, message_id: 'm-1' };
    res = await c.post(`${PATH}/${e.id}/contact`, { ...contact, slot_location_uuid: MISSING });
    assert.equal(res.status, 404);
    assert.deepEqual(firstIssue(res).loc, ['body', 'slot_location_uuid']);
    res = await c.post(`${PATH}/${e.id}/contact`, contact);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual([res.body.status, res.body.contact_attempts, res.body.contact_method_used, res.body.contacted_at],
      ['contacted', 1, 'sms', '2026-03-10T14:00:00.000Z']);
    assert.deepEqual(res.body.last_offered_slot, { date: '2026-03-12', start_time: '09:00:00', location: { id: loc.id, name: 'Main Street' } });
    res = await c.post(`${PATH}/${e.id}/response`, { patient_response: 'no_answer' });
    assert.equal(res.body.status, 'contacted');
    res = await c.post(`${PATH}/${e.id}/response`, { patient_response: 'declined', contact_method: 'phone' });
    assert.deepEqual([res.body.status, res.body.patient_response, res.body.contact_method_used], ['waiting', 'declined', 'phone']);
    await c.post(`${PATH}/${e.id}/contact`, { ...contact, contact_method: 'phone' });
    const appt = (await c.post('/appointments', body({ schedule_date: '2026-03-12', start_time: '09:00', end_time: '10:00' }))).body;
    await testPool().query("UPDATE asap_entries SET status = 'contacted' WHERE org_id = $1 AND id = $2", [c.orgId, e.id]);
    res = await c.post(`${PATH}/${e.id}/response`, { patient_response: 'accepted', appointment_uuid: appt.id });
    assert.deepEqual([res.body.status, res.body.appointment], ['scheduled', { id: appt.id, name: null }]);
    res = await c.post(`${PATH}/${e.id}/contact`, contact);
    assert.equal(res.status, 409, 'a scheduled entry is off the list');
    const log = (await c.get(`${PATH}/${e.id}/contact-log`)).body;
    assert.deepEqual(log.map((l: any) => [l.kind, l.patient_response ?? l.contact_method, l.status_before, l.status_after]), [
      ['response', 'accepted', 'contacted', 'scheduled'], ['contact', 'phone', 'waiting', 'contacted'],
      ['response', 'declined', 'contacted', 'waiting'], ['response', 'no_answer', 'contacted', 'contacted'],
      ['contact', 'sms', 'waiting', 'contacted'],
    ]);
  });

  it('an entry past date_range_end reads expired, filters as expired, and refuses contact with 409', async () => {
    const { c, loc, patient } = await makePractice();
    const e = await entry(c, { patient_uuid: patient.id, location_uuid: loc.id, date_range_end: '2026-03-09' });
    assert.equal(e.status, 'expired');
    const stored = await testPool().query('SELECT status FROM asap_entries WHERE id = $1', [e.id]);
    assert.equal(stored.rows[0].status, 'waiting', 'computed at read, not stored');
    assert.equal((await c.get(`${PATH}?status=expired`)).body.total, 1);
    assert.equal((await c.get(`${PATH}?status=waiting,contacted`)).body.total, 0);
    assert.equal((await c.get(`${PATH}?status=bogus`)).status, 422);
    const res = await c.post(`${PATH}/${e.id}/contact`, { contact_method: 'sms', slot_date: '2026-03-12', slot_start_time: '09:00', slot_location_uuid: loc.id });
    assert.equal(res.status, 409);
    assert.equal(res.body.detail[0].ctx.status, 'expired');
    // Extending the range brings it back.
    assert.equal((await c.patch(`${PATH}/${e.id}`, { date_range_end: '2026-03-31' })).body.status, 'waiting');
  });

  it('list filters, sorts by score, urgency and days waiting, pages, and includes cross-location entries by default', async () => {
    const { c, loc, patient, type } = await makePractice();
    const uptown = await makeLocation(c.orgId, { name: 'Uptown' });
    const p2 = (await c.post('/patients', { first_name: 'Bo', last_name: 'Two' })).body;
    const p3 = (await c.post('/patients', { first_name: 'Cy', last_name: 'Three' })).body;
    const a = await entry(c, { patient_uuid: patient.id, location_uuid: loc.id, urgency: 'routine', appointment_type_uuid: type.id });
    const b = await entry(c, { patient_uuid: p2.id, location_uuid: loc.id, urgency: 'urgent', source: 'online' });
    const x = await entry(c, { patient_uuid: p3.id, location_uuid: uptown.id, location_scope: 'any', urgency: 'soon' });
    const h = await entry(c, { patient_uuid: p3.id, location_uuid: uptown.id, appointment_type_uuid: type.id });
    await createdAt(c.orgId, a.id, '2026-01-09T15:00:00Z'); // 60 days → 30 points: routine 10 + 30 = 40
    const ids = (r: any) => r.body.items.map((i: any) => i.id);
    let res = await c.get(`${PATH}?location_uuid=${loc.id}&sort_by=score`);
    assert.deepEqual(ids(res), [b.id, a.id, x.id], 'equal scores: newer first (created_at desc)');
    assert.deepEqual(res.body.items.map((i: any) => i.patient_score), [40, 40, 25]);
    assert.equal(res.body.items[1].days_waiting, 60);
    res = await c.get(`${PATH}?location_uuid=${loc.id}&include_cross_location=false&sort_by=urgency`);
    assert.deepEqual(ids(res), [b.id, a.id]);
    res = await c.get(`${PATH}?sort_by=days_waiting&sort_dir=asc&page_size=2&page=2`);
    assert.deepEqual([res.body.total, res.body.items.length, res.body.page, res.body.page_size], [4, 2, 2, 2]);
    assert.equal(ids(res)[1], a.id);
    assert.deepEqual(ids(await c.get(`${PATH}?source=online`)), [b.id]);
    assert.deepEqual(ids(await c.get(`${PATH}?urgency=soon`)), [x.id]);
    assert.deepEqual(ids(await c.get(`${PATH}?patient_uuid=${p3.id}&appointment_type_uuid=${type.id}`)), [h.id]);
    // Equal created_at (the fixed clock): by id in the same direction.
    assert.deepEqual(ids(await c.get(`${PATH}?location_uuid=${uptown.id}&sort_by=created_at&sort_dir=asc`)), [x.id, h.id].sort());
    assert.equal((await c.get(`${PATH}?page_size=201`)).status, 422);
    assert.equal((await c.get(`${PATH}?sort_by=name`)).status, 422);
  });

  it('bulk-remove removes every named entry in one transaction, counts changes, and removes nothing when one id is unknown', async () => {
    const { c, loc, patient, type } = await makePractice();
    const e1 = await entry(c, { patient_uuid: patient.id, location_uuid: loc.id });
    const e2 = await entry(c, { patient_uuid: patient.id, location_uuid: loc.id, appointment_type_uuid: type.id });
    const before = await tenantFingerprint(c.orgId);
    let res = await c.post(`${PATH}/bulk-remove`, { entry_uuids: [e1.id, MISSING] });
    assert.equal(res.status, 404);
    assert.deepEqual(firstIssue(res).loc, ['body', 'entry_uuids', 1]);
    assert.deepEqual(changedTables(before, await tenantFingerprint(c.orgId)), []);
    res = await c.post(`${PATH}/bulk-remove`, { entry_uuids: Array.from({ length: 501 }, () => e1.id) });
    assert.equal(res.status, 422);
    res = await c.post(`${PATH}/bulk-remove`, { entry_uuids: [e1.id, e2.id, e1.id] });
    assert.deepEqual([res.status, res.body], [200, { removed_count: 2 }]);
    res = await c.post(`${PATH}/bulk-remove`, { entry_uuids: [e1.id] });
    assert.deepEqual(res.body, { removed_count: 0 });
    assert.equal((await c.get(`${PATH}?status=removed`)).body.total, 2);
  });

  it('a viewer may read but not write (403)', async () => {
    const { c, loc, patient } = await makePractice();
    const viewer = c.as((await makeUserToken(c.orgId, 'viewer')).token);
    assert.equal((await viewer.post(PATH, { patient_uuid: patient.id, location_uuid: loc.id })).status, 403);
    assert.equal((await viewer.get(PATH)).status, 200);
  });
});
