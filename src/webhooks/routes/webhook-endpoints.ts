import { Type } from '@sinclair/typebox';
import { notFound } from '../../core/errors.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { NoContent, responses } from '../../core/http/schemas.ts';
import { getWebhookEndpoint, listWebhookEndpoints } from '../db/webhook-endpoints.ts';
import {
  ROTATION_GRACE_HOURS, changeWebhookEndpoint, createWebhookEndpoint, removeWebhookEndpoint, rotateWebhookSecret,
} from '../commands/webhook-endpoints.ts';
import {
  CreateWebhookEndpointBody, EmptyBody, UpdateWebhookEndpointBody, WebhookEndpointPage, WebhookEndpointParams, WebhookEndpointQuery,
  WebhookEndpointSchema, WebhookEndpointWithSecretSchema, toWebhookEndpointChanges, toWebhookEndpointFields, toWebhookEndpointJson,
} from '../schemas/webhook-endpoints.ts';

const tags = ['Webhooks'];
const config = { roles: ['admin' as const] };
const Endpoint = Type.Ref(WebhookEndpointSchema);
const WithSecret = Type.Ref(WebhookEndpointWithSecretSchema);

/** What every webhook endpoint route shares, stated once in each description. */
export const WEBHOOKS = 'A webhook endpoint receives the organisation\'s events as signed HTTP POSTs (Standard Webhooks: headers '
  + '`webhook-id` — the event id, the same on every retry —, `webhook-timestamp` in seconds and `webhook-signature` '
  + '`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`; body `{"type", "timestamp", "data"}`). Events are written in the transaction '
  + 'of the change, so an event exists exactly when its change committed; a worker in every `chairtime serve` process delivers '
  + 'them at least once (receivers drop duplicates by `webhook-id`), with no order between events, retrying a failure after 5 s, '
  + '10 s, 20 s … (doubling, at most 1 h) up to 8 attempts, then `failed`. A 2xx answer within 10 s is success. Appointment events carry '
  + '`data: {action, appointment, previous}` — the history action, the appointment\'s scheduling facts after the change (ids, status, '
  + 'dates, times, version; never a name or note) and before it. Admins only (other roles → 403).';

/** Webhook endpoints: list, read, create, change, delete, rotate the secret. */
export function webhookEndpointsRoutes(app: Api, { db }: Deps): void {
  app.get('/webhooks', {
    config,
    schema: {
      tags, summary: 'List webhook endpoints', description: `${WEBHOOKS} Oldest first. The secret is never listed.`,
      querystring: WebhookEndpointQuery, response: responses({ 200: WebhookEndpointPage }, [403]),
    },
  }, async (req) => {
    const { page, page_size } = req.query;
    const { rows, total } = await listWebhookEndpoints(db, req.auth.orgId, { page, pageSize: page_size });
    return { items: rows.map(toWebhookEndpointJson), page, page_size, total };
  });

  app.get('/webhooks/:webhook_uuid', {
    config,
    schema: {
      tags, summary: 'Get webhook endpoint', description: `${WEBHOOKS} Unknown or another organisation's → 404. The secret is not shown.`,
      params: WebhookEndpointParams, response: responses({ 200: Endpoint }, [403, 404]),
    },
  }, async (req) => {
    const row = await getWebhookEndpoint(db, req.auth.orgId, req.params.webhook_uuid);
    if (!row) throw notFound('Webhook endpoint', ['path', 'webhook_uuid']);
    return toWebhookEndpointJson(row);
  });

  app.post('/webhooks', {
    config,
    schema: {
      tags, summary: 'Create webhook endpoint',
      description: `${WEBHOOKS} Registers an endpoint (version 1) and answers with its \`secret\`, the only time it is shown. Defaults: `
        + '`is_active` true, `description` "". A URL that is not https (plain http only to a loopback host), or carries credentials or a '
        + 'fragment → 422 value_error at `url`; an unknown or repeated event type, or none → 422. Events committed from now on are delivered.',
      body: CreateWebhookEndpointBody, response: responses({ 201: WithSecret }, [403]),
    },
  }, async (req, reply) => {
    const { row, secret } = await createWebhookEndpoint(db, req.auth.orgId, toWebhookEndpointFields(req.body));
    return reply.code(201).send({ ...toWebhookEndpointJson(row), secret });
  });

  app.patch('/webhooks/:webhook_uuid', {
    config,
    schema: {
      tags, summary: 'Update webhook endpoint',
      description: `${WEBHOOKS} Changes only the fields given, version + 1. Unknown endpoint → 404; \`base_version\` omitted → 422 `
        + '`missing`, stale → 409 `version_conflict` naming the current version; a bad URL or event list → 422 as on create. New '
        + '`events` and `is_active` apply to events committed afterwards; deliveries already queued go to the new `url`. Setting '
        + '`is_active` false pauses the pending deliveries until it is true again.',
      params: WebhookEndpointParams, body: UpdateWebhookEndpointBody, response: responses({ 200: Endpoint }, [403, 404, 409]),
    },
  }, async (req) => {
    const { base_version, ...rest } = req.body;
    const row = await changeWebhookEndpoint(db, req.auth.orgId, req.params.webhook_uuid, base_version, toWebhookEndpointChanges(rest));
    return toWebhookEndpointJson(row);
  });

  app.delete('/webhooks/:webhook_uuid', {
    config,
    schema: {
      tags, summary: 'Delete webhook endpoint',
      description: 'Deletes an endpoint for good, with its pending deliveries and its delivery log: nothing more is sent to it. 204; '
        + 'unknown or another organisation\'s → 404.',
      params: WebhookEndpointParams, response: responses({ 204: NoContent }, [403, 404]),
    },
  }, async (req, reply) => {
    await removeWebhookEndpoint(db, req.auth.orgId, req.params.webhook_uuid);
    return reply.code(204).send();
  });

  app.post('/webhooks/:webhook_uuid/rotate-secret', {
    config,
    schema: {
      tags, summary: 'Rotate webhook secret',
      description: `Gives the endpoint a new signing secret (version + 1), shown in this answer only. For ${ROTATION_GRACE_HOURS} hours `
        + 'deliveries carry two signatures in `webhook-signature`, one per secret (space-separated, as Standard Webhooks allows), so a '
        + 'receiver can switch to the new secret without refusing a delivery; then only the new one signs. Unknown endpoint → 404.',
      params: WebhookEndpointParams, body: EmptyBody, response: responses({ 200: WithSecret }, [403, 404]),
    },
  }, async (req) => {
    const { row, secret } = await rotateWebhookSecret(db, req.auth.orgId, req.params.webhook_uuid);
    return { ...toWebhookEndpointJson(row), secret };
  });
}
