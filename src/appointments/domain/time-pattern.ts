// Appointment-type time patterns in the dental convention: one character per 5 minutes, `X` for
// provider time and `/` for assistant-only time ("/XX/" is a 20-minute visit where the provider is
// needed for the middle 10 minutes).

/** Minutes one pattern character stands for. */
export const SLOT_MINUTES = 5;
/** The longest appointment type: 144 slots, 12 hours. */
export const MAX_DURATION_MINUTES = 720;
/** Duration of a type created with neither a pattern nor a duration. */
export const DEFAULT_DURATION_MINUTES = 30;

/** How long a type takes and, when the client gave one, its explicit pattern. */
export interface Timing {
  /** null: no explicit pattern; the effective pattern is derived from the duration. */
  timePattern: string | null;
  durationMinutes: number;
}

/** A change requested by a client; `undefined` = not sent, `timePattern: null` = go back to a derived pattern. */
export interface TimingChange {
  timePattern?: string | null;
  durationMinutes?: number;
}

export type TimingRefusalReason = 'invalid_time_pattern' | 'invalid_duration' | 'time_pattern_mismatch';

/** Why a timing was refused, and which body field to blame. */
export interface TimingRefusal {
  reason: TimingRefusalReason;
  field: 'time_pattern' | 'duration_minutes';
  msg: string;
}

export type TimingResult = { ok: true; timing: Timing } | { ok: false; refusal: TimingRefusal };

/** The timing of a type created with neither `time_pattern` nor `duration_minutes`. */
export const DEFAULT_TIMING: Timing = { timePattern: null, durationMinutes: DEFAULT_DURATION_MINUTES };

/** Returns why `pattern` is not a valid time pattern (only `X` and `/`, 1–144 characters), or null when it is. */
export function checkTimePattern(pattern: string): string | null {
  if (pattern.length === 0) return 'time_pattern must have at least one character';
  if (pattern.length * SLOT_MINUTES > MAX_DURATION_MINUTES) {
    return `time_pattern may have at most ${MAX_DURATION_MINUTES / SLOT_MINUTES} characters (${MAX_DURATION_MINUTES} minutes)`;
  }
  if (!/^[X/]+$/.test(pattern)) return "time_pattern may contain only 'X' (provider time) and '/' (assistant time)";
  return null;
}

/** Returns why `minutes` is not a valid duration (a multiple of 5 from 5 to 720), or null when it is. */
export function checkDuration(minutes: number): string | null {
  if (!Number.isInteger(minutes) || minutes < SLOT_MINUTES || minutes > MAX_DURATION_MINUTES) {
    return `duration_minutes must be from ${SLOT_MINUTES} to ${MAX_DURATION_MINUTES}`;
  }
  if (minutes % SLOT_MINUTES !== 0) return `duration_minutes must be a multiple of ${SLOT_MINUTES}`;
  return null;
}

function refuse(reason: TimingRefusalReason, field: TimingRefusal['field'], msg: string): TimingResult {
  return { ok: false, refusal: { reason, field, msg } };
}

/**
 * Applies `change` to `current` (use DEFAULT_TIMING for a new type) and returns the merged timing or
 * the reason it is refused. A pattern sent without a duration sets the duration (length × 5); a
 * duration alone keeps the current pattern, so it must agree with an explicit one; a merged explicit
 * pattern whose length × 5 differs from the duration is refused as `time_pattern_mismatch`.
 */
export function resolveTiming(change: TimingChange, current: Timing = DEFAULT_TIMING): TimingResult {
  if (typeof change.timePattern === 'string') {
    const why = checkTimePattern(change.timePattern);
    if (why) return refuse('invalid_time_pattern', 'time_pattern', why);
  }
  if (change.durationMinutes !== undefined) {
    const why = checkDuration(change.durationMinutes);
    if (why) return refuse('invalid_duration', 'duration_minutes', why);
  }
  const timePattern = change.timePattern === undefined ? current.timePattern : change.timePattern;
  const durationMinutes = change.durationMinutes
    ?? (typeof change.timePattern === 'string' ? change.timePattern.length * SLOT_MINUTES : current.durationMinutes);
  if (timePattern !== null && timePattern.length * SLOT_MINUTES !== durationMinutes) {
    return refuse('time_pattern_mismatch', 'duration_minutes',
      `duration_minutes ${durationMinutes} does not match time_pattern '${timePattern}' ` +
      `(${timePattern.length} × ${SLOT_MINUTES} = ${timePattern.length * SLOT_MINUTES} minutes); ` +
      'send both, or time_pattern: null to derive the pattern from the duration');
  }
  return { ok: true, timing: { timePattern, durationMinutes } };
}

/**
 * The pattern a type really uses: its explicit pattern, or all provider time (`X`) for its duration
 * when it has none (the conservative reading: the provider is busy throughout).
 */
export function effectiveTimePattern(t: Timing): string {
  return t.timePattern ?? 'X'.repeat(Math.ceil(t.durationMinutes / SLOT_MINUTES));
}
