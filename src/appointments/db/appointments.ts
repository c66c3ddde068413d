import type { AppointmentStatus } from '../domain/status.ts';
import type { Db } from '../../core/db/client.ts';
import { many, one } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { requireUpdatable } from '../../core/db/records.ts';
import { historyInsertSql } from './appointment-history.ts';

/** An appointment's own columns. */
export interface AppointmentRecord {
  org_id: string;
  id: string;
  patient_id: string;
  location_id: string;
  operatory_id: string | null;
  appointment_type_id: string | null;
  status: AppointmentStatus;
  schedule_date: string | null;
  start_time: string | null;
  end_time: string | null;
  start_at: string | null;
  end_at: string | null;
  ask_to_arrive_at: string | null;
  note: string;
  priority: number;
  is_new_patient: boolean;
  is_time_locked: boolean;
  item_order: number;
  color_override: string | null;
  confirmation_status_id: string | null;
  broken_reason_id: string | null;
  cancel_reason_id: string | null;
  cancelled_by: 'patient' | 'practice' | null;
  flow_status_id: string | null;
  recall_id: string | null;
  production_override: string | null;
  estimated_insurance: string | null;
  estimated_patient_portion: string | null;
  overlap_permitted: boolean;
  /** The slot (seed 001) the appointment was booked into and still belongs to, or null. */
  slot_id: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface AssignedProvider {
  id: string;
  name: string;
  role: string;
  start_time: string | null;
  end_time: string | null;
  start_at: string | null;
  end_at: string | null;
}

/** An appointment joined with every name and list its API shape shows. */
export interface AppointmentRow extends AppointmentRecord {
  location_name: string;
  location_timezone: string;
  patient_name: string;
  operatory_name: string | null;
  appointment_type_name: string | null;
  time_pattern: string | null;
  confirmation_status_name: string | null;
  broken_reason_name: string | null;
  cancel_reason_name: string | null;
  flow_status_name: string | null;
  providers: AssignedProvider[];
  tags: { id: string; name: string; color: string | null }[];
  /** Sum of the procedures' fees, decimal text. */
  procedures_total: string;
}

/**
 * The full-row SELECT for any number of appointments, with `extra` select-list items (which may use the
 * patient as `pt`). Every name is one index probe per appointment — scalar subqueries, and the patient
 * as a LATERAL subquery that OFFSET 0 keeps from being flattened — so the plan stays a nested loop over
 * the appointments found however the planner rates the reference tables (flattened, it hashed every
 * patient of the organisation to name a day's forty appointments). Lists are correlated aggregates.
 */
export function appointmentSelect(extra: readonly string[] = []): string {
  return `
  SELECT a.*, l.name AS location_name, l.timezone AS location_timezone,
         pt.first_name || ' ' || pt.last_name AS patient_name,
         (SELECT o.name FROM operatories o WHERE o.org_id = a.org_id AND o.id = a.operatory_id) AS operatory_name,
         t.name AS appointment_type_name, t.time_pattern,
         (SELECT d.name FROM definitions d WHERE d.org_id = a.org_id AND d.id = a.confirmation_status_id) AS confirmation_status_name,
         (SELECT d.name FROM definitions d WHERE d.org_id = a.org_id AND d.id = a.broken_reason_id) AS broken_reason_name,
         (SELECT d.name FROM definitions d WHERE d.org_id = a.org_id AND d.id = a.cancel_reason_id) AS cancel_reason_name,
         (SELECT fs.name FROM patient_flow_statuses fs WHERE fs.org_id = a.org_id AND fs.id = a.flow_status_id) AS flow_status_name,
         coalesce((SELECT json_agg(json_build_object(
                     'id', ap.provider_id,
                     'name', (SELECT pr.first_name || ' ' || pr.last_name FROM providers pr WHERE pr.org_id = ap.org_id AND pr.id = ap.provider_id),
                     'role', ap.role, 'start_time', ap.start_time, 'end_time', ap.end_time, 'start_at', ap.start_at, 'end_at', ap.end_at)
                     ORDER BY ap.item_order)
                     FROM appointment_providers ap WHERE ap.org_id = a.org_id AND ap.appointment_id = a.id), '[]') AS providers,
         coalesce((SELECT json_agg(json_build_object('id', d.id, 'name', d.name, 'color', d.color) ORDER BY d.item_order, d.name)
                     FROM appointment_tags tg JOIN definitions d ON d.org_id = tg.org_id AND d.id = tg.definition_id
                    WHERE tg.org_id = a.org_id AND tg.appointment_id = a.id), '[]') AS tags,
         (SELECT coalesce(sum(pc.fee), 0)::numeric(12, 2)::text FROM appointment_procedures pc
           WHERE pc.org_id = a.org_id AND pc.appointment_id = a.id) AS procedures_total${extra.map((x) => `,
         ${x}`).join('')}
    FROM appointments a
    JOIN locations l ON l.org_id = a.org_id AND l.id = a.location_id
    CROSS JOIN LATERAL (SELECT * FROM patients pt WHERE pt.org_id = a.org_id AND pt.id = a.patient_id OFFSET 0) pt
    LEFT JOIN appointment_types t ON t.org_id = a.org_id AND t.id = a.appointment_type_id`;
}

export const APPOINTMENT_SELECT = appointmentSelect();

const BY_IDS = `${APPOINTMENT_SELECT}
    WHERE a.org_id = $1 AND a.id = ANY($2::uuid[]) AND ($3::uuid[] IS NULL OR a.location_id = ANY($3))`;

/** Full rows of the appointments `ids` visible in `scope`, in the order of `ids`. */
export async function getAppointments(db: Db, orgId: string, ids: string[], scope: LocationScope): Promise<AppointmentRow[]> {
  if (!ids.length) return [];
  const rows = await many<AppointmentRow>(db, { name: 'appointments-by-ids', text: BY_IDS }, [orgId, ids, scope]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

// One id by equality, not a one-element array: PostgreSQL keeps a generic plan for this statement
// after its first uses, while `= ANY($2)` is estimated at ten ids and re-planned for each single one
// (planning this select costs more than running it for one row).
const BY_ID = {
  name: 'appointment-by-id',
  text: `${APPOINTMENT_SELECT}
    WHERE a.org_id = $1 AND a.id = $2 AND ($3::uuid[] IS NULL OR a.location_id = ANY($3))`,
};

/** One full appointment row visible in `scope`, or undefined. */
export function getAppointment(db: Db, orgId: string, id: string, scope: LocationScope): Promise<AppointmentRow | undefined> {
  return one<AppointmentRow>(db, BY_ID, [orgId, id, scope]);
}

/** Locks one appointment visible in `scope` for update and returns its own columns. */
export function lockAppointment(db: Db, orgId: string, id: string, scope: LocationScope): Promise<AppointmentRecord | undefined> {
  return one<AppointmentRecord>(db, `
    SELECT * FROM appointments WHERE org_id = $1 AND id = $2 AND ($3::uuid[] IS NULL OR location_id = ANY($3)) FOR UPDATE`,
  [orgId, id, scope]);
}

/** Columns a new appointment is inserted with (the rest take their defaults). */
export type NewAppointment = Pick<AppointmentRecord,
  'patient_id' | 'location_id' | 'operatory_id' | 'appointment_type_id' | 'status' | 'schedule_date' | 'start_time'
  | 'end_time' | 'start_at' | 'end_at' | 'ask_to_arrive_at' | 'note' | 'priority' | 'is_new_patient' | 'color_override'
  | 'confirmation_status_id' | 'overlap_permitted'>;

const NEW_COLUMNS: (keyof NewAppointment)[] = [
  'patient_id', 'location_id', 'operatory_id', 'appointment_type_id', 'status', 'schedule_date', 'start_time', 'end_time',
  'start_at', 'end_at', 'ask_to_arrive_at', 'note', 'priority', 'is_new_patient', 'color_override', 'confirmation_status_id',
  'overlap_permitted',
];

const INSERT = `INSERT INTO appointments (org_id, ${NEW_COLUMNS.join(', ')})
    VALUES ($1, ${NEW_COLUMNS.map((_, i) => `$${i + 2}`).join(', ')}) RETURNING id`;

/**
 * The INSERT of an appointment's providers, in order (item_order = position), from the six parallel arrays of
 * providerColumns at placeholders $first…$first+5; `appointmentId` is an SQL expression (a placeholder, or a column
 * of `from`).
 */
function providersInsertSql(appointmentId: string, first: number, from = ''): string {
  const arrays = ['uuid', 'text', 'time', 'time', 'timestamptz', 'timestamptz'].map((type, i) => `$${first + i}::${type}[]`);
  return `
    INSERT INTO appointment_providers (org_id, appointment_id, provider_id, role, item_order, start_time, end_time, start_at, end_at)
    SELECT $1, ${appointmentId}, p.provider_id, p.role, (p.ord - 1)::int, p.start_time, p.end_time, p.start_at, p.end_at
      FROM ${from ? `${from}, ` : ''}unnest(${arrays.join(', ')})
           WITH ORDINALITY AS p(provider_id, role, start_time, end_time, start_at, end_at, ord)`;
}

// A booking's rows in one statement (two round trips less): the appointment, its providers (none for empty arrays)
// and its `created` history entry. The providers' foreign key is checked at the statement's end, when the appointment
// is there.
const P = NEW_COLUMNS.length + 2;
const INSERT_BOOKING = {
  name: 'appointment-insert-booking',
  text: `
    WITH inserted AS (${INSERT})
    , providers AS (${providersInsertSql('inserted.id', P, 'inserted')})
    , history AS (${historyInsertSql({
      orgId: '$1', appointmentId: 'inserted.id', action: `'created'`, changes: `$${P + 6}::jsonb`, actorUserId: `$${P + 7}::uuid`,
    }, 'FROM inserted')})
    SELECT id FROM inserted`,
};

/**
 * Inserts an appointment with `providers` in order (item_order = position) and its `created` history entry
 * (`changes`, by `actorUserId`), and returns its id; the exclusion constraint refuses a forbidden overlap (23P01).
 */
export async function insertAppointment(
  db: Db, orgId: string, a: NewAppointment, providers: ProviderAssignment[], created: { changes: object; actorUserId: string | null },
): Promise<string> {
  const row = await one<{ id: string }>(db, INSERT_BOOKING, [orgId, ...NEW_COLUMNS.map((c) => a[c]), ...providerColumns(providers),
    JSON.stringify(created.changes), created.actorUserId]);
  return row!.id;
}

export interface ProviderAssignment {
  providerId: string;
  role: string;
  startTime: string | null;
  endTime: string | null;
  startAt: Date | null;
  endAt: Date | null;
}

/** Replaces an appointment's providers with `providers` in order (item_order = position). */
export async function replaceAppointmentProviders(db: Db, orgId: string, appointmentId: string, providers: ProviderAssignment[]): Promise<void> {
  await db.query('DELETE FROM appointment_providers WHERE org_id = $1 AND appointment_id = $2', [orgId, appointmentId]);
  await insertAppointmentProviders(db, orgId, appointmentId, providers);
}

const INSERT_PROVIDERS = { name: 'appointment-providers-insert', text: providersInsertSql('$2', 3) };

/** The providers as the six parallel arrays the inserts unnest. */
function providerColumns(providers: ProviderAssignment[]): unknown[] {
  return [providers.map((p) => p.providerId), providers.map((p) => p.role), providers.map((p) => p.startTime),
    providers.map((p) => p.endTime), providers.map((p) => p.startAt), providers.map((p) => p.endAt)];
}

/** Adds `providers` to an appointment that has none yet, in order (item_order = position). */
export async function insertAppointmentProviders(db: Db, orgId: string, appointmentId: string, providers: ProviderAssignment[]): Promise<void> {
  if (!providers.length) return;
  await many(db, INSERT_PROVIDERS, [orgId, appointmentId, ...providerColumns(providers)]);
}

/** Adds one planned procedure per code id at the code's default fee, after any existing ones. */
export async function addProceduresFromCodes(db: Db, orgId: string, appointmentId: string, codeIds: string[], providerId: string | null): Promise<void> {
  if (!codeIds.length) return;
  await db.query(`
    INSERT INTO appointment_procedures (org_id, appointment_id, procedure_code_id, provider_id, fee, item_order)
    SELECT $1, $2, pc.id, $4, pc.default_fee,
           (SELECT coalesce(max(item_order) + 1, 0) FROM appointment_procedures WHERE org_id = $1 AND appointment_id = $2) + c.ord - 1
      FROM unnest($3::uuid[]) WITH ORDINALITY AS c(id, ord)
      JOIN procedure_codes pc ON pc.org_id = $1 AND pc.id = c.id`, [orgId, appointmentId, codeIds, providerId]);
}

/** The ids of the codes an appointment type adds to new appointments, in the type's order. */
export async function findCodesToAdd(db: Db, orgId: string, typeId: string): Promise<string[]> {
  const rows = await many<{ id: string }>(db, `
    SELECT procedure_code_id AS id FROM appointment_type_procedure_codes
     WHERE org_id = $1 AND appointment_type_id = $2 AND kind = 'add' ORDER BY position`, [orgId, typeId]);
  return rows.map((r) => r.id);
}

/** Columns a write may set on an appointment (names are ours, never a client's). */
export type AppointmentColumns = Partial<Omit<AppointmentRecord, 'org_id' | 'id' | 'version' | 'created_at' | 'updated_at'>>;

/**
 * Sets `columns` on the appointments `ids` and bumps each one's version by 1. The caller has locked
 * the rows and checked base_version; the exclusion constraint refuses a forbidden overlap (23P01).
 */
export async function updateAppointments(db: Db, orgId: string, ids: string[], columns: AppointmentColumns = {}): Promise<void> {
  if (!ids.length) return;
  const names = Object.keys(columns) as (keyof AppointmentColumns)[];
  requireUpdatable('appointments', names);
  const sets = [...names.map((c, i) => `${c} = $${i + 3}`), 'version = version + 1'];
  await db.query(`UPDATE appointments SET ${sets.join(', ')} WHERE org_id = $1 AND id = ANY($2::uuid[])`,
    [orgId, ids, ...names.map((c) => columns[c])]);
}

/** Deletes an appointment row (its providers, procedures and tags go with it; its history stays). */
export async function deleteAppointmentRow(db: Db, orgId: string, id: string): Promise<void> {
  await db.query('DELETE FROM appointments WHERE org_id = $1 AND id = $2', [orgId, id]);
}

/** The pinboard of a location: its pinboard appointments, highest priority first, then oldest first (one query). */
export function listPinboardAppointments(db: Db, orgId: string, locationId: string): Promise<AppointmentRow[]> {
  return many<AppointmentRow>(db, `${APPOINTMENT_SELECT}
    WHERE a.org_id = $1 AND a.location_id = $2 AND a.status = 'pinboard'
    ORDER BY a.priority DESC, a.created_at, a.id`, [orgId, locationId]);
}
