import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, testPool } from '../helpers.ts';
import { makeLocation, makeOperatory, makePractice, makeUserToken } from '../factories.ts';

after(closeTestApp);

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';

/** A practice with one scheduled appointment and two procedure codes (D0120 $58, D1110 $110). */
async function setup() {
  const p = await makePractice();
  const exam = (await p.c.post('/procedure-codes', { code: 'D0120', description: 'Periodic oral evaluation', default_fee: 58 })).body;
  const clean = (await p.c.post('/procedure-codes', { code: 'D1110', description: 'Prophylaxis - adult', default_fee: 110 })).body;
  const appt = (await p.c.post('/appointments', p.body())).body;
  return { ...p, exam, clean, appt };
}

async function historyOf(id: string) {
  return (await testPool().query('SELECT action, changes FROM appointment_history WHERE appointment_id = $1 ORDER BY created_at', [id])).rows;
}

describe('appointment procedures', () => {
  it('add returns 201 with the code as a reference, the default fee and the first position, bumps the version and production', async () => {
    const { c, appt, exam } = await setup();
    const res = await c.post(`/appointments/${appt.id}/procedures`, { base_version: 1, procedure_code_uuid: exam.id });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const p = res.body;
    assert.deepEqual(Object.keys(p).sort(), [
      'appointment', 'charted_procedure_uuid', 'created_at', 'fee', 'id', 'item_order', 'procedure_code', 'procedure_code_description',
      'procedure_code_value', 'provider', 'status', 'updated_at',
    ]);
    assert.deepEqual(p.appointment, { id: appt.id, name: null });
    assert.deepEqual(p.procedure_code, { id: exam.id, name: 'D0120' });
    assert.equal(p.procedure_code_value, 'D0120');
    assert.equal(p.procedure_code_description, 'Periodic oral evaluation');
    assert.equal(p.fee, '58.00');
    assert.equal(p.status, 'planned');
    assert.equal(p.provider, null);
    assert.equal(p.item_order, 0);
    const after = (await c.get(`/appointments/${appt.id}`)).body;
    assert.equal(after.version, 2);
    assert.equal(after.production_amount, '58.00');
    const [, added] = await historyOf(appt.id);
    assert.equal(added.action, 'procedure_added');
    assert.deepEqual(added.changes.procedure.old, null);
    assert.equal(added.changes.procedure.new.procedure_code, 'D0120');
    assert.equal(added.changes.procedure.new.fee, '58.00');
    assert.deepEqual(added.changes.production_amount, { old: '0.00', new: '58.00' });
  });

  it('takes an explicit fee, position, provider and charted procedure; without a position the next goes last; the list is a bare array by item_order', async () => {
    const { c, appt, exam, clean, dentist } = await setup();
    const charted = '0d7e3c2a-5b1f-4e9a-8c3d-2f6a1b0c9e8d';
    const first = await c.post(`/appointments/${appt.id}/procedures`, {
      base_version: 1, procedure_code_uuid: clean.id, fee: 95.5, item_order: 5, provider_uuid: dentist.id, charted_procedure_uuid: charted,
    });
    assert.equal(first.status, 201);
    assert.equal(first.body.fee, '95.50');
    assert.deepEqual(first.body.provider, { id: dentist.id, name: 'Dana Molar' });
    assert.equal(first.body.charted_procedure_uuid, charted);
    const second = await c.post(`/appointments/${appt.id}/procedures`, { base_version: 2, procedure_code_uuid: exam.id });
    assert.equal(second.body.item_order, 6);
    const third = await c.post(`/appointments/${appt.id}/procedures`, { base_version: 3, procedure_code_uuid: exam.id, item_order: 0, fee: 0 });
    assert.equal(third.body.fee, '0.00');
    const list = await c.get(`/appointments/${appt.id}/procedures`);
    assert.equal(list.status, 200);
    assert.ok(Array.isArray(list.body));
    assert.deepEqual(list.body.map((p: any) => [p.procedure_code_value, p.item_order]), [['D0120', 0], ['D1110', 5], ['D0120', 6]]);
    assert.equal((await c.get(`/appointments/${appt.id}`)).body.production_amount, '153.50');
  });

  it('add returns 404 for an unknown appointment, procedure code or provider', async () => {
    const { c, appt, exam } = await setup();
    const noAppt = await c.post(`/appointments/${MISSING}/procedures`, { base_version: 1, procedure_code_uuid: exam.id });
    assert.equal(noAppt.status, 404);
    assert.deepEqual(firstIssue(noAppt).loc, ['path', 'appointment_uuid']);
    const noCode = await c.post(`/appointments/${appt.id}/procedures`, { base_version: 1, procedure_code_uuid: MISSING });
    assert.equal(noCode.status, 404);
    assert.deepEqual(firstIssue(noCode).loc, ['body', 'procedure_code_uuid']);
    const noProvider = await c.post(`/appointments/${appt.id}/procedures`, { base_version: 1, procedure_code_uuid: exam.id, provider_uuid: MISSING });
    assert.equal(noProvider.status, 404);
    assert.deepEqual(firstIssue(noProvider).loc, ['body', 'provider_uuid']);
  });

  it('add returns 409 naming the current version when base_version is stale, and changes nothing', async () => {
    const { c, appt, exam } = await setup();
    await c.post(`/appointments/${appt.id}/procedures`, { base_version: 1, procedure_code_uuid: exam.id });
    const stale = await c.post(`/appointments/${appt.id}/procedures`, { base_version: 1, procedure_code_uuid: exam.id });
    assert.equal(stale.status, 409);
    assert.equal(firstIssue(stale).type, 'version_conflict');
    assert.match(firstIssue(stale).msg, /current version is 2/);
    assert.equal((await c.get(`/appointments/${appt.id}/procedures`)).body.length, 1);
    assert.equal((await c.get(`/appointments/${appt.id}`)).body.version, 2);
    assert.equal((await historyOf(appt.id)).length, 2);
  });

  it('add and remove return 422 for a cancelled or complete appointment, and change nothing', async () => {
    const { c, body, exam } = await setup();
    const cancelled = (await c.post('/appointments', body({ start_time: '13:00', end_time: '14:00' }))).body;
    const added = (await c.post(`/appointments/${cancelled.id}/procedures`, { base_version: 1, procedure_code_uuid: exam.id })).body;
    assert.equal((await c.post(`/appointments/${cancelled.id}/cancel`, { base_version: 2 })).status, 200);
    const refused = await c.post(`/appointments/${cancelled.id}/procedures`, { base_version: 3, procedure_code_uuid: exam.id });
    assert.equal(refused.status, 422);
    assert.match(firstIssue(refused).msg, /cancelled/);
    const notRemoved = await c.delete(`/appointments/${cancelled.id}/procedures/${added.id}?base_version=3`);
    assert.equal(notRemoved.status, 422);
    assert.equal((await c.get(`/appointments/${cancelled.id}/procedures`)).body.length, 1);
    assert.equal((await c.get(`/appointments/${cancelled.id}`)).body.version, 3);

    const done = (await c.post('/appointments', body({ start_time: '15:00', end_time: '16:00' }))).body;
    assert.equal((await c.post(`/appointments/${done.id}/transition`, { base_version: 1, status: 'complete' })).status, 200);
    const late = await c.post(`/appointments/${done.id}/procedures`, { base_version: 2, procedure_code_uuid: exam.id });
    assert.equal(late.status, 422);
    assert.match(firstIssue(late).msg, /complete/);
  });

  it('an explicitly set production amount stays when procedures change', async () => {
    const { c, appt, exam } = await setup();
    assert.equal((await c.patch(`/appointments/${appt.id}`, { base_version: 1, production_amount: 500 })).status, 200);
    await c.post(`/appointments/${appt.id}/procedures`, { base_version: 2, procedure_code_uuid: exam.id });
    const a = (await c.get(`/appointments/${appt.id}`)).body;
    assert.equal(a.production_amount, '500.00');
    const last = (await historyOf(appt.id)).at(-1)!;
    assert.equal(last.action, 'procedure_added');
    assert.equal(last.changes.production_amount, undefined);
  });

  it('remove returns 204, bumps the version, lowers production and writes procedure_removed with the code and fee', async () => {
    const { c, appt, exam, clean } = await setup();
    const a = (await c.post(`/appointments/${appt.id}/procedures`, { base_version: 1, procedure_code_uuid: exam.id })).body;
    await c.post(`/appointments/${appt.id}/procedures`, { base_version: 2, procedure_code_uuid: clean.id });
    const res = await c.delete(`/appointments/${appt.id}/procedures/${a.id}?base_version=3`);
    assert.equal(res.status, 204);
    assert.equal(res.body, undefined);
    assert.deepEqual((await c.get(`/appointments/${appt.id}/procedures`)).body.map((p: any) => p.procedure_code_value), ['D1110']);
    const after = (await c.get(`/appointments/${appt.id}`)).body;
    assert.equal(after.version, 4);
    assert.equal(after.production_amount, '110.00');
    const removed = (await historyOf(appt.id)).at(-1)!;
    assert.equal(removed.action, 'procedure_removed');
    assert.deepEqual({ code: removed.changes.procedure.old.procedure_code, fee: removed.changes.procedure.old.fee }, { code: 'D0120', fee: '58.00' });
    assert.equal(removed.changes.procedure.new, null);
    assert.deepEqual(removed.changes.production_amount, { old: '168.00', new: '110.00' });
  });

  it('remove returns 409 at query.base_version when stale, 404 for an unknown procedure or one of another appointment, 422 without base_version', async () => {
    const { c, appt, exam, body } = await setup();
    const a = (await c.post(`/appointments/${appt.id}/procedures`, { base_version: 1, procedure_code_uuid: exam.id })).body;
    const stale = await c.delete(`/appointments/${appt.id}/procedures/${a.id}?base_version=1`);
    assert.equal(stale.status, 409);
    assert.deepEqual(firstIssue(stale).loc, ['query', 'base_version']);
    assert.match(firstIssue(stale).msg, /current version is 2/);
    const unknown = await c.delete(`/appointments/${appt.id}/procedures/${MISSING}?base_version=2`);
    assert.equal(unknown.status, 404);
    assert.deepEqual(firstIssue(unknown).loc, ['path', 'procedure_uuid']);
    const other = (await c.post('/appointments', body({ start_time: '13:00', end_time: '14:00' }))).body;
    assert.equal((await c.delete(`/appointments/${other.id}/procedures/${a.id}?base_version=1`)).status, 404);
    assert.equal((await c.delete(`/appointments/${MISSING}/procedures/${a.id}?base_version=1`)).status, 404);
    const noVersion = await c.delete(`/appointments/${appt.id}/procedures/${a.id}`);
    assert.equal(noVersion.status, 422);
    assert.deepEqual(firstIssue(noVersion).loc, ['query', 'base_version']);
    assert.equal((await c.get(`/appointments/${appt.id}/procedures`)).body.length, 1, 'nothing was removed');
  });

  it('list returns 404 for an unknown appointment and for one at a location the caller cannot see; viewers may read but not write', async () => {
    const { c, appt, exam } = await setup();
    assert.equal((await c.get(`/appointments/${MISSING}/procedures`)).status, 404);
    const elsewhere = await makeLocation(c.orgId, { name: 'Uptown' });
    await makeOperatory(c.orgId, elsewhere.id);
    const limited = c.as((await makeUserToken(c.orgId, 'staff', [elsewhere.id])).token);
    assert.equal((await limited.get(`/appointments/${appt.id}/procedures`)).status, 404);
    assert.equal((await limited.post(`/appointments/${appt.id}/procedures`, { base_version: 1, procedure_code_uuid: exam.id })).status, 404);
    const viewer = c.as((await makeUserToken(c.orgId, 'viewer')).token);
    assert.equal((await viewer.get(`/appointments/${appt.id}/procedures`)).status, 200);
    assert.equal((await viewer.post(`/appointments/${appt.id}/procedures`, { base_version: 1, procedure_code_uuid: exam.id })).status, 403);
  });

  it('refuses a negative fee and unknown body fields with 422', async () => {
    const { c, appt, exam } = await setup();
    assert.equal((await c.post(`/appointments/${appt.id}/procedures`, { base_version: 1, procedure_code_uuid: exam.id, fee: -1 })).status, 422);
    assert.equal((await c.post(`/appointments/${appt.id}/procedures`, { base_version: 1, procedure_code_uuid: exam.id, status: 'complete' })).status, 422);
  });
});
