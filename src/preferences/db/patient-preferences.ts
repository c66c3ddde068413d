import { one, type Db } from '../../core/db/client.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';

/** The columns a client (or learning) may write; every other column is the server's. */
export interface PreferenceFields {
  /** Weekdays 0 = Monday … 6 = Sunday. */
  preferred_days: number[] | null;
  /** Wall clock, HH:MM:SS. */
  preferred_time_start: string | null;
  preferred_time_end: string | null;
  preferred_provider_id: string | null;
  preferred_operatory_id: string | null;
  preferred_contact_method: string | null;
  notes: string;
  learned_from_history: boolean;
}

/** A preference joined with the names of its patient, provider and chair (for the lightweight references). */
export interface PatientPreferenceRow extends PreferenceFields {
  org_id: string;
  id: string;
  patient_id: string;
  patient_name: string;
  preferred_provider_name: string | null;
  preferred_operatory_name: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** What a write needs to know of the current row, read under a row lock. */
export interface LockedPreference extends PreferenceFields {
  id: string;
  patient_id: string;
  version: number;
}

/** The unique key that allows one preference per patient. */
export const PREFERENCE_UNIQUE_KEY = 'patient_scheduling_preferences_patient_key';

// Dynamic SET lists take their column names from here only, never from a request.
const FIELD_COLUMNS: readonly (keyof PreferenceFields)[] = [
  'preferred_days', 'preferred_time_start', 'preferred_time_end', 'preferred_provider_id', 'preferred_operatory_id',
  'preferred_contact_method', 'notes', 'learned_from_history',
];

const FROM = `patient_scheduling_preferences p
  JOIN patients pt ON pt.org_id = p.org_id AND pt.id = p.patient_id
  LEFT JOIN providers pr ON pr.org_id = p.org_id AND pr.id = p.preferred_provider_id
  LEFT JOIN operatories o ON o.org_id = p.org_id AND o.id = p.preferred_operatory_id`;
const COLUMNS = `p.*, pt.first_name || ' ' || pt.last_name AS patient_name,
  pr.first_name || ' ' || pr.last_name AS preferred_provider_name, o.name AS preferred_operatory_name`;

/** Lists the organisation's preferences (optionally one patient's) in creation order (created_at, then id). */
export function listPatientPreferences(db: Db, orgId: string, f: { patientId?: string }, page: PageRequest) {
  const where = new Filter(orgId, 'p').add('p.patient_id = $?', f.patientId);
  return selectPage<PatientPreferenceRow>(db, COLUMNS, FROM, where, 'p.created_at, p.id', page);
}

/** One preference of the organisation, or undefined. */
export function getPatientPreference(db: Db, orgId: string, id: string): Promise<PatientPreferenceRow | undefined> {
  return one<PatientPreferenceRow>(db, `SELECT ${COLUMNS} FROM ${FROM} WHERE p.org_id = $1 AND p.id = $2`, [orgId, id]);
}

/** The preference of one patient (there is at most one), or undefined. */
export function getPreferenceOfPatient(db: Db, orgId: string, patientId: string): Promise<PatientPreferenceRow | undefined> {
  return one<PatientPreferenceRow>(db, `SELECT ${COLUMNS} FROM ${FROM} WHERE p.org_id = $1 AND p.patient_id = $2`, [orgId, patientId]);
}

/** Reads and row-locks (FOR UPDATE, until the transaction ends) the preference `id`; undefined when none. */
export function lockPatientPreference(db: Db, orgId: string, id: string): Promise<LockedPreference | undefined> {
  return one<LockedPreference>(db,
    'SELECT * FROM patient_scheduling_preferences WHERE org_id = $1 AND id = $2 FOR UPDATE', [orgId, id]);
}

/** Reads and row-locks the preference of a patient; undefined when the patient has none. */
export function lockPreferenceOfPatient(db: Db, orgId: string, patientId: string): Promise<LockedPreference | undefined> {
  return one<LockedPreference>(db,
    'SELECT * FROM patient_scheduling_preferences WHERE org_id = $1 AND patient_id = $2 FOR UPDATE', [orgId, patientId]);
}

/**
 * Inserts a patient's preference (version 1) and returns its id; a second one for the same patient
 * raises 23505 on PREFERENCE_UNIQUE_KEY.
 */
export async function insertPatientPreference(db: Db, orgId: string, patientId: string, f: PreferenceFields): Promise<string> {
  const values = FIELD_COLUMNS.map((c) => f[c]);
  const row = await one<{ id: string }>(db, `
    INSERT INTO patient_scheduling_preferences (org_id, patient_id, ${FIELD_COLUMNS.join(', ')})
    VALUES ($1, $2, ${FIELD_COLUMNS.map((_c, i) => `$${i + 3}`).join(', ')}) RETURNING id`,
  [orgId, patientId, ...values]);
  return row!.id;
}

/**
 * Writes the given fields of preference `id` and bumps its version (also when nothing changes: a write
 * was asked). The caller has checked the version under lockPatientPreference.
 */
export async function updatePatientPreference(db: Db, orgId: string, id: string, changes: Partial<PreferenceFields>): Promise<void> {
  const cols = FIELD_COLUMNS.filter((c) => changes[c] !== undefined);
  const sets = cols.map((c, i) => `${c} = $${i + 3}`);
  await db.query(
    `UPDATE patient_scheduling_preferences SET ${[...sets, 'version = version + 1'].join(', ')} WHERE org_id = $1 AND id = $2`,
    [orgId, id, ...cols.map((c) => changes[c])]);
}

/** Hard-deletes preference `id`; false when there was none. */
export async function deletePatientPreference(db: Db, orgId: string, id: string): Promise<boolean> {
  const res = await db.query('DELETE FROM patient_scheduling_preferences WHERE org_id = $1 AND id = $2', [orgId, id]);
  return (res.rowCount ?? 0) > 0;
}

