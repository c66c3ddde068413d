// Webhook events of blockouts, patient recalls and the ASAP list (issue 16): each change writes its events to the
// outbox in its own transaction (a refused or rolled-back change writes none), payloads carry ids, dates, status
// and version but never a patient's name, phone or a note, and an endpoint gets only the types it subscribed to.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { onAppointmentChange } from '../../src/appointments/index.ts';
import { closeTestApp, firstIssue, testPool, type Client } from '../helpers.ts';
import { makeBlockoutType, makePractice } from '../factories.ts';

after(closeTestApp);

const BLOCKOUT_EVENTS = ['blockout.created', 'blockout.updated', 'blockout.deleted'];
const RECALL_EVENTS = ['recall.created', 'recall.updated'];
const ENTRY_EVENTS = ['asap_entry.created', 'asap_entry.updated'];
const APPOINTMENT_EVENTS = ['appointment.created', 'appointment.updated', 'appointment.moved', 'appointment.status_changed', 'appointment.deleted'];

interface Event { type: string; data: any }

async function endpoint(c: Client, events: string[]): Promise<string> {
  const res = await c.post('/webhooks', { url: 'https://hooks.example.test/chairtime', events });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

/**
 * The events queued for endpoint `id` since the previous call, by type, action and record id (one
 * transaction's events share their time, so the log's order among them means nothing). No worker runs in
 * tests: every delivery stays in the log.
 */
function tap(c: Client, id: string): () => Promise<Event[]> {
  const seen = new Set<string>();
  const key = (e: Event) => `${e.type} ${e.data.action} ${JSON.stringify(e.data).slice(0, 200)}`;
  return async () => {
    const res = await c.get(`/webhooks/${id}/deliveries?page_size=200`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const fresh = res.body.items.filter((d: { event: { id: string } }) => !seen.has(d.event.id));
    for (const d of fresh) seen.add(d.event.id);
    return fresh.map((d: { event: Event }) => ({ type: d.event.type, data: d.event.data })).sort((a: Event, b: Event) => key(a).localeCompare(key(b)));
  };
}

const actions = (events: Event[]) => events.map((e) => [e.type, e.data.action]);

/** Fails when any of `secrets` (names, phone numbers, notes) appears anywhere in the events. */
function assertNoPatientData(events: Event[], secrets: string[]): void {
  const text = JSON.stringify(events);
  for (const s of secrets) assert.equal(text.includes(s), false, `an event carries ${JSON.stringify(s)}`);
}

async function outboxCount(orgId: string): Promise<number> {
  return (await testPool().query('SELECT count(*)::int AS n FROM webhook_events WHERE org_id = $1', [orgId])).rows[0].n;
}

describe('webhook events: the endpoint\'s list of event types', () => {
  it('an endpoint may subscribe to blockout, recall and ASAP entry events; types that do not exist → 422', async () => {
    const { c } = await makePractice();
    const all = [...APPOINTMENT_EVENTS, ...BLOCKOUT_EVENTS, ...RECALL_EVENTS, ...ENTRY_EVENTS];
    const res = await c.post('/webhooks', { url: 'https://hooks.example.test/all', events: all });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual(res.body.events, all);
    for (const missing of ['recall.deleted', 'asap_entry.deleted', 'blockout.moved']) {
      const refused = await c.post('/webhooks', { url: 'https://hooks.example.test/x', events: [missing] });
      assert.equal(refused.status, 422, missing);
      assert.deepEqual(firstIssue(refused).loc, ['body', 'events', 0]);
    }
  });
});

describe('webhook events: blockouts', () => {
  it('create, change, copy, repeat, template apply and delete record one event per blockout each, without the note', async () => {
    const p = await makePractice();
    const c = p.c;
    const lunch = await makeBlockoutType(c.orgId);
    const next = tap(c, await endpoint(c, BLOCKOUT_EVENTS));
    const note = 'Lunch with Ann Smith';

    // Create for two chairs: two blockouts, one group. 12:00 EDT on 2026-06-01 (a Monday) is 16:00 UTC.
    const made = await c.post('/blockouts/instances', {
      blockout_type_uuid: lunch.id, location_uuid: p.loc.id, schedule_date: '2026-06-01', start_time: '12:00', end_time: '13:00',
      operatory_uuids: [p.ops[0]!.id, p.ops[1]!.id], note,
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const [b1, b2] = made.body.items;
    let events = await next();
    assert.deepEqual(actions(events), [['blockout.created', 'created'], ['blockout.created', 'created']]);
    assert.deepEqual(events.find((e) => e.data.blockout.id === b1.id)!.data.blockout, {
      id: b1.id, location_id: p.loc.id, operatory_id: p.ops[0]!.id, blockout_type_id: lunch.id, group_id: b1.blockout_group_uuid,
      schedule_date: '2026-06-01', start_time: '12:00:00', end_time: '13:00:00', start_at: '2026-06-01T16:00:00.000Z',
      end_at: '2026-06-01T17:00:00.000Z', status: 'active', version: 1,
    });
    const all = [...events];

    // A change for the whole group: one event per blockout changed, as it is after the change.
    const changed = await c.patch(`/blockouts/instances/${b1.id}`, { base_version: 1, end_time: '13:30', apply_to_group: true });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    events = await next();
    assert.deepEqual(actions(events), [['blockout.updated', 'updated'], ['blockout.updated', 'updated']]);
    assert.deepEqual(events.map((e) => [e.data.blockout.end_time, e.data.blockout.end_at, e.data.blockout.version]),
      [['13:30:00', '2026-06-01T17:30:00.000Z', 2], ['13:30:00', '2026-06-01T17:30:00.000Z', 2]]);
    assert.deepEqual(new Set(events.map((e) => e.data.blockout.id)), new Set([b1.id, b2.id]));
    all.push(...events);

    // A copy: one created event per copy.
    const copied = await c.post('/blockouts/instances/copy-day', { location_uuid: p.loc.id, source_date: '2026-06-01', target_date: '2026-06-02' });
    assert.deepEqual(copied.body, { count: 2, warnings: [] });
    events = await next();
    assert.deepEqual(actions(events), [['blockout.created', 'copied'], ['blockout.created', 'copied']]);
    assert.deepEqual(events.map((e) => e.data.blockout.schedule_date), ['2026-06-02', '2026-06-02']);
    all.push(...events);

    // A repeat: the copies, and the location-wide source it put in a new recurrence group.
    const wide = (await c.post('/blockouts/instances', {
      blockout_type_uuid: lunch.id, location_uuid: p.loc.id, schedule_date: '2026-06-15', start_time: '08:00', end_time: '09:00', note,
    })).body.items[0];
    await next();
    const repeated = await c.post('/blockouts/instances/repeat-weeks', { location_uuid: p.loc.id, source_week_start: '2026-06-15', num_weeks: 1 });
    assert.deepEqual(repeated.body, { count: 1, warnings: [] });
    events = await next();
    assert.deepEqual(actions(events), [['blockout.created', 'copied'], ['blockout.updated', 'grouped']]);
    const [copy, grouped] = events;
    assert.deepEqual([grouped!.data.blockout.id, grouped!.data.blockout.version, copy!.data.blockout.schedule_date],
      [wide.id, 2, '2026-06-22']);
    assert.ok(grouped!.data.blockout.group_id);
    assert.equal(copy!.data.blockout.group_id, grouped!.data.blockout.group_id);
    all.push(...events);

    // A template apply.
    const template = (await c.post('/blockouts/templates', { name: 'Standard day' })).body;
    assert.equal((await c.post(`/blockouts/templates/${template.id}/items`, { blockout_type_uuid: lunch.id, start_time: '07:00', end_time: '07:30' })).status, 201);
    const applied = await c.post(`/blockouts/templates/${template.id}/apply`, { location_uuid: p.loc.id, target_date: '2026-06-03' });
    assert.equal(applied.body.count, 1);
    events = await next();
    assert.deepEqual(actions(events), [['blockout.created', 'template_applied']]);
    all.push(...events);

    // A delete describes the blockout as it was.
    assert.equal((await c.delete(`/blockouts/instances/${b2.id}`)).status, 204);
    events = await next();
    assert.deepEqual(actions(events), [['blockout.deleted', 'deleted']]);
    assert.deepEqual([events[0]!.data.blockout.id, events[0]!.data.blockout.version, events[0]!.data.blockout.end_time], [b2.id, 2, '13:30:00']);
    all.push(...events);

    assertNoPatientData(all, [note, 'Smith']);
    assert.equal(await outboxCount(c.orgId), all.length + 1, 'one outbox event per delivery (and the ungrouped create)');
  });
});

describe('webhook events: patient recalls', () => {
  it('create, change and completed visits record one recall event each, without the note or the patient\'s name or phone', async () => {
    const p = await makePractice();
    const c = p.c;
    const d1110 = (await c.post('/procedure-codes', { code: 'D1110', description: 'Prophylaxis' })).body;
    const prophy = (await c.post('/recalls/types', { name: 'Prophy', default_interval: { months: 6 } })).body;
    assert.equal((await c.post('/recalls/triggers', { recall_type_uuid: prophy.id, procedure_code_uuid: d1110.id })).status, 201);
    const next = tap(c, await endpoint(c, RECALL_EVENTS));
    const complete = async (patientId: string, start: string) => {
      const appt = (await c.post('/appointments', { ...p.body({ start_time: start, end_time: `${Number(start.slice(0, 2)) + 1}:00` }), patient_uuid: patientId })).body;
      assert.equal((await c.post(`/appointments/${appt.id}/procedures`, { base_version: appt.version, procedure_code_uuid: d1110.id })).status, 201);
      const version = (await c.get(`/appointments/${appt.id}`)).body.version;
      assert.equal((await c.post(`/appointments/${appt.id}/transition`, { base_version: version, status: 'complete' })).status, 200);
    };
    const note = 'Call Ann Smith at 555-0101';

    const made = await c.post('/recalls/patient-recalls', { patient_uuid: p.patient.id, recall_type_uuid: prophy.id, date_due: '2026-04-01', note });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    let events = await next();
    assert.deepEqual(events, [{
      type: 'recall.created',
      data: {
        action: 'created',
        recall: {
          id: made.body.id, patient_id: p.patient.id, recall_type_id: prophy.id, interval: null, date_previous: null,
          date_due: '2026-04-01', is_disabled: false, version: 1,
        },
      },
    }]);
    const all = [...events];

    const changed = await c.patch(`/recalls/patient-recalls/${made.body.id}`, { base_version: 1, interval: { months: 3 } });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    events = await next();
    assert.deepEqual(actions(events), [['recall.updated', 'updated']]);
    assert.deepEqual([events[0]!.data.recall.interval, events[0]!.data.recall.version], [{ months: 3 }, 2]);
    all.push(...events);

    // Completing a visit with the trigger's procedure advances the recall (the patient's own 3 months) …
    await complete(p.patient.id, '10:00');
    events = await next();
    assert.deepEqual(actions(events), [['recall.updated', 'visit_completed']]);
    assert.deepEqual(events[0]!.data.recall, {
      id: made.body.id, patient_id: p.patient.id, recall_type_id: prophy.id, interval: { months: 3 }, date_previous: '2026-03-10',
      date_due: '2026-06-10', is_disabled: false, version: 3,
    });
    all.push(...events);

    // … and creates the recall of a patient who had none.
    const other = (await c.post('/patients', { first_name: 'Bea', last_name: 'Quill', mobile_phone: '555-0199' })).body;
    await complete(other.id, '12:00');
    events = await next();
    assert.deepEqual(actions(events), [['recall.created', 'visit_completed']]);
    assert.deepEqual([events[0]!.data.recall.patient_id, events[0]!.data.recall.date_due, events[0]!.data.recall.version], [other.id, '2026-09-10', 1]);
    all.push(...events);

    assertNoPatientData(all, [note, 'Smith', 'Quill', '555-01']);
  });
});

describe('webhook events: the ASAP list', () => {
  it('create, change, contact, response, booking, release, add_to_asap and removal record one entry event each, without patient data', async () => {
    const p = await makePractice();
    const c = p.c;
    const next = tap(c, await endpoint(c, ENTRY_EVENTS));
    const note = 'Prefers mornings, ask for Ann Smith\'s mother';

    const made = await c.post('/waitlist/entries', { patient_uuid: p.patient.id, location_uuid: p.loc.id, appointment_type_uuid: p.type.id, note });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const id = made.body.id;
    let events = await next();
    assert.deepEqual(events, [{
      type: 'asap_entry.created',
      data: {
        action: 'created',
        asap_entry: {
          id, patient_id: p.patient.id, location_id: p.loc.id, appointment_type_id: p.type.id, provider_id: null, recall_id: null,
          appointment_id: null, source: 'manual', status: 'waiting', urgency: 'routine', date_range_start: null, date_range_end: null,
          estimated_duration_mins: null, contact_attempts: 0, version: 1,
        },
      },
    }]);
    const all = [...events];
    const step = async (expected: [string, string], status: string, version: number) => {
      const got = await next();
      assert.deepEqual(actions(got), [expected]);
      assert.deepEqual([got[0]!.data.asap_entry.id, got[0]!.data.asap_entry.status, got[0]!.data.asap_entry.version], [id, status, version]);
      all.push(...got);
      return got[0]!.data.asap_entry;
    };

    assert.equal((await c.patch(`/waitlist/entries/${id}`, { urgency: 'urgent', date_range_end: '2026-04-30' })).status, 200);
    assert.deepEqual((await step(['asap_entry.updated', 'updated'], 'waiting', 2)).date_range_end, '2026-04-30');
    assert.equal((await c.post(`/waitlist/entries/${id}/contact`, {
      contact_method: 'sms', slot_date: '2026-03-12', slot_start_time: '09:00', slot_location_uuid: p.loc.id,
    })).status, 200);
    assert.equal((await step(['asap_entry.updated', 'contacted'], 'contacted', 3)).contact_attempts, 1);
    assert.equal((await c.post(`/waitlist/entries/${id}/response`, { patient_response: 'declined' })).status, 200);
    await step(['asap_entry.updated', 'responded'], 'waiting', 4);

    // Booking the patient into a matching visit schedules the entry; cancelling that visit puts it back.
    const visit = (await c.post('/appointments', p.body({ appointment_type_uuid: p.type.id }))).body;
    assert.equal((await step(['asap_entry.updated', 'booked'], 'scheduled', 5)).appointment_id, visit.id);
    assert.equal((await c.post(`/appointments/${visit.id}/cancel`, { base_version: visit.version })).status, 200);
    assert.equal((await step(['asap_entry.updated', 'released'], 'waiting', 6)).appointment_id, null);

    // A break with add_to_asap of a visit of another type adds an entry for that type.
    const other = (await c.post('/appointments', p.body({ start_time: '12:00', end_time: '13:00' }))).body;
    assert.deepEqual(await next(), []);
    assert.equal((await c.post(`/appointments/${other.id}/break`, { base_version: other.version, add_to_asap: true })).status, 200);
    events = await next();
    assert.deepEqual(actions(events), [['asap_entry.created', 'appointment_flagged']]);
    assert.deepEqual([events[0]!.data.asap_entry.source, events[0]!.data.asap_entry.appointment_id, events[0]!.data.asap_entry.appointment_type_id],
      ['appointment_flag', other.id, null]);
    all.push(...events);

    assert.equal((await c.delete(`/waitlist/entries/${id}`)).status, 204);
    await step(['asap_entry.updated', 'removed'], 'removed', 7);
    assert.equal((await c.delete(`/waitlist/entries/${id}`)).status, 204);
    assert.deepEqual(await next(), [], 'removing a removed entry changes nothing and records nothing');
    const bulk = await c.post('/waitlist/entries/bulk-remove', { entry_uuids: [events[0]!.data.asap_entry.id] });
    assert.deepEqual(bulk.body, { removed_count: 1 });
    assert.deepEqual(actions(await next()), [['asap_entry.updated', 'removed']]);

    assertNoPatientData(all, ['Ann', 'Smith', '555-0101', 'Prefers']);
  });
});

describe('webhook events: failures and subscriptions', () => {
  it('a refused change records nothing, nor does an appointment write that rolls back after the listeners wrote', async () => {
    const p = await makePractice();
    const c = p.c;
    const lunch = await makeBlockoutType(c.orgId);
    await endpoint(c, [...BLOCKOUT_EVENTS, ...RECALL_EVENTS, ...ENTRY_EVENTS]);
    const blockout = { blockout_type_uuid: lunch.id, location_uuid: p.loc.id, schedule_date: '2026-06-01', start_time: '12:00', end_time: '13:00' };
    assert.equal((await c.post('/blockouts/instances', blockout)).status, 201);
    const prophy = (await c.post('/recalls/types', { name: 'Prophy', default_interval: { months: 6 } })).body;
    const recall = (await c.post('/recalls/patient-recalls', { patient_uuid: p.patient.id, recall_type_uuid: prophy.id, date_due: '2026-04-01' })).body;
    const entry = (await c.post('/waitlist/entries', { patient_uuid: p.patient.id, location_uuid: p.loc.id })).body;
    const before = await outboxCount(c.orgId);
    assert.equal(before, 3);

    // Refused before any write: an overlapping blockout, a blockout that is not there, an entry that cannot be contacted.
    assert.equal((await c.post('/blockouts/instances', { ...blockout, start_time: '12:30', end_time: '13:30' })).status, 409);
    assert.equal((await c.delete('/blockouts/instances/3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11')).status, 404);
    assert.equal((await c.post(`/waitlist/entries/${entry.id}/response`, { patient_response: 'accepted' })).status, 409);
    // Refused after its write: a recall change that echoes a status the recall will not have rolls back with its event.
    const echo = await c.patch(`/recalls/patient-recalls/${recall.id}`, { base_version: 1, date_due: '2026-05-01', status: 'overdue' });
    assert.equal(echo.status, 422, JSON.stringify(echo.body));
    assert.equal((await c.get(`/recalls/patient-recalls/${recall.id}`)).body.version, 1);
    // A booking that would schedule the entry fails after the waitlist listener wrote: no entry event survives.
    onAppointmentChange(async (_tx, change) => {
      if (change.orgId === c.orgId) throw new Error('refused by a later listener');
    });
    assert.equal((await c.post('/appointments', p.body())).status, 500);
    assert.equal((await c.get(`/waitlist/entries/${entry.id}`)).body.status, 'waiting');
    assert.equal(await outboxCount(c.orgId), before);
  });

  it('an endpoint subscribed only to blockouts gets no appointment events, and one subscribed to appointments no blockout events', async () => {
    const p = await makePractice();
    const c = p.c;
    const lunch = await makeBlockoutType(c.orgId);
    const blockouts = tap(c, await endpoint(c, ['blockout.created']));
    const appointments = tap(c, await endpoint(c, APPOINTMENT_EVENTS));
    const a = (await c.post('/appointments', p.body())).body;
    assert.equal((await c.post(`/appointments/${a.id}/cancel`, { base_version: a.version, add_to_asap: true })).status, 200);
    assert.equal((await c.delete(`/appointments/${a.id}`)).status, 204);
    assert.equal((await c.post('/blockouts/instances', {
      blockout_type_uuid: lunch.id, location_uuid: p.loc.id, schedule_date: '2026-06-01', start_time: '12:00', end_time: '13:00',
    })).status, 201);
    assert.deepEqual((await blockouts()).map((e) => e.type), ['blockout.created']);
    assert.deepEqual((await appointments()).map((e) => e.type), ['appointment.created', 'appointment.deleted', 'appointment.status_changed']);
  });
});
