/** A patient recall's status, derived when read (never stored, so it cannot go stale). */
export type RecallStatus = 'due' | 'overdue' | 'scheduled' | 'completed';
export const RECALL_STATUSES: readonly RecallStatus[] = ['due', 'overdue', 'scheduled', 'completed'];

/** What the status of a recall is derived from. */
export interface RecallFacts {
  /** Whether the recall's type is active; recalls of an inactive type are finished. */
  typeActive: boolean;
  /** Local date of the patient's scheduled appointment for this recall on or after today, if any. */
  dateScheduled: string | null;
  dateDue: string | null;
  /** Today at the recall's location (see the routes' description of which location that is). */
  today: string;
}

/**
 * The status of a recall, first rule that holds: `completed` when its type is no longer active (the
 * practice stopped the cycle); `scheduled` when an appointment for it is booked today or later;
 * `overdue` when its due date has passed; otherwise `due` (due today or later, or with no due date).
 * The SQL in db/patient-recalls.ts states the same rules so lists can filter and page by status.
 */
export function recallStatus(f: RecallFacts): RecallStatus {
  if (!f.typeActive) return 'completed';
  if (f.dateScheduled !== null) return 'scheduled';
  if (f.dateDue !== null && f.dateDue < f.today) return 'overdue';
  return 'due';
}
