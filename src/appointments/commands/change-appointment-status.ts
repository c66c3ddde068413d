import { AppError } from '../../core/errors.ts';
import type { AppointmentStatus } from '../domain/status.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { recordChange } from './appointment-events.ts';
import { performProcedures } from '../db/appointment-procedures.ts';
import { updateAppointments, type AppointmentColumns, type AppointmentRow } from '../db/appointments.ts';
import { lockAppointmentAtVersion, requireTransition } from './appointment-locks.ts';
import { requireDefinition } from '../queries/references.ts';
import type { Actor } from './book-appointment.ts';
import { currentSlot, requestNote, reslot } from './move-appointment.ts';
import { keepBookedPlaces } from './keep-booked-places.ts';

export interface BreakInput {
  base_version: number;
  broken_reason_uuid?: string | null;
  note?: string | null;
  /** Put the patient on the ASAP list (the waitlist area hears it as an option of the change). */
  add_to_asap?: boolean;
}

/**
 * Marks a scheduled appointment broken (404, 409 version, 409 state, then 404 for a broken_reason_uuid
 * that is no BrokenReason definition). The note goes into history, and into the appointment's note
 * only when that is empty. Writes a `broken` history entry.
 */
export function breakAppointment(db: Db, actor: Actor, id: string, i: BreakInput): Promise<string> {
  return withTransaction(db, async (tx) => {
    const row = await lockAppointmentAtVersion(tx, actor, id, i.base_version);
    requireTransition(row, 'broken', 'break');
    const reason = i.broken_reason_uuid
      ? await requireDefinition(tx, actor.orgId, i.broken_reason_uuid, 'BrokenReason', ['body', 'broken_reason_uuid']) : null;
    const note = requestNote(row, i.note);
    await updateAppointments(tx, actor.orgId, [row.id], { status: 'broken', broken_reason_id: reason, ...note.columns });
    await recordChange(tx, actor, row.id, 'broken', {
      status: { old: row.status, new: 'broken' }, broken_reason_id: { old: row.broken_reason_id, new: reason }, ...note.changes,
    }, row, { add_to_asap: i.add_to_asap ?? false });
    return row.id;
  });
}

export interface CancelInput {
  base_version: number;
  cancel_reason_uuid?: string | null;
  cancelled_by?: 'patient' | 'practice' | null;
  note?: string | null;
  add_to_asap?: boolean;
}

/**
 * Cancels an appointment from any status the state machine lets `cancel` leave (404, 409 version,
 * 409 state, then 404 for a cancel_reason_uuid that is no CancelReason definition). The note is kept
 * as for break. Writes a `cancelled` history entry.
 */
export function cancelAppointment(db: Db, actor: Actor, id: string, i: CancelInput): Promise<string> {
  return withTransaction(db, async (tx) => {
    const row = await lockAppointmentAtVersion(tx, actor, id, i.base_version);
    requireTransition(row, 'cancelled', 'cancel');
    const reason = i.cancel_reason_uuid
      ? await requireDefinition(tx, actor.orgId, i.cancel_reason_uuid, 'CancelReason', ['body', 'cancel_reason_uuid']) : null;
    const note = requestNote(row, i.note);
    const by = i.cancelled_by ?? null;
    await updateAppointments(tx, actor.orgId, [row.id], { status: 'cancelled', cancel_reason_id: reason, cancelled_by: by, ...note.columns });
    await recordChange(tx, actor, row.id, 'cancelled', {
      status: { old: row.status, new: 'cancelled' }, cancel_reason_id: { old: row.cancel_reason_id, new: reason },
      cancelled_by: { old: row.cancelled_by, new: by }, ...note.changes,
    }, row, { add_to_asap: i.add_to_asap ?? false });
    return row.id;
  });
}

/**
 * Sends a scheduled or unscheduled appointment to the pinboard. It keeps its date, times and chair
 * for reference but no longer occupies the chair. Writes a `pinboarded` history entry.
 */
export function pinboardAppointment(db: Db, actor: Actor, id: string, i: { base_version: number; note?: string | null }): Promise<string> {
  return withTransaction(db, async (tx) => {
    const row = await lockAppointmentAtVersion(tx, actor, id, i.base_version);
    requireTransition(row, 'pinboard', 'pinboard');
    const note = requestNote(row, i.note);
    await updateAppointments(tx, actor.orgId, [row.id], { status: 'pinboard', ...note.columns });
    await recordChange(tx, actor, row.id, 'pinboarded', { status: { old: row.status, new: 'pinboard' }, ...note.changes }, row);
    return row.id;
  });
}

/**
 * What entering `to` does besides the status: scheduling takes the appointment's place in its slot or service
 * occurrence again (keepBookedPlaces) and books the chair, completing performs the procedures.
 */
async function enter(tx: Db, actor: Actor, row: AppointmentRow, to: AppointmentStatus): Promise<{ columns: AppointmentColumns; extra: Record<string, unknown> }> {
  if (to === 'scheduled') {
    const slot = currentSlot(row);
    if (!slot || !row.operatory_id) {
      throw new AppError('missing', 'The appointment needs a date, times and an operatory to be scheduled; use move to give them', ['body', 'status']);
    }
    const kept = await keepBookedPlaces(tx, actor.orgId, row, { operatoryId: row.operatory_id, ...slot });
    const target = { operatoryId: row.operatory_id, slot, typeId: row.appointment_type_id, pattern: row.time_pattern };
    return { columns: { ...(await reslot(tx, actor, row, target, true, false)), ...kept.columns }, extra: kept.changes };
  }
  if (to === 'complete') return { columns: {}, extra: { procedures_completed: await performProcedures(tx, actor.orgId, row.id, row.schedule_date!) } };
  return { columns: row.status === 'broken' ? { broken_reason_id: null } : {}, extra: {} };
}

/**
 * Moves an appointment to `status` through the generic transition (404, 409 version, 409 state naming
 * the allowed targets). To scheduled: needs its date, times and operatory (422), its place in its slot or
 * service occurrence again (409 slot_disabled / slot_locked / slot_full) and a free chair (409
 * slot_conflict). To complete: its procedures become complete, performed on its local date. Writes a
 * `status_changed` history entry.
 */
export function transitionAppointment(db: Db, actor: Actor, id: string, i: { base_version: number; status: AppointmentStatus }): Promise<string> {
  return withTransaction(db, async (tx) => {
    const row = await lockAppointmentAtVersion(tx, actor, id, i.base_version);
    requireTransition(row, i.status, 'transition');
    const { columns, extra } = await enter(tx, actor, row, i.status);
    await updateAppointments(tx, actor.orgId, [row.id], { ...columns, status: i.status });
    await recordChange(tx, actor, row.id, 'status_changed', { status: { old: row.status, new: i.status }, ...extra }, row);
    return row.id;
  });
}
