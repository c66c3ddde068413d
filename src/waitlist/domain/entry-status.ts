/** ASAP entry statuses (the contract's six). */
export const ENTRY_STATUSES = ['waiting', 'contacted', 'offered', 'scheduled', 'removed', 'expired'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

/** Statuses of an entry still on the list: it may be offered openings, and it counts as a duplicate. */
export const ACTIVE_STATUSES: readonly EntryStatus[] = ['waiting', 'contacted', 'offered'];

/** Patient responses to an outreach attempt. */
export const RESPONSES = ['accepted', 'declined', 'no_answer', 'slot_taken', 'expired'] as const;
export type PatientResponse = (typeof RESPONSES)[number];

/**
 * The operation that changes a status: `contact` (a logged attempt), `accept` (response accepted),
 * `release` (response declined, expired or slot_taken: back to waiting), `no_answer`, `update` (PATCH
 * `status`), `remove` (DELETE and bulk-remove), `book` (the patient was booked into a matching appointment).
 */
export type Via = 'contact' | 'accept' | 'release' | 'no_answer' | 'update' | 'remove' | 'book';

const ACTIVE_UPDATE = { waiting: ['update'], contacted: ['update'], offered: ['update'], scheduled: ['update'] } as const;

/**
 * The state machine, as one table: from → to → the operations allowed to make that change. Contact keeps
 * contacted and offered entries where they are (another attempt); a response needs an outstanding
 * attempt (contacted or offered); scheduled, removed and expired entries are off the list and come back
 * only through PATCH `status: waiting`. Nothing enters expired by request: it is computed from the date range.
 */
export const TRANSITIONS: Readonly<Record<EntryStatus, Partial<Record<EntryStatus, readonly Via[]>>>> = {
  waiting: { ...ACTIVE_UPDATE, contacted: ['contact', 'update'], scheduled: ['update', 'book'], removed: ['remove'] },
  contacted: {
    ...ACTIVE_UPDATE, contacted: ['contact', 'no_answer', 'update'], waiting: ['release', 'update'],
    scheduled: ['accept', 'update', 'book'], removed: ['remove'],
  },
  offered: {
    ...ACTIVE_UPDATE, offered: ['contact', 'no_answer', 'update'], waiting: ['release', 'update'],
    scheduled: ['accept', 'update', 'book'], removed: ['remove'],
  },
  scheduled: { waiting: ['update'], removed: ['remove'] },
  expired: { waiting: ['update'], removed: ['remove'] },
  removed: { waiting: ['update'] },
};

/** True when `via` may take an entry from `from` to `to`. */
export function canTransition(from: EntryStatus, to: EntryStatus, via: Via): boolean {
  return TRANSITIONS[from][to]?.includes(via) ?? false;
}

/** The statuses `via` may take an entry to from `from` (for the refusal's message and ctx). */
export function allowedTargets(from: EntryStatus, via: Via): EntryStatus[] {
  return (Object.entries(TRANSITIONS[from]) as [EntryStatus, readonly Via[]][]).filter(([, vias]) => vias.includes(via)).map(([s]) => s);
}

/** Where a response takes an entry: accepted → scheduled; declined, expired, slot_taken → waiting; no_answer stays. */
export function responseTarget(from: EntryStatus, response: PatientResponse): { to: EntryStatus; via: Via } {
  if (response === 'accepted') return { to: 'scheduled', via: 'accept' };
  if (response === 'no_answer') return { to: from, via: 'no_answer' };
  return { to: 'waiting', via: 'release' };
}

/** Where a contact attempt takes an entry: waiting → contacted; contacted and offered stay. */
export function contactTarget(from: EntryStatus): EntryStatus {
  return from === 'waiting' ? 'contacted' : from;
}

/**
 * The status an entry is read with: an active entry whose `dateRangeEnd` (local date) is before `today`
 * (the local date at its location) is expired; every other status is as stored.
 */
export function effectiveStatus(stored: EntryStatus, dateRangeEnd: string | null, today: string): EntryStatus {
  return ACTIVE_STATUSES.includes(stored) && dateRangeEnd !== null && dateRangeEnd < today ? 'expired' : stored;
}
