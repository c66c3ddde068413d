import type { Db } from '../../core/db/client.ts';
import { recordEvents } from '../../webhooks/index.ts';
import type { AdvancedRecall } from '../db/recall-events.ts';

/** What a webhook event tells of a patient recall, as stored after the change: never its note. */
export type RecallFacts = Omit<AdvancedRecall, 'inserted'>;

/** How a recall changed: through the API (created, updated), or by a completed visit that performed a trigger's procedure. */
export type RecallAction = 'created' | 'updated' | 'visit_completed';

/**
 * The payload's recall: ids, dates, is_disabled and version. Its `status` is left out: it is derived when read
 * (against today at the patient's location and their booked appointments), so it changes without an event.
 */
function toRecallEvent(r: RecallFacts) {
  return {
    id: r.id, patient_id: r.patient_id, recall_type_id: r.recall_type_id, interval: r.interval,
    date_previous: r.date_previous, date_due: r.date_due, is_disabled: r.is_disabled, version: r.version,
  };
}

/**
 * Records webhook event `type` (`recall.created` or `recall.updated`) for each recall of `rows`, in the
 * caller's transaction, data `{action, recall}`. Nothing for no rows.
 */
export function recordRecallEvents(
  tx: Db, orgId: string, type: 'recall.created' | 'recall.updated', action: RecallAction, rows: readonly RecallFacts[],
): Promise<void> {
  return recordEvents(tx, orgId, type, rows.map((r) => ({ action, recall: toRecallEvent(r) })));
}
