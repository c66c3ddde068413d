import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { closeTestApp, firstIssue, testPool } from '../helpers.ts';
import { makeSlotPractice } from './slot-fixtures.ts';

after(closeTestApp);

/** Makes every hold of the organisation expire now, as the clock would a few minutes later. */
async function expireHolds(orgId: string): Promise<void> {
  await testPool().query("UPDATE holds SET expires_at = now() - interval '1 second' WHERE org_id = $1", [orgId]);
}

describe('slot locks', () => {
  it('POST /slots/{id}/lock returns 200 with the slot locked until the hold expires and its hold_token; the hold takes the first free chair and provider', async () => {
    const p = await makeSlotPractice();
    const slot = await p.slot({ capacity: 2 });
    const res = await p.c.post(`/slots/${slot.id}/lock`, { ttl_seconds: 120, patient_uuid: p.patient.id });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.match(res.body.hold_token, /^ht_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual([res.body._object, res.body.id, res.body.available, res.body.version], ['slot', slot.id, false, 1]);
    const hold = (await p.c.get(`/holds/${res.body.hold_id}`)).body;
    assert.equal(res.body.locked_until, hold.expires_at);
    const ttl = Date.parse(hold.expires_at) - Date.parse(hold.created_at);
    assert.ok(ttl > 119_000 && ttl < 121_000, `ttl ${ttl}`);
    assert.deepEqual([hold.operatory.id, hold.providers.map((x: { id: string }) => x.id), hold.start_at, hold.end_at],
      [p.ops[0]!.id, [p.hygienist.id], '2026-03-11T09:00:00-04:00', '2026-03-11T10:00:00-04:00']);
    const got = (await p.c.get(`/slots/${slot.id}`)).body;
    assert.deepEqual([got.locked_until, got.available, got.hold_token], [hold.expires_at, false, undefined]);
    // The lock is taken time for everyone: a direct booking in its chair meets the hold.
    const direct = await p.c.post('/appointments', p.body({ schedule_date: '2026-03-11', start_time: '09:00', end_time: '09:30' }));
    assert.deepEqual([direct.status, direct.body.detail[0].ctx.kind], [409, 'hold']);
  });

  it('409 slot_locked when already locked or not lockable, slot_disabled when disabled, slot_full when full; 404 unknown slot or patient', async () => {
    const p = await makeSlotPractice();
    const slot = await p.slot();
    assert.equal((await p.c.post(`/slots/${slot.id}/lock`)).status, 200);
    const twice = await p.c.post(`/slots/${slot.id}/lock`);
    assert.deepEqual([twice.status, firstIssue(twice).type], [409, 'slot_locked']);
    const fixed = await p.slot({ start_date: '2026-03-12T13:00:00Z', end_date: '2026-03-12T14:00:00Z', lockable: false });
    const refused = await p.c.post(`/slots/${fixed.id}/lock`);
    assert.deepEqual([refused.status, firstIssue(refused).type, firstIssue(refused).msg], [409, 'slot_locked', 'The slot is not lockable']);
    const off = await p.slot({ start_date: '2026-03-13T13:00:00Z', end_date: '2026-03-13T14:00:00Z', status: 'disabled' });
    assert.equal(firstIssue(await p.c.post(`/slots/${off.id}/lock`)).type, 'slot_disabled');
    const full = await p.slot({ start_date: '2026-03-16T13:00:00Z', end_date: '2026-03-16T14:00:00Z' });
    assert.equal((await p.c.post(`/slots/${full.id}/appointments`, p.booking())).status, 201);
    assert.equal(firstIssue(await p.c.post(`/slots/${full.id}/lock`)).type, 'slot_full');
    assert.equal((await p.c.post(`/slots/${randomUUID()}/lock`)).status, 404);
    const nobody = await p.c.post(`/slots/${fixed.id}/lock`, { patient_uuid: randomUUID() });
    assert.deepEqual([nobody.status, firstIssue(nobody).loc], [404, ['body', 'patient_uuid']]);
    assert.equal((await p.c.post(`/slots/${off.id}/lock`, { ttl_seconds: 29 })).status, 422);
    const { rows: [n] } = await testPool().query('SELECT count(*)::int AS n FROM holds WHERE org_id = $1', [p.c.orgId]);
    assert.equal(n.n, 1);
  });

  it('a locked slot refuses other bookings with 409 slot_locked; the lock\'s hold_token books it (201) in the held place', async () => {
    const p = await makeSlotPractice();
    const slot = await p.slot({ capacity: 2 });
    const lock = (await p.c.post(`/slots/${slot.id}/lock`)).body;
    const other = await p.c.post(`/slots/${slot.id}/appointments`, p.booking());
    assert.deepEqual([other.status, firstIssue(other).type], [409, 'slot_locked']);
    const stranger = await p.c.post(`/slots/${slot.id}/appointments`, p.booking({ hold_token: `ht_${'x'.repeat(43)}` }));
    assert.deepEqual([stranger.status, firstIssue(stranger).type], [409, 'slot_locked']);
    const mine = await p.c.post('/appointments', { patient_uuid: p.patient.id, location_uuid: p.loc.id, slot_uuid: slot.id, hold_token: lock.hold_token });
    assert.equal(mine.status, 201, JSON.stringify(mine.body));
    assert.deepEqual([mine.body.operatory.id, mine.body.provider.id, mine.body.start_time], [p.ops[0]!.id, p.hygienist.id, '2026-03-11T09:00:00-04:00']);
    assert.equal((await p.c.get(`/holds/${lock.hold_id}`)).status, 404);
    const after = (await p.c.get(`/slots/${slot.id}`)).body;
    assert.deepEqual([after.locked_until, after.num_active_appointments, after.available], [null, 1, true]);
    assert.equal((await p.c.post(`/slots/${slot.id}/appointments`, p.booking())).status, 201);
  });

  it('unlock releases the lock (200, idempotent) and frees the slot and its chair; an expired lock stops counting at once', async () => {
    const p = await makeSlotPractice();
    const slot = await p.slot();
    const lock = (await p.c.post(`/slots/${slot.id}/lock`)).body;
    const res = await p.c.post(`/slots/${slot.id}/unlock`);
    assert.deepEqual([res.status, res.body.locked_until, res.body.available], [200, null, true]);
    assert.equal((await p.c.get(`/holds/${lock.hold_id}`)).status, 404);
    assert.equal((await p.c.post(`/slots/${slot.id}/unlock`)).status, 200);
    assert.equal((await p.c.post(`/slots/${randomUUID()}/unlock`)).status, 404);
    const late = await p.c.post(`/slots/${slot.id}/appointments`, p.booking({ hold_token: lock.hold_token }));
    assert.deepEqual([late.status, firstIssue(late).type], [409, 'hold_invalid']);
    await p.c.post(`/slots/${slot.id}/lock`);
    await expireHolds(p.c.orgId);
    assert.deepEqual([(await p.c.get(`/slots/${slot.id}`)).body.available, (await p.c.get(`/slots/${slot.id}`)).body.locked_until], [true, null]);
    assert.equal((await p.c.post(`/slots/${slot.id}/appointments`, p.booking())).status, 201);
  });

  it('PATCH of a locked slot\'s time → 409 slot_locked; deleting a locked slot releases its hold', async () => {
    const p = await makeSlotPractice();
    const slot = await p.slot();
    const lock = (await p.c.post(`/slots/${slot.id}/lock`)).body;
    const moved = await p.c.patch(`/slots/${slot.id}`, { base_version: 1, start_date: '2026-03-11T12:00:00Z' });
    assert.deepEqual([moved.status, firstIssue(moved).type], [409, 'slot_locked']);
    assert.equal((await p.c.delete(`/slots/${slot.id}`)).status, 204);
    assert.equal((await p.c.get(`/holds/${lock.hold_id}`)).status, 404);
  });

  it('a token limited to booking:write may lock, book and unlock, but not create slots (403)', async () => {
    const p = await makeSlotPractice();
    const slot = await p.slot({ capacity: 2 });
    const widget = p.c.as((await p.c.post(`/users/${p.c.adminUserId}/tokens`, { scopes: ['booking:write'] })).body.token);
    const lock = await widget.post(`/slots/${slot.id}/lock`);
    assert.equal(lock.status, 200);
    assert.equal((await widget.post(`/slots/${slot.id}/appointments`, p.booking({ hold_token: lock.body.hold_token }))).status, 201);
    assert.equal((await widget.post(`/slots/${slot.id}/unlock`)).status, 200);
    assert.equal((await widget.post('/slots', { booking_block_id: p.block.id, start_date: '2026-03-12T13:00:00Z', end_date: '2026-03-12T14:00:00Z' })).status, 403);
    assert.equal((await widget.get(`/slots/${slot.id}`)).status, 403);
  });
});
