import { notFound } from '../../core/errors.ts';
import { daysBetween, localDate } from '../../core/time.ts';
import type { Db } from '../../core/db/client.ts';
import { findProcedureCodeId, getPatient, normalizeProcedureCode } from '../../practice/index.ts';
import { findLastPerformed } from '../db/appointment-lists.ts';

/**
 * When the patient last had `procedureCode` performed (any location) and how many whole days ago, counted
 * to `now`'s date at the location where it was performed; nulls when never. 404 unknown patient or code.
 */
export async function checkProcedureFrequency(db: Db, orgId: string, now: Date, patientId: string, procedureCode: string) {
  const code = normalizeProcedureCode(procedureCode);
  if (!(await getPatient(db, orgId, patientId))) throw notFound('Patient', ['query', 'patient_uuid']);
  const codeId = await findProcedureCodeId(db, orgId, code);
  if (!codeId) throw notFound('Procedure code', ['query', 'procedure_code']);
  const last = await findLastPerformed(db, orgId, patientId, codeId);
  return {
    procedure_code: code,
    last_performed_date: last?.performed_date ?? null,
    days_since: last ? daysBetween(last.performed_date, localDate(now, last.timezone)) : null,
  };
}
