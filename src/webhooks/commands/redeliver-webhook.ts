import { notFound } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { getWebhookEndpoint } from '../db/webhook-endpoints.ts';
import { getDelivery, listAttempts, requeueDelivery } from '../db/webhook-deliveries.ts';
import type { LoggedDelivery } from '../queries/delivery-log.ts';

/**
 * Queues delivery `id` of endpoint `endpointId` again, due now with a fresh run of attempts, whatever its
 * status; the workers are woken when it commits. 404 for an unknown endpoint or delivery.
 */
export function redeliverWebhook(db: Db, orgId: string, endpointId: string, id: string): Promise<LoggedDelivery> {
  return withTransaction(db, async (tx) => {
    if (!(await getWebhookEndpoint(tx, orgId, endpointId))) throw notFound('Webhook endpoint', ['path', 'webhook_uuid']);
    if (!(await requeueDelivery(tx, orgId, endpointId, id))) throw notFound('Delivery', ['path', 'delivery_uuid']);
    return { row: (await getDelivery(tx, orgId, endpointId, id))!, attempts: await listAttempts(tx, orgId, [id]) };
  });
}
