import { AppError, invalid } from '../../core/errors.ts';
import { requireLocalRange } from '../../core/time-input.ts';
import { formatEpochMs, inputRange, localDate, normalizeWallTime, wallSeconds } from '../../core/time.ts';
import { providerIntervals, REASON_CODES, type Conflict, type Occupancy } from './conflicts.ts';

/** A resolved slot: the wall-clock date and times as given, and the instants. */
export interface Slot {
  date: string;
  startTime: string;
  endTime: string;
  start: number;
  end: number;
}

/**
 * Resolves a requested date and wall-clock start (and end, or the type's duration when the end is
 * omitted) in the location's zone. 422: `missing` end_time without a type duration, `dst_gap`, end
 * not after start on the same date. Ambiguous fall-back times take the earlier instant.
 */
export function resolveSlot(zone: string, date: string, start: string, end: string | null | undefined, durationMinutes: number | null): Slot {
  const startTime = normalizeWallTime(start)!;
  let endTime = end ? normalizeWallTime(end)! : null;
  if (!endTime) {
    if (!durationMinutes) throw new AppError('missing', 'end_time is required when the appointment type gives no duration', ['body', 'end_time']);
    const seconds = wallSeconds(startTime) + durationMinutes * 60;
    if (seconds >= 86_400) throw invalid(['body', 'end_time'], 'The appointment would end after midnight; give an end_time on the same date');
    endTime = `${String(Math.floor(seconds / 3600)).padStart(2, '0')}:${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}:00`;
  }
  const { startMs, endMs } = requireLocalRange(date, startTime, endTime, zone);
  return { date, startTime, endTime, start: startMs, end: endMs };
}

/** The advisory-lock keys of a slot in the order every writer takes them: the chair, then providers sorted (lower-case ids). */
export function slotLockKeys(orgId: string, operatoryId: string, providerIds: string[]): string[] {
  const lower = [...new Set(providerIds.map((p) => p.toLowerCase()))].sort();
  return [`op:${orgId}:${operatoryId.toLowerCase()}`, ...lower.map((p) => `pr:${orgId}:${p}`)];
}

/** An appointment as a write would place it, before the conflict check. */
export interface Booking {
  id: string | null;
  locationId: string;
  zone: string;
  operatoryId: string;
  typeId: string | null;
  pattern: string | null;
  slot: Slot;
  /** Providers with explicit instants, or null to use the type's pattern. */
  providers: { providerId: string; start: number | null; end: number | null }[];
}

/** The chair and provider time a booking would take, as the conflict function reads it. */
export function occupancyOf(b: Booking): Occupancy {
  const { start, end } = b.slot;
  return {
    id: b.id, operatoryId: b.operatoryId, typeId: b.typeId, start, end,
    providers: b.providers.map((p) => ({
      providerId: p.providerId,
      intervals: p.start !== null && p.end !== null ? [{ start: p.start, end: p.end }] : providerIntervals(start, end, b.pattern),
    })),
  };
}

const WHAT: Record<Conflict['kind'], string> = {
  appointment: 'another appointment in the same operatory',
  provider: 'the same provider\'s time in another operatory',
  blockout: 'a blockout that allows no scheduling',
  hold: 'time held for another booking',
};

/** 409 slot_conflict with one issue per conflict, each naming the other record (ctx: kind, id, reason_code). */
export function slotConflict(conflicts: Conflict[], zone: string): AppError {
  const issues = conflicts.map((c) => ({
    loc: ['body'],
    msg: `Overlaps ${WHAT[c.kind]}: ${c.kind === 'blockout' || c.kind === 'hold' ? c.kind : 'appointment'} ${c.id} (${formatEpochMs(c.start, zone)} – ${formatEpochMs(c.end, zone)})`,
    type: 'slot_conflict',
    ctx: { kind: c.kind, id: c.id, reason_code: REASON_CODES[c.kind], ...(c.providerId ? { provider_id: c.providerId } : {}) },
  }));
  const [first, ...more] = issues;
  return new AppError('slot_conflict', first!.msg, first!.loc, more, first!.ctx);
}

const wallTime = (ms: number, zone: string) => formatEpochMs(ms, zone).slice(11, 19);

/**
 * The range [startMs, endMs) as a booking names it at the location: one local date and wall-clock times that
 * resolve back to exactly these instants (whole seconds, not the second pass of a repeated hour, ending by
 * 23:59:59). Null when no booking could name it.
 */
export function slotOnWallClock(zone: string, startMs: number, endMs: number): Slot | null {
  const date = localDate(new Date(startMs), zone);
  if (endMs <= startMs || localDate(new Date(endMs - 1), zone) !== date) return null;
  const startTime = wallTime(startMs, zone);
  const endTime = wallTime(endMs, zone);
  const r = inputRange(date, startTime, endTime, zone);
  if (!r.ok || r.startMs !== startMs || r.endMs !== endMs) return null;
  return { date, startTime, endTime, start: startMs, end: endMs };
}
