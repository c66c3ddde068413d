import { wallSeconds } from '../../core/time.ts';

/** A stored time slot as the booking rules read it: a weekly window and its cap per occurrence. */
export interface SlotWindow {
  id: number;
  dayOfWeek: number;
  /** Wall clock HH:MM:SS at the service's location, whole minutes. */
  startTime: string;
  endTime: string;
  maxBookings: number;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * A service's starts in a window are back-to-back sessions: every `lengthMinutes` from the window's start,
 * each ending by the window's end. The availability engine steps from local midnight, so it is asked for
 * the largest step that lands on every window's grid (the gcd of the length and each window's start
 * minute); the starts off a window's own grid are then dropped by `windowForStart`.
 */
export function engineStepMinutes(lengthMinutes: number, windows: readonly SlotWindow[]): number {
  return windows.reduce((step, w) => gcd(step, wallSeconds(w.startTime) / 60), lengthMinutes);
}

/**
 * The window of `windows` on `weekday` (0 = Monday) that holds a booking starting `startSeconds` after
 * local midnight (wall clock) for `lengthMinutes`: the start at or after the window's start and the end
 * by its end. `onGrid` says whether the start is one of the window's session starts. null: no window.
 */
export function windowForStart(windows: readonly SlotWindow[], weekday: number, startSeconds: number, lengthMinutes: number):
  { window: SlotWindow; onGrid: boolean } | null {
  const length = lengthMinutes * 60;
  for (const w of windows) {
    const from = wallSeconds(w.startTime);
    if (w.dayOfWeek !== weekday || startSeconds < from || startSeconds + length > wallSeconds(w.endTime)) continue;
    return { window: w, onGrid: (startSeconds - from) % length === 0 };
  }
  return null;
}

/** Places still open in one occurrence: its cap less the bookings that hold a place, never below zero. */
export function placesLeft(maxBookings: number, booked: number): number {
  return Math.max(0, maxBookings - booked);
}

/** The map key of one occurrence: a time slot on a local date. */
export function occurrenceKey(timeSlotId: number, date: string): string {
  return `${timeSlotId}|${date}`;
}
