import { Webhook } from 'standardwebhooks';

/** An outbox event as it is sent. */
export interface OutboxEvent {
  id: string;
  type: string;
  /** RFC 3339 instant of the change (its transaction's time). */
  created_at: string;
  data: unknown;
}

/** A request ready to send: the exact body bytes the signature covers, and the headers. */
export interface SignedMessage {
  body: string;
  headers: Record<string, string>;
}

/**
 * The Standard Webhooks request for `event`: body `{type, timestamp, data}`; `webhook-id` is the event id
 * (the same on every retry and redeliver, so receivers can drop duplicates); `webhook-timestamp` is
 * `sentAt` in seconds; `webhook-signature` holds one `v1,<base64 HMAC-SHA256>` per secret (`whsec_…`),
 * space-separated, over `id.timestamp.body`.
 */
export function signMessage(event: OutboxEvent, secrets: string[], sentAt: Date): SignedMessage {
  const body = JSON.stringify({ type: event.type, timestamp: event.created_at, data: event.data });
  const signature = secrets.map((s) => new Webhook(s).sign(event.id, sentAt, body)).join(' ');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'chairtime-webhooks/1',
      'webhook-id': event.id,
      'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
      'webhook-signature': signature,
    },
  };
}
