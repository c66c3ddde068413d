// Webhook records for the table-driven tests (seedOneOfEach): an endpoint and one queued delivery of it.
import assert from 'node:assert/strict';
import { recordEvent } from '../../src/webhooks/index.ts';
import { testPool, type Client } from '../helpers.ts';

/** Ids keyed by path parameter: `webhook_uuid` (an endpoint no worker delivers to in tests) and `delivery_uuid`. */
export async function seedWebhook(c: Client): Promise<Record<string, string>> {
  const made = await c.post('/webhooks', { url: 'https://hooks.example.test/chairtime', events: ['appointment.created'] });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  await recordEvent(testPool(), c.orgId, 'appointment.created', { seeded: true });
  const log = await c.get(`/webhooks/${made.body.id}/deliveries`);
  assert.equal(log.body.items.length, 1, JSON.stringify(log.body));
  return { webhook_uuid: made.body.id, delivery_uuid: log.body.items[0].id };
}
