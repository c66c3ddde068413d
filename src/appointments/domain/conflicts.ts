import { overlaps, type Interval } from '../../core/intervals.ts';

const SLOT_MS = 5 * 60_000;

/**
 * The provider's busy intervals within an appointment [start, end): the `X` characters of the time
 * pattern, one per 5 minutes from the start (`/` is assistant-only time). Time past the end of the
 * pattern counts as provider time; a null pattern means the whole appointment.
 */
export function providerIntervals(start: number, end: number, pattern: string | null): Interval[] {
  if (!pattern) return [{ start, end }];
  const out: Interval[] = [];
  // Slots come in order, so touching X slots extend the last interval: the result is already merged.
  for (let t = start, i = 0; t < end; t += SLOT_MS, i++) {
    if ((pattern[i] ?? 'X') !== 'X') continue;
    const slotEnd = Math.min(t + SLOT_MS, end);
    const last = out[out.length - 1];
    if (last && last.end === t) last.end = slotEnd;
    else out.push({ start: t, end: slotEnd });
  }
  return out;
}

export interface ProviderTime {
  providerId: string;
  intervals: Interval[];
}

/** A chair-occupying appointment (proposed or existing), instants in epoch ms. */
export interface Occupancy {
  id: string | null;
  operatoryId: string;
  typeId: string | null;
  start: number;
  end: number;
  providers: ProviderTime[];
}

export interface BlockoutSpan {
  id: string;
  /** null: location-wide */
  operatoryId: string | null;
  start: number;
  end: number;
  isNoSchedule: boolean;
}

/** An appointment rule: the unordered pair of types, at a location or org-wide (null). */
export interface OverlapRule {
  typeA: string;
  typeB: string;
  locationId: string | null;
  allowOverlap: boolean;
}

/** A live hold: its chair and providers are taken for its whole range, whatever the type asked. */
export interface HeldTime {
  id: string;
  operatoryId: string;
  providerIds: readonly string[];
  start: number;
  end: number;
}

export type ConflictKind = 'appointment' | 'provider' | 'blockout' | 'hold';
export const REASON_CODES = {
  appointment: 'APPOINTMENT_OVERLAP', provider: 'PROVIDER_OVERLAP', blockout: 'BLOCKED_TIME_CONFLICT', hold: 'HELD_TIME_CONFLICT',
} as const;

export interface Conflict {
  kind: ConflictKind;
  /** The other appointment's, the blockout's or the hold's id. */
  id: string;
  /** For provider conflicts: the provider double-booked. */
  providerId?: string;
  start: number;
  end: number;
}

/**
 * True when a rule for the two types lets them overlap: the rule at `locationId` wins over the
 * org-wide one; no rule (or an untyped appointment) means no overlap.
 */
export function rulesAllowOverlap(rules: readonly OverlapRule[], a: string | null, b: string | null, locationId: string): boolean {
  if (!a || !b) return false;
  const pair = (r: OverlapRule) => (r.typeA === a && r.typeB === b) || (r.typeA === b && r.typeB === a);
  const local = rules.find((r) => pair(r) && r.locationId === locationId);
  return (local ?? rules.find((r) => pair(r) && r.locationId === null))?.allowOverlap ?? false;
}

/**
 * The conflicts of a proposed booking, used by every write that places an appointment and by
 * check-conflicts, so they can never disagree. (1) another chair-occupying appointment in the same
 * operatory overlapping [start, end); (2) one of the booking's providers whose provider time overlaps
 * their provider time in another operatory; both waived by an allowing appointment rule or by
 * `allowOverlap`; (3) a no-schedule blockout on the operatory or location-wide, and (4) a live hold on
 * the chair or on one of the booking's providers (their provider time against the whole hold), neither
 * ever waived. Intervals are half-open: back-to-back is not a conflict. `others` and `held` must not
 * contain the booking itself (a hold being converted is left out by its caller).
 */
export function checkConflicts(
  booking: Occupancy, others: readonly Occupancy[], blockouts: readonly BlockoutSpan[],
  rules: readonly OverlapRule[], locationId: string, allowOverlap: boolean, held: readonly HeldTime[],
): Conflict[] {
  const out: Conflict[] = [];
  for (const o of others) {
    if (o.id !== null && o.id === booking.id) continue;
    if (allowOverlap || rulesAllowOverlap(rules, booking.typeId, o.typeId, locationId)) continue;
    if (o.operatoryId === booking.operatoryId && overlaps(o, booking)) {
      out.push({ kind: 'appointment', id: o.id!, start: o.start, end: o.end });
      continue;
    }
    for (const mine of booking.providers) {
      const theirs = o.providers.find((p) => p.providerId === mine.providerId);
      if (!theirs || o.operatoryId === booking.operatoryId) continue;
      if (mine.intervals.some((a) => theirs.intervals.some((b) => overlaps(a, b)))) {
        out.push({ kind: 'provider', id: o.id!, providerId: mine.providerId, start: o.start, end: o.end });
      }
    }
  }
  for (const b of blockouts) {
    if (b.isNoSchedule && (b.operatoryId === null || b.operatoryId === booking.operatoryId) && overlaps(b, booking)) {
      out.push({ kind: 'blockout', id: b.id, start: b.start, end: b.end });
    }
  }
  for (const h of held) {
    const chair = h.operatoryId === booking.operatoryId && overlaps(h, booking);
    const provider = booking.providers.find((p) => h.providerIds.includes(p.providerId) && p.intervals.some((x) => overlaps(x, h)));
    if (chair || provider) out.push({ kind: 'hold', id: h.id, start: h.start, end: h.end, ...(chair ? {} : { providerId: provider!.providerId }) });
  }
  return out;
}
