import type { Db } from '../../core/db/client.ts';
import { checkConflicts, type Conflict } from '../domain/conflicts.ts';
import { occupancyOf, type Booking } from '../domain/slot.ts';
import { loadConflictContext, type ConflictContext } from '../db/appointment-conflicts.ts';

/** The conflicts of a booking against the database as it is (taking no locks: under the caller's, or a preview). */
export async function findConflicts(tx: Db, orgId: string, b: Booking, allowOverlap: boolean): Promise<{ conflicts: Conflict[]; context: ConflictContext }> {
  const context = await loadConflictContext(tx, orgId, b.locationId, b.operatoryId, b.providers.map((p) => p.providerId), b.slot.start, b.slot.end, b.id);
  return { conflicts: checkConflicts(occupancyOf(b), context.others, context.blockouts, context.rules, b.locationId, allowOverlap, context.held), context };
}
