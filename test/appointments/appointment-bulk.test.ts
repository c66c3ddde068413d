import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, testPool } from '../helpers.ts';
import { makeLocation, makePractice, makeUserToken } from '../factories.ts';

after(closeTestApp);

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';

/** How many appointments and history entries the organisation has. */
async function written(orgId: string): Promise<{ appointments: number; history: number }> {
  const { rows } = await testPool().query(`SELECT (SELECT count(*) FROM appointments WHERE org_id = $1)::int AS appointments,
    (SELECT count(*) FROM appointment_history WHERE org_id = $1)::int AS history`, [orgId]);
  return rows[0];
}

describe('bulk import appointments', () => {
  it('creates every valid row and reports each outcome in row order, with a created history entry each', async () => {
    const { c, body, ops } = await makePractice();
    const rows = [body(), body({ operatory_uuid: ops[1]!.id }), body({ start_time: '11:00', end_time: '12:00' })];
    const res = await c.post('/appointments/bulk', { rows });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual({ ...res.body, results: undefined }, { total: 3, created: 3, updated: 0, skipped: 0, failed: 0, validated: 0, results: undefined });
    assert.deepEqual(res.body.results.map((r: { row: number; status: string }) => [r.row, r.status]), [[0, 'created'], [1, 'created'], [2, 'created']]);
    const third = await c.get(`/appointments/${res.body.results[2].appointment_uuid}`);
    assert.equal(third.body.start_time, '2026-03-10T11:00:00-04:00');
    assert.deepEqual(await written(c.orgId), { appointments: 3, history: 3 });
  });

  it('of two conflicting rows in one batch the first is created and the second fails with slot_conflict naming it', async () => {
    const { c, body } = await makePractice();
    const res = await c.post('/appointments/bulk', { rows: [body(), body({ start_time: '10:30', end_time: '11:30' }), body({ start_time: '11:00', end_time: '12:00' })] });
    assert.equal(res.status, 200);
    const [first, second, third] = res.body.results;
    assert.equal(first.status, 'created');
    assert.equal(second.status, 'failed');
    assert.equal(second.appointment_uuid, undefined);
    assert.deepEqual(second.errors, [{
      loc: ['body', 'rows', 1], msg: second.errors[0].msg, type: 'slot_conflict',
      ctx: { kind: 'appointment', id: first.appointment_uuid, reason_code: 'APPOINTMENT_OVERLAP' },
    }]);
    assert.equal(third.status, 'created', 'back-to-back with the first');
    assert.deepEqual([res.body.created, res.body.failed], [2, 1]);
    assert.deepEqual(await written(c.orgId), { appointments: 2, history: 2 }, 'the failed row left nothing behind');
  });

  it('reports a row failing the create schema with its own errors and still creates the others', async () => {
    const { c, body } = await makePractice();
    const noPatient: Record<string, unknown> = body();
    delete noPatient.patient_uuid;
    const res = await c.post('/appointments/bulk', {
      rows: [noPatient, body({ colour: 'red' }), body({ operatory_uuid: 'op-1', priority: '3' }), body()],
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const errors = res.body.results.map((r: { errors?: { loc: unknown[]; type: string }[] }) => r.errors?.map((e) => [e.loc, e.type]));
    assert.deepEqual(errors, [
      [[['body', 'rows', 0, 'patient_uuid'], 'missing']],
      [[['body', 'rows', 1, 'colour'], 'extra_forbidden']],
      [[['body', 'rows', 2, 'operatory_uuid'], 'uuid_parsing'], [['body', 'rows', 2, 'priority'], 'int_type']],
      undefined,
    ]);
    assert.deepEqual([res.body.total, res.body.created, res.body.failed], [4, 1, 3]);
  });

  it('reports unknown references and daylight-saving gap times per row, like a single create', async () => {
    const { c, body } = await makePractice();
    const res = await c.post('/appointments/bulk', {
      rows: [body({ location_uuid: MISSING }), body({ schedule_date: '2026-03-08', start_time: '02:30', end_time: '03:30' }), body({ schedule_date: '2026-11-01', start_time: '01:30', end_time: '02:30' })],
    });
    const [unknown, gap, ambiguous] = res.body.results;
    assert.deepEqual(unknown.errors.map((e: { loc: unknown[]; type: string }) => [e.loc, e.type]), [[['body', 'rows', 0, 'location_uuid'], 'not_found']]);
    assert.deepEqual(gap.errors.map((e: { loc: unknown[]; type: string }) => [e.loc, e.type]), [[['body', 'rows', 1, 'start_time'], 'dst_gap']]);
    assert.equal(ambiguous.status, 'created');
    assert.equal((await c.get(`/appointments/${ambiguous.appointment_uuid}`)).body.start_time, '2026-11-01T01:30:00-04:00', 'the earlier 01:30');
  });

  it('dry_run reports what would happen, conflicts inside the batch included, and writes nothing', async () => {
    const { c, body } = await makePractice();
    const res = await c.post('/appointments/bulk', { rows: [body(), body({ start_time: '10:30', end_time: '11:30' }), body({ patient_uuid: MISSING })], meta: { dry_run: true } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.results.map((r: { status: string; errors?: { type: string }[] }) => [r.status, r.errors?.[0]?.type]), [
      ['validated', undefined], ['failed', 'slot_conflict'], ['failed', 'not_found'],
    ]);
    assert.equal(res.body.results[0].appointment_uuid, undefined);
    assert.deepEqual([res.body.validated, res.body.created, res.body.failed], [1, 0, 2]);
    assert.deepEqual(await written(c.orgId), { appointments: 0, history: 0 });
    assert.equal((await c.post('/appointments/bulk', { rows: [body()] })).body.created, 1, 'the slot is still free');
  });

  it('returns 422 and writes nothing for 501 rows, an empty batch or an unknown envelope field', async () => {
    const { c, body, ops } = await makePractice();
    // 501 rows that would all be valid on their own: 167 days × 3 chairs.
    const rows = Array.from({ length: 501 }, (_, i) => body({
      operatory_uuid: ops[i % 3]!.id, schedule_date: new Date(Date.UTC(2026, 3, 1 + Math.floor(i / 3))).toISOString().slice(0, 10),
    }));
    const tooMany = await c.post('/appointments/bulk', { rows });
    assert.equal(tooMany.status, 422);
    assert.deepEqual(firstIssue(tooMany).loc, ['body', 'rows']);
    assert.equal((await c.post('/appointments/bulk', { rows: [] })).status, 422);
    assert.equal((await c.post('/appointments/bulk', { rows: [body()], meta: { upsert: true } })).status, 422);
    assert.equal((await c.post('/appointments/bulk', { rows: [body()], dry_run: true })).status, 422);
    assert.deepEqual(await written(c.orgId), { appointments: 0, history: 0 });
    const fiveHundred = await c.post('/appointments/bulk', { rows: rows.slice(0, 500) });
    assert.equal(fiveHundred.body.created, 500);
  });

  it('returns 403 for a viewer, and a location-limited caller\'s rows at other locations fail with 404', async () => {
    const { c, body } = await makePractice();
    const viewer = c.as((await makeUserToken(c.orgId, 'viewer')).token);
    assert.equal((await viewer.post('/appointments/bulk', { rows: [body()] })).status, 403);
    const uptown = await makeLocation(c.orgId, { name: 'Uptown' });
    const limited = c.as((await makeUserToken(c.orgId, 'staff', [uptown.id])).token);
    const res = await limited.post('/appointments/bulk', { rows: [body()] });
    assert.deepEqual(res.body.results[0].errors.map((e: { loc: unknown[] }) => e.loc), [['body', 'rows', 0, 'location_uuid']]);
    assert.deepEqual(await written(c.orgId), { appointments: 0, history: 0 });
  });
});
