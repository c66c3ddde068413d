import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { replaceAppointmentProviders } from '../../src/appointments/db/appointments.ts';
import { closeTestApp, firstIssue, testPool, type Client, type Res } from '../helpers.ts';
import { makeLocation, makeOperatory, makePractice, makeUserToken } from '../factories.ts';

after(closeTestApp);

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';

type Practice = Awaited<ReturnType<typeof makePractice>>;

async function book(p: Practice, over: Record<string, unknown> = {}) {
  const res = await p.c.post('/appointments', p.body(over));
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

/** The appointment's history as stored, oldest first. */
async function history(id: string): Promise<{ action: string; changes: Record<string, any> }[]> {
  const { rows } = await testPool().query('SELECT action, changes FROM appointment_history WHERE appointment_id = $1 ORDER BY created_at, id', [id]);
  return rows;
}

async function definition(c: Client, category: string, name: string): Promise<string> {
  const res = await c.get(`/definitions?category=${category}`);
  return res.body.items.find((d: { name: string }) => d.name === name).id;
}

/** Asserts a refused write left the appointment as it was: same version, no new history row. */
async function assertUnchanged(c: Client, before: { id: string; version: number }, historyLength: number) {
  assert.equal((await c.get(`/appointments/${before.id}`)).body.version, before.version);
  assert.equal((await history(before.id)).length, historyLength);
}

function assertError(res: Res, status: number, type: string, loc?: (string | number)[]) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(firstIssue(res).type, type);
  if (loc) assert.deepEqual(firstIssue(res).loc, loc);
}

describe('update appointment', () => {
  it('PATCH returns 200 with the changed fields, version 2 and an `updated` entry holding each change as {old, new}', async () => {
    const p = await makePractice();
    const a = await book(p);
    const res = await p.c.patch(`/appointments/${a.id}`, {
      base_version: 1, note: 'Bring x-rays', priority: 5, color_override: '#FF0000', estimated_insurance: 80.5, estimated_patient_portion: 20,
      ask_to_arrive_time: '09:45', is_time_locked: true,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.note, 'Bring x-rays');
    assert.equal(res.body.priority, 5);
    assert.equal(res.body.estimated_insurance, '80.50');
    assert.equal(res.body.datetime_ask_to_arrive, '2026-03-10T09:45:00-04:00');
    assert.equal(res.body.is_time_locked, true);
    assert.equal(res.body.version, 2);
    const [, updated] = await history(a.id);
    assert.equal(updated!.action, 'updated');
    assert.deepEqual(updated!.changes, {
      note: { old: '', new: 'Bring x-rays' }, priority: { old: 0, new: 5 }, color_override: { old: null, new: '#FF0000' },
      estimated_insurance: { old: null, new: '80.50' }, estimated_patient_portion: { old: null, new: '20.00' },
      ask_to_arrive_at: { old: null, new: '2026-03-10T13:45:00.000Z' }, is_time_locked: { old: false, new: true },
    });
  });

  it('production_amount overrides the sum of fees and null returns to it', async () => {
    const p = await makePractice();
    await p.c.post('/procedure-codes', { code: 'D0120', description: 'Periodic evaluation', default_fee: 58 });
    await p.c.patch(`/appointment-types/${p.type.id}`, { base_version: 1, procedure_codes_to_add: ['D0120'] });
    const a = await book(p, { appointment_type_uuid: p.type.id });
    assert.equal(a.production_amount, '58.00');
    const set = await p.c.patch(`/appointments/${a.id}`, { base_version: 1, production_amount: 250 });
    assert.equal(set.body.production_amount, '250.00');
    const cleared = await p.c.patch(`/appointments/${a.id}`, { base_version: 2, production_amount: null });
    assert.equal(cleared.body.production_amount, '58.00');
    assert.deepEqual((await history(a.id)).slice(1).map((h) => h.changes), [
      { production_override: { old: null, new: '250.00' } }, { production_override: { old: '250.00', new: null } },
    ]);
  });

  it('PATCH with new times and operatory re-books the chair and records the old and new slot', async () => {
    const p = await makePractice();
    const a = await book(p);
    const res = await p.c.patch(`/appointments/${a.id}`, { base_version: 1, start_time: '14:00', end_time: '15:30', operatory_uuid: p.ops[1]!.id });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.start_time, '2026-03-10T14:00:00-04:00');
    assert.equal(res.body.end_time, '2026-03-10T15:30:00-04:00');
    assert.equal(res.body.operatory.id, p.ops[1]!.id);
    assert.deepEqual((await history(a.id))[1]!.changes, {
      start_time: { old: '10:00:00', new: '14:00:00' }, end_time: { old: '11:00:00', new: '15:30:00' },
      operatory_id: { old: p.ops[0]!.id, new: p.ops[1]!.id },
    });
    assert.equal((await book(p)).status, 'scheduled', 'the old slot is free again');
  });

  it('PATCH returns 409 slot_conflict when the new time is taken and changes nothing; allow_overlap lets it through and is recorded', async () => {
    const p = await makePractice();
    const first = await book(p);
    const second = await book(p, { start_time: '11:00', end_time: '12:00' });
    const clash = await p.c.patch(`/appointments/${second.id}`, { base_version: 1, start_time: '10:30', note: 'moved up' });
    assertError(clash, 409, 'slot_conflict');
    assert.equal(clash.body.detail[0].ctx.id, first.id);
    await assertUnchanged(p.c, second, 1);
    assert.equal((await p.c.get(`/appointments/${second.id}`)).body.note, '');
    const forced = await p.c.patch(`/appointments/${second.id}`, { base_version: 1, start_time: '10:30', allow_overlap: true });
    assert.equal(forced.status, 200);
    assert.equal((await history(second.id))[1]!.changes.allow_overlap, true);
  });

  it('PATCH refuses a spring-forward gap time with 422 dst_gap and takes the earlier fall-back instant', async () => {
    const p = await makePractice();
    const a = await book(p);
    // 2026-03-08 02:30 does not exist in New York (clocks jump from 02:00 to 03:00).
    assertError(await p.c.patch(`/appointments/${a.id}`, { base_version: 1, schedule_date: '2026-03-08', start_time: '02:30', end_time: '03:30' }),
      422, 'dst_gap', ['body', 'start_time']);
    await assertUnchanged(p.c, a, 1);
    // 2026-11-01 01:30 happens twice; the first (EDT, -04:00) is meant.
    const res = await p.c.patch(`/appointments/${a.id}`, { base_version: 1, schedule_date: '2026-11-01', start_time: '01:30', end_time: '02:30' });
    assert.equal(res.body.start_time, '2026-11-01T01:30:00-04:00');
    assert.equal(res.body.end_time, '2026-11-01T02:30:00-05:00');
  });

  it('a time-locked appointment refuses a new time or operatory with 409 unless the same request unlocks it', async () => {
    const p = await makePractice();
    const a = await book(p);
    await p.c.patch(`/appointments/${a.id}`, { base_version: 1, is_time_locked: true });
    assertError(await p.c.patch(`/appointments/${a.id}`, { base_version: 2, start_time: '12:00', end_time: '13:00' }), 409, 'state_conflict');
    assertError(await p.c.patch(`/appointments/${a.id}`, { base_version: 2, operatory_uuid: p.ops[2]!.id }), 409, 'state_conflict');
    assert.equal((await p.c.patch(`/appointments/${a.id}`, { base_version: 2, note: 'fine', start_time: '10:00' })).status, 200, 'same time is no change');
    const moved = await p.c.patch(`/appointments/${a.id}`, { base_version: 3, is_time_locked: false, start_time: '12:00', end_time: '13:00' });
    assert.equal(moved.status, 200);
    assert.equal(moved.body.is_time_locked, false);
  });

  it('PATCH on an unscheduled appointment records times without taking the chair; a start without a date is 422', async () => {
    const p = await makePractice();
    await book(p);
    const u = (await p.c.post('/appointments', { patient_uuid: p.patient.id, location_uuid: p.loc.id, appointment_type_uuid: p.type.id })).body;
    assertError(await p.c.patch(`/appointments/${u.id}`, { base_version: 1, start_time: '10:00' }), 422, 'missing', ['body', 'schedule_date']);
    const res = await p.c.patch(`/appointments/${u.id}`, { base_version: 1, schedule_date: '2026-03-10', start_time: '10:00', operatory_uuid: p.ops[0]!.id });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.status, 'unscheduled');
    assert.equal(res.body.end_time, '2026-03-10T11:00:00-04:00', 'end from the type\'s 60 minutes');
  });

  it('PATCH returns 404 for an unknown appointment, operatory or type, 422 for another location\'s operatory or a scheduled one without operatory', async () => {
    const p = await makePractice();
    const a = await book(p);
    assertError(await p.c.patch(`/appointments/${MISSING}`, { base_version: 1, note: 'x' }), 404, 'not_found', ['path', 'appointment_uuid']);
    assertError(await p.c.patch(`/appointments/${a.id}`, { base_version: 1, operatory_uuid: MISSING }), 404, 'not_found', ['body', 'operatory_uuid']);
    assertError(await p.c.patch(`/appointments/${a.id}`, { base_version: 1, appointment_type_uuid: MISSING }), 404, 'not_found', ['body', 'appointment_type_uuid']);
    const loc2 = await makeLocation(p.c.orgId, { name: 'Uptown' });
    const op2 = await makeOperatory(p.c.orgId, loc2.id, 'U1');
    assertError(await p.c.patch(`/appointments/${a.id}`, { base_version: 1, operatory_uuid: op2.id }), 422, 'value_error');
    assertError(await p.c.patch(`/appointments/${a.id}`, { base_version: 1, operatory_uuid: null }), 422, 'missing', ['body', 'operatory_uuid']);
    assertError(await p.c.patch(`/appointments/${a.id}`, { base_version: 1, status: 'complete' }), 422, 'extra_forbidden');
    await assertUnchanged(p.c, a, 1);
  });

  it('PATCH returns 409 version_conflict naming the current version, and nothing changes', async () => {
    const p = await makePractice();
    const a = await book(p);
    await p.c.patch(`/appointments/${a.id}`, { base_version: 1, note: 'one' });
    const stale = await p.c.patch(`/appointments/${a.id}`, { base_version: 1, note: 'two' });
    assertError(stale, 409, 'version_conflict', ['body', 'base_version']);
    assert.match(firstIssue(stale).msg, /current version is 2/);
    assert.equal((await p.c.get(`/appointments/${a.id}`)).body.note, 'one');
    assert.equal((await history(a.id)).length, 2);
  });

  it('a location-limited user gets 404 for another location\'s appointment; a viewer gets 403', async () => {
    const p = await makePractice();
    const a = await book(p);
    const loc2 = await makeLocation(p.c.orgId, { name: 'Uptown' });
    const limited = p.c.as((await makeUserToken(p.c.orgId, 'staff', [loc2.id])).token);
    assert.equal((await limited.patch(`/appointments/${a.id}`, { base_version: 1, note: 'x' })).status, 404);
    assert.equal((await limited.post(`/appointments/${a.id}/cancel`, { base_version: 1 })).status, 404);
    assert.equal((await limited.delete(`/appointments/${a.id}`)).status, 404);
    const viewer = p.c.as((await makeUserToken(p.c.orgId, 'viewer')).token);
    assert.equal((await viewer.patch(`/appointments/${a.id}`, { base_version: 1, note: 'x' })).status, 403);
    await assertUnchanged(p.c, a, 1);
  });
});

describe('move appointment', () => {
  it('move reschedules to a new date, time and operatory and writes `moved` with the old and new slot', async () => {
    const p = await makePractice();
    const a = await book(p);
    const res = await p.c.post(`/appointments/${a.id}/move`, {
      base_version: 1, schedule_date: '2026-03-12', start_time: '13:00', end_time: '14:00', operatory_uuid: p.ops[2]!.id,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.status, 'scheduled');
    assert.equal(res.body.start_time, '2026-03-12T13:00:00-04:00');
    assert.equal(res.body.operatory.id, p.ops[2]!.id);
    assert.equal(res.body.version, 2);
    const moved = (await history(a.id))[1]!;
    assert.equal(moved.action, 'moved');
    assert.deepEqual(moved.changes, {
      schedule_date: { old: '2026-03-10', new: '2026-03-12' }, start_time: { old: '10:00:00', new: '13:00:00' },
      end_time: { old: '11:00:00', new: '14:00:00' }, operatory_id: { old: p.ops[0]!.id, new: p.ops[2]!.id },
    });
  });

  it('move onto the spring-forward day: 02:30 is 422 dst_gap, 08:00 is at -04:00', async () => {
    const p = await makePractice();
    const a = await book(p);
    // 2026-03-08 02:00–03:00 does not exist in New York.
    const gap = await p.c.post(`/appointments/${a.id}/move`, { base_version: 1, schedule_date: '2026-03-08', start_time: '02:30', end_time: '03:30' });
    assertError(gap, 422, 'dst_gap', ['body', 'start_time']);
    await assertUnchanged(p.c, a, 1);
    // 08:00 on the spring-forward day is already daylight time.
    const res = await p.c.post(`/appointments/${a.id}/move`, { base_version: 1, schedule_date: '2026-03-08', start_time: '08:00', end_time: '09:00' });
    assert.equal(res.body.start_time, '2026-03-08T08:00:00-04:00');
    assert.equal(res.body.operatory.id, p.ops[0]!.id, 'the current operatory when none is given');
  });

  it('move onto the fall-back day at 01:30 takes the earlier instant, -04:00', async () => {
    const p = await makePractice();
    const a = await book(p);
    // 2026-11-01 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST).
    const res = await p.c.post(`/appointments/${a.id}/move`, { base_version: 1, schedule_date: '2026-11-01', start_time: '01:30', end_time: '03:00' });
    assert.equal(res.body.start_time, '2026-11-01T01:30:00-04:00');
    assert.equal(res.body.end_time, '2026-11-01T03:00:00-05:00');
    const { rows } = await testPool().query('SELECT start_at, end_at FROM appointments WHERE id = $1', [a.id]);
    assert.deepEqual(rows[0], { start_at: '2026-11-01T05:30:00.000Z', end_at: '2026-11-01T08:00:00.000Z' });
  });

  it('move returns 409 slot_conflict when the chair is taken and changes nothing; allow_overlap is recorded in history', async () => {
    const p = await makePractice();
    const taken = await book(p, { schedule_date: '2026-03-11' });
    const a = await book(p);
    const clash = await p.c.post(`/appointments/${a.id}/move`, { base_version: 1, schedule_date: '2026-03-11', start_time: '10:30', end_time: '11:30', note: 'x' });
    assertError(clash, 409, 'slot_conflict');
    assert.deepEqual(clash.body.detail[0].ctx, { kind: 'appointment', id: taken.id, reason_code: 'APPOINTMENT_OVERLAP' });
    await assertUnchanged(p.c, a, 1);
    const forced = await p.c.post(`/appointments/${a.id}/move`, { base_version: 1, schedule_date: '2026-03-11', start_time: '10:30', end_time: '11:30', allow_overlap: true });
    assert.equal(forced.status, 200);
    assert.equal((await history(a.id))[1]!.changes.allow_overlap, true);
    assert.equal((await p.c.post(`/appointments/${a.id}/move`, { base_version: 2, schedule_date: '2026-03-11', start_time: '11:00', end_time: '12:00' })).status, 200,
      'back-to-back is no conflict');
  });

  it('move brings a broken appointment back to scheduled, clears its broken reason and keeps the request note', async () => {
    const p = await makePractice();
    const a = await book(p);
    const noShow = await definition(p.c, 'BrokenReason', 'No Show');
    await p.c.post(`/appointments/${a.id}/break`, { base_version: 1, broken_reason_uuid: noShow });
    const res = await p.c.post(`/appointments/${a.id}/move`, { base_version: 2, schedule_date: '2026-03-17', start_time: '10:00', end_time: '11:00', note: 'Rebooked by phone' });
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'scheduled');
    assert.equal(res.body.broken_reason, null);
    assert.equal(res.body.note, 'Rebooked by phone');
    const moved = (await history(a.id))[2]!;
    assert.deepEqual(moved.changes.status, { old: 'broken', new: 'scheduled' });
    assert.equal(moved.changes.request_note, 'Rebooked by phone');
  });

  it('move returns 409 state_conflict for cancelled and pinboard appointments and for a time-locked one', async () => {
    const p = await makePractice();
    const slot = { schedule_date: '2026-03-12', start_time: '10:00', end_time: '11:00' };
    const cancelled = await book(p);
    await p.c.post(`/appointments/${cancelled.id}/cancel`, { base_version: 1 });
    assertError(await p.c.post(`/appointments/${cancelled.id}/move`, { base_version: 2, ...slot }), 409, 'state_conflict');
    const pinned = await book(p, { status: 'pinboard' });
    const refused = await p.c.post(`/appointments/${pinned.id}/move`, { base_version: 1, ...slot });
    assertError(refused, 409, 'state_conflict');
    assert.match(firstIssue(refused).msg, /pinboard/);
    const locked = await book(p, { operatory_uuid: p.ops[1]!.id });
    await p.c.patch(`/appointments/${locked.id}`, { base_version: 1, is_time_locked: true });
    assertError(await p.c.post(`/appointments/${locked.id}/move`, { base_version: 2, ...slot }), 409, 'state_conflict');
    await assertUnchanged(p.c, { id: locked.id, version: 2 }, 2);
  });

  it('move returns 404 for an unknown appointment or operatory, 409 for a stale version, 422 without any operatory', async () => {
    const p = await makePractice();
    const a = await book(p);
    const slot = { schedule_date: '2026-03-12', start_time: '10:00', end_time: '11:00' };
    assertError(await p.c.post(`/appointments/${MISSING}/move`, { base_version: 1, ...slot }), 404, 'not_found', ['path', 'appointment_uuid']);
    assertError(await p.c.post(`/appointments/${a.id}/move`, { base_version: 1, ...slot, operatory_uuid: MISSING }), 404, 'not_found', ['body', 'operatory_uuid']);
    const stale = await p.c.post(`/appointments/${a.id}/move`, { base_version: 7, ...slot });
    assertError(stale, 409, 'version_conflict');
    assert.match(firstIssue(stale).msg, /current version is 1/);
    assertError(await p.c.post(`/appointments/${a.id}/move`, { base_version: 1, schedule_date: '2026-03-12', start_time: '10:00' }), 422, 'missing', ['body', 'end_time']);
    const u = (await p.c.post('/appointments', { patient_uuid: p.patient.id, location_uuid: p.loc.id })).body;
    assertError(await p.c.post(`/appointments/${u.id}/move`, { base_version: 1, ...slot }), 422, 'missing', ['body', 'operatory_uuid']);
    const res = await p.c.post(`/appointments/${u.id}/move`, { base_version: 1, ...slot, operatory_uuid: p.ops[1]!.id });
    assert.equal(res.body.status, 'scheduled', 'an unscheduled appointment is scheduled by a move');
  });

  it('a provider\'s own times and the ask-to-arrive time move with the appointment', async () => {
    const p = await makePractice();
    const a = await book(p, { provider_uuid: p.dentist.id, ask_to_arrive_time: '09:45' });
    await replaceAppointmentProviders(testPool(), p.c.orgId, a.id, [{
      providerId: p.dentist.id, role: 'primary', startTime: '10:15:00', endTime: '10:45:00',
      startAt: new Date('2026-03-10T14:15:00Z'), endAt: new Date('2026-03-10T14:45:00Z'),
    }]);
    const res = await p.c.post(`/appointments/${a.id}/move`, { base_version: 1, schedule_date: '2026-03-12', start_time: '15:00', end_time: '16:00' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.providers[0], {
      id: p.dentist.id, name: 'Dana Molar', role: 'primary', start_time: '15:15:00', end_time: '15:45:00',
      start_at: '2026-03-12T15:15:00-04:00', end_at: '2026-03-12T15:45:00-04:00',
    });
    assert.equal(res.body.datetime_ask_to_arrive, '2026-03-12T14:45:00-04:00');
  });
});

describe('place appointment', () => {
  it('place puts a pinboard appointment on the schedule and writes `placed`', async () => {
    const p = await makePractice();
    const a = await book(p);
    await p.c.post(`/appointments/${a.id}/pinboard`, { base_version: 1 });
    const res = await p.c.post(`/appointments/${a.id}/place`, {
      base_version: 2, schedule_date: '2026-03-13', start_time: '09:00', end_time: '10:00', operatory_uuid: p.ops[1]!.id,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.status, 'scheduled');
    assert.equal(res.body.start_time, '2026-03-13T09:00:00-04:00');
    const placed = (await history(a.id))[2]!;
    assert.equal(placed.action, 'placed');
    assert.deepEqual(placed.changes, {
      status: { old: 'pinboard', new: 'scheduled' }, schedule_date: { old: '2026-03-10', new: '2026-03-13' },
      start_time: { old: '10:00:00', new: '09:00:00' }, end_time: { old: '11:00:00', new: '10:00:00' },
      operatory_id: { old: p.ops[0]!.id, new: p.ops[1]!.id },
    });
  });

  it('place onto the spring-forward day: 02:30 is 422 dst_gap, 08:00 is -04:00; on the fall-back day 01:30 is -04:00', async () => {
    const p = await makePractice();
    const a = await book(p, { status: 'pinboard', schedule_date: undefined, start_time: undefined, end_time: undefined, operatory_uuid: undefined });
    const at = (date: string, start: string, end: string, v = 1) =>
      p.c.post(`/appointments/${a.id}/place`, { base_version: v, schedule_date: date, start_time: start, end_time: end, operatory_uuid: p.ops[0]!.id });
    // 2026-03-08 02:30 is skipped in New York.
    assertError(await at('2026-03-08', '02:30', '03:30'), 422, 'dst_gap', ['body', 'start_time']);
    await assertUnchanged(p.c, a, 1);
    const spring = await at('2026-03-08', '08:00', '09:00');
    assert.equal(spring.body.start_time, '2026-03-08T08:00:00-04:00');
    await p.c.post(`/appointments/${a.id}/pinboard`, { base_version: 2 });
    // 2026-11-01 01:30 occurs twice; the earlier, EDT, is meant.
    const fall = await at('2026-11-01', '01:30', '02:00', 3);
    assert.equal(fall.body.start_time, '2026-11-01T01:30:00-04:00');
    assert.equal(fall.body.end_time, '2026-11-01T02:00:00-05:00');
  });

  it('place returns 409 state_conflict for a scheduled appointment, 409 slot_conflict for a taken chair, 404 and 422 for the operatory', async () => {
    const p = await makePractice();
    const scheduled = await book(p);
    const slot = { schedule_date: '2026-03-10', start_time: '10:30', end_time: '11:30', operatory_uuid: p.ops[0]!.id };
    const refused = await p.c.post(`/appointments/${scheduled.id}/place`, { base_version: 1, ...slot });
    assertError(refused, 409, 'state_conflict');
    const pinned = await book(p, { status: 'pinboard', operatory_uuid: p.ops[1]!.id });
    assertError(await p.c.post(`/appointments/${pinned.id}/place`, { base_version: 1, ...slot }), 409, 'slot_conflict');
    await assertUnchanged(p.c, pinned, 1);
    assertError(await p.c.post(`/appointments/${pinned.id}/place`, { base_version: 1, ...slot, operatory_uuid: MISSING }), 404, 'not_found', ['body', 'operatory_uuid']);
    assertError(await p.c.post(`/appointments/${pinned.id}/place`, { base_version: 1, ...slot, operatory_uuid: undefined }), 422, 'missing', ['body', 'operatory_uuid']);
    assertError(await p.c.post(`/appointments/${pinned.id}/place`, { base_version: 3, ...slot }), 409, 'version_conflict');
    assertError(await p.c.post(`/appointments/${MISSING}/place`, { base_version: 1, ...slot }), 404, 'not_found');
    assert.equal((await p.c.post(`/appointments/${pinned.id}/place`, { base_version: 1, ...slot, allow_overlap: true })).status, 200);
  });
});

describe('break and cancel', () => {
  it('break marks a scheduled appointment broken with its reason, frees the chair and writes `broken`', async () => {
    const p = await makePractice();
    const a = await book(p);
    const noShow = await definition(p.c, 'BrokenReason', 'No Show');
    const res = await p.c.post(`/appointments/${a.id}/break`, { base_version: 1, broken_reason_uuid: noShow, note: 'No answer on the phone' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.status, 'broken');
    assert.deepEqual(res.body.broken_reason, { id: noShow, name: 'No Show' });
    assert.equal(res.body.note, 'No answer on the phone', 'an empty note takes the request note');
    assert.deepEqual((await history(a.id))[1], {
      action: 'broken', changes: {
        status: { old: 'scheduled', new: 'broken' }, broken_reason_id: { old: null, new: noShow },
        request_note: 'No answer on the phone', note: { old: '', new: 'No answer on the phone' },
      },
    });
    assert.equal((await book(p)).status, 'scheduled', 'the chair is free again');
  });

  it('break keeps an existing note and stores the request note in history only', async () => {
    const p = await makePractice();
    const a = await book(p, { note: 'Nervous patient' });
    const res = await p.c.post(`/appointments/${a.id}/break`, { base_version: 1, note: 'Called in sick' });
    assert.equal(res.body.note, 'Nervous patient');
    assert.deepEqual((await history(a.id))[1]!.changes, { status: { old: 'scheduled', new: 'broken' }, broken_reason_id: { old: null, new: null }, request_note: 'Called in sick' });
  });

  it('break returns 404 for a reason that is no BrokenReason, 409 from unscheduled or a stale version, and changes nothing', async () => {
    const p = await makePractice();
    const a = await book(p);
    const cancelReason = await definition(p.c, 'CancelReason', 'Patient Request');
    assertError(await p.c.post(`/appointments/${a.id}/break`, { base_version: 1, broken_reason_uuid: cancelReason }), 404, 'not_found', ['body', 'broken_reason_uuid']);
    assertError(await p.c.post(`/appointments/${a.id}/break`, { base_version: 1, broken_reason_uuid: MISSING }), 404, 'not_found');
    assertError(await p.c.post(`/appointments/${a.id}/break`, { base_version: 2 }), 409, 'version_conflict');
    assertError(await p.c.post(`/appointments/${MISSING}/break`, { base_version: 1 }), 404, 'not_found', ['path', 'appointment_uuid']);
    await assertUnchanged(p.c, a, 1);
    const u = (await p.c.post('/appointments', { patient_uuid: p.patient.id, location_uuid: p.loc.id })).body;
    const refused = await p.c.post(`/appointments/${u.id}/break`, { base_version: 1 });
    assertError(refused, 409, 'state_conflict');
    assert.match(firstIssue(refused).msg, /unscheduled/);
  });

  it('cancel records reason and who cancelled, writes `cancelled`, and a cancelled appointment cannot be cancelled again', async () => {
    const p = await makePractice();
    const a = await book(p);
    const reason = await definition(p.c, 'CancelReason', 'Patient Request');
    const res = await p.c.post(`/appointments/${a.id}/cancel`, { base_version: 1, cancel_reason_uuid: reason, cancelled_by: 'patient' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.status, 'cancelled');
    assert.deepEqual(res.body.cancel_reason, { id: reason, name: 'Patient Request' });
    assert.equal(res.body.cancelled_by, 'patient');
    assert.deepEqual((await history(a.id))[1], {
      action: 'cancelled', changes: {
        status: { old: 'scheduled', new: 'cancelled' }, cancel_reason_id: { old: null, new: reason }, cancelled_by: { old: null, new: 'patient' },
      },
    });
    const again = await p.c.post(`/appointments/${a.id}/cancel`, { base_version: 2 });
    assertError(again, 409, 'state_conflict');
    assert.deepEqual(again.body.detail[0].ctx, { status: 'cancelled', requested: 'cancelled', via: 'cancel', allowed: [] });
  });

  it('cancel returns 404 for an unknown reason or appointment, 422 for an unknown cancelled_by, 409 for a stale version', async () => {
    const p = await makePractice();
    const a = await book(p, { status: 'planned' });
    const brokenReason = await definition(p.c, 'BrokenReason', 'Late');
    assertError(await p.c.post(`/appointments/${a.id}/cancel`, { base_version: 1, cancel_reason_uuid: brokenReason }), 404, 'not_found', ['body', 'cancel_reason_uuid']);
    assertError(await p.c.post(`/appointments/${a.id}/cancel`, { base_version: 1, cancelled_by: 'dentist' }), 422, 'enum');
    assertError(await p.c.post(`/appointments/${a.id}/cancel`, { base_version: 9 }), 409, 'version_conflict');
    assertError(await p.c.post(`/appointments/${MISSING}/cancel`, { base_version: 1 }), 404, 'not_found');
    await assertUnchanged(p.c, a, 1);
    assert.equal((await p.c.post(`/appointments/${a.id}/cancel`, { base_version: 1, cancelled_by: 'practice' })).body.status, 'cancelled', 'planned can be cancelled');
  });
});

describe('transition appointment status', () => {
  it('to complete marks every procedure complete, performed on the appointment\'s local date, and writes `status_changed`', async () => {
    const p = await makePractice();
    await p.c.post('/procedure-codes', { code: 'D0120', description: 'Periodic evaluation', default_fee: 58 });
    await p.c.post('/procedure-codes', { code: 'D1110', description: 'Prophylaxis', default_fee: 95 });
    await p.c.patch(`/appointment-types/${p.type.id}`, { base_version: 1, procedure_codes_to_add: ['D0120', 'D1110'] });
    // 21:30–22:30 in New York on 2026-03-10 is 01:30–02:30 UTC on the 11th: the local date counts.
    const a = await book(p, { appointment_type_uuid: p.type.id, start_time: '21:30', end_time: '22:30' });
    const res = await p.c.post(`/appointments/${a.id}/transition`, { base_version: 1, status: 'complete', auto_generate_claim: true });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.status, 'complete');
    const { rows } = await testPool().query('SELECT status, performed_date FROM appointment_procedures WHERE appointment_id = $1', [a.id]);
    assert.deepEqual(rows, [{ status: 'complete', performed_date: '2026-03-10' }, { status: 'complete', performed_date: '2026-03-10' }]);
    assert.deepEqual((await history(a.id))[1], { action: 'status_changed', changes: { status: { old: 'scheduled', new: 'complete' }, procedures_completed: 2 } });
  });

  it('correcting a complete appointment\'s date with PATCH moves its procedures\' performed date along', async () => {
    const p = await makePractice();
    await p.c.post('/procedure-codes', { code: 'D0120', description: 'Periodic evaluation', default_fee: 58 });
    await p.c.patch(`/appointment-types/${p.type.id}`, { base_version: 1, procedure_codes_to_add: ['D0120'] });
    const a = await book(p, { appointment_type_uuid: p.type.id });
    await p.c.post(`/appointments/${a.id}/transition`, { base_version: 1, status: 'complete' });
    const res = await p.c.patch(`/appointments/${a.id}`, { base_version: 2, schedule_date: '2026-03-09' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const { rows } = await testPool().query('SELECT performed_date FROM appointment_procedures WHERE appointment_id = $1', [a.id]);
    assert.deepEqual(rows, [{ performed_date: '2026-03-09' }]);
  });

  it('returns 422 for a status outside the seven and 409 state_conflict naming the allowed targets for a forbidden change', async () => {
    const p = await makePractice();
    const a = await book(p);
    assertError(await p.c.post(`/appointments/${a.id}/transition`, { base_version: 1, status: 'arrived' }), 422, 'enum', ['body', 'status']);
    const refused = await p.c.post(`/appointments/${a.id}/transition`, { base_version: 1, status: 'planned' });
    assertError(refused, 409, 'state_conflict', ['body', 'status']);
    assert.deepEqual(refused.body.detail[0].ctx.allowed, ['complete', 'broken', 'cancelled', 'unscheduled', 'pinboard']);
    assert.match(firstIssue(refused).msg, /complete, broken, cancelled, unscheduled, pinboard/);
    await assertUnchanged(p.c, a, 1);
    await p.c.post(`/appointments/${a.id}/transition`, { base_version: 1, status: 'complete' });
    assertError(await p.c.post(`/appointments/${a.id}/transition`, { base_version: 2, status: 'cancelled' }), 409, 'state_conflict');
    assertError(await p.c.post(`/appointments/${a.id}/transition`, { base_version: 1, status: 'cancelled' }), 409, 'version_conflict');
    assertError(await p.c.post(`/appointments/${MISSING}/transition`, { base_version: 1, status: 'cancelled' }), 404, 'not_found');
  });

  it('planned to scheduled needs a date, times and operatory (422) and a free chair (409)', async () => {
    const p = await makePractice();
    const bare = await book(p, { status: 'planned', operatory_uuid: undefined });
    assertError(await p.c.post(`/appointments/${bare.id}/transition`, { base_version: 1, status: 'scheduled' }), 422, 'missing');
    const planned = await book(p, { status: 'planned' });
    const taken = await book(p, { start_time: '10:30', end_time: '11:30' });
    const clash = await p.c.post(`/appointments/${planned.id}/transition`, { base_version: 1, status: 'scheduled' });
    assertError(clash, 409, 'slot_conflict');
    assert.equal(clash.body.detail[0].ctx.id, taken.id);
    await assertUnchanged(p.c, planned, 1);
    await p.c.post(`/appointments/${taken.id}/transition`, { base_version: 1, status: 'unscheduled' });
    const res = await p.c.post(`/appointments/${planned.id}/transition`, { base_version: 1, status: 'scheduled' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.status, 'scheduled');
    assert.equal((await p.c.get(`/appointments/${taken.id}`)).body.start_time, '2026-03-10T10:30:00-04:00', 'unscheduled keeps its times');
  });
});

describe('pinboard', () => {
  it('pinboard sends a scheduled appointment off the grid: it keeps its times, frees the chair and writes `pinboarded`', async () => {
    const p = await makePractice();
    const a = await book(p);
    const res = await p.c.post(`/appointments/${a.id}/pinboard`, { base_version: 1, note: 'Call back next week' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.status, 'pinboard');
    assert.equal(res.body.start_time, '2026-03-10T10:00:00-04:00');
    assert.deepEqual((await history(a.id))[1], {
      action: 'pinboarded', changes: { status: { old: 'scheduled', new: 'pinboard' }, request_note: 'Call back next week', note: { old: '', new: 'Call back next week' } },
    });
    assert.equal((await book(p)).status, 'scheduled', 'the chair is free');
  });

  it('pinboard returns 409 from broken, for a stale version, and 404 for an unknown appointment', async () => {
    const p = await makePractice();
    const a = await book(p);
    await p.c.post(`/appointments/${a.id}/break`, { base_version: 1 });
    assertError(await p.c.post(`/appointments/${a.id}/pinboard`, { base_version: 2 }), 409, 'state_conflict');
    assertError(await p.c.post(`/appointments/${a.id}/pinboard`, { base_version: 1 }), 409, 'version_conflict');
    assertError(await p.c.post(`/appointments/${MISSING}/pinboard`, { base_version: 1 }), 404, 'not_found');
    await assertUnchanged(p.c, { id: a.id, version: 2 }, 2);
  });

  it('GET /appointments/pinboard lists the location\'s pinboard as a bare array, highest priority first, then oldest', async () => {
    const p = await makePractice();
    const low = await book(p, { status: 'pinboard', priority: 1 });
    const high = await book(p, { status: 'pinboard', priority: 9 });
    const low2 = await book(p, { status: 'pinboard', priority: 1 });
    await book(p);
    const loc2 = await makeLocation(p.c.orgId, { name: 'Uptown' });
    await book(p, { status: 'pinboard', location_uuid: loc2.id, operatory_uuid: undefined, priority: 50 });
    const res = await p.c.get(`/appointments/pinboard?location_uuid=${p.loc.id}`);
    assert.equal(res.status, 200);
    assert.ok(Array.isArray(res.body));
    assert.deepEqual(res.body.map((a: { id: string }) => a.id), [high.id, low.id, low2.id]);
    assert.deepEqual(res.body[0], (await p.c.get(`/appointments/${high.id}`)).body);
  });

  it('GET /appointments/pinboard returns 404 for an unknown or invisible location and 422 without location_uuid', async () => {
    const p = await makePractice();
    assertError(await p.c.get(`/appointments/pinboard?location_uuid=${MISSING}`), 404, 'not_found', ['query', 'location_uuid']);
    assertError(await p.c.get('/appointments/pinboard'), 422, 'missing', ['query', 'location_uuid']);
    const loc2 = await makeLocation(p.c.orgId, { name: 'Uptown' });
    const limited = p.c.as((await makeUserToken(p.c.orgId, 'staff', [loc2.id])).token);
    assert.equal((await limited.get(`/appointments/pinboard?location_uuid=${p.loc.id}`)).status, 404);
    assert.deepEqual((await limited.get(`/appointments/pinboard?location_uuid=${loc2.id}`)).body, []);
  });
});

describe('delete appointment', () => {
  it('DELETE returns 204, removes the appointment with its procedures and providers, and its history survives with a final `deleted` entry', async () => {
    const p = await makePractice();
    await p.c.post('/procedure-codes', { code: 'D0120', description: 'Periodic evaluation', default_fee: 58 });
    await p.c.patch(`/appointment-types/${p.type.id}`, { base_version: 1, procedure_codes_to_add: ['D0120'] });
    const a = await book(p, { appointment_type_uuid: p.type.id, provider_uuid: p.dentist.id });
    await p.c.patch(`/appointments/${a.id}`, { base_version: 1, note: 'x' });
    const res = await p.c.delete(`/appointments/${a.id}`);
    assert.equal(res.status, 204);
    assert.equal(res.body, undefined);
    assert.equal((await p.c.get(`/appointments/${a.id}`)).status, 404);
    const counts = await testPool().query(`
      SELECT (SELECT count(*) FROM appointments WHERE id = $1)::int AS a,
             (SELECT count(*) FROM appointment_procedures WHERE appointment_id = $1)::int AS procedures,
             (SELECT count(*) FROM appointment_providers WHERE appointment_id = $1)::int AS providers`, [a.id]);
    assert.deepEqual(counts.rows[0], { a: 0, procedures: 0, providers: 0 });
    const trail = await history(a.id);
    assert.deepEqual(trail.map((h) => h.action), ['created', 'updated', 'deleted']);
    assert.deepEqual(trail[2]!.changes, {
      status: { old: 'scheduled', new: null }, version: 2, patient_id: p.patient.id, location_id: p.loc.id, operatory_id: p.ops[0]!.id,
      schedule_date: '2026-03-10', start_time: '10:00:00', end_time: '11:00:00',
    });
    assert.equal((await book(p)).status, 'scheduled', 'the chair is free');
  });

  it('DELETE returns 404 for an unknown or already deleted appointment and 403 for a viewer', async () => {
    const p = await makePractice();
    const a = await book(p);
    const viewer = p.c.as((await makeUserToken(p.c.orgId, 'viewer')).token);
    assert.equal((await viewer.delete(`/appointments/${a.id}`)).status, 403);
    await assertUnchanged(p.c, a, 1);
    assert.equal((await p.c.delete(`/appointments/${a.id}`)).status, 204);
    assertError(await p.c.delete(`/appointments/${a.id}`), 404, 'not_found', ['path', 'appointment_uuid']);
    assertError(await p.c.delete(`/appointments/${MISSING}`), 404, 'not_found');
    assert.equal((await history(a.id)).filter((h) => h.action === 'deleted').length, 1);
  });
});
