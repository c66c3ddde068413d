import type { Db } from '../../core/db/client.ts';
import { one } from '../../core/db/client.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';

export interface PatientRow {
  org_id: string;
  id: string;
  first_name: string;
  last_name: string;
  preferred_name: string | null;
  /** YYYY-MM-DD */
  birth_date: string | null;
  chart_number: string | null;
  mobile_phone: string | null;
  email: string | null;
  /** numeric(12,2) as decimal text, e.g. "-40.25" */
  balance_due: string;
  is_active: boolean;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface PatientFilter {
  isActive?: boolean;
  q?: string;
}

/** Escapes LIKE wildcards so user text matches literally (backslash is PostgreSQL's default escape). */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

// A patient matches when the whole query is a prefix of the chart number, or when every word of it
// occurs in the first, last or preferred name ("Ann Smi" finds Ann Smith). $? is the array of words.
const MATCHES_QUERY = `(
  chart_number ILIKE array_to_string($?::text[], ' ') || '%'
  OR NOT EXISTS (
    SELECT 1 FROM unnest($?::text[]) AS w(word)
     WHERE NOT (first_name ILIKE '%' || w.word || '%' OR last_name ILIKE '%' || w.word || '%'
                OR coalesce(preferred_name, '') ILIKE '%' || w.word || '%')))`;

/**
 * Lists the organisation's patients by last name, first name (case-insensitive), id. `q` is split on
 * whitespace; a blank `q` does not filter.
 */
export function listPatients(db: Db, orgId: string, f: PatientFilter, page: PageRequest) {
  const words = f.q?.trim().split(/\s+/).filter(Boolean).map(likeLiteral);
  const where = new Filter(orgId)
    .add('is_active = $?', f.isActive)
    .add(MATCHES_QUERY, words?.length ? words : undefined);
  return selectPage<PatientRow>(db, '*', 'patients', where, 'lower(last_name), lower(first_name), id', page);
}

/** One patient of the organisation, or undefined. */
export function getPatient(db: Db, orgId: string, id: string): Promise<PatientRow | undefined> {
  return one<PatientRow>(db, 'SELECT * FROM patients WHERE org_id = $1 AND id = $2', [orgId, id]);
}

/** The id of the patient holding `chartNumber` (exact match), or undefined. */
export async function findPatientIdByChartNumber(db: Db, orgId: string, chartNumber: string): Promise<string | undefined> {
  const row = await one<{ id: string }>(db, 'SELECT id FROM patients WHERE org_id = $1 AND chart_number = $2', [orgId, chartNumber]);
  return row?.id;
}

export interface NewPatient {
  first_name: string;
  last_name: string;
  preferred_name: string | null;
  birth_date: string | null;
  chart_number: string | null;
  mobile_phone: string | null;
  email: string | null;
  /** Money as a JSON number; negative is a credit. */
  balance_due: number;
  is_active: boolean;
}

/** Inserts a patient; a duplicate chart number raises 23505 (the command checks first). */
export async function insertPatient(db: Db, orgId: string, p: NewPatient): Promise<PatientRow> {
  return (await one<PatientRow>(db, `
    INSERT INTO patients (org_id, first_name, last_name, preferred_name, birth_date, chart_number, mobile_phone, email, balance_due, is_active)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
  [orgId, p.first_name, p.last_name, p.preferred_name, p.birth_date, p.chart_number, p.mobile_phone, p.email, p.balance_due, p.is_active]))!;
}
