import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { onAppointmentChange } from '../../src/appointments/index.ts';
import { recordEvent, startWebhookWorker, type WebhookWorkerOptions } from '../../src/webhooks/index.ts';
import { closeTestApp, testPool, type Client } from '../helpers.ts';
import { makePractice } from '../factories.ts';
import { eventually, startReceiver, type Receiver, type Responder } from './receiver.ts';

const stops: (() => Promise<void>)[] = [];
after(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await closeTestApp();
});

const FAST: WebhookWorkerOptions = { pollMs: 10, baseDelayMs: 10, timeoutMs: 2000 };

async function receiver(respond?: Responder): Promise<Receiver> {
  const r = await startReceiver(respond);
  stops.push(r.close);
  return r;
}

function worker(orgId: string, options: WebhookWorkerOptions = {}) {
  const w = startWebhookWorker(testPool(), { ...FAST, orgIds: [orgId], ...options });
  stops.push(w.stop);
  return w;
}

async function endpoint(c: Client, url: string, events = ['appointment.created']): Promise<{ id: string; secret: string }> {
  const res = await c.post('/webhooks', { url, events });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

/** The endpoint's deliveries once every one is `status` (newest first). */
function settled(c: Client, webhookId: string, status: string, count = 1) {
  return eventually(async () => {
    const items = (await c.get(`/webhooks/${webhookId}/deliveries`)).body.items;
    return items.length === count && items.every((d: { status: string }) => d.status === status) && items;
  }, 15_000, `${count} ${status} deliveries`);
}

/** Standard Webhooks' v1 signature, computed here from the spec rather than by the library chairtime uses. */
function specSignature(secret: string, id: string, timestamp: string, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

describe('webhook delivery', () => {
  it('a booking produces exactly one delivery, signed per Standard Webhooks with the endpoint\'s secret', async () => {
    const p = await makePractice();
    const r = await receiver();
    const w = await endpoint(p.c, r.url);
    const booked = await p.c.post('/appointments', p.body());
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    worker(p.c.orgId);
    const [delivery] = await settled(p.c, w.id, 'delivered');
    await new Promise((res) => setTimeout(res, 100));
    assert.equal(r.received.length, 1);
    const { headers, body } = r.received[0]!;
    assert.equal(headers['content-type'], 'application/json');
    assert.equal(headers['webhook-id'], delivery.event.id);
    assert.match(String(headers['webhook-timestamp']), /^\d{10}$/);
    assert.ok(Math.abs(Number(headers['webhook-timestamp']) - Date.now() / 1000) < 60);
    assert.equal(headers['webhook-signature'], specSignature(w.secret, delivery.event.id, String(headers['webhook-timestamp']), body));
    const payload = new Webhook(w.secret).verify(body, headers as Record<string, string>) as any;
    assert.equal(payload.type, 'appointment.created');
    assert.equal(payload.timestamp, delivery.event.created_at);
    assert.deepEqual([payload.data.action, payload.data.previous], ['created', null]);
    assert.deepEqual({ ...payload.data.appointment, patient_id: undefined }, {
      id: booked.body.id, status: 'scheduled', location_id: p.loc.id, operatory_id: p.ops[0]!.id, patient_id: undefined,
      appointment_type_id: null, schedule_date: '2026-03-10', start_time: '10:00:00', end_time: '11:00:00',
      start_at: '2026-03-10T14:00:00.000Z', end_at: '2026-03-10T15:00:00.000Z', version: 1,
    });
    assert.throws(() => new Webhook(`whsec_${Buffer.from('another secret of enough bytes!!').toString('base64')}`).verify(body, headers as Record<string, string>));
    assert.deepEqual([delivery.attempt_count, delivery.attempts.length, delivery.attempts[0].status_code, delivery.next_attempt_at], [1, 1, 200, null]);
  });

  it('a receiver that fails four times gets the event on the fifth try, after doubling delays', async () => {
    const p = await makePractice();
    const r = await receiver((n) => (n <= 4 ? 500 : 204));
    const w = await endpoint(p.c, r.url);
    await p.c.post('/appointments', p.body());
    worker(p.c.orgId);
    const [delivery] = await settled(p.c, w.id, 'delivered');
    assert.equal(r.received.length, 5);
    assert.equal(new Set(r.received.map((x) => x.headers['webhook-id'])).size, 1);
    assert.deepEqual(delivery.attempts.map((a: { attempt: number; status_code: number }) => [a.attempt, a.status_code]),
      [[1, 500], [2, 500], [3, 500], [4, 500], [5, 204]]);
    assert.deepEqual(delivery.attempts.slice(0, 4).map((a: { error: string }) => a.error), ['HTTP 500', 'HTTP 500', 'HTTP 500', 'HTTP 500']);
    // Each retry waits at least 10 ms × 2^(n−1) after the failure before it.
    const at = delivery.attempts.map((a: { attempted_at: string }) => Date.parse(a.attempted_at));
    for (let n = 1; n < 5; n++) assert.ok(at[n] - at[n - 1] >= 10 * 2 ** (n - 1), `gap ${n}: ${at[n] - at[n - 1]} ms`);
  });

  it('after maxAttempts failures a delivery is failed; redeliver (202) queues it again and it is delivered with the same webhook-id', async () => {
    const p = await makePractice();
    let up = false;
    const r = await receiver(() => (up ? 200 : 503));
    const w = await endpoint(p.c, r.url);
    await p.c.post('/appointments', p.body());
    worker(p.c.orgId, { maxAttempts: 3 });
    const [failed] = await settled(p.c, w.id, 'failed');
    assert.deepEqual([failed.attempt_count, failed.attempts.length, failed.next_attempt_at], [3, 3, null]);
    up = true;
    const again = await p.c.post(`/webhooks/${w.id}/deliveries/${failed.id}/redeliver`, {});
    assert.equal(again.status, 202, JSON.stringify(again.body));
    assert.equal(again.body.status, 'pending');
    const [delivered] = await settled(p.c, w.id, 'delivered');
    assert.deepEqual(delivered.attempts.map((a: { attempt: number }) => a.attempt), [1, 2, 3, 4]);
    assert.equal(r.received.length, 4);
    assert.equal(new Set(r.received.map((x) => x.headers['webhook-id'])).size, 1);
    const unknown = await p.c.post(`/webhooks/${w.id}/deliveries/3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11/redeliver`, {});
    assert.deepEqual([unknown.status, unknown.body.detail[0].loc], [404, ['path', 'delivery_uuid']]);
    assert.equal((await p.c.get(`/webhooks/${w.id}/deliveries?status=failed`)).body.total, 0);
  });

  it('after rotate-secret, deliveries carry both signatures until the old secret lapses', async () => {
    const p = await makePractice();
    const r = await receiver();
    const w = await endpoint(p.c, r.url);
    const rotated = (await p.c.post(`/webhooks/${w.id}/rotate-secret`, {})).body;
    await recordEvent(testPool(), p.c.orgId, 'appointment.created', { rotated: true });
    worker(p.c.orgId);
    await settled(p.c, w.id, 'delivered');
    const { headers, body } = r.received[0]!;
    const signatures = String(headers['webhook-signature']).split(' ');
    assert.equal(signatures.length, 2);
    for (const secret of [rotated.secret, w.secret]) {
      assert.ok(signatures.includes(specSignature(secret, String(headers['webhook-id']), String(headers['webhook-timestamp']), body)));
      assert.deepEqual(new Webhook(secret).verify(body, headers as Record<string, string>), { type: 'appointment.created', timestamp: JSON.parse(body).timestamp, data: { rotated: true } });
    }
  });

  it('two workers at once deliver every event exactly once (SKIP LOCKED)', async () => {
    const p = await makePractice();
    const r = await receiver();
    const w = await endpoint(p.c, r.url);
    for (let i = 0; i < 30; i++) await recordEvent(testPool(), p.c.orgId, 'appointment.created', { n: i });
    worker(p.c.orgId, { batchSize: 3, pollMs: 1 });
    worker(p.c.orgId, { batchSize: 3, pollMs: 1 });
    const items = await eventually(async () => {
      const log = (await p.c.get(`/webhooks/${w.id}/deliveries?status=delivered&page_size=100`)).body;
      return log.total === 30 && log.items;
    }, 15_000, '30 deliveries');
    await new Promise((res) => setTimeout(res, 100));
    assert.equal(r.received.length, 30);
    assert.equal(new Set(r.received.map((x) => x.headers['webhook-id'])).size, 30);
    assert.ok(items.every((d: { attempt_count: number }) => d.attempt_count === 1));
  });

  it('appointment changes map to event types, and only subscribed, active endpoints get them', async () => {
    const p = await makePractice();
    const all = await endpoint(p.c, 'https://hooks.example.test/all',
      ['appointment.created', 'appointment.updated', 'appointment.moved', 'appointment.status_changed', 'appointment.deleted']);
    const deletes = await endpoint(p.c, 'https://hooks.example.test/deletes', ['appointment.deleted']);
    const paused = (await p.c.post('/webhooks', { url: 'https://hooks.example.test/paused', events: ['appointment.created'], is_active: false })).body;
    const a = (await p.c.post('/appointments', p.body())).body;
    const moved = await p.c.post(`/appointments/${a.id}/move`, { base_version: 1, schedule_date: '2026-03-10', start_time: '12:00', end_time: '13:00' });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal((await p.c.patch(`/appointments/${a.id}`, { base_version: 2, note: 'Bring x-rays' })).status, 200);
    assert.equal((await p.c.post(`/appointments/${a.id}/cancel`, { base_version: 3 })).status, 200);
    assert.equal((await p.c.delete(`/appointments/${a.id}`)).status, 204);
    const log = (await p.c.get(`/webhooks/${all.id}/deliveries`)).body.items.reverse();
    assert.deepEqual(log.map((d: { event: { type: string; data: { action: string } } }) => [d.event.type, d.event.data.action]), [
      ['appointment.created', 'created'], ['appointment.moved', 'moved'], ['appointment.updated', 'updated'],
      ['appointment.status_changed', 'cancelled'], ['appointment.deleted', 'deleted'],
    ]);
    const [, move, , cancel, deleted] = log.map((d: { event: { data: any } }) => d.event.data);
    assert.deepEqual([move.previous.start_time, move.appointment.start_time, move.appointment.version], ['10:00:00', '12:00:00', 2]);
    assert.deepEqual([cancel.previous.status, cancel.appointment.status], ['scheduled', 'cancelled']);
    // A deleted appointment is described as it was.
    assert.deepEqual([deleted.appointment.id, deleted.appointment.status, deleted.appointment.version], [a.id, 'cancelled', 4]);
    assert.equal(JSON.stringify(log).includes('Bring x-rays'), false);
    const onlyDeletes = (await p.c.get(`/webhooks/${deletes.id}/deliveries`)).body;
    assert.deepEqual(onlyDeletes.items.map((d: { event: { id: string } }) => d.event.id), [log[4].event.id]);
    assert.equal((await p.c.get(`/webhooks/${paused.id}/deliveries`)).body.total, 0);
  });

  it('a booking refused with 409, or an appointment write that rolls back after the outbox write, leaves no event and no delivery', async () => {
    const p = await makePractice();
    const w = await endpoint(p.c, 'https://hooks.example.test/x');
    assert.equal((await p.c.post('/appointments', p.body())).status, 201);
    const taken = await p.c.post('/appointments', p.body());
    assert.equal(taken.status, 409);
    assert.equal((await p.c.get(`/webhooks/${w.id}/deliveries`)).body.total, 1);
    // A listener registered after the webhooks' one fails this organisation's changes after the outbox row is written.
    onAppointmentChange(async (_tx, change) => {
      if (change.orgId === p.c.orgId) throw new Error('refused by a later listener');
    });
    const res = await p.c.post('/appointments', p.body({ start_time: '14:00', end_time: '15:00' }));
    assert.equal(res.status, 500);
    const count = async () => (await testPool().query(`
      SELECT (SELECT count(*) FROM webhook_events WHERE org_id = $1)::int AS events,
             (SELECT count(*) FROM webhook_deliveries WHERE org_id = $1)::int AS deliveries,
             (SELECT count(*) FROM appointments WHERE org_id = $1)::int AS appointments`, [p.c.orgId])).rows[0];
    assert.deepEqual(await count(), { events: 1, deliveries: 1, appointments: 1 });
  });
});
