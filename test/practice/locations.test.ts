import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, newOrg } from '../helpers.ts';
import { makeLocation, makeUserToken } from '../factories.ts';

after(closeTestApp);

describe('locations', () => {
  it('create returns 201 with the canonical zone, version 1 and UTC timestamps', async () => {
    const c = await newOrg();
    const res = await c.post('/locations', { name: 'Downtown', timezone: 'america/new_york', phone: '555-0100' });
    assert.equal(res.status, 201);
    assert.equal(res.body.timezone, 'America/New_York');
    assert.equal(res.body.version, 1);
    assert.equal(res.body.is_active, true);
    assert.equal(res.body.address, null);
    assert.match(res.body.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const got = await c.get(`/locations/${res.body.id}`);
    assert.deepEqual(got.body, res.body);
  });

  it('create returns 422 unknown_timezone for a zone that does not exist, and writes nothing', async () => {
    const c = await newOrg();
    const res = await c.post('/locations', { name: 'Nowhere', timezone: 'Mars/Olympus_Mons' });
    assert.equal(res.status, 422);
    assert.deepEqual(firstIssue(res).loc, ['body', 'timezone']);
    assert.equal(firstIssue(res).type, 'unknown_timezone');
    assert.equal((await c.get('/locations')).body.total, 0);
  });

  it('create returns 422 for unknown fields and server-owned fields', async () => {
    const c = await newOrg();
    for (const extra of [{ id: '00000000-0000-0000-0000-000000000000' }, { version: 7 }, { org_id: c.orgId }, { colour: 'red' }]) {
      const res = await c.post('/locations', { name: 'X', timezone: 'Europe/Berlin', ...extra });
      assert.equal(res.status, 422, JSON.stringify(extra));
      assert.equal(firstIssue(res).type, 'extra_forbidden');
      assert.deepEqual(firstIssue(res).loc, ['body', Object.keys(extra)[0]]);
    }
  });

  it('create returns 422 missing / wrong type without coercing', async () => {
    const c = await newOrg();
    const missing = await c.post('/locations', { timezone: 'Europe/Berlin' });
    assert.equal(missing.status, 422);
    assert.deepEqual(firstIssue(missing), { loc: ['body', 'name'], msg: 'Field required', type: 'missing' });
    const wrong = await c.post('/locations', { name: 'X', timezone: 'Europe/Berlin', is_active: 'true' });
    assert.equal(wrong.status, 422);
    assert.equal(firstIssue(wrong).type, 'bool_type');
  });

  it('list paginates with total and filters by is_active and q', async () => {
    const c = await newOrg();
    for (const name of ['Alpha', 'Bravo', 'Charlie']) await c.post('/locations', { name, timezone: 'Europe/Berlin' });
    await c.post('/locations', { name: 'Delta', timezone: 'Europe/Berlin', is_active: false });
    const p2 = await c.get('/locations?page=2&page_size=2');
    assert.equal(p2.status, 200);
    assert.deepEqual(p2.body.items.map((l: any) => l.name), ['Charlie', 'Delta']);
    assert.equal(p2.body.total, 4);
    assert.equal(p2.body.page, 2);
    assert.equal(p2.body.page_size, 2);
    assert.equal((await c.get('/locations?is_active=false')).body.total, 1);
    assert.deepEqual((await c.get('/locations?q=rav')).body.items.map((l: any) => l.name), ['Bravo']);
  });

  it('list returns 422 for page_size 0 or 201 and page 0', async () => {
    const c = await newOrg();
    for (const qs of ['page_size=0', 'page_size=201', 'page=0', 'page=abc']) {
      const res = await c.get(`/locations?${qs}`);
      assert.equal(res.status, 422, qs);
      assert.equal(firstIssue(res).loc[0], 'query');
    }
  });

  it('get returns 404 for an unknown id and 422 for a malformed one', async () => {
    const c = await newOrg();
    const missing = await c.get('/locations/3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11');
    assert.equal(missing.status, 404);
    assert.equal(firstIssue(missing).type, 'not_found');
    const bad = await c.get('/locations/not-a-uuid');
    assert.equal(bad.status, 422);
    assert.equal(firstIssue(bad).type, 'uuid_parsing');
  });

  it('patch with the current base_version bumps version; a stale one returns 409 naming the current version', async () => {
    const c = await newOrg();
    const loc = (await c.post('/locations', { name: 'Old', timezone: 'Europe/Berlin' })).body;
    const ok = await c.patch(`/locations/${loc.id}`, { base_version: 1, name: 'New', address: '1 Main St' });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.version, 2);
    assert.equal(ok.body.name, 'New');
    assert.equal(ok.body.timezone, 'Europe/Berlin');
    const stale = await c.patch(`/locations/${loc.id}`, { base_version: 1, name: 'Lost update' });
    assert.equal(stale.status, 409);
    assert.equal(firstIssue(stale).type, 'version_conflict');
    assert.match(firstIssue(stale).msg, /current version is 2/);
    assert.equal((await c.get(`/locations/${loc.id}`)).body.name, 'New');
  });

  it('patch returns 422 for an unknown zone and changes nothing', async () => {
    const c = await newOrg();
    const loc = (await c.post('/locations', { name: 'A', timezone: 'Europe/Berlin' })).body;
    const res = await c.patch(`/locations/${loc.id}`, { base_version: 1, timezone: 'Europe/Atlantis' });
    assert.equal(res.status, 422);
    assert.equal((await c.get(`/locations/${loc.id}`)).body.version, 1);
  });

  it('patch without base_version returns 422 and to an unknown id 404', async () => {
    const c = await newOrg();
    const loc = (await c.post('/locations', { name: 'A', timezone: 'Europe/Berlin' })).body;
    assert.equal((await c.patch(`/locations/${loc.id}`, { name: 'B' })).status, 422);
    assert.equal((await c.patch('/locations/3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11', { base_version: 1 })).status, 404);
  });

  it('delete removes an unreferenced location (204, then 404)', async () => {
    const c = await newOrg();
    const loc = (await c.post('/locations', { name: 'Temp', timezone: 'Europe/Berlin' })).body;
    const res = await c.delete(`/locations/${loc.id}`);
    assert.equal(res.status, 204);
    assert.equal((await c.get(`/locations/${loc.id}`)).status, 404);
    assert.equal((await c.delete(`/locations/${loc.id}`)).status, 404);
  });

  it('delete archives a location still referenced by a user and keeps it readable', async () => {
    const c = await newOrg();
    const loc = await makeLocation(c.orgId);
    await makeUserToken(c.orgId, 'staff', [loc.id]);
    assert.equal((await c.delete(`/locations/${loc.id}`)).status, 204);
    const got = await c.get(`/locations/${loc.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.is_active, false);
    assert.equal(got.body.version, 2);
  });

  it('a location-limited user sees only their locations and may not create or delete locations', async () => {
    const c = await newOrg();
    const mine = await makeLocation(c.orgId, { name: 'Mine' });
    const other = await makeLocation(c.orgId, { name: 'Other' });
    const { token } = await makeUserToken(c.orgId, 'staff', [mine.id]);
    const limited = c.as(token);
    assert.deepEqual((await limited.get('/locations')).body.items.map((l: any) => l.id), [mine.id]);
    assert.equal((await limited.get(`/locations/${other.id}`)).status, 404);
    assert.equal((await limited.patch(`/locations/${other.id}`, { base_version: 1, name: 'Hijacked' })).status, 404);
    assert.equal((await c.get(`/locations/${other.id}`)).body.name, 'Other');
    assert.equal((await limited.patch(`/locations/${mine.id}`, { base_version: 1, phone: '555' })).status, 200);
    assert.equal((await limited.post('/locations', { name: 'New', timezone: 'Europe/Berlin' })).status, 403);
    assert.equal((await limited.delete(`/locations/${mine.id}`)).status, 403);
  });

  it('a viewer may read but every write returns 403 and changes nothing', async () => {
    const c = await newOrg();
    const loc = await makeLocation(c.orgId);
    const viewer = c.as((await makeUserToken(c.orgId, 'viewer')).token);
    assert.equal((await viewer.get(`/locations/${loc.id}`)).status, 200);
    const res = await viewer.post('/locations', { name: 'X', timezone: 'Europe/Berlin' });
    assert.equal(res.status, 403);
    assert.equal(firstIssue(res).type, 'forbidden');
    assert.equal((await viewer.patch(`/locations/${loc.id}`, { base_version: 1, name: 'Y' })).status, 403);
    assert.equal((await viewer.delete(`/locations/${loc.id}`)).status, 403);
    assert.equal((await c.get(`/locations/${loc.id}`)).body.version, 1);
  });
});

describe('locations: open_hours and default_appointment_type_uuid', () => {
  const range = (day_of_week: number, start_time: string, end_time: string) => ({ day_of_week, start_time, end_time });

  it('create and get round-trip open_hours ordered by weekday then start, HH:MM:SS, HH:MM accepted, touching ranges allowed (201)', async () => {
    const c = await newOrg();
    const res = await c.post('/locations', {
      name: 'Hours', timezone: 'Europe/Berlin',
      open_hours: [range(4, '13:00', '17:00'), range(0, '13:00', '17:30:00'), range(0, '08:00', '13:00'), range(6, '09:15:30', '10:00')],
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const expected = [range(0, '08:00:00', '13:00:00'), range(0, '13:00:00', '17:30:00'), range(4, '13:00:00', '17:00:00'), range(6, '09:15:30', '10:00:00')];
    assert.deepEqual(res.body.open_hours, expected);
    assert.equal(res.body.default_appointment_type_uuid, null);
    assert.deepEqual((await c.get(`/locations/${res.body.id}`)).body.open_hours, expected);
    const plain = await c.post('/locations', { name: 'Plain', timezone: 'Europe/Berlin' });
    assert.equal(plain.body.open_hours, null);
    const closed = await c.post('/locations', { name: 'Closed', timezone: 'Europe/Berlin', open_hours: [] });
    assert.deepEqual(closed.body.open_hours, []);
  });

  it('refuses two overlapping ranges of one weekday with 422 at ["body", "open_hours", i, …] and writes nothing', async () => {
    const c = await newOrg();
    const res = await c.post('/locations', {
      name: 'Overlap', timezone: 'Europe/Berlin',
      open_hours: [range(0, '08:00', '12:00'), range(1, '11:00', '13:00'), range(0, '11:59', '13:00')],
    });
    assert.equal(res.status, 422);
    assert.deepEqual(firstIssue(res).loc, ['body', 'open_hours', 2, 'start_time']);
    assert.match(firstIssue(res).msg, /open_hours\[0\]/);
    assert.equal((await c.get('/locations')).body.total, 0);
    const loc = (await c.post('/locations', { name: 'A', timezone: 'Europe/Berlin', open_hours: [range(2, '08:00', '12:00')] })).body;
    const patch = await c.patch(`/locations/${loc.id}`, { base_version: 1, open_hours: [range(3, '08:00', '12:00'), range(3, '07:00', '09:00')] });
    assert.equal(patch.status, 422);
    assert.deepEqual(firstIssue(patch).loc, ['body', 'open_hours', 1, 'start_time']);
    const got = (await c.get(`/locations/${loc.id}`)).body;
    assert.deepEqual([got.version, got.open_hours], [1, [range(2, '08:00:00', '12:00:00')]]);
  });

  it('refuses a range whose end is not after its start with 422 at its end_time', async () => {
    const c = await newOrg();
    for (const [start, end] of [['12:00', '12:00'], ['12:00', '11:00'], ['12:00:01', '12:00']]) {
      const res = await c.post('/locations', { name: 'Backwards', timezone: 'Europe/Berlin', open_hours: [range(0, '08:00', '10:00'), range(1, start!, end!)] });
      assert.equal(res.status, 422, `${start}–${end}`);
      assert.deepEqual(firstIssue(res).loc, ['body', 'open_hours', 1, 'end_time']);
    }
    assert.equal((await c.get('/locations')).body.total, 0);
  });

  it('refuses day_of_week outside 0–6 and malformed times with 422 at the field', async () => {
    const c = await newOrg();
    const cases: [Record<string, unknown>, string][] = [
      [range(7, '08:00', '12:00'), 'day_of_week'], [range(-1, '08:00', '12:00'), 'day_of_week'],
      [{ day_of_week: 1.5, start_time: '08:00', end_time: '12:00' }, 'day_of_week'],
      [range(0, '24:00', '12:00'), 'start_time'], [range(0, '08:00', '8pm'), 'end_time'],
    ];
    for (const [bad, field] of cases) {
      const res = await c.post('/locations', { name: 'Bad', timezone: 'Europe/Berlin', open_hours: [bad] });
      assert.equal(res.status, 422, JSON.stringify(bad));
      assert.deepEqual(firstIssue(res).loc, ['body', 'open_hours', 0, field], JSON.stringify(bad));
    }
    const extra = await c.post('/locations', { name: 'Bad', timezone: 'Europe/Berlin', open_hours: [{ ...range(0, '08:00', '12:00'), note: 'x' }] });
    assert.equal(extra.status, 422);
    assert.equal(firstIssue(extra).type, 'extra_forbidden');
    assert.equal((await c.get('/locations')).body.total, 0);
  });

  it('patch with open_hours null removes the limit, and a new list replaces the old (200)', async () => {
    const c = await newOrg();
    const loc = (await c.post('/locations', { name: 'A', timezone: 'Europe/Berlin', open_hours: [range(0, '08:00', '12:00')] })).body;
    const replaced = await c.patch(`/locations/${loc.id}`, { base_version: 1, open_hours: [range(5, '10:00', '14:00')] });
    assert.equal(replaced.status, 200);
    assert.deepEqual(replaced.body.open_hours, [range(5, '10:00:00', '14:00:00')]);
    const kept = await c.patch(`/locations/${loc.id}`, { base_version: 2, name: 'B' });
    assert.deepEqual(kept.body.open_hours, [range(5, '10:00:00', '14:00:00')]);
    const cleared = await c.patch(`/locations/${loc.id}`, { base_version: 3, open_hours: null });
    assert.equal(cleared.status, 200);
    assert.equal(cleared.body.open_hours, null);
    assert.equal(cleared.body.version, 4);
    assert.equal((await c.get(`/locations/${loc.id}`)).body.open_hours, null);
  });

  it('default_appointment_type_uuid: unknown → 404, archived or offered only elsewhere → 422, valid → returned, null clears', async () => {
    const c = await newOrg();
    const loc = (await c.post('/locations', { name: 'A', timezone: 'Europe/Berlin' })).body;
    const other = (await c.post('/locations', { name: 'B', timezone: 'Europe/Berlin' })).body;
    const exam = (await c.post('/appointment-types', { name: 'Exam', duration_minutes: 30 })).body;
    const old = (await c.post('/appointment-types', { name: 'Old', duration_minutes: 30 })).body;
    assert.equal((await c.post(`/appointment-types/${old.id}/archive`)).status, 200);
    const elsewhere = (await c.post('/appointment-types', { name: 'Elsewhere', duration_minutes: 30, location_uuids: [other.id] })).body;
    const foreign = (await (await newOrg()).post('/appointment-types', { name: 'Foreign', duration_minutes: 30 })).body;

    for (const [id, status] of [['3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11', 404], [foreign.id, 404], [old.id, 422], [elsewhere.id, 422]] as const) {
      const res = await c.patch(`/locations/${loc.id}`, { base_version: 1, default_appointment_type_uuid: id });
      assert.equal(res.status, status, id);
      assert.deepEqual(firstIssue(res).loc, ['body', 'default_appointment_type_uuid']);
      const created = await c.post('/locations', { name: 'C', timezone: 'Europe/Berlin', default_appointment_type_uuid: id });
      assert.equal(created.status, status, `create ${id}`);
    }
    const bad = await c.patch(`/locations/${loc.id}`, { base_version: 1, default_appointment_type_uuid: 'not-a-uuid' });
    assert.equal(bad.status, 422);
    assert.deepEqual(firstIssue(bad).loc, ['body', 'default_appointment_type_uuid']);
    assert.equal((await c.get(`/locations/${loc.id}`)).body.version, 1);
    assert.equal((await c.get('/locations')).body.total, 2);

    const set = await c.patch(`/locations/${loc.id}`, { base_version: 1, default_appointment_type_uuid: exam.id });
    assert.equal(set.status, 200);
    assert.equal(set.body.default_appointment_type_uuid, exam.id);
    assert.equal((await c.get(`/locations/${loc.id}`)).body.default_appointment_type_uuid, exam.id);
    // A type offered at this location is a valid default there.
    const here = await c.patch(`/locations/${other.id}`, { base_version: 1, default_appointment_type_uuid: elsewhere.id });
    assert.equal(here.status, 200);
    assert.equal(here.body.default_appointment_type_uuid, elsewhere.id);
    const created = await c.post('/locations', { name: 'D', timezone: 'Europe/Berlin', default_appointment_type_uuid: exam.id });
    assert.equal(created.status, 201);
    assert.equal(created.body.default_appointment_type_uuid, exam.id);
    const cleared = await c.patch(`/locations/${loc.id}`, { base_version: 2, default_appointment_type_uuid: null });
    assert.equal(cleared.status, 200);
    assert.equal(cleared.body.default_appointment_type_uuid, null);
  });
});
