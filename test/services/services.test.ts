import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, newOrg, testApp } from '../helpers.ts';
import { makeUserToken } from '../factories.ts';
import { tenantFingerprint } from '../core/tenant-snapshot.ts';
import { bad, makeService, servicePractice } from './service-fixture.ts';

after(closeTestApp);

describe('services CRUD', () => {
  it('POST /services returns 201 with an integer id in the {data} envelope; GET reads it back', async () => {
    const p = await servicePractice(await testApp());
    const res = await p.c.post('/services', {
      name: 'Cleaning', description: 'Teeth cleaning', location_uuid: p.loc.id, duration_minutes: 45, provider_uuids: [p.providers[1]!.id, p.providers[0]!.id],
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const s = res.body.data;
    assert.ok(Number.isInteger(s.id) && s.id > 0);
    assert.deepEqual({ ...s, id: 0, created_at: '', updated_at: '' }, {
      id: 0, name: 'Cleaning', description: 'Teeth cleaning', location_uuid: p.loc.id, appointment_type_uuid: null, duration_minutes: 45,
      provider_uuids: [p.providers[1]!.id, p.providers[0]!.id], is_active: true, version: 1, created_at: '', updated_at: '',
    });
    assert.match(s.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const got = await p.c.get(`/services/${s.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, { data: s });
  });

  it('POST /services with an appointment type takes its length; the type must be active', async () => {
    const p = await servicePractice(await testApp());
    const type = (await p.c.post('/appointment-types', { name: 'Exam', duration_minutes: 30 })).body;
    const s = await makeService(p.c, { location_uuid: p.loc.id, appointment_type_uuid: type.id, duration_minutes: null });
    assert.equal(s.appointment_type_uuid, type.id);
    assert.equal(s.duration_minutes, null);
    assert.equal((await p.c.post(`/appointment-types/${type.id}/archive`, {})).status, 200);
    const archived = bad(await p.c.post('/services', { name: 'Late', location_uuid: p.loc.id, appointment_type_uuid: type.id }));
    assert.deepEqual(archived.loc, ['body', 'appointment_type_uuid']);
  });

  it('POST /services returns 400 for both a type and a duration, for neither, and for a malformed field; nothing is written', async () => {
    const p = await servicePractice(await testApp());
    const type = (await p.c.post('/appointment-types', { name: 'Exam', duration_minutes: 30 })).body;
    const both = bad(await p.c.post('/services', { name: 'X', location_uuid: p.loc.id, appointment_type_uuid: type.id, duration_minutes: 30 }));
    assert.deepEqual(both.loc, ['body', 'duration_minutes']);
    const neither = bad(await p.c.post('/services', { name: 'X', location_uuid: p.loc.id }));
    assert.equal(neither.type, 'missing');
    assert.equal(bad(await p.c.post('/services', { name: 'X', location_uuid: p.loc.id, duration_minutes: 7 })).loc.join('.'), 'body.duration_minutes');
    assert.equal(bad(await p.c.post('/services', { name: 'X', location_uuid: 'nope', duration_minutes: 30 })).type, 'uuid_parsing');
    assert.equal(bad(await p.c.post('/services', { name: 'X', location_uuid: p.loc.id, duration_minutes: 30, extra: 1 })).type, 'extra_forbidden');
    const notJson = await p.c.app.inject({
      method: 'POST', url: `/api/v1/${p.c.orgId}/services`, payload: '{"name":',
      headers: { authorization: `Bearer ${p.c.token}`, 'content-type': 'application/json' },
    });
    assert.equal(notJson.statusCode, 400);
    assert.equal(notJson.json().detail[0].type, 'json_invalid');
    assert.equal((await p.c.get('/services')).body.data.pagination.total_count, 0);
  });

  it('POST /services returns 404 for an unknown location or provider', async () => {
    const p = await servicePractice(await testApp());
    const other = await servicePractice(await testApp());
    const loc = await p.c.post('/services', { name: 'X', location_uuid: other.loc.id, duration_minutes: 30 });
    assert.equal(loc.status, 404);
    assert.deepEqual(firstIssue(loc).loc, ['body', 'location_uuid']);
    const prov = await p.c.post('/services', { name: 'X', location_uuid: p.loc.id, duration_minutes: 30, provider_uuids: [p.providers[0]!.id, other.providers[0]!.id] });
    assert.equal(prov.status, 404);
    assert.deepEqual(firstIssue(prov).loc, ['body', 'provider_uuids', 1]);
  });

  it('GET /services lists with the seed\'s pagination, and everything with no_pagination', async () => {
    const p = await servicePractice(await testApp());
    for (const name of ['C', 'A', 'B']) await makeService(p.c, { name, location_uuid: p.loc.id });
    const page = await p.c.get('/services?page=2&page_size=2');
    assert.equal(page.status, 200);
    assert.deepEqual(page.body.data.services.map((s: { name: string }) => s.name), ['C']);
    assert.deepEqual(page.body.data.pagination, { current_page: 2, total_pages: 2, total_count: 3, page_size: 2 });
    const all = await p.c.get('/services?no_pagination=true&page_size=1');
    assert.deepEqual(all.body.data.services.map((s: { name: string }) => s.name), ['A', 'B', 'C']);
    assert.deepEqual(all.body.data.pagination, { current_page: 1, total_pages: 1, total_count: 3, page_size: 3 });
    assert.equal(bad(await p.c.get('/services?page=0')).loc.join('.'), 'query.page');
  });

  it('PATCH /services/{id} applies changes with base_version, 409 when stale; setting a type clears the duration', async () => {
    const p = await servicePractice(await testApp());
    const s = await makeService(p.c, { location_uuid: p.loc.id, provider_uuids: [p.providers[0]!.id] });
    const res = await p.c.patch(`/services/${s.id}`, { base_version: 1, name: 'Deep cleaning', provider_uuids: [], is_active: false });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual([res.body.data.name, res.body.data.provider_uuids, res.body.data.is_active, res.body.data.version], ['Deep cleaning', [], false, 2]);
    const stale = await p.c.patch(`/services/${s.id}`, { base_version: 1, name: 'Again' });
    assert.equal(stale.status, 409);
    assert.equal(firstIssue(stale).type, 'version_conflict');
    const type = (await p.c.post('/appointment-types', { name: 'Exam', duration_minutes: 30 })).body;
    const typed = await p.c.patch(`/services/${s.id}`, { base_version: 2, appointment_type_uuid: type.id });
    assert.deepEqual([typed.body.data.appointment_type_uuid, typed.body.data.duration_minutes], [type.id, null]);
    bad(await p.c.patch(`/services/${s.id}`, { base_version: 3, appointment_type_uuid: type.id, duration_minutes: 30 }));
    bad(await p.c.patch(`/services/${s.id}`, { base_version: 3, appointment_type_uuid: null }));
    assert.equal((await p.c.get(`/services/${s.id}`)).body.data.version, 3);
  });

  it('DELETE /services/{id} answers {data: "ok"}, then 404', async () => {
    const p = await servicePractice(await testApp());
    const s = await makeService(p.c, { location_uuid: p.loc.id });
    assert.deepEqual((await p.c.delete(`/services/${s.id}`)).body, { data: 'ok' });
    assert.equal((await p.c.get(`/services/${s.id}`)).status, 404);
    assert.equal((await p.c.delete(`/services/${s.id}`)).status, 404);
  });

  it('another organisation\'s service id is 404 on every route, and its service is untouched', async () => {
    const p = await servicePractice(await testApp());
    const s = await makeService(p.c, { location_uuid: p.loc.id });
    const other = await newOrg('Other');
    for (const res of [
      await other.get(`/services/${s.id}`), await other.patch(`/services/${s.id}`, { base_version: 1, name: 'Mine' }),
      await other.delete(`/services/${s.id}`), await other.get(`/services/${s.id}/time-slots`), await other.get(`/services/${s.id}/availability`),
      await other.post(`/services/${s.id}/bookings`, { patient_uuid: p.patient.id, date: '2026-03-16', time: '09:00' }),
    ]) {
      assert.equal(res.status, 404, JSON.stringify(res.body));
      assert.equal(firstIssue(res).type, 'not_found');
    }
    assert.equal((await p.c.get(`/services/${s.id}`)).body.data.version, 1);
  });

  it('a location-limited user sees only services of their locations', async () => {
    const p = await servicePractice(await testApp());
    const s = await makeService(p.c, { location_uuid: p.loc.id });
    const otherLoc = (await p.c.post('/locations', { name: 'Elsewhere', timezone: 'America/Chicago' })).body;
    const { token } = await makeUserToken(p.c.orgId, 'staff', [otherLoc.id]);
    const limited = p.c.as(token);
    assert.equal((await limited.get(`/services/${s.id}`)).status, 404);
    assert.equal((await limited.get('/services')).body.data.pagination.total_count, 0);
    assert.equal((await limited.post('/services', { name: 'X', location_uuid: p.loc.id, duration_minutes: 30 })).status, 404);
  });

  it('a viewer may read the surface, and every write is 403 and changes nothing', async () => {
    const p = await servicePractice(await testApp());
    const s = await makeService(p.c, { location_uuid: p.loc.id });
    const [ts] = (await p.c.patch('/time-slots', { service_id: s.id, time_slots: [{ day_of_week: 0, start_time: '2023-01-01 09:00:00', end_time: '2023-01-01 10:00:00', max_bookings: 1 }] })).body.data;
    const viewer = p.c.as((await makeUserToken(p.c.orgId, 'viewer')).token);
    for (const path of ['/services', `/services/${s.id}`, '/time-slots', `/services/${s.id}/time-slots`]) assert.equal((await viewer.get(path)).status, 200, path);
    const before = await tenantFingerprint(p.c.orgId);
    for (const res of [
      await viewer.post('/services', { name: 'X', location_uuid: p.loc.id, duration_minutes: 30 }),
      await viewer.patch(`/services/${s.id}`, { base_version: 1, name: 'Y' }), await viewer.delete(`/services/${s.id}`),
      await viewer.patch('/time-slots', { service_id: s.id, time_slots: [] }), await viewer.delete(`/time-slots/${ts.id}`),
      await viewer.delete(`/time-slots?service_id=${s.id}&day_of_week=0`),
    ]) {
      assert.equal(res.status, 403);
      assert.equal(firstIssue(res).type, 'forbidden');
    }
    assert.deepEqual(await tenantFingerprint(p.c.orgId), before);
  });

  it('ids in paths are integers: anything else is 400', async () => {
    const c = await newOrg();
    assert.deepEqual(bad(await c.get('/services/abc')).loc, ['path', 'service_id']);
    assert.equal(bad(await c.get('/services/0')).type, 'greater_than_equal');
    assert.deepEqual(bad(await c.delete('/time-slots/1.5')).loc, ['path', 'time_slot_id']);
    assert.deepEqual(bad(await c.get('/services/9007199254740992/time-slots')).loc, ['path', 'service_id']);
  });
});
