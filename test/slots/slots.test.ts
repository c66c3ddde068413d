import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Client, closeTestApp, firstIssue, newOrg, testAppAt, testPool } from '../helpers.ts';
import { makeLocation, makeUserToken } from '../factories.ts';
import { makeSlotPractice } from './slot-fixtures.ts';

after(closeTestApp);

const starts = (res: { body: { items: { start_date: string }[] } }) => res.body.items.map((s) => s.start_date);

describe('slots', () => {
  it('POST /slots returns 201 with exactly the seed\'s object (plus version); GET returns it', async () => {
    const p = await makeSlotPractice();
    const slot = await p.slot();
    assert.deepEqual(slot, {
      _object: 'slot', id: slot.id, booking_block_id: p.block.id, start_date: '2026-03-11T13:00:00.000Z', end_date: '2026-03-11T14:00:00.000Z',
      capacity: 1, status: 'active', lockable: true, locked_until: null, available: true, metadata: {},
      num_active_appointments: 0, num_cancelled_appointments: 0, num_appointments: 0,
      version: 1, created_at: slot.created_at, updated_at: slot.created_at,
    });
    assert.match(slot.id, /^[0-9a-f-]{36}$/);
    assert.match(slot.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const got = await p.c.get(`/slots/${slot.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, slot);
    const full = await p.slot({ start_date: '2026-03-11T10:00:00-04:00', end_date: '2026-03-11T10:30:00-04:00', capacity: 4, lockable: false, status: 'disabled', metadata: { ext: 'a1' } });
    assert.deepEqual([full.start_date, full.end_date, full.capacity, full.lockable, full.status, full.metadata, full.available],
      ['2026-03-11T14:00:00.000Z', '2026-03-11T14:30:00.000Z', 4, false, 'disabled', { ext: 'a1' }, false]);
  });

  it('a slot must be nameable on the location\'s wall clock: 422 otherwise, 201 across a spring-forward hour', async () => {
    const p = await makeSlotPractice();
    const cases: [string, string, string][] = [
      ['2026-03-11T14:00:00Z', '2026-03-11T13:00:00Z', 'end_date'], // end before start
      ['2026-03-11T03:30:00Z', '2026-03-11T04:30:00Z', 'start_date'], // 23:30–00:30 New York: two local dates
      ['2026-03-12T03:00:00Z', '2026-03-12T04:00:00Z', 'start_date'], // 23:00–24:00: ends at midnight
      ['2026-11-01T06:30:00Z', '2026-11-01T06:45:00Z', 'start_date'], // 01:30 EST, the repeated hour's second pass
      ['2026-03-11T13:00:00.500Z', '2026-03-11T14:00:00Z', 'start_date'], // not whole seconds
    ];
    for (const [start, end, field] of cases) {
      const res = await p.c.post('/slots', { booking_block_id: p.block.id, start_date: start, end_date: end });
      assert.equal(res.status, 422, `${start} ${JSON.stringify(res.body)}`);
      assert.deepEqual(firstIssue(res).loc, ['body', field]);
    }
    // 2026-03-08 01:00 EST – 04:00 EDT: three wall-clock hours, two real ones.
    const spring = await p.slot({ start_date: '2026-03-08T06:00:00Z', end_date: '2026-03-08T08:00:00Z' });
    assert.equal(spring.end_date, '2026-03-08T08:00:00.000Z');
    const unknown = await p.c.post('/slots', { booking_block_id: randomUUID(), start_date: '2026-03-11T13:00:00Z', end_date: '2026-03-11T14:00:00Z' });
    assert.deepEqual([unknown.status, firstIssue(unknown).loc], [404, ['body', 'booking_block_id']]);
    for (const bad of [{ capacity: 0 }, { status: 'open' }, { metadata: { k: 'v'.repeat(501) } }, { id: randomUUID() }]) {
      const res = await p.c.post('/slots', { booking_block_id: p.block.id, start_date: '2026-03-11T13:00:00Z', end_date: '2026-03-11T14:00:00Z', ...bad });
      assert.equal(res.status, 422, JSON.stringify(bad));
    }
  });

  it('GET /slots filters by booking block, status, available and start range, ordered by start, with house paging', async () => {
    const p = await makeSlotPractice();
    const past = await p.slot({ start_date: '2026-03-09T13:00:00Z', end_date: '2026-03-09T14:00:00Z' });
    const open = await p.slot();
    const off = await p.slot({ start_date: '2026-03-12T13:00:00Z', end_date: '2026-03-12T14:00:00Z', status: 'disabled' });
    const q = (query: string) => p.c.get(`/slots?${query}`);
    assert.deepEqual(starts(await q('')), [past.start_date, open.start_date, off.start_date]);
    assert.deepEqual((await q('status=disabled')).body.items.map((s: { id: string }) => s.id), [off.id]);
    assert.deepEqual((await q('available=true')).body.items.map((s: { id: string }) => s.id), [open.id]);
    assert.deepEqual((await q('available=false')).body.items.map((s: { id: string }) => s.id), [past.id, off.id]);
    assert.deepEqual((await q('start_from=2026-03-11T13:00:00Z&start_to=2026-03-12T13:00:00Z')).body.items.map((s: { id: string }) => s.id), [open.id]);
    assert.deepEqual((await q(`booking_block_id=${p.block.id}&status=active`)).body.total, 2);
    assert.deepEqual((await q(`booking_block_id=${randomUUID()}`)).body.total, 0);
    const page = await q('page=2&page_size=1');
    assert.deepEqual([page.body.items.map((s: { id: string }) => s.id), page.body.page, page.body.page_size, page.body.total], [[open.id], 2, 1, 3]);
    assert.equal((await q('page_size=201')).status, 422);
    assert.equal((await q('available=maybe')).status, 422);
  });

  it('available follows the clock: a slot that has started is not available, and the available filter agrees', async () => {
    const p = await makeSlotPractice();
    const slot = await p.slot();
    const at = async (iso: string) => {
      const c = new Client(await testAppAt(new Date(iso)), p.c.orgId, p.c.token);
      return [(await c.get(`/slots/${slot.id}`)).body.available, (await c.get('/slots?available=true')).body.total];
    };
    assert.deepEqual(await at('2026-03-11T12:59:59Z'), [true, 1]);
    assert.deepEqual(await at('2026-03-11T13:00:00Z'), [false, 0]);
    assert.deepEqual(await at('2026-03-12T00:00:00Z'), [false, 0]);
  });

  it('enable and disable return the slot (200); the version moves only when the status changes', async () => {
    const p = await makeSlotPractice();
    const slot = await p.slot();
    const off = await p.c.post(`/slots/${slot.id}/disable`);
    assert.deepEqual([off.status, off.body.status, off.body.available, off.body.version], [200, 'disabled', false, 2]);
    assert.equal((await p.c.post(`/slots/${slot.id}/disable`)).body.version, 2);
    const on = await p.c.post(`/slots/${slot.id}/enable`);
    assert.deepEqual([on.status, on.body.status, on.body.available, on.body.version], [200, 'active', true, 3]);
    assert.equal((await p.c.post(`/slots/${randomUUID()}/enable`)).status, 404);
  });

  it('PATCH changes fields at base_version (200); stale → 409; booking_block_id or status → 422', async () => {
    const p = await makeSlotPractice();
    const slot = await p.slot();
    const res = await p.c.patch(`/slots/${slot.id}`, {
      base_version: 1, capacity: 3, lockable: false, metadata: { a: 'b' }, start_date: '2026-03-11T12:00:00Z',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual([res.body.capacity, res.body.lockable, res.body.metadata, res.body.start_date, res.body.end_date, res.body.version],
      [3, false, { a: 'b' }, '2026-03-11T12:00:00.000Z', '2026-03-11T14:00:00.000Z', 2]);
    const stale = await p.c.patch(`/slots/${slot.id}`, { base_version: 1, capacity: 2 });
    assert.deepEqual([stale.status, firstIssue(stale).type], [409, 'version_conflict']);
    for (const bad of [{ booking_block_id: p.block.id }, { status: 'disabled' }, { end_date: '2026-03-11T11:00:00Z' }]) {
      assert.equal((await p.c.patch(`/slots/${slot.id}`, { base_version: 2, ...bad })).status, 422, JSON.stringify(bad));
    }
    assert.equal((await p.c.get(`/slots/${slot.id}`)).body.version, 2);
  });

  it('capacity below the scheduled appointments → 409; a new time while booked → 409; equal capacity → 200', async () => {
    const p = await makeSlotPractice();
    const slot = await p.slot({ capacity: 3 });
    for (let n = 0; n < 2; n++) assert.equal((await p.c.post(`/slots/${slot.id}/appointments`, p.booking())).status, 201);
    const low = await p.c.patch(`/slots/${slot.id}`, { base_version: 1, capacity: 1 });
    assert.deepEqual([low.status, firstIssue(low).type, firstIssue(low).loc], [409, 'state_conflict', ['body', 'capacity']]);
    const moved = await p.c.patch(`/slots/${slot.id}`, { base_version: 1, end_date: '2026-03-11T14:30:00Z' });
    assert.deepEqual([moved.status, firstIssue(moved).type], [409, 'state_conflict']);
    const same = await p.c.patch(`/slots/${slot.id}`, { base_version: 1, capacity: 2, end_date: '2026-03-11T14:00:00Z' });
    assert.deepEqual([same.status, same.body.capacity, same.body.available, same.body.num_active_appointments], [200, 2, false, 2]);
  });

  it('DELETE: 409 in_use with scheduled appointments; with only cancelled ones 204, which keeps them unlinked; then 404', async () => {
    const p = await makeSlotPractice();
    const slot = await p.slot();
    const a = (await p.c.post(`/slots/${slot.id}/appointments`, p.booking())).body;
    const busy = await p.c.delete(`/slots/${slot.id}`);
    assert.deepEqual([busy.status, firstIssue(busy).type], [409, 'in_use']);
    assert.equal((await p.c.post(`/appointments/${a.id}/cancel`, { base_version: 1 })).status, 200);
    assert.equal((await p.c.delete(`/slots/${slot.id}`)).status, 204);
    assert.equal((await p.c.get(`/slots/${slot.id}`)).status, 404);
    assert.equal((await p.c.delete(`/slots/${slot.id}`)).status, 404);
    assert.equal((await p.c.get(`/appointments/${a.id}`)).body.status, 'cancelled');
    const { rows } = await testPool().query('SELECT slot_id FROM appointments WHERE org_id = $1 AND id = $2', [p.c.orgId, a.id]);
    assert.deepEqual(rows, [{ slot_id: null }]);
  });

  it('another organisation and a user limited to other locations get 404 and change nothing', async () => {
    const p = await makeSlotPractice();
    const slot = await p.slot();
    const stranger = await newOrg();
    const other = await makeLocation(p.c.orgId, { name: 'Uptown' });
    const limited = p.c.as((await makeUserToken(p.c.orgId, 'staff', [other.id])).token);
    for (const c of [stranger, limited]) {
      assert.equal((await c.get(`/slots/${slot.id}`)).status, 404);
      assert.equal((await c.patch(`/slots/${slot.id}`, { base_version: 1, capacity: 5 })).status, 404);
      assert.equal((await c.post(`/slots/${slot.id}/disable`)).status, 404);
      assert.equal((await c.delete(`/slots/${slot.id}`)).status, 404);
      assert.equal((await c.get('/slots')).body.total, 0);
      assert.equal((await c.post(`/slots/${slot.id}/appointments`, p.booking())).status, 404);
      assert.equal((await c.post(`/slots/${slot.id}/lock`)).status, 404);
    }
    assert.equal((await limited.post('/slots', { booking_block_id: p.block.id, start_date: '2026-03-11T13:00:00Z', end_date: '2026-03-11T14:00:00Z' })).status, 404);
    assert.deepEqual((await p.c.get(`/slots/${slot.id}`)).body, slot);
  });

  it('a token limited to availability:read may read slots but not create, change or book (403)', async () => {
    const p = await makeSlotPractice();
    const slot = await p.slot();
    const scoped = p.c.as((await p.c.post(`/users/${p.c.adminUserId}/tokens`, { scopes: ['availability:read'] })).body.token);
    assert.equal((await scoped.get(`/slots/${slot.id}`)).status, 200);
    assert.equal((await scoped.get('/slots')).status, 200);
    assert.equal((await scoped.post('/slots', { booking_block_id: p.block.id, start_date: '2026-03-11T13:00:00Z', end_date: '2026-03-11T14:00:00Z' })).status, 403);
    assert.equal((await scoped.post(`/slots/${slot.id}/disable`)).status, 403);
    assert.equal((await scoped.post(`/slots/${slot.id}/lock`)).status, 403);
    assert.equal((await scoped.post(`/slots/${slot.id}/appointments`, p.booking())).status, 403);
  });
});
