import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, testPool } from '../helpers.ts';
import { makeLocation, makeOperatory, makePractice, makeUserToken } from '../factories.ts';

after(closeTestApp);

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';

async function statuses(c: Awaited<ReturnType<typeof makePractice>>['c']) {
  const items = (await c.get('/appointments/confirmation-statuses')).body.items as { id: string; name: string }[];
  return Object.fromEntries(items.map((d) => [d.name, d.id]));
}

async function historyOf(id: string) {
  return (await testPool().query('SELECT action, changes, actor_user_id FROM appointment_history WHERE appointment_id = $1 ORDER BY created_at', [id])).rows;
}

describe('confirmation statuses', () => {
  it('list gives the ApptConfirmed definitions in display order as a page, hidden ones only with include_hidden=true', async () => {
    const { c } = await makePractice();
    const res = await c.get('/appointments/confirmation-statuses');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.items.map((d: any) => d.name), ['Unconfirmed', 'Not Called', 'Left Message', 'Confirmed']);
    assert.deepEqual([res.body.page, res.body.page_size, res.body.total], [1, 50, 4]);
    assert.ok(res.body.items.every((d: any) => d.category === 'ApptConfirmed' && typeof d.version === 'number'));
    await c.post('/definitions', { category: 'ApptConfirmed', name: 'Texted', is_hidden: true });
    assert.equal((await c.get('/appointments/confirmation-statuses')).body.total, 4);
    const all = await c.get('/appointments/confirmation-statuses?include_hidden=true');
    assert.deepEqual(all.body.items.map((d: any) => d.name), ['Unconfirmed', 'Not Called', 'Left Message', 'Confirmed', 'Texted']);
    assert.equal((await c.get('/appointments/confirmation-statuses?page_size=2&page=2')).body.items[0].name, 'Left Message');
  });
});

describe('update confirmation status', () => {
  it('sets the status, returns the appointment with version + 1 and writes confirmation_changed with old and new', async () => {
    const { c, body } = await makePractice();
    const s = await statuses(c);
    const appt = (await c.post('/appointments', body())).body;
    const res = await c.patch(`/appointments/${appt.id}/confirmation-status`, { base_version: 1, confirmation_status_uuid: s.Confirmed });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.confirmation_status, { id: s.Confirmed, name: 'Confirmed' });
    assert.equal(res.body.confirmation_status_label, 'Confirmed');
    assert.equal(res.body.version, 2);
    assert.equal(res.body.status, 'scheduled', 'the lifecycle status is untouched');
    const h = (await historyOf(appt.id)).at(-1)!;
    assert.equal(h.action, 'confirmation_changed');
    assert.deepEqual(h.changes, { confirmation_status: { old: { id: s.Unconfirmed, name: 'Unconfirmed' }, new: { id: s.Confirmed, name: 'Confirmed' } } });
    assert.equal(h.actor_user_id, c.adminUserId);
  });

  it('null clears the status', async () => {
    const { c, body } = await makePractice();
    const appt = (await c.post('/appointments', body())).body;
    const res = await c.patch(`/appointments/${appt.id}/confirmation-status`, { base_version: 1, confirmation_status_uuid: null });
    assert.equal(res.status, 200);
    assert.equal(res.body.confirmation_status, null);
    assert.equal(res.body.confirmation_status_label, null);
    assert.equal((await historyOf(appt.id)).at(-1)!.changes.confirmation_status.new, null);
  });

  it('returns 404 for an unknown appointment and for an id that is not a confirmation status', async () => {
    const { c, body } = await makePractice();
    const appt = (await c.post('/appointments', body())).body;
    assert.equal((await c.patch(`/appointments/${MISSING}/confirmation-status`, { base_version: 1, confirmation_status_uuid: null })).status, 404);
    const reason = (await c.get('/definitions?category=BrokenReason')).body.items[0].id;
    for (const id of [MISSING, reason]) {
      const res = await c.patch(`/appointments/${appt.id}/confirmation-status`, { base_version: 1, confirmation_status_uuid: id });
      assert.equal(res.status, 404);
      assert.deepEqual(firstIssue(res).loc, ['body', 'confirmation_status_uuid']);
    }
    assert.equal((await c.get(`/appointments/${appt.id}`)).body.version, 1, 'nothing changed');
  });

  it('returns 409 naming the current version when base_version is stale, and changes nothing', async () => {
    const { c, body } = await makePractice();
    const s = await statuses(c);
    const appt = (await c.post('/appointments', body())).body;
    await c.patch(`/appointments/${appt.id}/confirmation-status`, { base_version: 1, confirmation_status_uuid: s['Left Message'] });
    const stale = await c.patch(`/appointments/${appt.id}/confirmation-status`, { base_version: 1, confirmation_status_uuid: s.Confirmed });
    assert.equal(stale.status, 409);
    assert.equal(firstIssue(stale).type, 'version_conflict');
    assert.match(firstIssue(stale).msg, /current version is 2/);
    assert.equal((await c.get(`/appointments/${appt.id}`)).body.confirmation_status_label, 'Left Message');
  });
});

describe('bulk confirm', () => {
  it('confirms the listed appointments in one go, each with version + 1 and a history entry; unknown and invisible ids are skipped', async () => {
    const { c, body } = await makePractice();
    const s = await statuses(c);
    const a = (await c.post('/appointments', body())).body;
    const b = (await c.post('/appointments', body({ start_time: '11:00', end_time: '12:00' }))).body;
    const res = await c.post('/appointments/bulk-confirm', { appointment_uuids: [b.id, MISSING, a.id, b.id], confirmation_status_uuid: s.Confirmed });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.confirmed.map((x: any) => [x.id, x.confirmation_status_label, x.version]), [[b.id, 'Confirmed', 2], [a.id, 'Confirmed', 2]]);
    assert.deepEqual(res.body.skipped, [MISSING]);
    assert.deepEqual(res.body.conflicts, []);
    for (const id of [a.id, b.id]) assert.equal((await historyOf(id)).at(-1)!.action, 'confirmation_changed');

    const uptown = await makeLocation(c.orgId, { name: 'Uptown' });
    const op = await makeOperatory(c.orgId, uptown.id);
    const mine = (await c.post('/appointments', body({ location_uuid: uptown.id, operatory_uuid: op.id }))).body;
    const limited = c.as((await makeUserToken(c.orgId, 'staff', [uptown.id])).token);
    const scoped = await limited.post('/appointments/bulk-confirm', { appointment_uuids: [a.id, mine.id], confirmation_status_uuid: s['Not Called'] });
    assert.deepEqual(scoped.body.confirmed.map((x: any) => x.id), [mine.id]);
    assert.deepEqual(scoped.body.skipped, [a.id], 'an appointment at another location is skipped like an unknown one');
    assert.equal((await c.get(`/appointments/${a.id}`)).body.confirmation_status_label, 'Confirmed');
  });

  it('reports an appointment whose row another transaction holds in conflicts without waiting for it, and confirms the rest', async () => {
    const { c, body } = await makePractice();
    const s = await statuses(c);
    const a = (await c.post('/appointments', body())).body;
    const b = (await c.post('/appointments', body({ start_time: '11:00', end_time: '12:00' }))).body;
    const tx = await testPool().connect();
    try {
      await tx.query('BEGIN');
      await tx.query('SELECT 1 FROM appointments WHERE org_id = $1 AND id = $2 FOR UPDATE', [c.orgId, a.id]);
      const res = await c.post('/appointments/bulk-confirm', { appointment_uuids: [a.id, b.id], confirmation_status_uuid: s.Confirmed });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.conflicts, [a.id]);
      assert.deepEqual(res.body.confirmed.map((x: any) => x.id), [b.id]);
      assert.deepEqual(res.body.skipped, []);
    } finally {
      await tx.query('ROLLBACK');
      tx.release();
    }
    const untouched = (await c.get(`/appointments/${a.id}`)).body;
    assert.equal(untouched.version, 1);
    assert.equal(untouched.confirmation_status_label, 'Unconfirmed');
    assert.equal((await historyOf(a.id)).length, 1);
  });

  it('returns 404 for an unknown confirmation status and changes nothing', async () => {
    const { c, body } = await makePractice();
    const a = (await c.post('/appointments', body())).body;
    const res = await c.post('/appointments/bulk-confirm', { appointment_uuids: [a.id], confirmation_status_uuid: MISSING });
    assert.equal(res.status, 404);
    assert.deepEqual(firstIssue(res).loc, ['body', 'confirmation_status_uuid']);
    assert.equal((await c.get(`/appointments/${a.id}`)).body.version, 1);
  });

  it('returns 422 for an empty list or more than 500 ids, and 403 for a viewer', async () => {
    const { c } = await makePractice();
    const s = await statuses(c);
    assert.equal((await c.post('/appointments/bulk-confirm', { appointment_uuids: [], confirmation_status_uuid: s.Confirmed })).status, 422);
    const many = Array.from({ length: 501 }, (_, i) => `3f0b3c36-31c4-4a57-9a8c-${String(i).padStart(12, '0')}`);
    assert.equal((await c.post('/appointments/bulk-confirm', { appointment_uuids: many, confirmation_status_uuid: s.Confirmed })).status, 422);
    const viewer = c.as((await makeUserToken(c.orgId, 'viewer')).token);
    assert.equal((await viewer.post('/appointments/bulk-confirm', { appointment_uuids: [MISSING], confirmation_status_uuid: s.Confirmed })).status, 403);
  });
});
