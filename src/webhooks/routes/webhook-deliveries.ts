import { Type } from '@sinclair/typebox';
import type { Api, Deps } from '../../core/http/deps.ts';
import { responses } from '../../core/http/schemas.ts';
import { readDeliveryLog } from '../queries/delivery-log.ts';
import { redeliverWebhook } from '../commands/redeliver-webhook.ts';
import { EmptyBody, WebhookEndpointParams } from '../schemas/webhook-endpoints.ts';
import {
  WebhookDeliveryPage, WebhookDeliveryParams, WebhookDeliveryQuery, WebhookDeliverySchema, toWebhookDeliveryJson,
} from '../schemas/webhook-deliveries.ts';

const tags = ['Webhooks'];
const config = { roles: ['admin' as const] };

/** The delivery log of an endpoint, and redelivery. */
export function webhookDeliveriesRoutes(app: Api, { db }: Deps): void {
  app.get('/webhooks/:webhook_uuid/deliveries', {
    config,
    schema: {
      tags, summary: 'List webhook deliveries',
      description: 'The delivery log of an endpoint: one delivery per event sent to it, newest first, each with its event, its status '
        + 'and every finished attempt (status code or error, duration). Response bodies are not kept. An attempt whose worker died '
        + 'mid-send counts in `attempt_count` but has no entry; its delivery is tried again when the claim lapses (40 s). `status` '
        + 'filters. Unknown endpoint → 404.',
      params: WebhookEndpointParams, querystring: WebhookDeliveryQuery, response: responses({ 200: WebhookDeliveryPage }, [403, 404]),
    },
  }, async (req) => {
    const { page, page_size, status } = req.query;
    const { items, total } = await readDeliveryLog(db, req.auth.orgId, req.params.webhook_uuid, { status }, { page, pageSize: page_size });
    return { items: items.map((d) => toWebhookDeliveryJson(d.row, d.attempts)), page, page_size, total };
  });

  app.post('/webhooks/:webhook_uuid/deliveries/:delivery_uuid/redeliver', {
    config,
    schema: {
      tags, summary: 'Redeliver a webhook',
      description: 'Sends a delivery again, whatever its status: it becomes `pending`, due now, with a fresh run of attempts (its log '
        + 'is kept and numbering goes on). The same event id (`webhook-id`) is sent, so a receiver that already has it can drop it. '
        + 'A delivery of an inactive endpoint waits until the endpoint is active. 202 with the delivery; unknown endpoint or delivery → 404.',
      params: WebhookDeliveryParams, body: EmptyBody, response: responses({ 202: Type.Ref(WebhookDeliverySchema) }, [403, 404]),
    },
  }, async (req, reply) => {
    const { row, attempts } = await redeliverWebhook(db, req.auth.orgId, req.params.webhook_uuid, req.params.delivery_uuid);
    return reply.code(202).send(toWebhookDeliveryJson(row, attempts));
  });
}
