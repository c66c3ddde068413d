import { one, type Db } from '../../core/db/client.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';
import type { RecallInterval } from '../domain/interval.ts';
import type { RecallStatus } from '../domain/recall-status.ts';

/** The columns a client may write. `interval` null = the recall type's default_interval. */
export interface PatientRecallFields {
  interval: RecallInterval | null;
  date_due: string | null;
  is_disabled: boolean;
  note: string;
}

/** A patient recall with everything its API shape and status need, as read on one request's "today". */
export interface PatientRecallRow extends PatientRecallFields {
  org_id: string;
  id: string;
  patient_id: string;
  patient_name: string;
  patient_phone: string | null;
  recall_type_id: string;
  recall_type_name: string;
  type_active: boolean;
  default_interval: RecallInterval;
  date_previous: string | null;
  /** The patient's scheduled appointment for this recall on or after today, if any. */
  appointment_id: string | null;
  appointment_name: string | null;
  date_scheduled: string | null;
  /** The recall's location (see recallsFrom) and today there. */
  location_id: string | null;
  today: string;
  status: RecallStatus;
  version: number;
  created_at: string;
  updated_at: string;
}

/** Today at each location of the organisation, and at the first one for recalls that have no location. */
export interface RecallToday {
  locationIds: string[];
  todays: string[];
  /** The organisation's first location (null when it has none) and today there. */
  fallbackLocationId: string | null;
  fallback: string;
}

/** The unique key that allows one recall per patient and type. */
export const RECALL_UNIQUE_KEY = 'patient_recalls_patient_type_key';

const FIELD_COLUMNS: readonly (keyof PatientRecallFields)[] = ['interval', 'date_due', 'is_disabled', 'note'];

/**
 * Every recall of the organisation with its derived columns, as a subquery `x`. A recall's location is
 * the location of the patient's latest scheduled or completed appointment (the future one they are
 * booked for, else the last visit); its today is today there, or at the organisation's first location
 * when the patient has no such appointment. The status rules are domain/recall-status.ts's.
 */
function recallsFrom(f: Filter, today: RecallToday): string {
  const locs = f.bind(today.locationIds);
  const todays = f.bind(today.todays);
  const fallback = f.bind(today.fallback);
  const fallbackLocation = f.bind(today.fallbackLocationId);
  return `(
  SELECT r.*, t.name AS recall_type_name, t.is_active AS type_active, t.default_interval,
         pt.first_name || ' ' || pt.last_name AS patient_name, pt.mobile_phone AS patient_phone,
         coalesce(home.location_id, ${fallbackLocation}::uuid) AS location_id, d.today, s.id AS appointment_id, s.schedule_date AS date_scheduled, s.type_name AS appointment_name,
         CASE WHEN NOT t.is_active THEN 'completed' WHEN s.id IS NOT NULL THEN 'scheduled'
              WHEN r.date_due < d.today THEN 'overdue' ELSE 'due' END AS status
    FROM patient_recalls r
    JOIN recall_types t ON t.org_id = r.org_id AND t.id = r.recall_type_id
    JOIN patients pt ON pt.org_id = r.org_id AND pt.id = r.patient_id
    LEFT JOIN LATERAL (
      SELECT a.location_id FROM appointments a
       WHERE a.org_id = r.org_id AND a.patient_id = r.patient_id AND a.status IN ('scheduled', 'complete')
       ORDER BY a.start_at DESC LIMIT 1) home ON true
    CROSS JOIN LATERAL (
      SELECT coalesce((SELECT z.today FROM unnest(${locs}::uuid[], ${todays}::date[]) AS z(location_id, today)
                        WHERE z.location_id = home.location_id), ${fallback}::date) AS today) d
    LEFT JOIN LATERAL (
      SELECT a.id, a.schedule_date, aty.name AS type_name FROM appointments a
        LEFT JOIN appointment_types aty ON aty.org_id = a.org_id AND aty.id = a.appointment_type_id
       WHERE a.org_id = r.org_id AND a.patient_id = r.patient_id AND a.status = 'scheduled' AND a.schedule_date >= d.today
         AND (a.recall_id = r.id OR a.appointment_type_id = t.appointment_type_id)
       ORDER BY a.start_at, a.id LIMIT 1) s ON true
   WHERE r.org_id = $1) x`;
}

export interface PatientRecallFilter {
  patientId?: string;
  recallTypeId?: string;
  status?: RecallStatus;
  dueFrom?: string;
  dueTo?: string;
}

/** The organisation's recalls matching `f`, by date_due (none last), then id. */
export function listPatientRecalls(db: Db, orgId: string, today: RecallToday, f: PatientRecallFilter, page: PageRequest) {
  const where = new Filter(orgId, 'x');
  const from = recallsFrom(where, today);
  where.add('x.patient_id = $?', f.patientId).add('x.recall_type_id = $?', f.recallTypeId).add('x.status = $?', f.status)
    .add('x.date_due >= $?', f.dueFrom).add('x.date_due <= $?', f.dueTo);
  return selectPage<PatientRecallRow>(db, 'x.*', from, where, 'x.date_due, x.id', page);
}

export interface DueRecallFilter {
  /** Due on or before this date; undefined = today at each recall's location. */
  dueOn?: string;
  locationId?: string;
  recallTypeId?: string;
}

/**
 * Recalls to call patients about: due or overdue (not scheduled, not of an inactive type), not disabled,
 * with a due date on or before `dueOn` (default: today at the recall's location); most overdue first.
 */
export function listDueRecalls(db: Db, orgId: string, today: RecallToday, f: DueRecallFilter, page: PageRequest) {
  const where = new Filter(orgId, 'x');
  const from = recallsFrom(where, today);
  where.add("x.status IN ('due', 'overdue') AND NOT x.is_disabled AND x.date_due <= coalesce($?::date, x.today)", f.dueOn ?? null)
    .add('x.location_id = $?', f.locationId).add('x.recall_type_id = $?', f.recallTypeId);
  return selectPage<PatientRecallRow>(db, 'x.*', from, where, 'x.date_due, x.id', page);
}

/** One recall of the organisation with its derived columns, or undefined. */
export function getPatientRecall(db: Db, orgId: string, today: RecallToday, id: string): Promise<PatientRecallRow | undefined> {
  const where = new Filter(orgId, 'x');
  const from = recallsFrom(where, today);
  where.add('x.id = $?', id);
  return one<PatientRecallRow>(db, `SELECT x.* FROM ${from} WHERE ${where.sql}`, where.params);
}

/** The id of the patient's recall of `recallTypeId`, or undefined. */
export async function findRecallOfPatient(db: Db, orgId: string, patientId: string, recallTypeId: string): Promise<string | undefined> {
  const row = await one<{ id: string }>(db,
    'SELECT id FROM patient_recalls WHERE org_id = $1 AND patient_id = $2 AND recall_type_id = $3', [orgId, patientId, recallTypeId]);
  return row?.id;
}

/** Reads and row-locks recall `id` (until the transaction ends); undefined when none. */
export function lockPatientRecall(db: Db, orgId: string, id: string): Promise<{ version: number } | undefined> {
  return one<{ version: number }>(db, 'SELECT version FROM patient_recalls WHERE org_id = $1 AND id = $2 FOR UPDATE', [orgId, id]);
}

/**
 * Inserts a recall (version 1, created and updated at `createdAt`) and returns its id; a second one of the patient
 * and type raises 23505 on RECALL_UNIQUE_KEY.
 */
export async function insertPatientRecall(
  db: Db, orgId: string, patientId: string, recallTypeId: string, f: PatientRecallFields, createdAt: Date,
): Promise<string> {
  const row = await one<{ id: string }>(db, `
    INSERT INTO patient_recalls (org_id, patient_id, recall_type_id, created_at, updated_at, ${FIELD_COLUMNS.join(', ')})
    VALUES ($1, $2, $3, $4, $4, ${FIELD_COLUMNS.map((_c, i) => `$${i + 5}`).join(', ')}) RETURNING id`,
  [orgId, patientId, recallTypeId, createdAt.toISOString(), ...FIELD_COLUMNS.map((c) => f[c])]);
  return row!.id;
}

/**
 * Writes the given fields of recall `id` (null is a value: it clears `interval` or `date_due`) and bumps
 * its version; the caller checked the version under lockPatientRecall.
 */
export async function updatePatientRecall(db: Db, orgId: string, id: string, changes: Partial<PatientRecallFields>): Promise<void> {
  const cols = FIELD_COLUMNS.filter((c) => changes[c] !== undefined);
  const sets = cols.map((c, i) => `${c} = $${i + 3}`);
  await db.query(`UPDATE patient_recalls SET ${[...sets, 'version = version + 1'].join(', ')} WHERE org_id = $1 AND id = $2`,
    [orgId, id, ...cols.map((c) => changes[c])]);
}

/** The patient whose recall `id` is, or undefined when the organisation has no such recall. */
export async function recallPatientOf(db: Db, orgId: string, id: string): Promise<string | undefined> {
  return (await one<{ patient_id: string }>(db, 'SELECT patient_id FROM patient_recalls WHERE org_id = $1 AND id = $2', [orgId, id]))?.patient_id;
}
