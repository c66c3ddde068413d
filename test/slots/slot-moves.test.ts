// What a move, a place and a transition do to an appointment booked into a slot (issue 11): it keeps its place
// while it stays within the slot (time and block chairs), leaves the slot when put anywhere else, and takes its
// place again — or is refused like a new booking — when it comes back from broken, pinboard or planned.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, testPool } from '../helpers.ts';
import { makeOperatory } from '../factories.ts';
import { makeSlotPractice } from './slot-fixtures.ts';

after(closeTestApp);

const counts = (s: { num_active_appointments: number; num_cancelled_appointments: number; num_appointments: number; available: boolean }) =>
  [s.num_active_appointments, s.num_cancelled_appointments, s.num_appointments, s.available];

/** A practice with one slot (2026-03-11 09:00–10:00 New York) and `book()`: a booking into it (201 expected). */
async function slotted(over: Record<string, unknown> = {}) {
  const p = await makeSlotPractice();
  const slot = await p.slot(over);
  const book = async (body: Record<string, unknown> = {}) => {
    const res = await p.c.post(`/slots/${slot.id}/appointments`, p.booking(body));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };
  const slotNow = async () => (await p.c.get(`/slots/${slot.id}`)).body;
  const at = (start: string, end: string, more: Record<string, unknown> = {}) => ({ schedule_date: '2026-03-11', start_time: start, end_time: end, ...more });
  return { ...p, slot, book, slotNow, at };
}

describe('slot_uuid on the Appointment', () => {
  it('a booking into a slot answers 201 with slot_uuid; GET, the list and the pinboard show it; a direct booking has null', async () => {
    const p = await slotted();
    const a = await p.book();
    assert.equal(a.slot_uuid, p.slot.id);
    assert.equal((await p.c.get(`/appointments/${a.id}`)).body.slot_uuid, p.slot.id);
    const direct = await p.c.post('/appointments', p.body());
    assert.deepEqual([direct.status, direct.body.slot_uuid], [201, null]);
    const list = (await p.c.get(`/appointments?location_uuid=${p.loc.id}&date_from=2026-03-10&date_to=2026-03-11`)).body;
    assert.deepEqual(Object.fromEntries(list.items.map((x: { id: string; slot_uuid: string | null }) => [x.id, x.slot_uuid])),
      { [a.id]: p.slot.id, [direct.body.id]: null });
    assert.equal((await p.c.post(`/appointments/${a.id}/pinboard`, { base_version: 1 })).status, 200);
    const board = (await p.c.get(`/appointments/pinboard?location_uuid=${p.loc.id}`)).body;
    assert.deepEqual(board.map((x: { slot_uuid: string }) => x.slot_uuid), [p.slot.id]);
  });
});

describe('moving an appointment of a slot', () => {
  it('a move within the slot\'s time and block chairs keeps it in the slot (200); a move out of its time takes it out and frees the place', async () => {
    const p = await slotted();
    const a = await p.book();
    const within = await p.c.post(`/appointments/${a.id}/move`, { base_version: 1, ...p.at('09:30', '10:00', { operatory_uuid: p.ops[1]!.id }) });
    assert.deepEqual([within.status, within.body.slot_uuid, within.body.start_time], [200, p.slot.id, '2026-03-11T09:30:00-04:00']);
    assert.deepEqual(counts(await p.slotNow()), [1, 0, 1, false]);
    // 09:30–10:30 runs past the slot's end: the appointment leaves the slot.
    const out = await p.c.post(`/appointments/${a.id}/move`, { base_version: 2, ...p.at('09:30', '10:30') });
    assert.deepEqual([out.status, out.body.slot_uuid, out.body.status], [200, null, 'scheduled']);
    assert.deepEqual(counts(await p.slotNow()), [0, 0, 0, true]);
    const history = (await p.c.get(`/appointments/${a.id}/history`)).body.items;
    assert.deepEqual(history[0].changes.slot_id, { old: p.slot.id, new: null });
    assert.equal(history[1].changes.slot_id, undefined, 'the move within the slot changed no slot');
    // The freed place books again; moving back into the slot's time does not rejoin it.
    assert.equal((await p.book()).slot_uuid, p.slot.id);
    const back = await p.c.post(`/appointments/${a.id}/move`, { base_version: 3, ...p.at('09:00', '10:00', { operatory_uuid: p.ops[2]!.id }) });
    assert.deepEqual([back.status, back.body.slot_uuid], [200, null]);
    assert.deepEqual(counts(await p.slotNow()), [1, 0, 1, false]);
  });

  it('PATCH within the slot keeps its place; PATCH out of its time takes it out of the slot and frees the place', async () => {
    const p = await slotted();
    const a = await p.book();
    const within = await p.c.patch(`/appointments/${a.id}`, { base_version: 1, ...p.at('09:15', '09:45') });
    assert.deepEqual([within.status, within.body.slot_uuid], [200, p.slot.id]);
    assert.deepEqual(counts(await p.slotNow()), [1, 0, 1, false]);
    const out = await p.c.patch(`/appointments/${a.id}`, { base_version: 2, ...p.at('11:00', '11:30') });
    assert.deepEqual([out.status, out.body.slot_uuid, out.body.status], [200, null, 'scheduled']);
    assert.deepEqual(counts(await p.slotNow()), [0, 0, 0, true]);
    const [last] = (await p.c.get(`/appointments/${a.id}/history`)).body.items;
    assert.deepEqual(last.changes.slot_id, { old: p.slot.id, new: null });
  });

  it('a move into a chair that does not serve the booking block takes it out of the slot, even at the same time', async () => {
    const p = await slotted();
    const a = await p.book();
    const outside = await makeOperatory(p.c.orgId, p.loc.id, 'Op 4');
    const res = await p.c.post(`/appointments/${a.id}/move`, { base_version: 1, ...p.at('09:00', '10:00', { operatory_uuid: outside.id }) });
    assert.deepEqual([res.status, res.body.slot_uuid, res.body.operatory.id], [200, null, outside.id]);
    assert.deepEqual(counts(await p.slotNow()), [0, 0, 0, true]);
  });

  it('a scheduled appointment rescheduled within its slot keeps its place although the slot was disabled and filled meanwhile', async () => {
    const p = await slotted({ capacity: 2 });
    const a = await p.book();
    await p.book();
    await p.c.post(`/slots/${p.slot.id}/disable`);
    const res = await p.c.post(`/appointments/${a.id}/move`, { base_version: 1, ...p.at('09:15', '10:00') });
    assert.deepEqual([res.status, res.body.slot_uuid], [200, p.slot.id]);
    assert.deepEqual(counts(await p.slotNow()), [2, 0, 2, false]);
  });

  it('a broken appointment moved back within its slot takes its place again: 409 slot_full, slot_disabled, slot_locked, and nothing changes', async () => {
    const p = await slotted();
    const a = await p.book();
    assert.equal((await p.c.post(`/appointments/${a.id}/break`, { base_version: 1 })).status, 200);
    const other = await p.book({ operatory_uuid: p.ops[1]!.id });
    const full = await p.c.post(`/appointments/${a.id}/move`, { base_version: 2, ...p.at('09:00', '10:00') });
    assert.deepEqual([full.status, firstIssue(full).type], [409, 'slot_full']);
    const still = (await p.c.get(`/appointments/${a.id}`)).body;
    assert.deepEqual([still.status, still.version, still.slot_uuid], ['broken', 2, p.slot.id]);
    assert.deepEqual(counts(await p.slotNow()), [1, 1, 2, false]);

    assert.equal((await p.c.post(`/appointments/${other.id}/cancel`, { base_version: 1 })).status, 200);
    await p.c.post(`/slots/${p.slot.id}/disable`);
    const off = await p.c.post(`/appointments/${a.id}/move`, { base_version: 2, ...p.at('09:00', '10:00') });
    assert.deepEqual([off.status, firstIssue(off).type], [409, 'slot_disabled']);
    await p.c.post(`/slots/${p.slot.id}/enable`);
    const lock = await p.c.post(`/slots/${p.slot.id}/lock`);
    assert.equal(lock.status, 200, JSON.stringify(lock.body));
    const locked = await p.c.post(`/appointments/${a.id}/move`, { base_version: 2, ...p.at('09:00', '10:00', { operatory_uuid: p.ops[2]!.id }) });
    assert.deepEqual([locked.status, firstIssue(locked).type], [409, 'slot_locked']);
    await p.c.post(`/slots/${p.slot.id}/unlock`);

    const ok = await p.c.post(`/appointments/${a.id}/move`, { base_version: 2, ...p.at('09:00', '10:00') });
    assert.deepEqual([ok.status, ok.body.status, ok.body.slot_uuid], [200, 'scheduled', p.slot.id]);
    assert.deepEqual(counts(await p.slotNow()), [1, 1, 2, false]);
  });

  it('a broken appointment moved elsewhere leaves its full slot without a capacity check (200)', async () => {
    const p = await slotted();
    const a = await p.book();
    await p.c.post(`/appointments/${a.id}/break`, { base_version: 1 });
    await p.book({ operatory_uuid: p.ops[1]!.id });
    const res = await p.c.post(`/appointments/${a.id}/move`, { base_version: 2, schedule_date: '2026-03-12', start_time: '09:00', end_time: '10:00' });
    assert.deepEqual([res.status, res.body.status, res.body.slot_uuid], [200, 'scheduled', null]);
    assert.deepEqual(counts(await p.slotNow()), [1, 0, 1, false]);
  });
});

describe('placing and transitioning an appointment of a slot', () => {
  it('place from the pinboard within the full slot → 409 slot_full; within it once a place is free → 200 in the slot; elsewhere → 200 out of it', async () => {
    const p = await slotted();
    const a = await p.book();
    assert.equal((await p.c.post(`/appointments/${a.id}/pinboard`, { base_version: 1 })).status, 200);
    assert.deepEqual(counts(await p.slotNow()), [0, 0, 1, true], 'a pinboard appointment holds no place');
    const other = await p.book({ operatory_uuid: p.ops[1]!.id });
    const full = await p.c.post(`/appointments/${a.id}/place`, { base_version: 2, ...p.at('09:00', '10:00', { operatory_uuid: p.ops[0]!.id }) });
    assert.deepEqual([full.status, firstIssue(full).type], [409, 'slot_full']);
    assert.equal((await p.c.get(`/appointments/${a.id}`)).body.status, 'pinboard');

    await p.c.post(`/appointments/${other.id}/break`, { base_version: 1 });
    const placed = await p.c.post(`/appointments/${a.id}/place`, { base_version: 2, ...p.at('09:00', '10:00', { operatory_uuid: p.ops[0]!.id }) });
    assert.deepEqual([placed.status, placed.body.status, placed.body.slot_uuid], [200, 'scheduled', p.slot.id]);
    assert.deepEqual(counts(await p.slotNow()), [1, 1, 2, false]);

    assert.equal((await p.c.post(`/appointments/${a.id}/pinboard`, { base_version: 3 })).status, 200);
    const elsewhere = await p.c.post(`/appointments/${a.id}/place`, { base_version: 4, ...p.at('11:00', '12:00', { operatory_uuid: p.ops[0]!.id }) });
    assert.deepEqual([elsewhere.status, elsewhere.body.slot_uuid], [200, null]);
    assert.deepEqual(counts(await p.slotNow()), [0, 1, 1, true]);
  });

  it('transition to scheduled takes the place again: 409 slot_full when the slot filled, 200 when it has room', async () => {
    const p = await slotted();
    const a = await p.book();
    // No route takes a slot's appointment back to planned; the transition's own path is set up in the table.
    await testPool().query("UPDATE appointments SET status = 'planned' WHERE org_id = $1 AND id = $2", [p.c.orgId, a.id]);
    const other = await p.book({ operatory_uuid: p.ops[1]!.id });
    const full = await p.c.post(`/appointments/${a.id}/transition`, { base_version: 1, status: 'scheduled' });
    assert.deepEqual([full.status, firstIssue(full).type], [409, 'slot_full']);
    assert.equal((await p.c.get(`/appointments/${a.id}`)).body.status, 'planned');
    await p.c.post(`/appointments/${other.id}/cancel`, { base_version: 1 });
    const ok = await p.c.post(`/appointments/${a.id}/transition`, { base_version: 1, status: 'scheduled' });
    assert.deepEqual([ok.status, ok.body.status, ok.body.slot_uuid], [200, 'scheduled', p.slot.id]);
    assert.deepEqual(counts(await p.slotNow()), [1, 1, 2, false]);
  });

  it('deleting a slot waits for an appointment being placed back into it instead of deadlocking with it', async () => {
    const p = await slotted();
    const a = await p.book();
    await p.c.post(`/appointments/${a.id}/pinboard`, { base_version: 1 });
    // The open transaction does what a place does first (the appointment's row lock) and, once the delete waits on
    // it, what it does next (the slot's row lock). Were the delete holding the slot while it waited, this would be
    // a deadlock and one of the two would fail.
    const tx = await testPool().connect();
    try {
      await tx.query('BEGIN');
      await tx.query("SET LOCAL lock_timeout = '5s'");
      await tx.query('SELECT id FROM appointments WHERE org_id = $1 AND id = $2 FOR UPDATE', [p.c.orgId, a.id]);
      const { rows: [me] } = await tx.query('SELECT pg_backend_pid() AS pid');
      const pending = p.c.delete(`/slots/${p.slot.id}`);
      for (let i = 0; ; i++) {
        const { rows } = await testPool().query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1::int = ANY(pg_blocking_pids(pid))', [me.pid]);
        if (rows[0].n > 0) break;
        assert.ok(i < 3000, 'the delete never waited for the appointment');
        await new Promise((r) => setTimeout(r, 10));
      }
      const started = Date.now();
      await tx.query('SELECT id FROM slots WHERE org_id = $1 AND id = $2 FOR UPDATE', [p.c.orgId, p.slot.id]);
      assert.ok(Date.now() - started < 500, 'the slot was free to lock');
      await tx.query('COMMIT');
      const res = await pending;
      assert.equal(res.status, 204, JSON.stringify(res.body));
    } catch (err) {
      await tx.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      tx.release();
    }
    assert.equal((await p.c.get(`/appointments/${a.id}`)).body.slot_uuid, null);
  });
});
