import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startWebhookWorker } from '../../src/webhooks/index.ts';
import { closeTestApp, testPool } from '../helpers.ts';
import { makePractice } from '../factories.ts';
import { eventually, startReceiver } from './receiver.ts';

const stops: (() => Promise<void>)[] = [];
after(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await closeTestApp();
});

const WORKER = fileURLToPath(new URL('./worker-process.ts', import.meta.url));
const LEASE_MS = 1500;

describe('webhook worker crash', () => {
  it('a worker killed mid-delivery leaves the delivery to a new worker, which delivers it once its claim lapses', async () => {
    const p = await makePractice();
    let killed: Promise<void> | null = null;
    // The first request never gets an answer: its worker is killed (SIGKILL) while it waits.
    const r = await startReceiver((n) => {
      if (n === 1) {
        child.kill('SIGKILL');
        killed = new Promise((resolve) => child.once('exit', () => resolve()));
        return 'hang';
      }
      return 200;
    });
    stops.push(r.close);
    const w = (await p.c.post('/webhooks', { url: r.url, events: ['appointment.created'] })).body;
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, p.c.orgId, String(LEASE_MS)], { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    stops.push(async () => { child.kill('SIGKILL'); });
    await new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => { if (d.toString().includes('ready')) resolve(); }));
    const booked = await p.c.post('/appointments', p.body());
    assert.equal(booked.status, 201);
    await eventually(() => killed, 15_000, 'the first attempt, and the kill');
    await killed;
    // The killed worker's attempt was claimed (counted) but never finished (no log entry).
    const claimed = (await p.c.get(`/webhooks/${w.id}/deliveries`)).body.items[0];
    assert.deepEqual([claimed.status, claimed.attempt_count, claimed.attempts.length], ['pending', 1, 0]);
    const restarted = startWebhookWorker(testPool(), { orgIds: [p.c.orgId], pollMs: 10 });
    stops.push(restarted.stop);
    const delivered = await eventually(async () => {
      const d = (await p.c.get(`/webhooks/${w.id}/deliveries`)).body.items[0];
      return d.status === 'delivered' && d;
    }, 15_000, 'delivery after the restart');
    assert.ok(Date.parse(delivered.delivered_at) - Date.parse(claimed.last_attempt_at) >= LEASE_MS - 50, 'not before the claim lapsed');
    assert.deepEqual(delivered.attempts.map((a: { attempt: number; status_code: number }) => [a.attempt, a.status_code]), [[2, 200]]);
    await new Promise((res) => setTimeout(res, 100));
    assert.equal(r.received.length, 2);
    assert.equal(r.received[0]!.headers['webhook-id'], r.received[1]!.headers['webhook-id']);
  });
});
