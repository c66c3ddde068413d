import { AppError, invalid, notFound, versionConflict } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { isUniqueViolation } from '../../core/db/records.ts';
import type { RecallStatus } from '../domain/recall-status.ts';
import {
  RECALL_UNIQUE_KEY, findRecallOfPatient, getPatientRecall, insertPatientRecall, lockPatientRecall, updatePatientRecall,
  type PatientRecallFields, type PatientRecallRow,
} from '../db/patient-recalls.ts';
import { recallToday } from '../queries/recall-today.ts';
import { requirePatient } from '../../practice/index.ts';
import { requireInterval, requireRecallType } from './recall-checks.ts';
import { recordRecallEvents } from './recall-webhook-events.ts';

/** 409 already_exists at body.recall_type_uuid naming the patient's existing recall of the type (ctx.id). */
function recallExists(id: string | undefined): AppError {
  return new AppError('already_exists',
    `The patient already has a recall of this type${id ? ` (${id})` : ''}; change it with PATCH /recalls/patient-recalls/{recall_uuid}`,
    ['body', 'recall_type_uuid'], [], id ? { id } : undefined);
}

export interface NewPatientRecall extends Omit<PatientRecallFields, 'date_due'> {
  patientId: string;
  recallTypeId: string;
  /** undefined: due today (at the organisation's first location). */
  date_due?: string | null;
}

/**
 * Creates a patient's recall of a type (version 1, created at `now`) and records `recall.created`: 422 for an
 * interval without a positive unit, 404 for an unknown patient or recall type, 409 already_exists when the
 * patient has a recall of the type (the unique key settles a race the same way).
 */
export async function createPatientRecall(db: Db, orgId: string, now: Date, r: NewPatientRecall): Promise<PatientRecallRow> {
  const interval = r.interval && requireInterval(r.interval, ['body', 'interval']);
  try {
    return await withTransaction(db, async (tx) => {
      await requirePatient(tx, orgId, r.patientId, ['body', 'patient_uuid']);
      await requireRecallType(tx, orgId, r.recallTypeId, ['body', 'recall_type_uuid']);
      const existing = await findRecallOfPatient(tx, orgId, r.patientId, r.recallTypeId);
      if (existing) throw recallExists(existing);
      const today = await recallToday(tx, orgId, now);
      const id = await insertPatientRecall(tx, orgId, r.patientId, r.recallTypeId, {
        interval, date_due: r.date_due === undefined ? today.fallback : r.date_due, is_disabled: r.is_disabled, note: r.note,
      }, now);
      const row = (await getPatientRecall(tx, orgId, today, id))!;
      await recordRecallEvents(tx, orgId, 'recall.created', 'created', [row]);
      return row;
    });
  } catch (err) {
    if (!isUniqueViolation(err, RECALL_UNIQUE_KEY)) throw err;
    throw recallExists(await findRecallOfPatient(db, orgId, r.patientId, r.recallTypeId));
  }
}

/** What a change may say: writable fields, and the derived ones a client may echo back. */
export interface RecallChange extends Partial<PatientRecallFields> {
  status?: RecallStatus;
  date_scheduled?: string | null;
}

/**
 * Changes the given fields of recall `id` (version + 1): 404 when there is none, 409 when `baseVersion`
 * is stale, 422 for an interval without a positive unit. `status` and `date_scheduled` are derived: a
 * change may carry them only with the value the recall has after the change (a read-modify-write echo);
 * another value is 422 value_error and nothing is written. Records `recall.updated`.
 */
export function changePatientRecall(
  db: Db, orgId: string, now: Date, id: string, baseVersion: number, change: RecallChange,
): Promise<PatientRecallRow> {
  const { status, date_scheduled, ...fields } = change;
  const interval = fields.interval && requireInterval(fields.interval, ['body', 'interval']);
  return withTransaction(db, async (tx) => {
    const current = await lockPatientRecall(tx, orgId, id);
    if (!current) throw notFound('Patient recall', ['path', 'recall_uuid']);
    if (current.version !== baseVersion) throw versionConflict(current.version);
    await updatePatientRecall(tx, orgId, id, { ...fields, interval });
    const row = (await getPatientRecall(tx, orgId, await recallToday(tx, orgId, now), id))!;
    if (status !== undefined && status !== row.status) {
      throw invalid(['body', 'status'], `status is derived, not set: after this change the recall is ${row.status}. `
        + 'Change date_due, is_disabled or book an appointment instead');
    }
    if (date_scheduled !== undefined && date_scheduled !== row.date_scheduled) {
      throw invalid(['body', 'date_scheduled'], `date_scheduled is the date of the recall's booked appointment (${row.date_scheduled ?? 'none'}); `
        + 'book, move or cancel the appointment to change it');
    }
    await recordRecallEvents(tx, orgId, 'recall.updated', 'updated', [row]);
    return row;
  });
}
