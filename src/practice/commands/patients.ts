import { AppError, invalid, notFound } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { findPatientIdByChartNumber, getPatient, insertPatient, type NewPatient, type PatientRow } from '../db/patients.ts';
import { deleteOrArchive, updateVersioned } from '../../core/db/records.ts';

const EARLIEST_BIRTH_DATE = '1900-01-01';

/** 422 unless `birthDate` (YYYY-MM-DD) lies between 1900-01-01 and today (UTC date of `now`), inclusive. */
function checkBirthDate(birthDate: string | null | undefined, now: Date): void {
  if (!birthDate) return;
  const today = now.toISOString().slice(0, 10);
  if (birthDate > today) throw invalid(['body', 'birth_date'], `birth_date may not be after today (${today})`);
  if (birthDate < EARLIEST_BIRTH_DATE) throw invalid(['body', 'birth_date'], `birth_date may not be before ${EARLIEST_BIRTH_DATE}`);
}

/** 409 already_exists when another patient (not `selfId`) of the organisation holds `chartNumber`. */
async function checkChartNumberFree(db: Db, orgId: string, chartNumber: string | null | undefined, selfId?: string): Promise<void> {
  if (!chartNumber) return;
  const holder = await findPatientIdByChartNumber(db, orgId, chartNumber);
  if (holder && holder !== selfId) {
    throw new AppError('already_exists', `Chart number '${chartNumber}' is already used by another patient`, ['body', 'chart_number']);
  }
}

/**
 * Creates a patient after checking the birth date against `now` (422) and that the chart number is
 * free in the organisation (409 already_exists; the unique index is the backstop under races).
 */
export function createPatient(db: Db, orgId: string, input: NewPatient, now: Date): Promise<PatientRow> {
  checkBirthDate(input.birth_date, now);
  return withTransaction(db, async (tx) => {
    await checkChartNumberFree(tx, orgId, input.chart_number);
    return insertPatient(tx, orgId, input);
  });
}

/** Patches a patient guarded by `baseVersion`: 404, then 409 already_exists for a taken chart number, then 409 version_conflict. */
export function updatePatient(
  db: Db, orgId: string, id: string, baseVersion: number, changes: Partial<NewPatient>, now: Date,
): Promise<PatientRow> {
  checkBirthDate(changes.birth_date, now);
  return withTransaction(db, async (tx) => {
    if (!(await getPatient(tx, orgId, id))) throw notFound('Patient', ['path', 'patient_uuid']);
    await checkChartNumberFree(tx, orgId, changes.chart_number, id);
    return updateVersioned<PatientRow>(tx, {
      table: 'patients', what: 'Patient', idParam: 'patient_uuid', orgId, id, baseVersion, changes,
    });
  });
}

/** Deletes a patient, or archives it (is_active=false) while other records still reference it. */
export async function removePatient(db: Db, orgId: string, id: string): Promise<'deleted' | 'archived'> {
  const outcome = await withTransaction(db, (tx) => deleteOrArchive(tx, 'patients', orgId, id));
  if (!outcome) throw notFound('Patient', ['path', 'patient_uuid']);
  return outcome;
}
