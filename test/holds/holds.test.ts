import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, newOrg, testPool } from '../helpers.ts';
import { makePractice } from '../factories.ts';

after(closeTestApp);

/** Makes every hold of the organisation expire now, as the clock would a few minutes later. */
async function expireHolds(orgId: string): Promise<void> {
  await testPool().query("UPDATE holds SET expires_at = now() - interval '1 second' WHERE org_id = $1", [orgId]);
}

describe('holds', () => {
  it('POST /holds returns 201 with a token shown once; the held time refuses other bookings with 409 until the token books it', async () => {
    const p = await makePractice();
    const res = await p.c.post('/holds', {
      location_uuid: p.loc.id, operatory_uuid: p.ops[0]!.id, provider_uuids: [p.dentist.id],
      schedule_date: '2026-03-11', start_time: '09:00', end_time: '09:30', ttl_seconds: 120,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.match(res.body.hold_token, /^ht_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual([res.body.status, res.body.start_at, res.body.end_at, res.body.operatory.id, res.body.providers.map((x: { id: string }) => x.id)],
      ['held', '2026-03-11T09:00:00-04:00', '2026-03-11T09:30:00-04:00', p.ops[0]!.id, [p.dentist.id]]);
    const ttl = Date.parse(res.body.expires_at) - Date.parse(res.body.created_at);
    assert.ok(ttl > 119_000 && ttl < 121_000, `ttl ${ttl}`);
    const got = await p.c.get(`/holds/${res.body.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.hold_token, undefined);

    // Someone else: the chair, and the held provider in another chair, are taken; another hold too.
    const chair = await p.c.post('/appointments', p.body({ schedule_date: '2026-03-11', start_time: '09:15', end_time: '09:45' }));
    assert.equal(chair.status, 409);
    assert.deepEqual(chair.body.detail.map((d: { ctx: { kind: string; id: string } }) => [d.ctx.kind, d.ctx.id]), [['hold', res.body.id]]);
    const provider = await p.c.post('/appointments', p.body({ operatory_uuid: p.ops[1]!.id, provider_uuid: p.dentist.id, schedule_date: '2026-03-11', start_time: '09:00', end_time: '09:20' }));
    assert.equal(provider.status, 409);
    assert.equal(provider.body.detail[0].ctx.reason_code, 'HELD_TIME_CONFLICT');
    const twice = await p.c.post('/holds', { location_uuid: p.loc.id, operatory_uuid: p.ops[0]!.id, schedule_date: '2026-03-11', start_time: '09:20', end_time: '10:00' });
    assert.equal(twice.status, 409);
    const preview = await p.c.post('/appointments/check-conflicts', {
      location_uuid: p.loc.id, operatory_uuid: p.ops[0]!.id, schedule_date: '2026-03-11', start_time: '09:00', end_time: '09:30',
    });
    assert.deepEqual([preview.body.reason_codes, preview.body.conflicts.holds.map((h: { id: string }) => h.id)], [['HELD_TIME_CONFLICT'], [res.body.id]]);

    // The holder: the token books the held place (chair, provider and time are its defaults) and the hold is gone.
    const booked = await p.c.post('/appointments', { patient_uuid: p.patient.id, location_uuid: p.loc.id, hold_token: res.body.hold_token });
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    assert.deepEqual([booked.body.operatory.id, booked.body.provider.id, booked.body.start_time, booked.body.end_time, booked.body.status],
      [p.ops[0]!.id, p.dentist.id, '2026-03-11T09:00:00-04:00', '2026-03-11T09:30:00-04:00', 'scheduled']);
    assert.equal((await p.c.get(`/holds/${res.body.id}`)).status, 404);
    const history = await p.c.get(`/appointments/${booked.body.id}/history`);
    assert.equal(history.body.items.at(-1).changes.hold_id, res.body.id);
    // A token works once.
    const again = await p.c.post('/appointments', { patient_uuid: p.patient.id, location_uuid: p.loc.id, hold_token: res.body.hold_token });
    assert.equal(again.status, 409);
    assert.equal(firstIssue(again).type, 'hold_invalid');
  });

  it('an expired hold stops counting at once: its token gets 409 hold_expired and anyone may book the time (201)', async () => {
    const p = await makePractice();
    const hold = (await p.c.post('/holds', { location_uuid: p.loc.id, operatory_uuid: p.ops[0]!.id, schedule_date: '2026-03-11', start_time: '10:00', end_time: '11:00' })).body;
    await expireHolds(p.c.orgId);
    assert.equal((await p.c.get(`/holds/${hold.id}`)).body.status, 'expired');
    const late = await p.c.post('/appointments', { patient_uuid: p.patient.id, location_uuid: p.loc.id, hold_token: hold.hold_token });
    assert.equal(late.status, 409);
    assert.equal(firstIssue(late).type, 'hold_expired');
    const other = await p.c.post('/appointments', p.body({ schedule_date: '2026-03-11', start_time: '10:00', end_time: '11:00' }));
    assert.equal(other.status, 201);
    // A new hold may cover an expired one's time as well.
    assert.equal((await p.c.post('/holds', { location_uuid: p.loc.id, operatory_uuid: p.ops[1]!.id, schedule_date: '2026-03-11', start_time: '10:00', end_time: '11:00' })).status, 201);
  });

  it('DELETE releases a hold (204) and frees its time; a second DELETE is 404', async () => {
    const p = await makePractice();
    const hold = (await p.c.post('/holds', { location_uuid: p.loc.id, operatory_uuid: p.ops[0]!.id, schedule_date: '2026-03-12', start_time: '08:00', end_time: '08:30' })).body;
    assert.equal((await p.c.delete(`/holds/${hold.id}`)).status, 204);
    assert.equal((await p.c.delete(`/holds/${hold.id}`)).status, 404);
    assert.equal((await p.c.post('/appointments', p.body({ schedule_date: '2026-03-12', start_time: '08:00', end_time: '08:30' }))).status, 201);
    const late = await p.c.post('/appointments', { patient_uuid: p.patient.id, location_uuid: p.loc.id, hold_token: hold.hold_token });
    assert.equal(firstIssue(late).type, 'hold_invalid');
  });

  it('without an operatory the first free chair in display order is held; instants are accepted; 409 when no chair is free', async () => {
    const p = await makePractice();
    assert.equal((await p.c.post('/appointments', p.body({ schedule_date: '2026-03-12', start_time: '09:00', end_time: '10:00' }))).status, 201);
    const res = await p.c.post('/holds', { location_uuid: p.loc.id, start_at: '2026-03-12T13:00:00Z', end_at: '2026-03-12T14:00:00Z' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual([res.body.operatory.id, res.body.schedule_date, res.body.start_time], [p.ops[1]!.id, '2026-03-12', '09:00:00']);
    for (const op of p.ops.slice(2)) {
      assert.equal((await p.c.post('/holds', { location_uuid: p.loc.id, operatory_uuid: op.id, schedule_date: '2026-03-12', start_time: '09:00', end_time: '10:00' })).status, 201);
    }
    const none = await p.c.post('/holds', { location_uuid: p.loc.id, schedule_date: '2026-03-12', start_time: '09:30', end_time: '09:45' });
    assert.equal(none.status, 409);
    assert.equal(firstIssue(none).type, 'slot_conflict');
  });

  it('refuses bad holds with 422 or 404 and writes nothing', async () => {
    const p = await makePractice();
    const base = { location_uuid: p.loc.id, operatory_uuid: p.ops[0]!.id };
    const cases: [object, number, string, (string | number)[]][] = [
      [{ ...base, schedule_date: '2026-03-12', start_time: '09:00', end_time: '09:30', start_at: '2026-03-12T13:00:00Z', end_at: '2026-03-12T13:30:00Z' }, 422, 'value_error', ['body', 'start_at']],
      [{ ...base, schedule_date: '2026-03-12', start_time: '09:00' }, 422, 'missing', ['body', 'end_time']],
      [{ ...base, schedule_date: '2026-03-12', start_time: '09:00', end_time: '09:30', ttl_seconds: 10 }, 422, 'greater_than_equal', ['body', 'ttl_seconds']],
      [{ ...base, schedule_date: '2026-03-12', start_time: '09:00', end_time: '09:30', ttl_seconds: 1801 }, 422, 'less_than_equal', ['body', 'ttl_seconds']],
      [{ ...base, schedule_date: '2026-03-08', start_time: '02:30', end_time: '03:30' }, 422, 'dst_gap', ['body', 'start_time']],
      [{ ...base, start_at: '2026-03-12T13:00:00Z', end_at: '2026-03-13T13:00:00Z' }, 422, 'value_error', ['body', 'end_at']],
      [{ ...base, location_uuid: '00000000-0000-4000-8000-000000000000', schedule_date: '2026-03-12', start_time: '09:00', end_time: '09:30' }, 404, 'not_found', ['body', 'location_uuid']],
      [{ ...base, provider_uuids: ['00000000-0000-4000-8000-000000000000'], schedule_date: '2026-03-12', start_time: '09:00', end_time: '09:30' }, 404, 'not_found', ['body', 'provider_uuids']],
    ];
    for (const [body, status, type, loc] of cases) {
      const res = await p.c.post('/holds', body);
      assert.equal(res.status, status, `${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
      assert.deepEqual([firstIssue(res).type, firstIssue(res).loc], [type, loc]);
    }
    const { rows } = await testPool().query('SELECT count(*)::int AS n FROM holds WHERE org_id = $1', [p.c.orgId]);
    assert.equal(rows[0].n, 0);
  });

  it('a token must name this organisation\'s hold at the booking\'s location, and the booking must stay inside it (409 / 422)', async () => {
    const p = await makePractice();
    const other = await newOrg();
    const foreignLoc = (await other.post('/locations', { name: 'Far', timezone: 'America/New_York' })).body;
    const foreignOp = (await other.post('/operatories', { location_uuid: foreignLoc.id, name: 'Op' })).body;
    const foreign = (await other.post('/holds', { location_uuid: foreignLoc.id, operatory_uuid: foreignOp.id, schedule_date: '2026-03-12', start_time: '09:00', end_time: '09:30' })).body;
    const hold = (await p.c.post('/holds', { location_uuid: p.loc.id, operatory_uuid: p.ops[0]!.id, schedule_date: '2026-03-12', start_time: '09:00', end_time: '09:30' })).body;
    const book = (over: object) => p.c.post('/appointments', { patient_uuid: p.patient.id, location_uuid: p.loc.id, hold_token: hold.hold_token, ...over });
    for (const [over, status, type] of [
      [{ hold_token: foreign.hold_token }, 409, 'hold_invalid'],
      [{ hold_token: 'ht_nope' }, 409, 'hold_invalid'],
      [{ operatory_uuid: p.ops[1]!.id }, 422, 'value_error'],
      [{ schedule_date: '2026-03-12', start_time: '09:15', end_time: '09:45' }, 422, 'value_error'],
      [{ status: 'planned' }, 422, 'value_error'],
    ] as const) {
      const res = await book(over);
      assert.deepEqual([res.status, firstIssue(res).type], [status, type], JSON.stringify(over));
    }
    // Nothing was written and the hold still stands; a booking inside it (09:00–09:20) converts it.
    assert.equal((await p.c.get(`/holds/${hold.id}`)).body.status, 'held');
    const inside = await book({ schedule_date: '2026-03-12', start_time: '09:00', end_time: '09:20' });
    assert.equal(inside.status, 201);
  });

  it('a token limited to booking:write may hold and book; availability:read may not hold (403)', async () => {
    const p = await makePractice();
    const tokenFor = async (scopes: string[]) => (await p.c.post(`/users/${p.c.adminUserId}/tokens`, { scopes })).body.token as string;
    const widget = p.c.as(await tokenFor(['availability:read', 'booking:write']));
    const hold = await widget.post('/holds', { location_uuid: p.loc.id, schedule_date: '2026-03-12', start_time: '11:00', end_time: '11:30' });
    assert.equal(hold.status, 201);
    assert.equal((await widget.post('/appointments', { patient_uuid: p.patient.id, location_uuid: p.loc.id, hold_token: hold.body.hold_token })).status, 201);
    assert.equal((await widget.get('/patients')).status, 403);
    const reader = p.c.as(await tokenFor(['availability:read']));
    assert.equal((await reader.post('/holds', { location_uuid: p.loc.id, schedule_date: '2026-03-12', start_time: '12:00', end_time: '12:30' })).status, 403);
  });
});
