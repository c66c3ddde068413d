import { notFound } from '../../core/errors.ts';
import { runAll, type Db } from '../../core/db/client.ts';
import { getPatient } from '../../practice/index.ts';
import { getPreferenceOfPatient, type PatientPreferenceRow } from '../db/patient-preferences.ts';
import type { SchedulingPreference } from '../domain/preference.ts';

/**
 * The preference of a patient in the plain shape other areas rank by (days 0 = Monday, times HH:MM:SS,
 * provider and chair ids), or null when the patient has none; an unknown patient also gives null (the
 * caller checks patients itself). One statement.
 */
export async function getPreferenceForPatient(db: Db, orgId: string, patientId: string): Promise<SchedulingPreference | null> {
  const r = await getPreferenceOfPatient(db, orgId, patientId);
  if (!r) return null;
  return {
    id: r.id, patientId: r.patient_id, preferredDays: r.preferred_days,
    timeStart: r.preferred_time_start, timeEnd: r.preferred_time_end,
    providerId: r.preferred_provider_id, operatoryId: r.preferred_operatory_id, learnedFromHistory: r.learned_from_history,
  };
}

/** The preference row of a patient, or null when none is set; 404 at path.patient_uuid for an unknown patient. */
export async function loadPreferenceOfPatient(db: Db, orgId: string, patientId: string): Promise<PatientPreferenceRow | null> {
  const [patient, row] = await runAll(db,
    () => getPatient(db, orgId, patientId), () => getPreferenceOfPatient(db, orgId, patientId));
  if (!patient) throw notFound('Patient', ['path', 'patient_uuid']);
  return row ?? null;
}
