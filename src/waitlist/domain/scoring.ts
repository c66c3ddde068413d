/** How quickly the patient needs to be seen, most urgent first. */
export const URGENCIES = ['urgent', 'soon', 'routine', 'flexible'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** Points for urgency: who needs to be seen soonest weighs most. */
export const URGENCY_POINTS: Readonly<Record<Urgency, number>> = { urgent: 40, soon: 25, routine: 10, flexible: 0 };

/**
 * Priority points: AsapPriority definitions are listed in ascending importance (the defaults: Normal, High), so
 * the last one by item_order (then name) gives 20, each earlier one 5 fewer, never below 5.
 */
export const PRIORITY_TOP = 20;
export const PRIORITY_STEP = 5;
export const PRIORITY_FLOOR = 5;

/** One point per this many whole days on the list… */
export const DAYS_PER_POINT = 2;
/** …up to this many points (60 days). */
export const DAYS_WAITING_MAX = 30;

/** One factor of a score, readable by a person: its points, the most it can give, and why. */
export interface ScorePart {
  points: number;
  max: number;
  reason: string;
}

/** Priority points for a priority definition's 0-based rank, 0 without a priority (rank null). */
export function priorityPoints(rank: number | null): number {
  return rank === null ? 0 : Math.max(PRIORITY_FLOOR, PRIORITY_TOP - PRIORITY_STEP * rank);
}

/** Points for whole days on the list (negative counts as 0). */
export function daysWaitingPoints(days: number): number {
  return Math.min(DAYS_WAITING_MAX, Math.floor(Math.max(0, days) / DAYS_PER_POINT));
}

/** What the standing score needs of an entry. */
export interface StandingInput {
  urgency: Urgency;
  /** 0-based rank of the entry's priority counted from the last (most important) AsapPriority definition; null when none. */
  priorityRank: number | null;
  priorityName: string | null;
  daysWaiting: number;
}

/** The opening-independent part of a score: urgency, priority and days waiting (0–90). */
export interface StandingScore {
  urgency: ScorePart;
  priority: ScorePart;
  days_waiting: ScorePart;
  total: number;
}

/** The entry's standing score: urgency + priority + days waiting, each with its reason. */
export function standingScore(e: StandingInput): StandingScore {
  const urgency = { points: URGENCY_POINTS[e.urgency], max: URGENCY_POINTS.urgent, reason: `urgency ${e.urgency}` };
  const priority = {
    points: priorityPoints(e.priorityRank), max: PRIORITY_TOP,
    reason: e.priorityRank === null ? 'no priority' : `priority ${e.priorityName ?? '(unnamed)'} (${e.priorityRank === 0 ? 'the most important' : `${e.priorityRank} below the most important`})`,
  };
  const days = Math.max(0, e.daysWaiting);
  const daysWaiting = {
    points: daysWaitingPoints(days), max: DAYS_WAITING_MAX,
    reason: `${days} day${days === 1 ? '' : 's'} waiting (1 point per ${DAYS_PER_POINT} days, at most ${DAYS_WAITING_MAX})`,
  };
  return { urgency, priority, days_waiting: daysWaiting, total: urgency.points + priority.points + daysWaiting.points };
}
