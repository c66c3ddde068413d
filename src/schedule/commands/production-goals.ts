import type pg from 'pg';
import { AppError, notFound, versionConflict } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { getLocation, getProvider } from '../../practice/index.ts';
import type { LocationScope } from '../../core/scope.ts';
import {
  GOAL_UNIQUE_KEY, deleteProductionGoal, findProductionGoal, getProductionGoal, insertProductionGoal, lockProductionGoal,
  updateProductionGoalAmount, upsertProductionGoal, type NewProductionGoal, type ProductionGoalRow,
} from '../db/production-goals.ts';
import { isUniqueViolation } from '../../core/db/records.ts';

/** The location (visible in `scope`) and provider of a goal write: 404 at the body field otherwise. */
async function requireGoalRefs(tx: pg.PoolClient, orgId: string, scope: LocationScope, g: NewProductionGoal): Promise<void> {
  if (!(await getLocation(tx, orgId, g.location_id, scope))) throw notFound('Location', ['body', 'location_uuid']);
  if (!(await getProvider(tx, orgId, g.provider_id))) throw notFound('Provider', ['body', 'provider_uuid']);
}

function duplicateGoal(g: NewProductionGoal, existingId?: string): AppError {
  return new AppError('value_error',
    `A production goal already exists for this provider, location and date (${g.goal_date}); use PUT /schedule/production-goals/upsert to change it`,
    ['body'], [], existingId ? { id: existingId } : undefined);
}

/**
 * Creates a goal: 404 for an unknown or invisible location or an unknown provider, then 422 (the
 * contract's status) when the provider already has a goal at the location that date, also when a
 * concurrent create wins the race at the schema's unique key.
 */
export function createProductionGoal(db: Db, orgId: string, scope: LocationScope, g: NewProductionGoal): Promise<ProductionGoalRow> {
  return withTransaction(db, async (tx) => {
    await requireGoalRefs(tx, orgId, scope, g);
    const existing = await findProductionGoal(tx, orgId, g);
    if (existing) throw duplicateGoal(g, existing);
    try {
      const id = await insertProductionGoal(tx, orgId, g);
      return (await getProductionGoal(tx, orgId, id, null))!;
    } catch (err) {
      if (isUniqueViolation(err, GOAL_UNIQUE_KEY)) throw duplicateGoal(g);
      throw err;
    }
  });
}

/** Creates the goal of a provider, location and date, or sets the existing one's amount (version + 1); 404 as on create. */
export function putProductionGoal(db: Db, orgId: string, scope: LocationScope, g: NewProductionGoal): Promise<{ row: ProductionGoalRow; created: boolean }> {
  return withTransaction(db, async (tx) => {
    await requireGoalRefs(tx, orgId, scope, g);
    const { id, created } = await upsertProductionGoal(tx, orgId, g);
    return { row: (await getProductionGoal(tx, orgId, id, null))!, created };
  });
}

/**
 * Sets a goal's amount (version + 1): 404 when not visible in `scope`, then 409 `version_conflict`
 * when an optional `baseVersion` is given and stale.
 */
export function updateProductionGoal(
  db: Db, orgId: string, scope: LocationScope, id: string, baseVersion: number | undefined, amount: number,
): Promise<ProductionGoalRow> {
  return withTransaction(db, async (tx) => {
    const current = await lockProductionGoal(tx, orgId, id, scope);
    if (!current) throw notFound('Production goal', ['path', 'goal_uuid']);
    if (baseVersion !== undefined && current.version !== baseVersion) throw versionConflict(current.version);
    await updateProductionGoalAmount(tx, orgId, id, amount);
    return (await getProductionGoal(tx, orgId, id, null))!;
  });
}

/** Deletes a goal for good; 404 when not visible in `scope`. */
export async function removeProductionGoal(db: Db, orgId: string, scope: LocationScope, id: string): Promise<void> {
  if (!(await deleteProductionGoal(db, orgId, id, scope))) throw notFound('Production goal', ['path', 'goal_uuid']);
}
