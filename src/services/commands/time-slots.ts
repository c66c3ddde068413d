import { AppError, invalid, notFound } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { getService } from '../db/services.ts';
import {
  deleteTimeSlot, deleteTimeSlotsOnDay, listServiceTimeSlots, writeTimeSlots, type TimeSlotRow, type TimeSlotWrite,
} from '../db/time-slots.ts';
import { findOverlap, parseSlotTime, windowRefusal, type WeeklyWindow } from '../domain/time-slots.ts';

/** One entry of a batch write as the API receives it. */
export interface TimeSlotEntry {
  id?: number;
  day_of_week: number;
  start_time: string;
  end_time: string;
  max_bookings: number;
}

const entryLoc = (i: number, field?: string) => ['body', 'time_slots', i, ...(field ? [field] : [])];

/** The entries as rows to write, or 400 naming the first bad one: a time that is no date and time, an end not after the start, an id given twice. */
function parseEntries(entries: TimeSlotEntry[]): TimeSlotWrite[] {
  return entries.map((e, i) => {
    const start = parseSlotTime(e.start_time);
    if (start === null) throw invalid(entryLoc(i, 'start_time'), 'start_time must be "YYYY-MM-DD HH:MM:SS" with a real date (only the time counts)');
    const end = parseSlotTime(e.end_time);
    if (end === null) throw invalid(entryLoc(i, 'end_time'), 'end_time must be "YYYY-MM-DD HH:MM:SS" with a real date (only the time counts)');
    const refusal = windowRefusal({ id: null, dayOfWeek: e.day_of_week, startTime: start, endTime: end });
    if (refusal) throw invalid(entryLoc(i, refusal.field), refusal.msg);
    if (e.id !== undefined && entries.findIndex((x) => x.id === e.id) !== i) throw invalid(entryLoc(i, 'id'), `Time slot ${e.id} is given twice`);
    return { id: e.id ?? null, day_of_week: e.day_of_week, start_time: start, end_time: end, max_bookings: e.max_bookings };
  });
}

const windowOf = (r: TimeSlotRow | TimeSlotWrite): WeeklyWindow => ({ id: r.id, dayOfWeek: r.day_of_week, startTime: r.start_time, endTime: r.end_time });

/** 400 when the service's windows after the write would overlap on a weekday, naming the other window. */
function refuseOverlaps(writes: TimeSlotWrite[], stored: TimeSlotRow[]): void {
  const touched = new Set(writes.map((w) => w.id));
  const clash = findOverlap(writes.map(windowOf), stored.filter((s) => !touched.has(s.id)).map(windowOf));
  if (!clash) return;
  const { other, otherIndex } = clash;
  const name = other.id !== null ? `time slot ${other.id}` : `time_slots[${otherIndex}]`;
  throw new AppError('value_error', `Overlaps ${name} (day_of_week ${other.dayOfWeek}, ${other.startTime}–${other.endTime})`,
    entryLoc(clash.index), [], { id: other.id, index: otherIndex });
}

/**
 * Creates (no `id`) and updates (`id` of one of the service's time slots) a service's time slots, all or
 * nothing, under a lock on the service's row: 404 for a service unknown or outside `scope` and for an id
 * that is not one of its time slots; 400 for a bad entry or windows that would overlap on a weekday.
 * Returns the written time slots in the order given.
 */
export function saveTimeSlots(db: Db, orgId: string, scope: LocationScope, serviceId: number, entries: TimeSlotEntry[]): Promise<TimeSlotRow[]> {
  const writes = parseEntries(entries);
  return withTransaction(db, async (tx) => {
    if (!(await getService(tx, orgId, serviceId, scope, true))) throw notFound('Service', ['body', 'service_id']);
    const stored = await listServiceTimeSlots(tx, orgId, serviceId);
    const ids = new Set(stored.map((s) => s.id));
    const stranger = writes.findIndex((w) => w.id !== null && !ids.has(w.id));
    if (stranger >= 0) throw notFound('Time slot', entryLoc(stranger, 'id'));
    refuseOverlaps(writes, stored);
    return writes.length ? writeTimeSlots(tx, orgId, serviceId, writes) : [];
  });
}

/** Deletes one time slot of a service at a location in `scope` (404 otherwise); bookings made in it keep their appointments. */
export async function removeTimeSlot(db: Db, orgId: string, scope: LocationScope, id: number): Promise<void> {
  if (!(await deleteTimeSlot(db, orgId, id, scope))) throw notFound('Time slot', ['path', 'time_slot_id']);
}

/** Deletes every time slot of a service (404 unknown or outside `scope`) on one weekday; none there is no error. */
export function removeTimeSlotsOnDay(db: Db, orgId: string, scope: LocationScope, serviceId: number, dayOfWeek: number): Promise<number> {
  return withTransaction(db, async (tx) => {
    if (!(await getService(tx, orgId, serviceId, scope, true))) throw notFound('Service', ['query', 'service_id']);
    return deleteTimeSlotsOnDay(tx, orgId, serviceId, dayOfWeek);
  });
}
