import { one, type Db } from '../../core/db/client.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';
import type { RecallInterval } from '../domain/interval.ts';

/** The columns a client may write; every other column is the server's. */
export interface RecallTypeFields {
  name: string;
  description: string;
  default_interval: RecallInterval;
  appointment_type_id: string | null;
  is_active: boolean;
  item_order: number;
}

/** A recall type joined with its appointment type's name. */
export interface RecallTypeRow extends RecallTypeFields {
  org_id: string;
  id: string;
  appointment_type_name: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

// Dynamic SET lists take their column names from here only, never from a request.
const FIELD_COLUMNS: readonly (keyof RecallTypeFields)[] = [
  'name', 'description', 'default_interval', 'appointment_type_id', 'is_active', 'item_order',
];

const FROM = 'recall_types r LEFT JOIN appointment_types at ON at.org_id = r.org_id AND at.id = r.appointment_type_id';
const COLUMNS = 'r.*, at.name AS appointment_type_name';

/** The organisation's recall types (optionally only active or inactive ones) by item_order, name, id. */
export function listRecallTypes(db: Db, orgId: string, f: { isActive?: boolean }, page: PageRequest) {
  const where = new Filter(orgId, 'r').add('r.is_active = $?', f.isActive);
  return selectPage<RecallTypeRow>(db, COLUMNS, FROM, where, 'r.item_order, r.name, r.id', page);
}

/** One recall type of the organisation, or undefined. */
export function getRecallType(db: Db, orgId: string, id: string): Promise<RecallTypeRow | undefined> {
  return one<RecallTypeRow>(db, `SELECT ${COLUMNS} FROM ${FROM} WHERE r.org_id = $1 AND r.id = $2`, [orgId, id]);
}

/** Reads and row-locks (until the transaction ends) recall type `id`: its version; undefined when none. */
export function lockRecallType(db: Db, orgId: string, id: string): Promise<{ version: number } | undefined> {
  return one<{ version: number }>(db, 'SELECT version FROM recall_types WHERE org_id = $1 AND id = $2 FOR UPDATE', [orgId, id]);
}

/** Inserts a recall type (version 1) and returns its id. */
export async function insertRecallType(db: Db, orgId: string, f: RecallTypeFields): Promise<string> {
  const row = await one<{ id: string }>(db, `
    INSERT INTO recall_types (org_id, ${FIELD_COLUMNS.join(', ')})
    VALUES ($1, ${FIELD_COLUMNS.map((_c, i) => `$${i + 2}`).join(', ')}) RETURNING id`,
  [orgId, ...FIELD_COLUMNS.map((c) => f[c])]);
  return row!.id;
}

/** Writes the given fields of recall type `id` and bumps its version; the caller checked the version under a lock. */
export async function updateRecallType(db: Db, orgId: string, id: string, changes: Partial<RecallTypeFields>): Promise<void> {
  const cols = FIELD_COLUMNS.filter((c) => changes[c] !== undefined);
  const sets = cols.map((c, i) => `${c} = $${i + 3}`);
  await db.query(`UPDATE recall_types SET ${[...sets, 'version = version + 1'].join(', ')} WHERE org_id = $1 AND id = $2`,
    [orgId, id, ...cols.map((c) => changes[c])]);
}

/**
 * Hard-deletes recall type `id` (its triggers go with it) unless a patient recall names it; then it is
 * archived instead (is_active false, version + 1). One statement each; returns what happened, or null
 * when there is no such type.
 */
export async function deleteOrArchiveRecallType(db: Db, orgId: string, id: string): Promise<'deleted' | 'archived' | null> {
  const used = await one<{ used: boolean }>(db,
    'SELECT EXISTS (SELECT 1 FROM patient_recalls WHERE org_id = $1 AND recall_type_id = $2) AS used', [orgId, id]);
  if (used!.used) {
    const res = await db.query('UPDATE recall_types SET is_active = false, version = version + 1 WHERE org_id = $1 AND id = $2', [orgId, id]);
    return res.rowCount ? 'archived' : null;
  }
  const res = await db.query('DELETE FROM recall_types WHERE org_id = $1 AND id = $2', [orgId, id]);
  return res.rowCount ? 'deleted' : null;
}
