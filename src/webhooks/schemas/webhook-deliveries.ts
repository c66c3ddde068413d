import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { AttemptRow, DeliveryRow, DeliveryStatus } from '../db/webhook-deliveries.ts';
import { Instant, Nullable, PageOf, PageQuery, Uuid } from '../../core/http/schemas.ts';

const STATUSES = ['pending', 'delivered', 'failed'] as const;
const Status = Type.Unsafe<DeliveryStatus>({
  type: 'string', enum: [...STATUSES],
  description: '`pending` (waiting for its next attempt, or being sent), `delivered` (a 2xx answer), `failed` (no 2xx after the last attempt).',
});

const AttemptSchema = Type.Object({
  attempt: Type.Integer({ description: 'Its number among the delivery\'s attempts (1, 2 …), redeliveries included.' }),
  attempted_at: Instant,
  duration_ms: Type.Integer(),
  status_code: Nullable(Type.Integer({ description: 'The receiver\'s HTTP status; null when it did not answer.' })),
  error: Nullable(Type.String({ description: 'Why the attempt failed (`HTTP 500`, a timeout, a connection error); null on success.' })),
});

export const WebhookDeliverySchema = Type.Object({
  id: Uuid,
  event: Type.Object({
    id: Uuid,
    type: Type.String(),
    created_at: Instant,
    data: Type.Unknown({ description: 'The payload\'s `data`, as sent.' }),
  }, { description: 'The event: its id is the `webhook-id` header of every attempt.' }),
  status: Status,
  attempt_count: Type.Integer(),
  next_attempt_at: Nullable(Instant),
  last_attempt_at: Nullable(Instant),
  delivered_at: Nullable(Instant),
  created_at: Instant,
  attempts: Type.Array(AttemptSchema, { description: 'Every finished attempt, oldest first.' }),
}, { $id: 'WebhookDelivery' });
export type WebhookDelivery = Static<typeof WebhookDeliverySchema>;

export const WebhookDeliveryPage = PageOf(Type.Ref(WebhookDeliverySchema));
export const WebhookDeliveryQuery = Type.Object({ ...PageQuery, status: Type.Optional(Status) });
export const WebhookDeliveryParams = Type.Object({ org_id: Type.String(), webhook_uuid: Uuid, delivery_uuid: Uuid });

/** Record schemas of the delivery log referenced by `$ref`; registered once in app.ts. */
export const webhookDeliveriesSchemas: TSchema[] = [WebhookDeliverySchema];

/** API shape of a delivery with its attempts. */
export function toWebhookDeliveryJson(r: DeliveryRow, attempts: AttemptRow[]): WebhookDelivery {
  return {
    id: r.id,
    event: { id: r.event_id, type: r.event_type, created_at: r.event_created_at, data: r.event_data },
    status: r.status, attempt_count: r.attempts, next_attempt_at: r.status === 'pending' ? r.next_attempt_at : null,
    last_attempt_at: r.last_attempt_at, delivered_at: r.delivered_at, created_at: r.created_at,
    attempts: attempts.map((a) => ({
      attempt: a.attempt, attempted_at: a.attempted_at, duration_ms: a.duration_ms, status_code: a.status_code, error: a.error,
    })),
  };
}
