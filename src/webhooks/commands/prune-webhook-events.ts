import type { Db } from '../../core/db/client.ts';
import { deleteFinishedWebhookEvents } from '../db/webhook-retention.ts';

export const DEFAULT_WEBHOOK_RETENTION_DAYS = 30;

/**
 * WEBHOOK_RETENTION_DAYS from `env`: whole days finished webhook events and their delivery log are kept, 0 for ever;
 * default 30. Throws on anything else.
 */
export function webhookRetentionDays(env: NodeJS.ProcessEnv): number {
  const text = env.WEBHOOK_RETENTION_DAYS ?? String(DEFAULT_WEBHOOK_RETENTION_DAYS);
  if (!/^\d+$/.test(text.trim())) throw new Error(`WEBHOOK_RETENTION_DAYS must be a whole number of days (0: keep for ever), not '${text}'`);
  return Number(text);
}

export interface PruneWebhookEventsOptions {
  /** Days a finished event is kept (0: for ever, nothing is deleted). */
  retentionDays: number;
  /** Events deleted per statement (default 500): each batch is its own short transaction. */
  batchSize?: number;
  /** Pause between two batches, in ms (default 0), so a long backlog is worked off gently. */
  pauseMs?: number;
  /** Only events of these organisations (default: all). */
  orgIds?: string[] | null;
  /** Asked before each batch: true ends the run early (a worker stopping). */
  stopped?: () => boolean;
}

/**
 * Deletes, batch by batch until none is left, the webhook events older than `retentionDays` whose deliveries are all
 * delivered or failed for good, with their deliveries and attempt log; events with a pending delivery stay. Returns
 * how many events were deleted.
 */
export async function pruneWebhookEvents(db: Db, { retentionDays, batchSize = 500, pauseMs = 0, orgIds = null, stopped = () => false }: PruneWebhookEventsOptions): Promise<number> {
  if (retentionDays === 0) return 0;
  let total = 0;
  while (!stopped()) {
    const n = await deleteFinishedWebhookEvents(db, retentionDays, batchSize, orgIds);
    total += n;
    if (n < batchSize) break;
    if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  return total;
}
