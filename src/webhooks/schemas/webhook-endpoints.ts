import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { WebhookEndpointFields, WebhookEndpointRow } from '../db/webhook-endpoints.ts';
import { EVENT_TYPES, type EventType } from '../domain/event-types.ts';
import { BaseVersion, Body, PageOf, PageQuery, Stamps, Uuid } from '../../core/http/schemas.ts';

const EventTypeSchema = Type.Unsafe<EventType>({ type: 'string', enum: [...EVENT_TYPES] });
const Events = Type.Array(EventTypeSchema, {
  minItems: 1, maxItems: EVENT_TYPES.length, uniqueItems: true,
  description: `The event types delivered to this endpoint (at least one): ${EVENT_TYPES.map((t) => `\`${t}\``).join(', ')}.`,
});
const Url = Type.String({
  minLength: 1, maxLength: 2000, examples: ['https://example.test/hooks/chairtime'],
  description: 'Where deliveries are POSTed: an https URL, or http only to a loopback host (127.0.0.0/8, [::1], localhost) for a '
    + 'receiver on the same machine; no credentials, no fragment. Anything else → 422 value_error. Redirects are not followed.',
});
const Description = Type.String({ maxLength: 500, description: 'What the endpoint is for (up to 500 characters; default "").' });
const IsActive = Type.Boolean({
  description: 'Whether events are delivered (default true). An inactive endpoint gets no new events; its pending deliveries wait '
    + 'until it is active again.',
});
const Secret = Type.String({
  pattern: '^whsec_[A-Za-z0-9+/=]+$',
  description: 'The signing secret (`whsec_` + base64 of 32 random bytes). Shown only in this response: store it now.',
});

export const WebhookEndpointSchema = Type.Object({
  id: Uuid,
  url: Type.String(),
  description: Type.String(),
  events: Type.Array(Type.String()),
  is_active: Type.Boolean(),
  ...Stamps,
}, { $id: 'WebhookEndpoint' });
export type WebhookEndpoint = Static<typeof WebhookEndpointSchema>;

/** An endpoint with its secret: the answer to create and rotate-secret only. */
export const WebhookEndpointWithSecretSchema = Type.Object({
  id: Uuid,
  url: Type.String(),
  description: Type.String(),
  events: Type.Array(Type.String()),
  is_active: Type.Boolean(),
  secret: Secret,
  ...Stamps,
}, { $id: 'WebhookEndpointWithSecret' });

export const CreateWebhookEndpointBody = Body({
  url: Url,
  events: Events,
  description: Type.Optional(Description),
  is_active: Type.Optional(IsActive),
});

export const UpdateWebhookEndpointBody = Body({
  base_version: BaseVersion,
  url: Type.Optional(Url),
  events: Type.Optional(Events),
  description: Type.Optional(Description),
  is_active: Type.Optional(IsActive),
}, 'Changes only the fields given; the secret is changed by rotate-secret only.');

export const EmptyBody = Body({}, 'No fields: send `{}` or nothing.');
export const WebhookEndpointPage = PageOf(Type.Ref(WebhookEndpointSchema));
export const WebhookEndpointParams = Type.Object({ org_id: Type.String(), webhook_uuid: Uuid });
export const WebhookEndpointQuery = Type.Object({ ...PageQuery });

/** Record schemas of webhook endpoints referenced by `$ref`; registered once in app.ts. */
export const webhookEndpointsSchemas: TSchema[] = [WebhookEndpointSchema, WebhookEndpointWithSecretSchema];

type Writable = Omit<Static<typeof UpdateWebhookEndpointBody>, 'base_version'>;

/** The columns a body names; fields it leaves out stay undefined. */
export function toWebhookEndpointChanges(b: Writable): Partial<WebhookEndpointFields> {
  return { url: b.url, description: b.description, events: b.events, is_active: b.is_active };
}

/** Every column of a new endpoint: what the body names, the rest at its default. */
export function toWebhookEndpointFields(b: Static<typeof CreateWebhookEndpointBody>): WebhookEndpointFields {
  return { url: b.url, events: b.events, description: b.description ?? '', is_active: b.is_active ?? true };
}

/** API shape of an endpoint row (never its secret). */
export function toWebhookEndpointJson(r: WebhookEndpointRow): WebhookEndpoint {
  return {
    id: r.id, url: r.url, description: r.description, events: r.events, is_active: r.is_active,
    version: r.version, created_at: r.created_at, updated_at: r.updated_at,
  };
}
