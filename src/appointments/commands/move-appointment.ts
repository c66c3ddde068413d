import { AppError } from '../../core/errors.ts';
import { formatEpochMs } from '../../core/time.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { recordChange } from './appointment-events.ts';
import {
  replaceAppointmentProviders, updateAppointments, type AppointmentColumns, type AppointmentRecord, type AppointmentRow,
} from '../db/appointments.ts';
import { lockAppointmentAtVersion, requireTransition } from './appointment-locks.ts';
import { requireOperatoryAt } from '../queries/references.ts';
import { admitBooking } from './appointment-slot.ts';
import { keepBookedPlaces } from './keep-booked-places.ts';
import { resolveSlot, type Slot } from '../domain/slot.ts';
import type { Actor } from './book-appointment.ts';

/** The appointment's current slot, or null when it has no date and times. */
export function currentSlot(row: AppointmentRecord): Slot | null {
  if (!row.schedule_date || !row.start_time || !row.end_time || !row.start_at || !row.end_at) return null;
  return { date: row.schedule_date, startTime: row.start_time, endTime: row.end_time, start: Date.parse(row.start_at), end: Date.parse(row.end_at) };
}

/** Where an appointment is going: chair, slot and the type whose pattern gives its providers' time. */
export interface Target {
  operatoryId: string | null;
  slot: Slot;
  typeId: string | null;
  pattern: string | null;
}

const wallTime = (ms: number, zone: string) => formatEpochMs(ms, zone).slice(11, 19);

/**
 * Gives `row` the slot of `target`: providers with their own times keep their offsets from the start
 * (clamped to the new slot; nothing left → back to the type's pattern), the ask-to-arrive time keeps
 * its lead. With `occupy` the appointment takes the chair under the slot's locks (409 slot_conflict
 * unless `allowOverlap`). Returns the columns to save.
 */
export async function reslot(tx: Db, actor: Actor, row: AppointmentRow, target: Target, occupy: boolean, allowOverlap: boolean): Promise<AppointmentColumns> {
  const zone = row.location_timezone;
  const { slot } = target;
  const oldStart = row.start_at ? Date.parse(row.start_at) : null;
  const providers = row.providers.map((p) => {
    if (!p.start_at || !p.end_at || oldStart === null) return { ...p, start: null, end: null };
    const start = Math.max(slot.start, slot.start + Date.parse(p.start_at) - oldStart);
    const end = Math.min(slot.end, slot.start + Date.parse(p.end_at) - oldStart);
    return start < end ? { ...p, start, end } : { ...p, start: null, end: null };
  });
  const overlapPermitted = occupy ? (await admitBooking(tx, actor.orgId, {
    id: row.id, locationId: row.location_id, zone, operatoryId: target.operatoryId!, typeId: target.typeId, pattern: target.pattern, slot,
    providers: providers.map((p) => ({ providerId: p.id, start: p.start, end: p.end })),
  }, allowOverlap)).overlapPermitted : row.overlap_permitted;
  if (row.providers.some((p) => p.start_at)) {
    await replaceAppointmentProviders(tx, actor.orgId, row.id, providers.map((p) => ({
      providerId: p.id, role: p.role, startTime: p.start === null ? null : wallTime(p.start, zone), endTime: p.end === null ? null : wallTime(p.end, zone),
      startAt: p.start === null ? null : new Date(p.start), endAt: p.end === null ? null : new Date(p.end),
    })));
  }
  const ask = row.ask_to_arrive_at && oldStart !== null ? slot.start - (oldStart - Date.parse(row.ask_to_arrive_at)) : null;
  return {
    operatory_id: target.operatoryId, schedule_date: slot.date, start_time: slot.startTime, end_time: slot.endTime,
    start_at: new Date(slot.start).toISOString(), end_at: new Date(slot.end).toISOString(),
    ask_to_arrive_at: ask === null ? row.ask_to_arrive_at : new Date(ask).toISOString(), overlap_permitted: overlapPermitted,
  };
}

/** 409 state_conflict when a time-locked appointment would change date, times or chair (a null slot: it has none). */
export function requireTimeUnlocked(row: AppointmentRecord, slot: Slot | null, operatoryId: string | null): void {
  if (!row.is_time_locked) return;
  const sameSlot = !slot || (row.schedule_date === slot.date && row.start_time === slot.startTime && row.end_time === slot.endTime);
  if (!sameSlot || row.operatory_id !== operatoryId) {
    throw new AppError('state_conflict', 'The appointment\'s time is locked (is_time_locked); unlock it before changing its date, times or operatory', ['body']);
  }
}

/**
 * A request's note: becomes the appointment's note only when that is empty (never overwrites what
 * the front desk wrote). Returns the columns and history entries it adds.
 */
export function requestNote(row: AppointmentRecord, note: string | null | undefined): { columns: AppointmentColumns; changes: Record<string, unknown> } {
  if (!note) return { columns: {}, changes: {} };
  if (row.note) return { columns: {}, changes: { request_note: note } };
  return { columns: { note }, changes: { request_note: note, note: { old: row.note, new: note } } };
}

/** The slot fields of a move or place request. */
export interface SlotInput {
  base_version: number;
  schedule_date: string;
  start_time: string;
  end_time: string;
  operatory_uuid?: string | null;
  allow_overlap?: boolean;
  note?: string | null;
}

/**
 * Puts an appointment at a new date, times and chair and makes it scheduled, via `via` (move: from
 * scheduled, broken, unscheduled or planned; place: from pinboard). An appointment of a slot or a service
 * occurrence keeps or leaves it by keepBookedPlaces. Order of refusals: 404, 409 version, 409 state,
 * 404/422 operatory, 422 missing operatory or dst_gap, 409 time locked, 409 slot_disabled / slot_locked /
 * slot_full (taking its place again), 409 slot_conflict. Writes a `moved`/`placed` history entry with the
 * old and new slot. Returns the id.
 */
function setSlot(db: Db, actor: Actor, id: string, i: SlotInput, via: 'move' | 'place'): Promise<string> {
  return withTransaction(db, async (tx) => {
    const row = await lockAppointmentAtVersion(tx, actor, id, i.base_version);
    requireTransition(row, 'scheduled', via);
    if (i.operatory_uuid) await requireOperatoryAt(tx, actor.orgId, actor.scope, i.operatory_uuid, row.location_id);
    const operatoryId = i.operatory_uuid?.toLowerCase() ?? row.operatory_id;
    if (!operatoryId) throw new AppError('missing', 'operatory_uuid is required: the appointment has no operatory', ['body', 'operatory_uuid']);
    const slot = resolveSlot(row.location_timezone, i.schedule_date, i.start_time, i.end_time, null);
    const target = { operatoryId, slot, typeId: row.appointment_type_id, pattern: row.time_pattern };
    requireTimeUnlocked(row, slot, operatoryId);
    const kept = await keepBookedPlaces(tx, actor.orgId, row, { operatoryId, ...slot });
    const columns = await reslot(tx, actor, row, target, true, i.allow_overlap ?? false);
    const note = requestNote(row, i.note);
    const leaving = row.status === 'broken' ? { broken_reason_id: null } : {};
    await updateAppointments(tx, actor.orgId, [row.id], { ...columns, ...note.columns, ...leaving, ...kept.columns, status: 'scheduled' });
    await recordChange(tx, actor, row.id, via === 'move' ? 'moved' : 'placed', {
      schedule_date: { old: row.schedule_date, new: slot.date }, start_time: { old: row.start_time, new: slot.startTime },
      end_time: { old: row.end_time, new: slot.endTime }, operatory_id: { old: row.operatory_id, new: operatoryId },
      ...(row.status !== 'scheduled' ? { status: { old: row.status, new: 'scheduled' } } : {}),
      ...(row.status === 'broken' ? { broken_reason_id: { old: row.broken_reason_id, new: null } } : {}),
      ...(i.allow_overlap ? { allow_overlap: true } : {}), ...kept.changes, ...note.changes,
    }, row);
    return row.id;
  });
}

/** Reschedules an appointment (see setSlot); the operatory defaults to its current one. */
export function moveAppointment(db: Db, actor: Actor, id: string, i: SlotInput): Promise<string> {
  return setSlot(db, actor, id, i, 'move');
}

/** Places a pinboard appointment on the schedule (see setSlot); the operatory is required. */
export function placeAppointment(db: Db, actor: Actor, id: string, i: SlotInput & { operatory_uuid: string }): Promise<string> {
  return setSlot(db, actor, id, i, 'place');
}
