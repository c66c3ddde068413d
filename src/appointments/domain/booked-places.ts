// Whether an appointment that was booked into a slot (seed 001) or a service occurrence (seed 003) still belongs
// to it after a write puts it somewhere: pure, so that the move, place and transition commands share one answer.
import { wallSeconds } from '../../core/time.ts';

/** Where a write puts an appointment: its chair, its local date and wall-clock start, its instants (epoch ms). */
export interface Placement {
  operatoryId: string;
  date: string;
  startTime: string;
  start: number;
  end: number;
}

/**
 * Whether the appointment stays in its slot: its whole range within the slot's [startMs, endMs) and its chair one
 * of the slot's booking block's. Anywhere else it leaves the slot.
 */
export function staysInSlot(slot: { startMs: number; endMs: number; operatoryIds: readonly string[] }, to: Placement): boolean {
  return to.start >= slot.startMs && to.end <= slot.endMs && slot.operatoryIds.includes(to.operatoryId);
}

/**
 * Whether the appointment stays in its service occurrence: the same local date, and a start (wall clock) inside the
 * time slot's window as it is now, [startTime, endTime). Anywhere else, another window of the service included, it
 * leaves the occurrence.
 */
export function staysInOccurrence(occurrence: { date: string; startTime: string; endTime: string }, to: Placement): boolean {
  const start = wallSeconds(to.startTime);
  return to.date === occurrence.date && start >= wallSeconds(occurrence.startTime) && start < wallSeconds(occurrence.endTime);
}
