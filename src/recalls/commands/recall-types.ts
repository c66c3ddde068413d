import { notFound, versionConflict } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import {
  deleteOrArchiveRecallType, getRecallType, insertRecallType, lockRecallType, updateRecallType,
  type RecallTypeFields, type RecallTypeRow,
} from '../db/recall-types.ts';
import { requireBookableType, requireInterval } from './recall-checks.ts';

const RECALL_TYPE = 'Recall type';

/** Creates a recall type (version 1): 422 for an interval without a positive unit, 404/422 for an unknown/archived appointment type. */
export function createRecallType(db: Db, orgId: string, fields: RecallTypeFields): Promise<RecallTypeRow> {
  const interval = requireInterval(fields.default_interval, ['body', 'default_interval']);
  return withTransaction(db, async (tx) => {
    if (fields.appointment_type_id) await requireBookableType(tx, orgId, fields.appointment_type_id);
    const id = await insertRecallType(tx, orgId, { ...fields, default_interval: interval });
    return (await getRecallType(tx, orgId, id))!;
  });
}

/**
 * Changes the given fields of recall type `id` (version + 1): 404 when there is none, 409 when
 * `baseVersion` is stale, then the same checks as creating for the fields given.
 */
export function changeRecallType(
  db: Db, orgId: string, id: string, baseVersion: number, changes: Partial<RecallTypeFields>,
): Promise<RecallTypeRow> {
  return withTransaction(db, async (tx) => {
    const current = await lockRecallType(tx, orgId, id);
    if (!current) throw notFound(RECALL_TYPE, ['path', 'recall_type_uuid']);
    if (current.version !== baseVersion) throw versionConflict(current.version);
    const interval = changes.default_interval && requireInterval(changes.default_interval, ['body', 'default_interval']);
    if (changes.appointment_type_id) await requireBookableType(tx, orgId, changes.appointment_type_id);
    await updateRecallType(tx, orgId, id, { ...changes, default_interval: interval });
    return (await getRecallType(tx, orgId, id))!;
  });
}

/**
 * Deletes recall type `id` with its triggers; when patient recalls name it, archives it instead
 * (is_active false), so their history stays readable. The type is locked first, so a recall created
 * at the same time waits and then fails on the foreign key (409 in_use) rather than slipping past.
 * 404 when there is no such type.
 */
export function removeRecallType(db: Db, orgId: string, id: string): Promise<'deleted' | 'archived'> {
  return withTransaction(db, async (tx) => {
    if (!(await lockRecallType(tx, orgId, id))) throw notFound(RECALL_TYPE, ['path', 'recall_type_uuid']);
    return (await deleteOrArchiveRecallType(tx, orgId, id))!;
  });
}
