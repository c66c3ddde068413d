import { conflictingBlockouts, type PlacedBlockout } from '../domain/copy-plan.ts';
import { invalid, notFound, versionConflict } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import {
  deleteBlockout, getBlockout, getBlockoutsByIds, listActiveBlockoutsOn, lockBlockoutGroup, lockLocationBlockouts, updateBlockouts,
  type BlockoutChange, type BlockoutRow,
} from '../db/blockouts.ts';
import type { LocationScope } from '../../core/scope.ts';
import { overlapError, requireActiveBlockoutType, requireOperatoriesAt, toPlaced } from './create-blockouts.ts';
import { requireLocalRange } from '../../core/time-input.ts';
import { recordBlockoutEvents } from './blockout-webhook-events.ts';

/** Fields a PATCH may change; absent = unchanged. `operatory_id` null: the whole location. */
export interface BlockoutChanges {
  blockout_type_id?: string;
  schedule_date?: string;
  /** HH:MM:SS */
  start_time?: string;
  end_time?: string;
  note?: string;
  operatory_id?: string | null;
}

export interface UpdateBlockoutOptions {
  applyToGroup: boolean;
  allowOverlap: boolean;
}

/** The row as it will be after `c`, with instants recomputed on its (possibly new) date; throws 422 dst_gap. */
function changed(r: BlockoutRow, c: BlockoutChanges): BlockoutChange {
  const date = c.schedule_date ?? r.schedule_date;
  const startTime = c.start_time ?? r.start_time;
  const endTime = c.end_time ?? r.end_time;
  const { startMs, endMs } = requireLocalRange(date, startTime, endTime, r.timezone);
  return {
    id: r.id, operatory_id: c.operatory_id !== undefined ? c.operatory_id : r.operatory_id,
    blockout_type_id: c.blockout_type_id ?? r.blockout_type_id, schedule_date: date, start_time: startTime, end_time: endTime,
    start_at: new Date(startMs).toISOString(), end_at: new Date(endMs).toISOString(), note: c.note ?? r.note,
  };
}

/** 409 when any changed blockout overlaps a blockout outside the change, or another changed one. */
async function checkOverlaps(db: Db, orgId: string, locationId: string, next: BlockoutChange[]): Promise<void> {
  const changing = new Set(next.map((n) => n.id));
  const dates = [...new Set(next.map((n) => n.schedule_date))];
  const others: PlacedBlockout[] = (await listActiveBlockoutsOn(db, orgId, locationId, dates)).map(toPlaced).filter((p) => !changing.has(p.id));
  for (const n of next) {
    const span = { operatoryId: n.operatory_id, startMs: Date.parse(n.start_at), endMs: Date.parse(n.end_at) };
    const clash = conflictingBlockouts(span, others);
    if (clash.length) throw overlapError(clash);
    others.push({
      ...span, id: n.id, date: n.schedule_date, operatoryName: null, typeId: n.blockout_type_id, typeName: 'Blockout being changed',
      isHoliday: false, startTime: n.start_time, endTime: n.end_time,
    });
  }
}

/**
 * Patches a blockout of a location in `scope` guarded by `baseVersion` (404, then 409, then 422), and
 * with `applyToGroup` every active blockout of its recurrence group the same way (each version + 1).
 * Re-checks overlap excluding the changed blockouts unless `allowOverlap` (409 overlap). Records `blockout.updated`
 * for each changed blockout. Returns the addressed blockout.
 */
export function updateBlockout(
  db: Db, orgId: string, scope: LocationScope, id: string, baseVersion: number, changes: BlockoutChanges, opts: UpdateBlockoutOptions,
): Promise<BlockoutRow> {
  return withTransaction(db, async (tx) => {
    const found = await getBlockout(tx, orgId, id, scope);
    if (!found) throw notFound('Blockout', ['path', 'blockout_uuid']);
    await lockLocationBlockouts(tx, orgId, found.location_id);
    const row = (await getBlockout(tx, orgId, id, scope, true))!;
    if (row.version !== baseVersion) throw versionConflict(row.version);
    if (opts.applyToGroup) {
      for (const field of ['schedule_date', 'operatory_id'] as const) {
        const name = field === 'operatory_id' ? 'operatory_uuid' : field;
        if (changes[field] !== undefined) throw invalid(['body', name], `${name} cannot be changed with apply_to_group: a group spans dates and operatories`);
      }
    }
    if (changes.blockout_type_id !== undefined) await requireActiveBlockoutType(tx, orgId, changes.blockout_type_id, ['body', 'blockout_type_uuid']);
    if (changes.operatory_id) {
      changes = { ...changes, operatory_id: changes.operatory_id.toLowerCase() };
      await requireOperatoriesAt(tx, orgId, row.location_id, [changes.operatory_id!], ['body', 'operatory_uuid'], false);
    }
    const members = opts.applyToGroup && row.group_id ? await lockBlockoutGroup(tx, orgId, row.group_id) : [];
    const targets = [row, ...members.filter((m) => m.id !== row.id)];
    const next = targets.map((t) => changed(t, changes));
    if (!opts.allowOverlap) await checkOverlaps(tx, orgId, row.location_id, next);
    await updateBlockouts(tx, orgId, next);
    const after = await getBlockoutsByIds(tx, orgId, next.map((n) => n.id));
    await recordBlockoutEvents(tx, orgId, 'updated', after);
    return after.find((r) => r.id === row.id)!;
  });
}

/**
 * Deletes one blockout of a location in `scope` (never the rest of its group) and records `blockout.deleted`
 * describing it as it was; not_found when there is none.
 */
export function removeBlockout(db: Db, orgId: string, scope: LocationScope, id: string): Promise<void> {
  return withTransaction(db, async (tx) => {
    const gone = await deleteBlockout(tx, orgId, id, scope);
    if (!gone) throw notFound('Blockout', ['path', 'blockout_uuid']);
    await recordBlockoutEvents(tx, orgId, 'deleted', [gone]);
  });
}
