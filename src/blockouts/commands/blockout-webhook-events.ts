import type { Db } from '../../core/db/client.ts';
import { recordEvents } from '../../webhooks/index.ts';
import type { NewBlockout } from '../db/blockouts.ts';

/** What a webhook event tells of a blockout (a stored row or one just written): never its note. */
export type BlockoutFacts = Omit<NewBlockout, 'note'> & { status: string; version: number };

/** How a blockout changed: made by create, a copy (day, week, repeat) or a template apply; changed; joined to a repeat's group; deleted. */
export type BlockoutAction = 'created' | 'copied' | 'template_applied' | 'updated' | 'grouped' | 'deleted';

const EVENT_TYPE = {
  created: 'blockout.created', copied: 'blockout.created', template_applied: 'blockout.created',
  updated: 'blockout.updated', grouped: 'blockout.updated', deleted: 'blockout.deleted',
} as const;

/** The payload's blockout: ids, date, wall-clock times and instants, status and version; the note (free text) is left out. */
function toBlockoutEvent(r: BlockoutFacts) {
  return {
    id: r.id, location_id: r.location_id, operatory_id: r.operatory_id, blockout_type_id: r.blockout_type_id, group_id: r.group_id,
    schedule_date: r.schedule_date, start_time: r.start_time, end_time: r.end_time, start_at: r.start_at, end_at: r.end_at,
    status: r.status, version: r.version,
  };
}

/**
 * Records one webhook event per blockout of `rows` in the caller's transaction: `blockout.created`, `.updated`
 * or `.deleted` by `action`, data `{action, blockout}` (a deleted blockout as it was). Nothing for no rows.
 */
export function recordBlockoutEvents(tx: Db, orgId: string, action: BlockoutAction, rows: readonly BlockoutFacts[]): Promise<void> {
  return recordEvents(tx, orgId, EVENT_TYPE[action], rows.map((r) => ({ action, blockout: toBlockoutEvent(r) })));
}
