import { AppError, notFound } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { isUniqueViolation } from '../../core/db/records.ts';
import { getProcedureCode } from '../../practice/index.ts';
import {
  TRIGGER_UNIQUE_KEY, deleteRecallTrigger, findRecallTrigger, getRecallTrigger, insertRecallTrigger, type RecallTriggerRow,
} from '../db/recall-triggers.ts';
import { lockRecallType } from '../db/recall-types.ts';

/** 409 already_exists at body.procedure_code_uuid naming the existing trigger (ctx.id). */
function triggerExists(id: string | undefined): AppError {
  return new AppError('already_exists', `The recall type already has a trigger for this procedure code${id ? ` (${id})` : ''}`,
    ['body', 'procedure_code_uuid'], [], id ? { id } : undefined);
}

/**
 * Makes `procedureCodeId` trigger recall type `recallTypeId`: 404 for an unknown type or code, 409
 * already_exists when the type already has a trigger for the code (the unique key settles a race the
 * same way).
 */
export async function createRecallTrigger(db: Db, orgId: string, recallTypeId: string, procedureCodeId: string): Promise<RecallTriggerRow> {
  try {
    return await withTransaction(db, async (tx) => {
      // Locked, so a concurrent delete of the type waits rather than removing it under the new trigger.
      if (!(await lockRecallType(tx, orgId, recallTypeId))) throw notFound('Recall type', ['body', 'recall_type_uuid']);
      if (!(await getProcedureCode(tx, orgId, procedureCodeId))) throw notFound('Procedure code', ['body', 'procedure_code_uuid']);
      const existing = await findRecallTrigger(tx, orgId, recallTypeId, procedureCodeId);
      if (existing) throw triggerExists(existing.id);
      const id = await insertRecallTrigger(tx, orgId, recallTypeId, procedureCodeId);
      return (await getRecallTrigger(tx, orgId, id))!;
    });
  } catch (err) {
    if (!isUniqueViolation(err, TRIGGER_UNIQUE_KEY)) throw err;
    throw triggerExists((await findRecallTrigger(db, orgId, recallTypeId, procedureCodeId))?.id);
  }
}

/** Hard-deletes trigger `id`; 404 when there is none. */
export async function removeRecallTrigger(db: Db, orgId: string, id: string): Promise<void> {
  if (!(await deleteRecallTrigger(db, orgId, id))) throw notFound('Recall trigger', ['path', 'trigger_uuid']);
}
