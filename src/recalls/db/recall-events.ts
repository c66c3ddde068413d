import { many, type Db } from '../../core/db/client.ts';
import type { ListenerPart } from '../../appointments/index.ts';
import type { RecallInterval } from '../domain/interval.ts';

/** An appointment as the recall rules see it after a change. */
export interface AppointmentRecallFacts {
  status: string;
  recall_id: string | null;
  /** The patient's recall the appointment books by its type (first active recall type by item_order), or null. */
  matching_recall_id: string | null;
}

/**
 * One indexed read of the appointment after a change, as a listener part (see ListenerPart): its status, its recall
 * link and the recall its appointment type books for its patient, as one JSON object; NULL when the appointment is
 * gone (deleted).
 */
export const APPOINTMENT_RECALL_FACTS: Pick<ListenerPart, 'with' | 'result'> = {
  with: [['recall_facts', `
    SELECT a.status, a.recall_id,
           (SELECT r.id FROM recall_types t
              JOIN patient_recalls r ON r.org_id = t.org_id AND r.recall_type_id = t.id AND r.patient_id = a.patient_id
             WHERE t.org_id = a.org_id AND t.appointment_type_id = a.appointment_type_id AND t.is_active
             ORDER BY t.item_order, t.id LIMIT 1) AS matching_recall_id
      FROM appointments a WHERE a.org_id = $1 AND a.id = $2`]],
  result: '(SELECT row_to_json(f) FROM recall_facts f)',
};

/** A recall type one of the appointment's performed procedures triggers, with the patient's recall of it. */
export interface TriggeredRecall {
  patient_id: string;
  recall_type_id: string;
  default_interval: RecallInterval;
  /** The patient's own interval, when they have a recall of the type and it sets one. */
  interval: RecallInterval | null;
  date_previous: string | null;
  /** The local date the procedure was performed (the appointment's date). */
  performed_date: string;
}

/** The active recall types triggered by the completed procedures of an appointment, one row per type. */
export function listTriggeredRecalls(db: Db, orgId: string, appointmentId: string): Promise<TriggeredRecall[]> {
  return many<TriggeredRecall>(db, `
    SELECT DISTINCT ON (t.id) a.patient_id, t.id AS recall_type_id, t.default_interval, r.interval, r.date_previous, ap.performed_date
      FROM appointment_procedures ap
      JOIN appointments a ON a.org_id = ap.org_id AND a.id = ap.appointment_id
      JOIN recall_triggers g ON g.org_id = ap.org_id AND g.procedure_code_id = ap.procedure_code_id
      JOIN recall_types t ON t.org_id = g.org_id AND t.id = g.recall_type_id AND t.is_active
      LEFT JOIN patient_recalls r ON r.org_id = t.org_id AND r.patient_id = a.patient_id AND r.recall_type_id = t.id
     WHERE ap.org_id = $1 AND ap.appointment_id = $2 AND ap.status = 'complete'
     ORDER BY t.id, ap.performed_date DESC`, [orgId, appointmentId]);
}

/** A recall advanced by a performed procedure: the patient and type, the date performed and the next due date. */
export interface RecallAdvance {
  patientId: string;
  recallTypeId: string;
  datePrevious: string;
  dateDue: string;
}

/** A recall as the upsert left it, and whether the upsert created it. */
export interface AdvancedRecall {
  id: string;
  patient_id: string;
  recall_type_id: string;
  interval: RecallInterval | null;
  date_previous: string | null;
  date_due: string | null;
  is_disabled: boolean;
  version: number;
  inserted: boolean;
}

/**
 * Creates or advances the recalls in one statement and returns the rows it wrote: a missing recall is created
 * with these dates (created and updated at `at`, else the database's clock); an existing one takes them
 * (version + 1) unless it already records a later visit (a completion entered late never moves a recall back,
 * and such a recall is not returned).
 */
export async function upsertRecallAdvances(db: Db, orgId: string, advances: RecallAdvance[], at: Date | null): Promise<AdvancedRecall[]> {
  if (!advances.length) return [];
  // xmax is 0 on a row version this statement inserted, and the locking transaction's id on one it updated.
  return many<AdvancedRecall>(db, `
    INSERT INTO patient_recalls (org_id, patient_id, recall_type_id, date_previous, date_due, created_at, updated_at)
    SELECT $1, u.patient_id, u.recall_type_id, u.date_previous, u.date_due,
           coalesce($6::timestamptz, now()), coalesce($6::timestamptz, now())
      FROM unnest($2::uuid[], $3::uuid[], $4::date[], $5::date[]) AS u(patient_id, recall_type_id, date_previous, date_due)
    ON CONFLICT ON CONSTRAINT patient_recalls_patient_type_key DO UPDATE
       SET date_previous = EXCLUDED.date_previous, date_due = EXCLUDED.date_due, version = patient_recalls.version + 1
     WHERE patient_recalls.date_previous IS NULL OR patient_recalls.date_previous <= EXCLUDED.date_previous
    RETURNING id, patient_id, recall_type_id, interval, date_previous, date_due, is_disabled, version, xmax = 0 AS inserted`,
  [orgId, advances.map((a) => a.patientId), advances.map((a) => a.recallTypeId), advances.map((a) => a.datePrevious),
    advances.map((a) => a.dateDue), at?.toISOString() ?? null]);
}
