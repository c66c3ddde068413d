import { AppError, invalid, versionConflict } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { isUniqueViolation } from '../../core/db/records.ts';
import type { LocationScope } from '../../core/scope.ts';
import {
  PREFERENCE_UNIQUE_KEY, getPatientPreference, insertPatientPreference, lockPreferenceOfPatient, updatePatientPreference,
  type PatientPreferenceRow, type PreferenceFields,
} from '../db/patient-preferences.ts';
import { requirePatient } from '../../practice/index.ts';
import { requireReferences, requireTimeWindow } from './preference-checks.ts';

/** A concurrent request created the patient's preference between our read and our insert. */
function createdMeanwhile(): AppError {
  return new AppError('version_conflict',
    'The patient\'s preference was created by another request at the same time; read it and send its version as base_version',
    ['body', 'base_version']);
}

/**
 * Creates or replaces the preference of a patient with `fields` (every column: the caller fills in the
 * defaults). 404 for an unknown patient, provider or chair (a chair outside `scope` included), 422 for a
 * reversed window. Replacing needs `baseVersion`: 422 `missing` when omitted, 409 when stale; creating
 * ignores it. A create that loses a race to another create → 409, so nothing is silently replaced.
 */
export async function putPatientPreference(
  db: Db, orgId: string, scope: LocationScope, patientId: string, baseVersion: number | undefined, fields: PreferenceFields,
): Promise<PatientPreferenceRow> {
  try {
    return await withTransaction(db, async (tx) => {
      await requirePatient(tx, orgId, patientId, ['path', 'patient_uuid']);
      requireTimeWindow(fields, fields);
      await requireReferences(tx, orgId, scope, fields);
      const current = await lockPreferenceOfPatient(tx, orgId, patientId);
      if (!current) {
        const id = await insertPatientPreference(tx, orgId, patientId, fields);
        return (await getPatientPreference(tx, orgId, id))!;
      }
      if (baseVersion === undefined) {
        throw invalid(['body', 'base_version'],
          `The patient already has a preference (version ${current.version}): base_version is required to update it`, 'missing');
      }
      if (current.version !== baseVersion) throw versionConflict(current.version);
      await updatePatientPreference(tx, orgId, current.id, fields);
      return (await getPatientPreference(tx, orgId, current.id))!;
    });
  } catch (err) {
    if (isUniqueViolation(err, PREFERENCE_UNIQUE_KEY)) throw createdMeanwhile();
    throw err;
  }
}
