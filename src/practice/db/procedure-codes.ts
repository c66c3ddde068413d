import type { Db } from '../../core/db/client.ts';
import { one } from '../../core/db/client.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';

export interface ProcedureCodeRow {
  org_id: string;
  id: string;
  /** Upper-case, e.g. 'D0120'; unique per organisation. */
  code: string;
  description: string;
  /** numeric(12,2) as pg returns it: a decimal string such as '125.00'. */
  default_fee: string;
  default_minutes: number | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** Lists procedure codes by code; `q` matches a code prefix or a description substring, case-insensitively and literally. */
export function listProcedureCodes(db: Db, orgId: string, f: { q?: string }, page: PageRequest) {
  const where = new Filter(orgId)
    .add('(starts_with(code, upper($?)) OR strpos(lower(description), lower($?)) > 0)', f.q);
  return selectPage<ProcedureCodeRow>(db, '*', 'procedure_codes', where, 'code, id', page);
}

/** One procedure code of the organisation, or undefined. */
export function getProcedureCode(db: Db, orgId: string, id: string): Promise<ProcedureCodeRow | undefined> {
  return one<ProcedureCodeRow>(db, 'SELECT * FROM procedure_codes WHERE org_id = $1 AND id = $2', [orgId, id]);
}

/** The id of the organisation's procedure code with exactly this (already upper-cased) code, or undefined. */
export async function findProcedureCodeId(db: Db, orgId: string, code: string): Promise<string | undefined> {
  return (await one<{ id: string }>(db, 'SELECT id FROM procedure_codes WHERE org_id = $1 AND code = $2', [orgId, code]))?.id;
}

export interface NewProcedureCode {
  code: string;
  description: string;
  /** Currency amount with at most two decimals, ≥ 0. */
  default_fee: number;
  default_minutes: number | null;
}

/** Inserts a procedure code; a duplicate code raises 23505 on the (org_id, code) unique key. */
export async function insertProcedureCode(db: Db, orgId: string, p: NewProcedureCode): Promise<ProcedureCodeRow> {
  return (await one<ProcedureCodeRow>(db, `
    INSERT INTO procedure_codes (org_id, code, description, default_fee, default_minutes)
    VALUES ($1, $2, $3, $4, $5) RETURNING *`,
  [orgId, p.code, p.description, p.default_fee, p.default_minutes]))!;
}
