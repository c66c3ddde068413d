// Retention of webhook events (WEBHOOK_RETENTION_DAYS): finished events past it go with their deliveries and attempt
// log, from `chairtime prune` and from the delivery worker; pending or recently attempted ones stay.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { pruneWebhookEvents, recordEvent, startWebhookWorker, webhookRetentionDays } from '../../src/webhooks/index.ts';
import { closeTestApp, newOrg, testPool, type Client } from '../helpers.ts';
import { eventually } from './receiver.ts';

after(closeTestApp);
const run = promisify(execFile);

interface Aged {
  /** Days since the event was created. */
  age: number;
  status: 'pending' | 'delivered' | 'failed';
  /** Days since its delivery's last attempt (default: its age; none for a pending one never tried). */
  attempted?: number;
}

/** An organisation with one endpoint (no worker delivers to it) subscribed to appointment.created. */
async function orgWithEndpoint(): Promise<Client> {
  const c = await newOrg();
  const res = await c.post('/webhooks', { url: 'https://hooks.example.test/retention', events: ['appointment.created'] });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return c;
}

/** Queues an event through the outbox, then ages it, its delivery and one logged attempt as `a` says; returns the event id. */
async function agedEvent(c: Client, a: Aged): Promise<string> {
  const marker = randomUUID();
  await recordEvent(testPool(), c.orgId, 'appointment.created', { marker });
  const db = testPool();
  const { rows: [ev] } = await db.query(`
    UPDATE webhook_events SET created_at = now() - make_interval(days => $3)
     WHERE org_id = $1 AND data->>'marker' = $2 RETURNING id`, [c.orgId, marker, a.age]);
  if (a.status === 'pending' && a.attempted === undefined) return ev.id;
  const attempted = a.attempted ?? a.age;
  const { rows: [d] } = await db.query(`
    UPDATE webhook_deliveries SET status = $3, attempts = 1, failures = CASE WHEN $3 = 'failed' THEN 1 ELSE 0 END,
           created_at = now() - make_interval(days => $4), last_attempt_at = now() - make_interval(days => $5),
           delivered_at = CASE WHEN $3 = 'delivered' THEN now() - make_interval(days => $5) END
     WHERE org_id = $1 AND event_id = $2 RETURNING id`, [c.orgId, ev.id, a.status, a.age, attempted]);
  await db.query(`
    INSERT INTO webhook_delivery_attempts (org_id, delivery_id, attempt, attempted_at, duration_ms, status_code)
    VALUES ($1, $2, 1, now() - make_interval(days => $3), 12, $4)`, [c.orgId, d.id, attempted, a.status === 'delivered' ? 200 : 500]);
  return ev.id;
}

/** How many events, deliveries and attempts of these events are left. */
async function left(orgId: string, eventIds: string[]) {
  const { rows: [n] } = await testPool().query(`
    SELECT (SELECT count(*)::int FROM webhook_events WHERE org_id = $1 AND id = ANY ($2)) AS events,
           (SELECT count(*)::int FROM webhook_deliveries WHERE org_id = $1 AND event_id = ANY ($2)) AS deliveries,
           (SELECT count(*)::int FROM webhook_delivery_attempts a JOIN webhook_deliveries d ON d.org_id = a.org_id AND d.id = a.delivery_id
             WHERE a.org_id = $1 AND d.event_id = ANY ($2)) AS attempts`, [orgId, eventIds]);
  return n;
}

describe('webhook event retention', () => {
  it('deletes events past retention whose deliveries are delivered or failed, with their deliveries and attempts, in batches', async () => {
    const c = await orgWithEndpoint();
    const gone = [
      await agedEvent(c, { age: 40, status: 'delivered' }),
      await agedEvent(c, { age: 31, status: 'failed' }),
      await agedEvent(c, { age: 365, status: 'delivered' }),
    ];
    const kept = [
      await agedEvent(c, { age: 40, status: 'pending' }),
      await agedEvent(c, { age: 40, status: 'pending', attempted: 39 }),
      await agedEvent(c, { age: 29, status: 'delivered' }),
      await agedEvent(c, { age: 40, status: 'delivered', attempted: 2 }),
    ];
    const other = await orgWithEndpoint();
    const othersEvent = await agedEvent(other, { age: 40, status: 'delivered' });

    const deleted = await pruneWebhookEvents(testPool(), { retentionDays: 30, batchSize: 2, orgIds: [c.orgId] });
    // Any chairtime server other test files start prunes too: what is left is what counts.
    assert.ok(deleted <= 3, `deleted ${deleted}`);
    assert.deepEqual(await left(c.orgId, gone), { events: 0, deliveries: 0, attempts: 0 });
    assert.deepEqual(await left(c.orgId, kept), { events: 4, deliveries: 4, attempts: 3 });
    assert.deepEqual(await left(other.orgId, [othersEvent]), { events: 1, deliveries: 1, attempts: 1 }, 'orgIds limits the sweep');
    assert.equal((await c.get(`/webhooks/${(await c.get('/webhooks')).body.items[0].id}/deliveries`)).body.total, 4);
  });

  it('deletes an event whose deliveries went with their endpoint, and keeps everything when retention is 0', async () => {
    const c = await orgWithEndpoint();
    const orphan = await agedEvent(c, { age: 40, status: 'failed' });
    const keptForEver = await agedEvent(c, { age: 4000, status: 'delivered' });
    await testPool().query('DELETE FROM webhook_deliveries WHERE org_id = $1 AND event_id = $2', [c.orgId, orphan]);
    assert.equal(await pruneWebhookEvents(testPool(), { retentionDays: 0, orgIds: [c.orgId] }), 0);
    assert.deepEqual(await left(c.orgId, [orphan, keptForEver]), { events: 2, deliveries: 1, attempts: 1 });
    await pruneWebhookEvents(testPool(), { retentionDays: 30, orgIds: [c.orgId] });
    assert.deepEqual(await left(c.orgId, [orphan, keptForEver]), { events: 0, deliveries: 0, attempts: 0 });
  });

  it('the delivery worker deletes finished events past retention by itself and keeps recent ones', async () => {
    const c = await orgWithEndpoint();
    const old = await agedEvent(c, { age: 45, status: 'delivered' });
    const recent = await agedEvent(c, { age: 10, status: 'failed' });
    const worker = startWebhookWorker(testPool(), { orgIds: [c.orgId], pollMs: 10, pruneEveryMs: 20, retentionDays: 30, listen: false });
    try {
      await eventually(async () => (await left(c.orgId, [old])).events === 0, 5000, 'the old event pruned');
      assert.deepEqual(await left(c.orgId, [recent]), { events: 1, deliveries: 1, attempts: 1 });
    } finally {
      await worker.stop();
    }
  });

  it('chairtime prune deletes them too and says how many; WEBHOOK_RETENTION_DAYS must be whole days', async () => {
    const c = await orgWithEndpoint();
    const old = await agedEvent(c, { age: 60, status: 'delivered' });
    const env = { ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL, WEBHOOK_RETENTION_DAYS: '50', AUDIT_RETENTION_DAYS: '0' };
    const { stdout } = await run(process.execPath, ['bin/chairtime.js', 'prune'], { env });
    assert.match(stdout, /^webhook events deleted: +\d+ \(kept 50 days\)$/m);
    assert.match(stdout, /^audit partitions dropped: none \(kept for ever\)$/m);
    assert.deepEqual(await left(c.orgId, [old]), { events: 0, deliveries: 0, attempts: 0 });

    assert.equal(webhookRetentionDays({}), 30);
    assert.equal(webhookRetentionDays({ WEBHOOK_RETENTION_DAYS: '7' }), 7);
    await assert.rejects(run(process.execPath, ['bin/chairtime.js', 'prune'], { env: { ...env, WEBHOOK_RETENTION_DAYS: '30d' } }),
      (e: { code: number; stderr: string }) => e.code === 2 && /WEBHOOK_RETENTION_DAYS must be a whole number of days/.test(e.stderr));
    assert.match((await run(process.execPath, ['bin/chairtime.js', 'prune', '--help'], { env })).stdout, /Usage: chairtime prune/);
  });
});
