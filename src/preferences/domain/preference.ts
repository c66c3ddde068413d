import { wallSeconds } from '../../core/time.ts';

/**
 * A patient's scheduling preference in the plain shape other areas use (the free-time search ranks by it).
 * Every part is optional: null (or, for days, an empty list) means "no preference" on that point.
 */
export interface SchedulingPreference {
  id: string;
  patientId: string;
  /** Weekdays 0 = Monday … 6 = Sunday, ascending. */
  preferredDays: number[] | null;
  /** Wall-clock window HH:MM:SS at the location: a visit fits when it starts at or after `timeStart`… */
  timeStart: string | null;
  /** …and ends at or before `timeEnd`. */
  timeEnd: string | null;
  providerId: string | null;
  operatoryId: string | null;
  learnedFromHistory: boolean;
}

/** What matching needs of a candidate appointment: its local weekday and wall-clock times, provider and chair. */
export interface CandidateStart {
  /** 0 = Monday … 6 = Sunday, of the local date. */
  weekday: number;
  /** HH:MM:SS (HH:MM accepted), wall clock at the location. */
  startTime: string;
  endTime: string;
  providerId: string;
  operatoryId: string;
}

/**
 * True when `start` fits every part of `pref` that is set: its weekday is one of the preferred days (when
 * any are listed), it starts at or after the window's start and ends at or before the window's end (each
 * bound checked when set, so a visit may touch both edges), and the provider and chair are the preferred
 * ones (when set). A preference with nothing set fits every start.
 */
export function matchesPreference(pref: SchedulingPreference, start: CandidateStart): boolean {
  if (pref.preferredDays?.length && !pref.preferredDays.includes(start.weekday)) return false;
  if (pref.timeStart !== null && wallSeconds(start.startTime) < wallSeconds(pref.timeStart)) return false;
  if (pref.timeEnd !== null && wallSeconds(start.endTime) > wallSeconds(pref.timeEnd)) return false;
  if (pref.providerId !== null && start.providerId !== pref.providerId) return false;
  return pref.operatoryId === null || start.operatoryId === pref.operatoryId;
}

/**
 * Why a preferred time window is refused, or null when it is fine: the start must come strictly before
 * the end when both are set (either alone is a one-sided window: "after 15:00").
 */
export function checkTimeWindow(timeStart: string | null, timeEnd: string | null): string | null {
  if (timeStart === null || timeEnd === null) return null;
  return wallSeconds(timeStart) < wallSeconds(timeEnd)
    ? null
    : `preferred_time_start (${timeStart}) must be before preferred_time_end (${timeEnd})`;
}
