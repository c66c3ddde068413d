import type pg from 'pg';
import { slugify } from '../domain/defaults.ts';
import { AppError, invalid, notFound, versionConflict } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import {
  FLOW_STATUS_SLUG_KEY, findFlowStatusIdBySlug, getFlowStatus, insertFlowStatus,
  type FlowStatusRow, type NewFlowStatus,
} from '../db/flow-statuses.ts';
import { deleteOrArchive, updateVersioned, isUniqueViolation } from '../../core/db/records.ts';

/** A new flow status as a client sends it: the slug is derived from the name; null color or item_order = default. */
export type FlowStatusInput = Omit<NewFlowStatus, 'slug' | 'color'> & { color: string | null };
export type FlowStatusChanges = Partial<Pick<FlowStatusRow, 'name' | 'color' | 'item_order' | 'is_active'>>;

const DEFAULT_COLOR = '#9E9E9E';

function slugOrThrow(name: string): string {
  const slug = slugify(name);
  if (!slug) throw invalid(['body', 'name'], 'name must contain at least one letter or digit (its slug would be empty)');
  return slug;
}

function slugTaken(slug: string): AppError {
  return new AppError('already_exists', `A flow status with slug '${slug}' already exists (names are unique up to their slug)`, ['body', 'name']);
}

/** Runs `fn` in a transaction; a concurrent write of the same slug that slips past the check still reads as already_exists. */
async function guardingSlug<T>(db: Db, slug: string | undefined, fn: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  try {
    return await withTransaction(db, fn);
  } catch (err) {
    if (slug !== undefined && isUniqueViolation(err, FLOW_STATUS_SLUG_KEY)) throw slugTaken(slug);
    throw err;
  }
}

async function checkSlugFree(tx: pg.PoolClient, orgId: string, slug: string, selfId?: string): Promise<void> {
  const holder = await findFlowStatusIdBySlug(tx, orgId, slug);
  if (holder !== undefined && holder !== selfId) throw slugTaken(slug);
}

/**
 * Creates a flow status whose slug is derived from its name: an empty slug → 422, a slug already used
 * in the organisation (inactive statuses included) → 409 already_exists. Without `item_order` it goes
 * after the last status; `color` defaults to #9E9E9E.
 */
export function createFlowStatus(db: Db, orgId: string, input: FlowStatusInput): Promise<FlowStatusRow> {
  const slug = slugOrThrow(input.name);
  return guardingSlug(db, slug, async (tx) => {
    await checkSlugFree(tx, orgId, slug);
    return insertFlowStatus(tx, orgId, { ...input, slug, color: input.color ?? DEFAULT_COLOR });
  });
}

/**
 * Patches a flow status guarded by `baseVersion`; a new name re-derives the slug. Throws 422 for an
 * empty slug, then not_found, version_conflict, and already_exists for a slug another status holds.
 */
export function updateFlowStatus(
  db: Db, orgId: string, id: string, baseVersion: number, changes: FlowStatusChanges,
): Promise<FlowStatusRow> {
  const slug = changes.name === undefined ? undefined : slugOrThrow(changes.name);
  return guardingSlug(db, slug, async (tx) => {
    const current = await getFlowStatus(tx, orgId, id);
    if (!current) throw notFound('Flow status', ['path', 'flow_status_uuid']);
    if (current.version !== baseVersion) throw versionConflict(current.version);
    if (slug !== undefined) await checkSlugFree(tx, orgId, slug, id);
    return updateVersioned<FlowStatusRow>(tx, {
      table: 'patient_flow_statuses', what: 'Flow status', idParam: 'flow_status_uuid', orgId, id, baseVersion,
      changes: slug === undefined ? changes : { ...changes, slug },
    });
  });
}

/** Deletes a flow status, or archives it (is_active=false) while other records (appointment flow events) reference it. */
export async function removeFlowStatus(db: Db, orgId: string, id: string): Promise<'deleted' | 'archived'> {
  const outcome = await withTransaction(db, (tx) => deleteOrArchive(tx, 'patient_flow_statuses', orgId, id));
  if (!outcome) throw notFound('Flow status', ['path', 'flow_status_uuid']);
  return outcome;
}
