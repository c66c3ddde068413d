import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import {
  blockoutsConflict, describeBlockout, holidayDates, holidayWarning, type PlacedBlockout, type SourceBlockout,
} from '../domain/copy-plan.ts';
import { AppError, invalid, notFound, type Issue } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { getBlockoutType, type BlockoutTypeRow } from '../db/blockout-types.ts';
import {
  findOperatoryLocations, getBlockoutsByIds, insertBlockouts, listActiveBlockoutsOn, lockLocationBlockouts,
  type BlockoutRow, type NewBlockout,
} from '../db/blockouts.ts';
import { getLocation, type LocationRow } from '../../practice/index.ts';
import type { LocationScope } from '../../core/scope.ts';
import { requireLocalRange } from '../../core/time-input.ts';
import { recordBlockoutEvents, type BlockoutAction } from './blockout-webhook-events.ts';

/** A location visible in `scope`, or 404 at ['body', 'location_uuid']. */
export async function requireBlockoutLocation(db: Db, orgId: string, scope: LocationScope, locationId: string): Promise<LocationRow> {
  const location = await getLocation(db, orgId, locationId, scope);
  if (!location) throw notFound('Location', ['body', 'location_uuid']);
  return location;
}

/** A blockout type of the organisation that is active: 404 when unknown, 422 when inactive (both at `loc`). */
export async function requireActiveBlockoutType(db: Db, orgId: string, typeId: string, loc: (string | number)[]): Promise<BlockoutTypeRow> {
  const type = await getBlockoutType(db, orgId, typeId);
  if (!type) throw notFound('Blockout type', loc);
  if (type.status !== 'active') throw invalid(loc, `Blockout type '${type.name}' is inactive`);
  return type;
}

/**
 * Checks that each of `ids` (lower case) is an operatory of `locationId`: 404 at `loc` (plus the index
 * when `indexed`) for one that is not.
 */
export async function requireOperatoriesAt(
  db: Db, orgId: string, locationId: string, ids: string[], loc: (string | number)[], indexed: boolean,
): Promise<void> {
  const found = await findOperatoryLocations(db, orgId, ids);
  const bad = ids.findIndex((id) => found.get(id)?.location_id !== locationId);
  if (bad >= 0) throw notFound('Operatory at this location', indexed ? [...loc, bad] : loc);
}

/** The overlap and holiday rules' view of a stored blockout. */
export function toPlaced(r: BlockoutRow): PlacedBlockout {
  return {
    id: r.id, date: r.schedule_date, operatoryId: r.operatory_id, operatoryName: r.operatory_name, typeId: r.blockout_type_id,
    typeName: r.type_name, isHoliday: r.is_holiday, startTime: r.start_time, endTime: r.end_time,
    startMs: Date.parse(r.start_at), endMs: Date.parse(r.end_at),
  };
}

/** The copy rules' view of a stored blockout. */
export function toSource(r: BlockoutRow): SourceBlockout {
  return { ...toPlaced(r), isDoNotCopy: r.is_do_not_copy, typeActive: r.type_status === 'active', note: r.note, groupId: r.group_id };
}

/** 409 `overlap` naming every blockout in `conflicts` (one issue each). */
export function overlapError(conflicts: PlacedBlockout[], loc: (string | number)[] = ['body']): AppError {
  const [first, ...more] = conflicts.map((c): Issue => ({
    loc, msg: `Overlaps blockout ${c.id}: ${describeBlockout(c)} on ${c.date}`, type: 'overlap',
  }));
  return new AppError('overlap', first!.msg, loc, more);
}

/** What a new blockout is made of: the shape shared by POST, copies and template applies. */
export interface BlockoutDraftRow {
  operatoryId: string | null;
  typeId: string;
  date: string;
  startTime: string;
  endTime: string;
  startMs: number;
  endMs: number;
  note: string;
}

/**
 * Inserts `drafts` at `locationId`, draft i in group `groups[i]`, records a `blockout.created` webhook event
 * for each (data action `action`), and returns the new ids in draft order. The one way blockouts are created:
 * callers hold the location's blockout lock and have applied the rules.
 */
export async function writeBlockouts(
  tx: pg.PoolClient, orgId: string, locationId: string, drafts: BlockoutDraftRow[], groups: (string | null)[], action: BlockoutAction,
): Promise<string[]> {
  const rows: NewBlockout[] = drafts.map((d, i) => ({
    id: randomUUID(), location_id: locationId, operatory_id: d.operatoryId, blockout_type_id: d.typeId, group_id: groups[i] ?? null,
    schedule_date: d.date, start_time: d.startTime, end_time: d.endTime,
    start_at: new Date(d.startMs).toISOString(), end_at: new Date(d.endMs).toISOString(), note: d.note,
  }));
  await insertBlockouts(tx, orgId, rows);
  // What was inserted is exactly these rows, new (active, version 1): no read back for the events.
  await recordBlockoutEvents(tx, orgId, action, rows.map((r) => ({ ...r, status: 'active', version: 1 })));
  return rows.map((r) => r.id);
}

export interface CreateBlockoutsInput {
  location_id: string;
  blockout_type_id: string;
  schedule_date: string;
  /** HH:MM:SS */
  start_time: string;
  end_time: string;
  note: string;
  /** null: one blockout for the whole location. */
  operatory_ids: string[] | null;
  allow_overlap: boolean;
}

function duplicateCheck(ids: string[]): void {
  const i = ids.findIndex((id, j) => ids.indexOf(id) !== j);
  if (i >= 0) throw invalid(['body', 'operatory_uuids', i], 'Operatory listed twice');
}

/**
 * Creates one location-wide blockout, or one per operatory sharing a new recurrence group. Throws 404
 * (location, type, operatory), 422 (inactive type, dst_gap, end not after start) or 409 `overlap`
 * unless `allow_overlap`. Warns when the date is a holiday and about overlaps let through.
 */
export function createBlockouts(db: Db, orgId: string, scope: LocationScope, input: CreateBlockoutsInput):
  Promise<{ rows: BlockoutRow[]; warnings: string[] }> {
  const opIds = input.operatory_ids?.map((id) => id.toLowerCase()) ?? null;
  if (opIds) duplicateCheck(opIds);
  return withTransaction(db, async (tx) => {
    const location = await requireBlockoutLocation(tx, orgId, scope, input.location_id);
    await requireActiveBlockoutType(tx, orgId, input.blockout_type_id, ['body', 'blockout_type_uuid']);
    if (opIds) await requireOperatoriesAt(tx, orgId, location.id, opIds, ['body', 'operatory_uuids'], true);
    const date = input.schedule_date;
    const { startMs, endMs } = requireLocalRange(date, input.start_time, input.end_time, location.timezone);
    await lockLocationBlockouts(tx, orgId, location.id);
    const placed = (await listActiveBlockoutsOn(tx, orgId, location.id, [date])).map(toPlaced);
    const targets = opIds ?? [null];
    const conflicts = placed.filter((p) => targets.some((op) => blockoutsConflict({ operatoryId: op, startMs, endMs }, p)));
    if (conflicts.length && !input.allow_overlap) throw overlapError(conflicts);
    const warnings = holidayDates(placed).has(date) ? [holidayWarning(date)] : [];
    warnings.push(...conflicts.map((c) => `Overlaps ${describeBlockout(c)} (blockout ${c.id}), allowed by allow_overlap`));
    const group = opIds ? randomUUID() : null;
    const drafts = targets.map((op) => ({
      operatoryId: op, typeId: input.blockout_type_id, date, startTime: input.start_time, endTime: input.end_time, startMs, endMs, note: input.note,
    }));
    const ids = await writeBlockouts(tx, orgId, location.id, drafts, drafts.map(() => group), 'created');
    const rows = await getBlockoutsByIds(tx, orgId, ids);
    return { rows: ids.map((id) => rows.find((r) => r.id === id)!), warnings };
  });
}
