import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue } from '../helpers.ts';
import { makeLocation, makeOperatory, makePractice, makeUserToken } from '../factories.ts';

after(closeTestApp);

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';

describe('appointment history', () => {
  it('lists every kind of detail change newest first, each with its changes, the acting user and the time', async () => {
    const { c, body, dentist, hygienist } = await makePractice();
    const code = (await c.post('/procedure-codes', { code: 'D0120', description: 'Periodic oral evaluation', default_fee: 58 })).body;
    const confirmed = (await c.get('/appointments/confirmation-statuses')).body.items.find((d: any) => d.name === 'Confirmed').id;
    const arrived = (await c.get('/schedule/flow-statuses')).body.items[0].id;
    const appt = (await c.post('/appointments', body({ provider_uuid: dentist.id }))).body;
    const proc = (await c.post(`/appointments/${appt.id}/procedures`, { base_version: 1, procedure_code_uuid: code.id })).body;
    await c.delete(`/appointments/${appt.id}/procedures/${proc.id}?base_version=2`);
    await c.put(`/appointments/${appt.id}/providers`, { base_version: 3, providers: [{ provider_uuid: hygienist.id }] });
    await c.patch(`/appointments/${appt.id}/confirmation-status`, { base_version: 4, confirmation_status_uuid: confirmed });
    await c.post(`/appointments/${appt.id}/patient-flow-status`, { flow_status_uuid: arrived });

    const res = await c.get(`/appointments/${appt.id}/history`);
    assert.equal(res.status, 200);
    assert.equal(res.body.total, 6);
    assert.deepEqual(res.body.items.map((h: any) => h.action), [
      'flow_status_set', 'confirmation_changed', 'providers_replaced', 'procedure_removed', 'procedure_added', 'created',
    ]);
    const [flow, confirmation, providers, removed, added] = res.body.items;
    assert.deepEqual(Object.keys(flow).sort(), ['action', 'actor', 'changes', 'created_at', 'id']);
    assert.deepEqual(flow.actor, { id: c.adminUserId, name: 'Ada Admin' });
    assert.match(flow.created_at, /^\d{4}-\d\d-\d\dT/);
    assert.equal(flow.changes.flow_status.new.name, 'Arrived');
    assert.deepEqual(confirmation.changes.confirmation_status.new, { id: confirmed, name: 'Confirmed' });
    assert.deepEqual(providers.changes.providers.new.map((p: any) => p.provider_id), [hygienist.id]);
    assert.deepEqual(providers.changes.providers.old.map((p: any) => p.provider_id), [dentist.id]);
    assert.equal(removed.changes.procedure.old.procedure_code, 'D0120');
    assert.equal(added.changes.procedure.new.fee, '58.00');

    const page = await c.get(`/appointments/${appt.id}/history?page=2&page_size=4`);
    assert.deepEqual(page.body.items.map((h: any) => h.action), ['procedure_added', 'created']);
    assert.deepEqual([page.body.page, page.body.page_size, page.body.total], [2, 4, 6]);
    assert.equal((await c.get(`/appointments/${appt.id}/history?page_size=201`)).status, 422);
  });

  it('survives a hard delete: the deleted appointment\'s trail ends with deleted and stays readable to callers not limited to locations', async () => {
    const { c, body, loc } = await makePractice();
    const appt = (await c.post('/appointments', body())).body;
    assert.equal((await c.delete(`/appointments/${appt.id}`)).status, 204);
    assert.equal((await c.get(`/appointments/${appt.id}`)).status, 404);
    const res = await c.get(`/appointments/${appt.id}/history`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.items.map((h: any) => h.action), ['deleted', 'created']);
    const limited = c.as((await makeUserToken(c.orgId, 'staff', [loc.id])).token);
    const hidden = await limited.get(`/appointments/${appt.id}/history`);
    assert.equal(hidden.status, 404, 'the deleted appointment\'s location is no longer known');
    assert.deepEqual(firstIssue(hidden).loc, ['path', 'appointment_uuid']);
  });

  it('returns 404 for an id without history and for an appointment at a location the caller cannot see', async () => {
    const { c, body } = await makePractice();
    assert.equal((await c.get(`/appointments/${MISSING}/history`)).status, 404);
    const other = await makePractice();
    const theirs = (await other.c.post('/appointments', other.body())).body;
    assert.equal((await c.get(`/appointments/${theirs.id}/history`)).status, 404, 'another organisation\'s appointment');
    const appt = (await c.post('/appointments', body())).body;
    const uptown = await makeLocation(c.orgId, { name: 'Uptown' });
    const op = await makeOperatory(c.orgId, uptown.id);
    const limited = c.as((await makeUserToken(c.orgId, 'staff', [uptown.id])).token);
    assert.equal((await limited.get(`/appointments/${appt.id}/history`)).status, 404);
    const mine = (await c.post('/appointments', body({ location_uuid: uptown.id, operatory_uuid: op.id }))).body;
    assert.equal((await limited.get(`/appointments/${mine.id}/history`)).status, 200);
    const viewer = c.as((await makeUserToken(c.orgId, 'viewer')).token);
    assert.equal((await viewer.get(`/appointments/${appt.id}/history`)).body.total, 1);
  });
});
