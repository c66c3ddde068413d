import { AppError } from '../../core/errors.ts';
import { CHAIR_OCCUPYING } from '../domain/status.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import type { FieldChanges } from '../db/appointment-history.ts';
import { recordChange } from './appointment-events.ts';
import { getAppointmentType } from '../db/appointment-types.ts';
import { updateAppointments, type AppointmentColumns, type AppointmentRow } from '../db/appointments.ts';
import { lockAppointmentAtVersion } from './appointment-locks.ts';
import { requireAppointmentType, requireOperatoryAt, requireWithSlot } from '../queries/references.ts';
import { resolveSlot, type Slot } from '../domain/slot.ts';
import { askToArriveAt, type Actor } from './book-appointment.ts';
import { performProcedures } from '../db/appointment-procedures.ts';
import { currentSlot, requireTimeUnlocked, reslot, type Target } from './move-appointment.ts';
import { keepBookedPlaces } from './keep-booked-places.ts';

/** A PATCH as the API receives it: absent = unchanged; null clears where the field allows it. */
export interface UpdateAppointmentInput {
  base_version: number;
  appointment_type_uuid?: string | null;
  operatory_uuid?: string | null;
  schedule_date?: string;
  start_time?: string;
  end_time?: string;
  ask_to_arrive_time?: string | null;
  note?: string;
  priority?: number;
  color_override?: string | null;
  is_time_locked?: boolean;
  production_amount?: number | null;
  estimated_insurance?: number | null;
  estimated_patient_portion?: number | null;
  allow_overlap?: boolean;
}

const money = (n: number | null) => (n === null ? null : n.toFixed(2));

/** The requested slot: the body's date and times over the current ones; null when there is none. */
function requestedSlot(row: AppointmentRow, i: UpdateAppointmentInput, duration: number | null): Slot | null {
  if (i.schedule_date === undefined && i.start_time === undefined && i.end_time === undefined) return currentSlot(row);
  const date = i.schedule_date ?? row.schedule_date;
  const start = i.start_time ?? row.start_time;
  if (!date) throw new AppError('missing', 'schedule_date is required: the appointment has no date', ['body', 'schedule_date']);
  if (!start) throw new AppError('missing', 'start_time is required: the appointment has no start time', ['body', 'start_time']);
  return resolveSlot(row.location_timezone, date, start, i.end_time ?? row.end_time, duration);
}

/** Where the PATCH puts the appointment, after checking its references (404; 422 for another location's chair or an archived type). */
async function requestedTarget(tx: Db, actor: Actor, row: AppointmentRow, i: UpdateAppointmentInput) {
  if (i.operatory_uuid) await requireOperatoryAt(tx, actor.orgId, actor.scope, i.operatory_uuid, row.location_id);
  const type = i.appointment_type_uuid ? await requireAppointmentType(tx, actor.orgId, i.appointment_type_uuid, row.location_id) : null;
  const typeId = i.appointment_type_uuid === undefined ? row.appointment_type_id : type?.id ?? null;
  const pattern = i.appointment_type_uuid === undefined ? row.time_pattern : type?.time_pattern ?? null;
  const operatoryId = i.operatory_uuid === undefined ? row.operatory_id : i.operatory_uuid?.toLowerCase() ?? null;
  // The type's duration fills in an end only for an appointment that has none yet.
  const keepsType = i.appointment_type_uuid === undefined && row.appointment_type_id;
  const current = keepsType && !i.end_time && !row.end_time ? await getAppointmentType(tx, actor.orgId, row.appointment_type_id!) : null;
  const slot = requestedSlot(row, i, (type ?? current)?.duration_minutes ?? null);
  return { operatoryId, slot, typeId, pattern };
}

/** The plain (non-slot) columns the PATCH sets. */
function plainColumns(row: AppointmentRow, i: UpdateAppointmentInput, date: string | null): AppointmentColumns {
  const c: AppointmentColumns = {};
  if (i.note !== undefined) c.note = i.note;
  if (i.priority !== undefined) c.priority = i.priority;
  if (i.color_override !== undefined) c.color_override = i.color_override;
  if (i.is_time_locked !== undefined) c.is_time_locked = i.is_time_locked;
  if (i.production_amount !== undefined) c.production_override = money(i.production_amount);
  if (i.estimated_insurance !== undefined) c.estimated_insurance = money(i.estimated_insurance);
  if (i.estimated_patient_portion !== undefined) c.estimated_patient_portion = money(i.estimated_patient_portion);
  if (i.ask_to_arrive_time !== undefined) {
    c.ask_to_arrive_at = askToArriveAt(row.location_timezone, date, i.ask_to_arrive_time)?.toISOString() ?? null;
  }
  return c;
}

/** Each column whose value differs from the row's, as {old, new}. */
function diff(row: AppointmentRow, columns: AppointmentColumns): FieldChanges {
  const out: FieldChanges = {};
  for (const [key, value] of Object.entries(columns)) {
    const old = row[key as keyof AppointmentColumns];
    if (JSON.stringify(old) !== JSON.stringify(value)) out[key] = { old, new: value };
  }
  return out;
}

/**
 * The slot columns a PATCH changes (404/422 references checked before), and the history fields of a booked place it
 * leaves. A scheduled or complete appointment is re-booked under the slot's locks when its slot, chair or type
 * changes, and a move keeps its slot or service place while it stays within it and leaves it otherwise (PATCH never
 * takes a place again: that is move, place and transition); any other just records its new times and chair.
 */
async function slotColumns(tx: Db, actor: Actor, row: AppointmentRow, i: UpdateAppointmentInput): Promise<{ columns: AppointmentColumns; left: Record<string, unknown> }> {
  const target = await requestedTarget(tx, actor, row, i);
  const occupying = CHAIR_OCCUPYING.includes(row.status);
  if (occupying && !target.operatoryId) throw requireWithSlot('operatory_uuid');
  if (i.is_time_locked !== false) requireTimeUnlocked(row, target.slot, target.operatoryId);
  const retyped = row.appointment_type_id !== target.typeId;
  const out: AppointmentColumns = retyped ? { appointment_type_id: target.typeId } : {};
  if (!target.slot) return { columns: row.operatory_id === target.operatoryId ? out : { ...out, operatory_id: target.operatoryId }, left: {} };
  const before = currentSlot(row);
  const moved = !before || before.start !== target.slot.start || before.end !== target.slot.end || before.date !== target.slot.date
    || row.start_time !== target.slot.startTime || row.end_time !== target.slot.endTime || row.operatory_id !== target.operatoryId;
  if (!moved && !(occupying && retyped)) return { columns: out, left: {} };
  // Before the chair's locks (reslot), as every write into a slot or occurrence takes them; an occupying row never re-takes.
  const kept = occupying && moved
    ? await keepBookedPlaces(tx, actor.orgId, row, { operatoryId: target.operatoryId!, ...target.slot }) : { columns: {}, changes: {} };
  const columns = { ...out, ...kept.columns, ...(await reslot(tx, actor, row, target as Target, occupying, i.allow_overlap ?? false)) };
  const { slot_id: _slot, ...left } = kept.changes;
  return { columns, left };
}

/**
 * Patches an appointment guarded by `base_version` (404, 409 version, then 404/422 references).
 * A new date, time, operatory or type re-resolves the slot in the location's zone (422 dst_gap) and,
 * for a scheduled or complete appointment, re-books it under the slot's locks (409 slot_conflict
 * unless allow_overlap). A time-locked appointment refuses a new date, time or operatory (409
 * state_conflict) unless the same request unlocks it. Writes one `updated` history entry listing
 * each changed column as {old, new}; a request that changes nothing still bumps the version.
 */
export function updateAppointment(db: Db, actor: Actor, id: string, i: UpdateAppointmentInput): Promise<string> {
  return withTransaction(db, async (tx) => {
    const row = await lockAppointmentAtVersion(tx, actor, id, i.base_version);
    const { columns: slot, left } = await slotColumns(tx, actor, row, i);
    const columns = { ...slot, ...plainColumns(row, i, slot.schedule_date ?? row.schedule_date) };
    const { overlap_permitted: _o, start_at: _s, end_at: _e, ...columnChanges } = diff(row, columns);
    const changes = { ...columnChanges, ...left };
    await updateAppointments(tx, actor.orgId, [row.id], columns);
    // A completed appointment's procedures were performed on its date, wherever that date moves.
    if (row.status === 'complete' && changes.schedule_date) await performProcedures(tx, actor.orgId, row.id, columns.schedule_date!);
    const bypassed = i.allow_overlap && slot.overlap_permitted !== undefined && CHAIR_OCCUPYING.includes(row.status);
    if (Object.keys(changes).length) {
      await recordChange(tx, actor, row.id, 'updated', { ...changes, ...(bypassed ? { allow_overlap: true } : {}) }, row);
    }
    return row.id;
  });
}
