import { randomUUID } from 'node:crypto';
import {
  assignCopyGroups, copyCandidates, copyWeekPairs, isMonday, planPlacements, repeatWeekPairs,
} from '../domain/copy-plan.ts';
import { invalid } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { getBlockoutsByIds, listActiveBlockoutsOn, lockLocationBlockouts, setBlockoutGroups } from '../db/blockouts.ts';
import type { LocationScope } from '../../core/scope.ts';
import { requireBlockoutLocation, toPlaced, toSource, writeBlockouts } from './create-blockouts.ts';
import { recordBlockoutEvents } from './blockout-webhook-events.ts';

/** What a copy operation reports: blockouts created, and every skipped date or blockout with the reason. */
export interface CopyResult {
  count: number;
  warnings: string[];
}

/**
 * Copies the active blockouts of the source dates onto the target dates of `pairs` at one location,
 * under the location's blockout lock. Copies never go onto holidays and never duplicate or overlap
 * (see planPlacements); `grouping` chooses the recurrence groups (see assignCopyGroups). Records
 * `blockout.created` for each copy and `blockout.updated` (action grouped) for each source a repeat put in a group.
 */
async function copyBlockouts(
  db: Db, orgId: string, scope: LocationScope, locationId: string, pairs: [string, string][], grouping: 'join-source' | 'per-operation',
): Promise<CopyResult> {
  return withTransaction(db, async (tx) => {
    const location = await requireBlockoutLocation(tx, orgId, scope, locationId);
    await lockLocationBlockouts(tx, orgId, location.id);
    const sourceRows = await listActiveBlockoutsOn(tx, orgId, location.id, [...new Set(pairs.map((p) => p[0]))]);
    const targetRows = await listActiveBlockoutsOn(tx, orgId, location.id, [...new Set(pairs.map((p) => p[1]))]);
    const sources = sourceRows.map(toSource);
    const { drafts, warnings } = planPlacements(copyCandidates(sources, pairs), targetRows.map(toPlaced), location.timezone);
    const { draftGroups, newSourceGroups } = assignCopyGroups(drafts, sources, grouping, randomUUID);
    await setBlockoutGroups(tx, orgId, newSourceGroups);
    if (newSourceGroups.size) {
      await recordBlockoutEvents(tx, orgId, 'grouped', await getBlockoutsByIds(tx, orgId, [...newSourceGroups.keys()]));
    }
    await writeBlockouts(tx, orgId, location.id, drafts, draftGroups, 'copied');
    return { count: drafts.length, warnings };
  });
}

function requireMonday(date: string, field: string): void {
  if (!isMonday(date)) throw invalid(['body', field], `${date} is not a Monday`);
}

/** Copies one day's blockouts onto another day (copies of one source group share a new group). */
export function copyBlockoutDay(db: Db, orgId: string, scope: LocationScope, locationId: string, sourceDate: string, targetDate: string): Promise<CopyResult> {
  return copyBlockouts(db, orgId, scope, locationId, [[sourceDate, targetDate]], 'per-operation');
}

/** Copies a Monday-to-Sunday week onto another; 422 when either start is not a Monday. */
export function copyBlockoutWeek(db: Db, orgId: string, scope: LocationScope, locationId: string, sourceMonday: string, targetMonday: string): Promise<CopyResult> {
  requireMonday(sourceMonday, 'source_week_start');
  requireMonday(targetMonday, 'target_week_start');
  return copyBlockouts(db, orgId, scope, locationId, copyWeekPairs(sourceMonday, targetMonday), 'per-operation');
}

/** Repeats a week onto the next `numWeeks` weeks; copies join their source's recurrence group. 422 when not a Monday. */
export function repeatBlockoutWeeks(db: Db, orgId: string, scope: LocationScope, locationId: string, sourceMonday: string, numWeeks: number): Promise<CopyResult> {
  requireMonday(sourceMonday, 'source_week_start');
  return copyBlockouts(db, orgId, scope, locationId, repeatWeekPairs(sourceMonday, numWeeks), 'join-source');
}
