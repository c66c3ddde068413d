import { randomBytes } from 'node:crypto';
import { invalid, notFound, versionConflict } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { endpointUrlProblem } from '../domain/endpoint-url.ts';
import {
  deleteWebhookEndpoint, insertWebhookEndpoint, lockWebhookEndpoint, replaceWebhookSecret, updateWebhookEndpoint,
  type WebhookEndpointFields, type WebhookEndpointRow,
} from '../db/webhook-endpoints.ts';

const ENDPOINT = 'Webhook endpoint';
const LOC = ['path', 'webhook_uuid'];
/** Hours the secret a rotation replaces still signs deliveries, beside the new one. */
export const ROTATION_GRACE_HOURS = 24;

/** A new signing secret: `whsec_` and 32 random bytes in base64 (Standard Webhooks). */
function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

function requireUrl(url: string): void {
  const problem = endpointUrlProblem(url);
  if (problem) throw invalid(['body', 'url'], problem);
}

/** Registers an endpoint (version 1) with a new secret, returned this once: 422 for a URL that is not https (or http to loopback). */
export async function createWebhookEndpoint(db: Db, orgId: string, fields: WebhookEndpointFields): Promise<{ row: WebhookEndpointRow; secret: string }> {
  requireUrl(fields.url);
  const secret = newSecret();
  return { row: await insertWebhookEndpoint(db, orgId, fields, secret), secret };
}

/** Changes the given fields of endpoint `id` (version + 1): 404 when there is none, 409 when `baseVersion` is stale, 422 for a bad URL. */
export function changeWebhookEndpoint(
  db: Db, orgId: string, id: string, baseVersion: number, changes: Partial<WebhookEndpointFields>,
): Promise<WebhookEndpointRow> {
  return withTransaction(db, async (tx) => {
    const current = await lockWebhookEndpoint(tx, orgId, id);
    if (!current) throw notFound(ENDPOINT, LOC);
    if (current.version !== baseVersion) throw versionConflict(current.version);
    if (changes.url !== undefined) requireUrl(changes.url);
    return updateWebhookEndpoint(tx, orgId, id, changes);
  });
}

/** Gives endpoint `id` a new secret, returned this once; the old one signs beside it for ROTATION_GRACE_HOURS. 404 when there is none. */
export async function rotateWebhookSecret(db: Db, orgId: string, id: string): Promise<{ row: WebhookEndpointRow; secret: string }> {
  const secret = newSecret();
  const row = await replaceWebhookSecret(db, orgId, id, secret, ROTATION_GRACE_HOURS);
  if (!row) throw notFound(ENDPOINT, LOC);
  return { row, secret };
}

/** Deletes endpoint `id` with its pending deliveries and its delivery log; 404 when there is none. */
export async function removeWebhookEndpoint(db: Db, orgId: string, id: string): Promise<void> {
  if (!(await deleteWebhookEndpoint(db, orgId, id))) throw notFound(ENDPOINT, LOC);
}
