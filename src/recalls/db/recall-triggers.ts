import { one, type Db } from '../../core/db/client.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';

/** A trigger joined with its recall type's name and its procedure code (code and description). */
export interface RecallTriggerRow {
  org_id: string;
  id: string;
  recall_type_id: string;
  recall_type_name: string;
  procedure_code_id: string;
  procedure_code: string;
  procedure_description: string;
  created_at: string;
}

/** The unique key that allows a procedure code once per recall type. */
export const TRIGGER_UNIQUE_KEY = 'recall_triggers_type_code_key';

const FROM = `recall_triggers g
  JOIN recall_types r ON r.org_id = g.org_id AND r.id = g.recall_type_id
  JOIN procedure_codes pc ON pc.org_id = g.org_id AND pc.id = g.procedure_code_id`;
const COLUMNS = `g.*, r.name AS recall_type_name, pc.code AS procedure_code, pc.description AS procedure_description`;

/** The triggers of one recall type, by procedure code then id. */
export function listRecallTriggers(db: Db, orgId: string, recallTypeId: string, page: PageRequest) {
  const where = new Filter(orgId, 'g').add('g.recall_type_id = $?', recallTypeId);
  return selectPage<RecallTriggerRow>(db, COLUMNS, FROM, where, 'pc.code, g.id', page);
}

/** One trigger of the organisation, or undefined. */
export function getRecallTrigger(db: Db, orgId: string, id: string): Promise<RecallTriggerRow | undefined> {
  return one<RecallTriggerRow>(db, `SELECT ${COLUMNS} FROM ${FROM} WHERE g.org_id = $1 AND g.id = $2`, [orgId, id]);
}

/** The trigger of `recallTypeId` for `procedureCodeId`, or undefined. */
export function findRecallTrigger(db: Db, orgId: string, recallTypeId: string, procedureCodeId: string): Promise<{ id: string } | undefined> {
  return one<{ id: string }>(db,
    'SELECT id FROM recall_triggers WHERE org_id = $1 AND recall_type_id = $2 AND procedure_code_id = $3', [orgId, recallTypeId, procedureCodeId]);
}

/** Inserts a trigger and returns its id; a duplicate raises 23505 on TRIGGER_UNIQUE_KEY. */
export async function insertRecallTrigger(db: Db, orgId: string, recallTypeId: string, procedureCodeId: string): Promise<string> {
  const row = await one<{ id: string }>(db,
    'INSERT INTO recall_triggers (org_id, recall_type_id, procedure_code_id) VALUES ($1, $2, $3) RETURNING id',
    [orgId, recallTypeId, procedureCodeId]);
  return row!.id;
}

/** Hard-deletes trigger `id`; false when there was none. */
export async function deleteRecallTrigger(db: Db, orgId: string, id: string): Promise<boolean> {
  const res = await db.query('DELETE FROM recall_triggers WHERE org_id = $1 AND id = $2', [orgId, id]);
  return (res.rowCount ?? 0) > 0;
}
