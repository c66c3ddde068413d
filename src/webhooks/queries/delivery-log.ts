import { notFound } from '../../core/errors.ts';
import type { Db } from '../../core/db/client.ts';
import type { PageRequest } from '../../core/db/paging.ts';
import { getWebhookEndpoint } from '../db/webhook-endpoints.ts';
import { listAttempts, listDeliveries, type AttemptRow, type DeliveryRow, type DeliveryStatus } from '../db/webhook-deliveries.ts';

/** A delivery with its finished attempts. */
export interface LoggedDelivery {
  row: DeliveryRow;
  attempts: AttemptRow[];
}

/**
 * One page of endpoint `endpointId`'s delivery log, newest first, each delivery with its attempts (three
 * statements whatever the page size); 404 when the organisation has no such endpoint.
 */
export async function readDeliveryLog(
  db: Db, orgId: string, endpointId: string, f: { status?: DeliveryStatus }, page: PageRequest,
): Promise<{ items: LoggedDelivery[]; total: number }> {
  if (!(await getWebhookEndpoint(db, orgId, endpointId))) throw notFound('Webhook endpoint', ['path', 'webhook_uuid']);
  const { rows, total } = await listDeliveries(db, orgId, endpointId, f, page);
  const attempts = await listAttempts(db, orgId, rows.map((r) => r.id));
  return { items: rows.map((row) => ({ row, attempts: attempts.filter((a) => a.delivery_id === row.id) })), total };
}
