import type { Db } from '../../core/db/client.ts';
import { many, one } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';

/** A procedure of an appointment joined with its code and provider names. */
export interface AppointmentProcedureRow {
  org_id: string;
  id: string;
  appointment_id: string;
  procedure_code_id: string;
  provider_id: string | null;
  charted_procedure_uuid: string | null;
  /** numeric(12,2) as decimal text, e.g. '58.00'. */
  fee: string;
  item_order: number;
  status: 'planned' | 'complete';
  performed_date: string | null;
  created_at: string;
  updated_at: string;
  code: string;
  description: string;
  provider_name: string | null;
}

const PROCEDURE_SELECT = `
  SELECT ap.*, pc.code, pc.description, pr.first_name || ' ' || pr.last_name AS provider_name
    FROM appointment_procedures ap
    JOIN procedure_codes pc ON pc.org_id = ap.org_id AND pc.id = ap.procedure_code_id
    LEFT JOIN providers pr ON pr.org_id = ap.org_id AND pr.id = ap.provider_id`;

/** An appointment's procedures by item_order (then creation, then id), in one statement. */
export function listAppointmentProcedures(db: Db, orgId: string, appointmentId: string): Promise<AppointmentProcedureRow[]> {
  return many<AppointmentProcedureRow>(db, `${PROCEDURE_SELECT}
    WHERE ap.org_id = $1 AND ap.appointment_id = $2 ORDER BY ap.item_order, ap.created_at, ap.id`, [orgId, appointmentId]);
}

/** One procedure of the appointment, or undefined (also when it belongs to another appointment). */
export function getAppointmentProcedure(db: Db, orgId: string, appointmentId: string, id: string): Promise<AppointmentProcedureRow | undefined> {
  return one<AppointmentProcedureRow>(db, `${PROCEDURE_SELECT}
    WHERE ap.org_id = $1 AND ap.appointment_id = $2 AND ap.id = $3`, [orgId, appointmentId, id]);
}

export interface NewAppointmentProcedure {
  procedure_code_id: string;
  provider_id: string | null;
  charted_procedure_uuid: string | null;
  /** null: the code's default fee. */
  fee: number | null;
  /** null: one after the appointment's highest item_order (0 for the first). */
  item_order: number | null;
}

/** Inserts one planned procedure and returns its id. */
export async function insertAppointmentProcedure(db: Db, orgId: string, appointmentId: string, p: NewAppointmentProcedure): Promise<string> {
  const row = await one<{ id: string }>(db, `
    INSERT INTO appointment_procedures (org_id, appointment_id, procedure_code_id, provider_id, charted_procedure_uuid, fee, item_order)
    SELECT $1, $2, pc.id, $4, $5, coalesce($6::numeric, pc.default_fee),
           coalesce($7::int, (SELECT max(item_order) + 1 FROM appointment_procedures WHERE org_id = $1 AND appointment_id = $2), 0)
      FROM procedure_codes pc WHERE pc.org_id = $1 AND pc.id = $3
    RETURNING id`,
  [orgId, appointmentId, p.procedure_code_id, p.provider_id, p.charted_procedure_uuid, p.fee, p.item_order]);
  return row!.id;
}

/** Deletes one procedure of the appointment. */
export async function deleteAppointmentProcedure(db: Db, orgId: string, appointmentId: string, id: string): Promise<void> {
  await db.query('DELETE FROM appointment_procedures WHERE org_id = $1 AND appointment_id = $2 AND id = $3', [orgId, appointmentId, id]);
}

/** Sum of the appointment's procedure fees as decimal text ('0.00' without procedures). */
export async function sumProcedureFees(db: Db, orgId: string, appointmentId: string): Promise<string> {
  const row = await one<{ total: string }>(db, `
    SELECT coalesce(sum(fee), 0)::numeric(12, 2)::text AS total FROM appointment_procedures
     WHERE org_id = $1 AND appointment_id = $2`, [orgId, appointmentId]);
  return row!.total;
}

/** The ids among `ids` of appointments that exist and are visible in `scope`. */
export async function findVisibleAppointmentIds(db: Db, orgId: string, ids: string[], scope: LocationScope): Promise<Set<string>> {
  const rows = await many<{ id: string }>(db, `
    SELECT id FROM appointments WHERE org_id = $1 AND id = ANY($2::uuid[]) AND ($3::uuid[] IS NULL OR location_id = ANY($3))`,
  [orgId, ids, scope]);
  return new Set(rows.map((r) => r.id));
}

export interface LockedConfirmation {
  id: string;
  confirmation_status_id: string | null;
  confirmation_status_name: string | null;
}

/**
 * Locks, without waiting, those of the appointments `ids` whose rows no other transaction holds
 * (FOR UPDATE SKIP LOCKED), returning each one's current confirmation status; rows held elsewhere are
 * simply absent from the result.
 */
export function lockAppointmentsSkipLocked(db: Db, orgId: string, ids: string[]): Promise<LockedConfirmation[]> {
  return many<LockedConfirmation>(db, `
    SELECT a.id, a.confirmation_status_id, d.name AS confirmation_status_name
      FROM appointments a LEFT JOIN definitions d ON d.org_id = a.org_id AND d.id = a.confirmation_status_id
     WHERE a.org_id = $1 AND a.id = ANY($2::uuid[])
       FOR UPDATE OF a SKIP LOCKED`, [orgId, ids]);
}

/**
 * Marks every procedure of an appointment complete, performed on `date` (the appointment's local
 * date, which the procedure frequency check counts). Returns how many procedures it has.
 */
export async function performProcedures(tx: Db, orgId: string, appointmentId: string, date: string): Promise<number> {
  const done = await tx.query(`
    UPDATE appointment_procedures SET status = 'complete', performed_date = $3
     WHERE org_id = $1 AND appointment_id = $2`, [orgId, appointmentId, date]);
  return done.rowCount ?? 0;
}
