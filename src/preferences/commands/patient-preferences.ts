import { AppError, notFound, versionConflict } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { isUniqueViolation } from '../../core/db/records.ts';
import type { LocationScope } from '../../core/scope.ts';
import {
  PREFERENCE_UNIQUE_KEY, deletePatientPreference, getPatientPreference, getPreferenceOfPatient, insertPatientPreference,
  lockPatientPreference, updatePatientPreference, type PatientPreferenceRow, type PreferenceFields,
} from '../db/patient-preferences.ts';
import { requirePatient } from '../../practice/index.ts';
import { requireReferences, requireTimeWindow } from './preference-checks.ts';

const PREFERENCE = 'Patient scheduling preference';

/** 409 already_exists at body.patient_uuid naming the patient's existing preference (ctx.id). */
export function preferenceExists(id: string | undefined): AppError {
  const which = id ? ` (${id})` : '';
  return new AppError('already_exists',
    `The patient already has a scheduling preference${which}; change it with PATCH /schedule/patient-preferences/{preference_uuid} `
    + 'or PUT /schedule/patient-preferences/by-patient/{patient_uuid}', ['body', 'patient_uuid'], [], id ? { id } : undefined);
}

/**
 * Creates a patient's preference (version 1): 422 for a reversed time window, 404 for an unknown patient,
 * provider or chair (a chair outside `scope` included), then 409 already_exists naming the patient's
 * existing preference; the unique key settles a race between two creates the same way.
 */
export async function createPatientPreference(
  db: Db, orgId: string, scope: LocationScope, patientId: string, fields: PreferenceFields,
): Promise<PatientPreferenceRow> {
  requireTimeWindow(fields, fields);
  try {
    return await withTransaction(db, async (tx) => {
      await requirePatient(tx, orgId, patientId, ['body', 'patient_uuid']);
      await requireReferences(tx, orgId, scope, fields);
      const existing = await getPreferenceOfPatient(tx, orgId, patientId);
      if (existing) throw preferenceExists(existing.id);
      const id = await insertPatientPreference(tx, orgId, patientId, fields);
      return (await getPatientPreference(tx, orgId, id))!;
    });
  } catch (err) {
    if (!isUniqueViolation(err, PREFERENCE_UNIQUE_KEY)) throw err;
    // The transaction is over (rolled back), so `db` can read the preference that won the race.
    throw preferenceExists((await getPreferenceOfPatient(db, orgId, patientId))?.id);
  }
}

/**
 * Changes the given fields of preference `id` (version + 1): 404 when there is none, 409 when
 * `baseVersion` is stale, 422 when the resulting window is reversed, 404 for an unknown provider or chair.
 * A change that does not say `learned_from_history` makes the preference a person's (false): someone
 * has looked at it, and learning must not overwrite it silently.
 */
export function changePatientPreference(
  db: Db, orgId: string, scope: LocationScope, id: string, baseVersion: number, changes: Partial<PreferenceFields>,
): Promise<PatientPreferenceRow> {
  return withTransaction(db, async (tx) => {
    const current = await lockPatientPreference(tx, orgId, id);
    if (!current) throw notFound(PREFERENCE, ['path', 'preference_uuid']);
    if (current.version !== baseVersion) throw versionConflict(current.version);
    requireTimeWindow({ ...current, ...definedOnly(changes) }, changes);
    await requireReferences(tx, orgId, scope, changes);
    await updatePatientPreference(tx, orgId, id, { ...changes, learned_from_history: changes.learned_from_history ?? false });
    return (await getPatientPreference(tx, orgId, id))!;
  });
}

/** Hard-deletes preference `id`; 404 when there is none. */
export async function removePatientPreference(db: Db, orgId: string, id: string): Promise<void> {
  if (!(await deletePatientPreference(db, orgId, id))) throw notFound(PREFERENCE, ['path', 'preference_uuid']);
}

/** `changes` without the keys whose value is undefined (so a spread never overwrites with undefined). */
export function definedOnly<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<T>;
}
