import { invalid } from '../../core/errors.ts';
import { addDays, daysBetween } from '../../core/time.ts';
import { decodeScheduleId, isUuid, type ScheduleKey } from './ids.ts';

/** Slot length when `duration` is left out, in minutes. */
export const DEFAULT_SLOT_MINUTES = 20;
/** The longest slot a search may ask for, in minutes. */
export const MAX_SLOT_MINUTES = 720;
/** `end` when left out: this many days after `start` (inclusive). */
export const DEFAULT_WINDOW_DAYS = 7;

const FHIR_ID = /^[A-Za-z0-9.-]{1,64}$/;

/** The Slot search parameters as they arrive (types already checked). */
export interface SlotParams {
  schedule: string;
  start?: string;
  end?: string;
  duration?: number;
}

/** A Slot search made concrete: which schedule (null: no schedule can have this id), local dates, length and grid. */
export interface SlotWindow {
  scheduleId: string;
  schedule: ScheduleKey | null;
  /** Inclusive local dates at the schedule's location. */
  dateFrom: string;
  dateTo: string;
  durationMinutes: number;
}

/** The id in a reference to `type` (`Type/id`, or a bare id), or null when it is no such reference. */
function referencedId(text: string, type: string): string | null {
  const id = text.startsWith(`${type}/`) ? text.slice(type.length + 1) : text;
  return FHIR_ID.test(id) ? id : null;
}

/**
 * Checks a Slot search and fills in its defaults: `start` today's UTC date (`todayUtc`), `duration` 20,
 * `end` start + 7 days. Throws `invalid` naming the parameter for a malformed schedule reference, a
 * duration outside 1–`MAX_SLOT_MINUTES`, an end before the start, or a window over `maxDays` local dates.
 */
export function slotWindow(q: SlotParams, todayUtc: string, maxDays: number): SlotWindow {
  const scheduleId = referencedId(q.schedule, 'Schedule');
  if (scheduleId === null) {
    throw invalid(['query', 'schedule'], `Search parameter 'schedule' must be a Schedule reference, Schedule/{id}; got '${q.schedule}'`);
  }
  const durationMinutes = q.duration ?? DEFAULT_SLOT_MINUTES;
  if (!Number.isInteger(durationMinutes) || durationMinutes <= 0 || durationMinutes > MAX_SLOT_MINUTES) {
    throw invalid(['query', 'duration'], `Search parameter 'duration' must be a whole number of minutes from 1 to ${MAX_SLOT_MINUTES}`);
  }
  const dateFrom = q.start ?? todayUtc;
  const dateTo = q.end ?? addDays(dateFrom, DEFAULT_WINDOW_DAYS);
  if (dateTo < dateFrom) throw invalid(['query', 'end'], `Search parameter 'end' (${dateTo}) must not be before 'start' (${dateFrom})`);
  if (daysBetween(dateFrom, dateTo) >= maxDays) {
    throw invalid(['query', 'end'], `Search parameters 'start' to 'end' cover at most ${maxDays} days; ${dateFrom} to ${dateTo} is longer`);
  }
  return { scheduleId, schedule: decodeScheduleId(scheduleId), dateFrom, dateTo, durationMinutes };
}

/** What a Schedule search's `actor` names; `id` null when it cannot be any record's id (so nothing matches). */
export interface ActorParam {
  type: 'Practitioner' | 'Location';
  id: string | null;
}

/** Parses `actor=Practitioner/{id}` or `actor=Location/{id}`; anything else throws `invalid` naming `actor`. */
export function parseActor(text: string): ActorParam {
  for (const type of ['Practitioner', 'Location'] as const) {
    if (text.startsWith(`${type}/`)) {
      const id = referencedId(text, type);
      if (id === null) break;
      return { type, id: isUuid(id) ? id.toLowerCase() : null };
    }
  }
  throw invalid(['query', 'actor'], `Search parameter 'actor' must be Practitioner/{id} or Location/{id}; got '${text}'`);
}
