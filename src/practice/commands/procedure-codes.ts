import type pg from 'pg';
import { AppError, notFound, versionConflict } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import {
  findProcedureCodeId, getProcedureCode, insertProcedureCode, type NewProcedureCode, type ProcedureCodeRow,
} from '../db/procedure-codes.ts';
import { deleteOrArchive, updateVersioned, isUniqueViolation } from '../../core/db/records.ts';

const UNIQUE_CODE = 'procedure_codes_org_id_code_key';

/** The stored form of a code: trimmed and upper-cased (`' d0120 '` → `'D0120'`). */
export function normalizeProcedureCode(code: string): string {
  return code.trim().toUpperCase();
}

function codeTaken(code: string): AppError {
  return new AppError('already_exists', `Procedure code ${code} already exists`, ['body', 'code']);
}

/** Runs `fn` in a transaction; a concurrent insert of the same code that slips past the check still reads as already_exists. */
async function guardingCode<T>(db: Db, code: string | undefined, fn: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  try {
    return await withTransaction(db, fn);
  } catch (err) {
    if (code !== undefined && isUniqueViolation(err, UNIQUE_CODE)) throw codeTaken(code);
    throw err;
  }
}

async function assertCodeFree(tx: pg.PoolClient, orgId: string, code: string, selfId?: string): Promise<void> {
  const holder = await findProcedureCodeId(tx, orgId, code);
  if (holder !== undefined && holder !== selfId) throw codeTaken(code);
}

/** Creates a procedure code; the code is normalised first and must be unused in the organisation (409 already_exists). */
export function createProcedureCode(db: Db, orgId: string, input: NewProcedureCode): Promise<ProcedureCodeRow> {
  const code = normalizeProcedureCode(input.code);
  return guardingCode(db, code, async (tx) => {
    await assertCodeFree(tx, orgId, code);
    return insertProcedureCode(tx, orgId, { ...input, code });
  });
}

/**
 * Patches a procedure code guarded by `baseVersion`. Throws not_found, version_conflict naming the
 * current version, or already_exists when a new code belongs to another record.
 */
export function updateProcedureCode(
  db: Db, orgId: string, id: string, baseVersion: number, changes: Partial<NewProcedureCode>,
): Promise<ProcedureCodeRow> {
  const code = changes.code === undefined ? undefined : normalizeProcedureCode(changes.code);
  if (code !== undefined) changes = { ...changes, code };
  return guardingCode(db, code, async (tx) => {
    const current = await getProcedureCode(tx, orgId, id);
    if (!current) throw notFound('Procedure code', ['path', 'procedure_code_uuid']);
    if (current.version !== baseVersion) throw versionConflict(current.version);
    if (code !== undefined) await assertCodeFree(tx, orgId, code, id);
    return updateVersioned<ProcedureCodeRow>(tx, {
      table: 'procedure_codes', what: 'Procedure code', idParam: 'procedure_code_uuid', orgId, id, baseVersion, changes,
    });
  });
}

/**
 * Deletes a procedure code. Procedure codes have no archived state: one still referenced (by an
 * appointment type or other records) is refused with 409 in_use naming the code.
 */
export function removeProcedureCode(db: Db, orgId: string, id: string): Promise<void> {
  return withTransaction(db, async (tx) => {
    const row = await getProcedureCode(tx, orgId, id);
    if (!row) throw notFound('Procedure code', ['path', 'procedure_code_uuid']);
    try {
      await deleteOrArchive(tx, 'procedure_codes', orgId, id);
    } catch (err) {
      if ((err as { code?: string }).code !== '23503') throw err;
      throw new AppError('in_use',
        `Procedure code ${row.code} is in use (referenced by appointment types or other records) and cannot be deleted`,
        ['path', 'procedure_code_uuid']);
    }
  });
}
