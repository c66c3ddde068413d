import { AppError, versionConflict } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { isUniqueViolation } from '../../core/db/records.ts';
import { deriveLearnedPreference, type LearnedPreference } from '../domain/learn.ts';
import {
  PREFERENCE_UNIQUE_KEY, getPatientPreference, insertPatientPreference, lockPreferenceOfPatient, updatePatientPreference,
  type LockedPreference, type PatientPreferenceRow, type PreferenceFields,
} from '../db/patient-preferences.ts';
import { listRecentVisits } from '../db/visit-history.ts';
import { requirePatient } from '../../practice/index.ts';

export interface LearnRequest {
  /** Replace a preference a person entered (learned_from_history false). */
  overwrite: boolean;
  /** When given, the current preference must have this version. */
  baseVersion?: number;
}

function tooLittleHistory(visits: number, required: number): AppError {
  const has = visits === 0 ? 'has none' : `has ${visits}`;
  return new AppError('value_error',
    `Learning needs at least ${required} completed or scheduled appointments; this patient ${has}. Nothing was written.`,
    ['path', 'patient_uuid'], [], { appointments: visits, required });
}

function enteredByPerson(current: LockedPreference): AppError {
  return new AppError('state_conflict',
    `The patient's preference was entered by a person (version ${current.version}); send overwrite: true to replace its days, `
    + 'time window, provider and chair with learned ones', ['body', 'overwrite'], [], { id: current.id, version: current.version });
}

type LearnedColumns = Omit<PreferenceFields, 'notes' | 'preferred_contact_method'>;

/** The learned columns; notes and contact method are never derived, so they are not among them. */
function learnedColumns(l: LearnedPreference): LearnedColumns {
  return {
    preferred_days: l.preferredDays, preferred_time_start: l.timeStart, preferred_time_end: l.timeEnd,
    preferred_provider_id: l.providerId, preferred_operatory_id: l.operatoryId, learned_from_history: true,
  };
}

/**
 * Derives the patient's preference from their recent completed and scheduled appointments and writes it
 * with learned_from_history true (creating it, or updating days, window, provider and chair; notes and
 * contact method stay). 404 unknown patient; 409 stale `baseVersion`; 422 value_error with
 * ctx {appointments, required} when there are too few appointments; 409 state_conflict when a person
 * entered the current preference and `overwrite` is false.
 */
export async function learnPatientPreference(db: Db, orgId: string, patientId: string, req: LearnRequest): Promise<PatientPreferenceRow> {
  try {
    return await withTransaction(db, async (tx) => {
      await requirePatient(tx, orgId, patientId, ['path', 'patient_uuid']);
      const current = await lockPreferenceOfPatient(tx, orgId, patientId);
      if (current && req.baseVersion !== undefined && current.version !== req.baseVersion) throw versionConflict(current.version);
      const outcome = deriveLearnedPreference(await listRecentVisits(tx, orgId, patientId));
      if (!outcome.ok) throw tooLittleHistory(outcome.visits, outcome.required);
      if (current && !current.learned_from_history && !req.overwrite) throw enteredByPerson(current);
      const columns = learnedColumns(outcome.learned);
      if (current) {
        await updatePatientPreference(tx, orgId, current.id, columns);
        return (await getPatientPreference(tx, orgId, current.id))!;
      }
      const id = await insertPatientPreference(tx, orgId, patientId, { ...columns, notes: '', preferred_contact_method: null });
      return (await getPatientPreference(tx, orgId, id))!;
    });
  } catch (err) {
    if (!isUniqueViolation(err, PREFERENCE_UNIQUE_KEY)) throw err;
    throw new AppError('state_conflict', 'The patient\'s preference was created by another request at the same time; retry', ['path', 'patient_uuid']);
  }
}
