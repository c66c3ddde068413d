import type { Db } from '../../core/db/client.ts';

const DELETE_FINISHED = {
  name: 'webhooks-delete-finished-events',
  text: `
  WITH doomed AS (
    SELECT ev.org_id, ev.id FROM webhook_events ev
     WHERE ev.created_at < now() - make_interval(days => $1) AND ($3::uuid[] IS NULL OR ev.org_id = ANY ($3::uuid[]))
       AND NOT EXISTS (
         SELECT 1 FROM webhook_deliveries d
          WHERE d.org_id = ev.org_id AND d.event_id = ev.id
            AND (d.status = 'pending' OR d.last_attempt_at >= now() - make_interval(days => $1)))
     ORDER BY ev.created_at LIMIT $2
       FOR UPDATE OF ev SKIP LOCKED
  )
  DELETE FROM webhook_events ev USING doomed WHERE ev.org_id = doomed.org_id AND ev.id = doomed.id`,
};

/**
 * Deletes up to `limit` of the oldest webhook events (of `orgIds` only, when given) created more than `retentionDays`
 * days ago whose deliveries are all finished — delivered or failed for good, none pending and none attempted within
 * those days (a recent redeliver keeps its log) — with their deliveries and attempt log (ON DELETE CASCADE).
 * Returns how many events went; one short statement, skipping rows another pruner holds.
 */
export async function deleteFinishedWebhookEvents(db: Db, retentionDays: number, limit: number, orgIds: string[] | null): Promise<number> {
  const res = await db.query({ ...DELETE_FINISHED, values: [retentionDays, limit, orgIds] });
  return res.rowCount ?? 0;
}
