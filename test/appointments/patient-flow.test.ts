import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../src/core/http/app.ts';
import type { Api } from '../../src/core/http/deps.ts';
import { Client, closeTestApp, FIXED_NOW, firstIssue, testPool } from '../helpers.ts';
import { makeLocation, makePractice, makeUserToken } from '../factories.ts';

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';

// A second app on the same database whose clock the tests move, so events get distinct instants.
let now = new Date('2026-03-10T14:00:00Z');
let clockApp: Api | undefined;
async function atClock(c: Client): Promise<Client> {
  clockApp ??= await buildApp({ db: testPool(), clock: () => now });
  return new Client(clockApp, c.orgId, c.token);
}
after(async () => {
  await clockApp?.close();
  await closeTestApp();
});

async function setup() {
  const p = await makePractice();
  const flow = Object.fromEntries(((await p.c.get('/schedule/flow-statuses')).body.items as { id: string; name: string }[]).map((s) => [s.name, s.id]));
  const appt = (await p.c.post('/appointments', p.body())).body;
  return { ...p, flow, appt };
}

describe('set patient flow status', () => {
  it('returns 201 with the event, makes it the appointment\'s flow status, bumps the version and writes flow_status_set', async () => {
    const { c, flow, appt } = await setup();
    const res = await c.post(`/appointments/${appt.id}/patient-flow-status`, { flow_status_uuid: flow.Arrived, change_note: 'At the desk' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual(Object.keys(res.body).sort(), ['change_note', 'changed_at', 'changed_by', 'flow_status', 'id']);
    assert.deepEqual(res.body.flow_status, { id: flow.Arrived, name: 'Arrived' });
    assert.equal(res.body.changed_at, FIXED_NOW.toISOString(), 'the injected clock');
    assert.equal(res.body.changed_by, 'Ada Admin');
    assert.equal(res.body.change_note, 'At the desk');
    const a = (await c.get(`/appointments/${appt.id}`)).body;
    assert.deepEqual(a.flow_status, { id: flow.Arrived, name: 'Arrived' });
    assert.equal(a.version, 2);
    const h = (await testPool().query('SELECT action, changes, actor_user_id FROM appointment_history WHERE appointment_id = $1 ORDER BY created_at DESC LIMIT 1', [appt.id])).rows[0];
    assert.equal(h.action, 'flow_status_set');
    assert.deepEqual(h.changes.flow_status, { old: null, new: { id: flow.Arrived, name: 'Arrived' } });
    assert.equal(h.changes.event_id, res.body.id);
    assert.equal(h.actor_user_id, c.adminUserId);
  });

  it('works for a complete appointment and returns 422 naming the status for any other', async () => {
    const { c, flow, body, patient, loc } = await setup();
    const done = (await c.post('/appointments', body({ start_time: '13:00', end_time: '14:00' }))).body;
    assert.equal((await c.post(`/appointments/${done.id}/transition`, { base_version: 1, status: 'complete' })).status, 200);
    assert.equal((await c.post(`/appointments/${done.id}/patient-flow-status`, { flow_status_uuid: flow['Checked Out'] })).status, 201);
    const waiting = (await c.post('/appointments', { patient_uuid: patient.id, location_uuid: loc.id })).body;
    const res = await c.post(`/appointments/${waiting.id}/patient-flow-status`, { flow_status_uuid: flow.Arrived });
    assert.equal(res.status, 422);
    assert.equal(firstIssue(res).type, 'value_error');
    assert.match(firstIssue(res).msg, /unscheduled/);
    assert.equal((await c.get(`/appointments/${waiting.id}/patient-flow-events`)).body.total, 0, 'no event was written');
    assert.equal((await c.get(`/appointments/${waiting.id}`)).body.version, 1);
  });

  it('returns 404 for an unknown appointment or flow status and 422 for an inactive flow status', async () => {
    const { c, flow, appt } = await setup();
    assert.equal((await c.post(`/appointments/${MISSING}/patient-flow-status`, { flow_status_uuid: flow.Arrived })).status, 404);
    const unknown = await c.post(`/appointments/${appt.id}/patient-flow-status`, { flow_status_uuid: MISSING });
    assert.equal(unknown.status, 404);
    assert.deepEqual(firstIssue(unknown).loc, ['body', 'flow_status_uuid']);
    await c.patch(`/schedule/flow-statuses/${flow.Seated}`, { base_version: 1, is_active: false });
    const inactive = await c.post(`/appointments/${appt.id}/patient-flow-status`, { flow_status_uuid: flow.Seated });
    assert.equal(inactive.status, 422);
    assert.deepEqual(firstIssue(inactive).loc, ['body', 'flow_status_uuid']);
    assert.equal((await c.get(`/appointments/${appt.id}`)).body.flow_status, null);
    const viewer = c.as((await makeUserToken(c.orgId, 'viewer')).token);
    assert.equal((await viewer.post(`/appointments/${appt.id}/patient-flow-status`, { flow_status_uuid: flow.Arrived })).status, 403);
  });
});

describe('patient flow events and stats', () => {
  it('events are a chronological page; stats give segments with durations and totals per status up to now', async () => {
    const { c: admin, flow, appt } = await setup();
    const c = await atClock(admin);
    const set = async (at: string, id: string) => {
      now = new Date(at);
      assert.equal((await c.post(`/appointments/${appt.id}/patient-flow-status`, { flow_status_uuid: id })).status, 201);
    };
    await set('2026-03-10T14:00:00Z', flow.Arrived!);
    await set('2026-03-10T14:10:00Z', flow.Seated!);
    await set('2026-03-10T14:40:00Z', flow.Arrived!);
    await set('2026-03-10T14:45:00Z', flow['In Chair']!);
    now = new Date('2026-03-10T15:05:30Z');

    const events = await c.get(`/appointments/${appt.id}/patient-flow-events?page_size=3`);
    assert.equal(events.status, 200);
    assert.equal(events.body.total, 4);
    assert.deepEqual(events.body.items.map((e: any) => [e.flow_status.name, e.changed_at]), [
      ['Arrived', '2026-03-10T14:00:00.000Z'], ['Seated', '2026-03-10T14:10:00.000Z'], ['Arrived', '2026-03-10T14:40:00.000Z'],
    ]);
    assert.equal((await c.get(`/appointments/${appt.id}/patient-flow-events?page=2&page_size=3`)).body.items[0].flow_status.name, 'In Chair');

    const stats = await c.get(`/appointments/${appt.id}/patient-flow-stats`);
    assert.equal(stats.status, 200);
    assert.equal(stats.body.appointment_uuid, appt.id);
    assert.deepEqual(stats.body.current_flow_status, { id: flow['In Chair'], name: 'In Chair' });
    assert.deepEqual(stats.body.segments.map((s: any) => [s.flow_status.name, s.started_at, s.ended_at, s.duration_seconds]), [
      ['Arrived', '2026-03-10T14:00:00.000Z', '2026-03-10T14:10:00.000Z', 600],
      ['Seated', '2026-03-10T14:10:00.000Z', '2026-03-10T14:40:00.000Z', 1800],
      ['Arrived', '2026-03-10T14:40:00.000Z', '2026-03-10T14:45:00.000Z', 300],
      ['In Chair', '2026-03-10T14:45:00.000Z', null, 1230],
    ]);
    assert.deepEqual(stats.body.totals.map((t: any) => [t.flow_status.name, t.duration_seconds]), [['Arrived', 900], ['Seated', 1800], ['In Chair', 1230]]);

    const closed = (await c.get(`/appointments/${appt.id}/patient-flow-stats?include_open=false`)).body;
    assert.equal(closed.segments.at(-1).duration_seconds, null);
    assert.deepEqual(closed.totals.map((t: any) => [t.flow_status.name, t.duration_seconds]), [['Arrived', 900], ['Seated', 1800]]);
  });

  it('events written at the same instant keep the order they were set in', async () => {
    const { c, flow, appt } = await setup();
    for (const name of ['Arrived', 'Seated', 'In Chair']) await c.post(`/appointments/${appt.id}/patient-flow-status`, { flow_status_uuid: flow[name] });
    const events = (await c.get(`/appointments/${appt.id}/patient-flow-events`)).body.items;
    assert.deepEqual(events.map((e: any) => e.flow_status.name), ['Arrived', 'Seated', 'In Chair']);
    const stats = (await c.get(`/appointments/${appt.id}/patient-flow-stats`)).body;
    assert.equal(stats.segments.at(-1).flow_status.name, stats.current_flow_status.name);
  });

  it('an appointment without events has empty stats and no current status', async () => {
    const { c, appt } = await setup();
    const stats = await c.get(`/appointments/${appt.id}/patient-flow-stats`);
    assert.deepEqual(stats.body, { appointment_uuid: appt.id, current_flow_status: null, segments: [], totals: [] });
    assert.deepEqual((await c.get(`/appointments/${appt.id}/patient-flow-events`)).body, { items: [], page: 1, page_size: 50, total: 0 });
  });

  it('events and stats return 404 for an unknown appointment and for one at a location the caller cannot see', async () => {
    const { c, appt } = await setup();
    const uptown = await makeLocation(c.orgId, { name: 'Uptown' });
    const limited = c.as((await makeUserToken(c.orgId, 'staff', [uptown.id])).token);
    for (const path of ['patient-flow-events', 'patient-flow-stats']) {
      assert.equal((await c.get(`/appointments/${MISSING}/${path}`)).status, 404, path);
      assert.equal((await limited.get(`/appointments/${appt.id}/${path}`)).status, 404, path);
    }
  });
});
