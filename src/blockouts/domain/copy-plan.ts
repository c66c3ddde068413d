import { overlaps } from '../../core/intervals.ts';
import { addDays, dayOfWeek, inputRange } from '../../core/time.ts';

/** A blockout already at a location on some date, as the rules see it (wall-clock times HH:MM:SS, epoch ms). */
export interface PlacedBlockout {
  id: string;
  date: string;
  /** null: the whole location (every operatory). */
  operatoryId: string | null;
  operatoryName: string | null;
  typeId: string;
  typeName: string;
  isHoliday: boolean;
  startTime: string;
  endTime: string;
  /** Half-open [startMs, endMs) */
  startMs: number;
  endMs: number;
}

/** A blockout to place on a date: from a copied blockout or a template item (`sourceId`). */
export interface BlockoutCandidate {
  sourceId: string;
  date: string;
  operatoryId: string | null;
  operatoryName: string | null;
  typeId: string;
  typeName: string;
  typeActive: boolean;
  isHoliday: boolean;
  startTime: string;
  endTime: string;
  note: string;
}

/** A candidate that passed every rule, with its instants on its date. */
export interface BlockoutDraft extends BlockoutCandidate {
  startMs: number;
  endMs: number;
}

/** A stored blockout that copy operations may read as a source. */
export interface SourceBlockout extends PlacedBlockout {
  isDoNotCopy: boolean;
  typeActive: boolean;
  note: string;
  groupId: string | null;
}

type Span = Pick<PlacedBlockout, 'operatoryId' | 'startMs' | 'endMs'>;

/**
 * True when two blockouts may not coexist: their instants overlap (half-open, so back-to-back is fine)
 * and they share an operatory, a location-wide blockout (null operatory) counting for every operatory.
 */
export function blockoutsConflict(a: Span, b: Span): boolean {
  const sameChair = a.operatoryId === null || b.operatoryId === null || a.operatoryId === b.operatoryId;
  return sameChair && overlaps({ start: a.startMs, end: a.endMs }, { start: b.startMs, end: b.endMs });
}

/** The blockouts of `placed` that `x` conflicts with (see blockoutsConflict), in their given order. */
export function conflictingBlockouts<T extends Span>(x: Span, placed: readonly T[]): T[] {
  return placed.filter((p) => blockoutsConflict(x, p));
}

/** Dates on which `placed` holds a blockout of a holiday type: holidays at that location. */
export function holidayDates(placed: readonly Pick<PlacedBlockout, 'date' | 'isHoliday'>[]): Set<string> {
  return new Set(placed.filter((p) => p.isHoliday).map((p) => p.date));
}

function clock(time: string): string {
  return time.endsWith(':00') ? time.slice(0, 5) : time;
}

/** Human label of a blockout for messages: `Lunch 12:00–13:00 (Op 1)` or `… (whole location)`. */
export function describeBlockout(b: Pick<PlacedBlockout, 'typeName' | 'startTime' | 'endTime' | 'operatoryName' | 'operatoryId'>): string {
  const where = b.operatoryId === null ? 'whole location' : (b.operatoryName ?? b.operatoryId);
  return `${b.typeName} ${clock(b.startTime)}–${clock(b.endTime)} (${where})`;
}

/** Warning for a date skipped because it is a holiday at the location. */
export function holidayWarning(date: string): string {
  return `${date} is a holiday at this location`;
}

function isTwin(c: BlockoutCandidate, p: PlacedBlockout): boolean {
  return p.date === c.date && p.typeId === c.typeId && p.operatoryId === c.operatoryId
    && p.startTime === c.startTime && p.endTime === c.endTime;
}

/** Why a candidate cannot be placed (null: it can), given what is already placed. */
function refusal(c: BlockoutCandidate, r: ReturnType<typeof inputRange>, taken: readonly PlacedBlockout[]): string | null {
  if (!c.typeActive) return 'its blockout type is inactive';
  if (!r.ok) {
    return r.reason === 'dst_gap'
      ? `${clock(r.field === 'start_time' ? c.startTime : c.endTime)} does not exist on ${c.date} (daylight-saving gap)`
      : 'its end is not after its start';
  }
  if (taken.some((p) => isTwin(c, p))) return 'the same blockout already exists there';
  const clash = conflictingBlockouts({ operatoryId: c.operatoryId, startMs: r.startMs, endMs: r.endMs }, taken);
  return clash.length ? `it would overlap ${clash.map(describeBlockout).join(', ')}` : null;
}

/**
 * Decides which candidates become blockouts, in order, without ever forcing one through: a date that
 * is a holiday in `placed` gets nothing (one warning per date); a candidate of an inactive type, in a
 * DST gap, with an exact twin (same type, operatory, start and end time) or overlapping a blockout
 * (already placed or accepted earlier in this plan) is skipped with a warning naming it.
 */
export function planPlacements(candidates: readonly BlockoutCandidate[], placed: readonly PlacedBlockout[], zone: string):
  { drafts: BlockoutDraft[]; warnings: string[] } {
  const holidays = holidayDates(placed);
  const taken = [...placed];
  const drafts: BlockoutDraft[] = [];
  const warnings: string[] = [];
  const warnedHolidays = new Set<string>();
  for (const c of candidates) {
    if (holidays.has(c.date)) {
      if (!warnedHolidays.has(c.date)) warnings.push(`${holidayWarning(c.date)}: nothing was added on it`);
      warnedHolidays.add(c.date);
      continue;
    }
    const r = inputRange(c.date, c.startTime, c.endTime, zone);
    const why = refusal(c, r, taken);
    if (why !== null || !r.ok) {
      warnings.push(`Skipped ${describeBlockout(c)} on ${c.date}: ${why}`);
      continue;
    }
    const draft = { ...c, startMs: r.startMs, endMs: r.endMs };
    drafts.push(draft);
    taken.push({ ...draft, id: `new:${c.sourceId}` });
  }
  return { drafts, warnings };
}

/** True when `date` (YYYY-MM-DD) is a Monday. */
export function isMonday(date: string): boolean {
  return dayOfWeek(date) === 0;
}

/** [source date, target date] for each of the 7 days of the week starting `sourceMonday`, onto the week of `targetMonday`. */
export function copyWeekPairs(sourceMonday: string, targetMonday: string): [string, string][] {
  return Array.from({ length: 7 }, (_, i) => [addDays(sourceMonday, i), addDays(targetMonday, i)]);
}

/** [source date, target date] pairs repeating the week of `sourceMonday` onto each of the next `numWeeks` weeks, week by week. */
export function repeatWeekPairs(sourceMonday: string, numWeeks: number): [string, string][] {
  const out: [string, string][] = [];
  for (let w = 1; w <= numWeeks; w++) out.push(...copyWeekPairs(sourceMonday, addDays(sourceMonday, 7 * w)));
  return out;
}

/**
 * Candidates copying `sources` along `pairs`, ordered by pair then source. Copy operations copy only
 * the patterns of a day: blockouts whose type is do-not-copy and holiday blockouts (a holiday is a
 * date, not a pattern) are left out.
 */
export function copyCandidates(sources: readonly SourceBlockout[], pairs: readonly [string, string][]): BlockoutCandidate[] {
  const copyable = sources.filter((s) => !s.isDoNotCopy && !s.isHoliday);
  return pairs.flatMap(([from, to]) => copyable.filter((s) => s.date === from).map((s) => ({
    sourceId: s.id, date: to, operatoryId: s.operatoryId, operatoryName: s.operatoryName, typeId: s.typeId,
    typeName: s.typeName, typeActive: s.typeActive, isHoliday: s.isHoliday, startTime: s.startTime, endTime: s.endTime, note: s.note,
  })));
}

/**
 * Recurrence groups for copies. `join-source` (repeat-weeks): a copy joins its source's group, and a
 * source without one gets a new group (returned in `newSourceGroups`). `per-operation` (copy-day,
 * copy-week): copies of sources sharing a group share one new group; copies of ungrouped sources stay
 * ungrouped. `newId` makes group ids (injected: this module does no I/O).
 */
export function assignCopyGroups(
  drafts: readonly BlockoutDraft[], sources: readonly SourceBlockout[], mode: 'join-source' | 'per-operation', newId: () => string,
): { draftGroups: (string | null)[]; newSourceGroups: Map<string, string> } {
  const byId = new Map(sources.map((s) => [s.id, s]));
  const newSourceGroups = new Map<string, string>();
  const renamed = new Map<string, string>();
  const draftGroups = drafts.map((d) => {
    const source = byId.get(d.sourceId);
    if (!source) return null;
    if (mode === 'join-source') {
      if (source.groupId) return source.groupId;
      if (!newSourceGroups.has(source.id)) newSourceGroups.set(source.id, newId());
      return newSourceGroups.get(source.id)!;
    }
    if (!source.groupId) return null;
    if (!renamed.has(source.groupId)) renamed.set(source.groupId, newId());
    return renamed.get(source.groupId)!;
  });
  return { draftGroups, newSourceGroups };
}

/** An item of a block schedule template, with the location of its operatory (if any). */
export interface TemplateItemRule {
  id: string;
  typeId: string;
  typeName: string;
  typeActive: boolean;
  isHoliday: boolean;
  operatoryId: string | null;
  operatoryName: string | null;
  operatoryLocationId: string | null;
  startTime: string;
  endTime: string;
}

/**
 * Candidates applying template `items` at `locationId` on `date`, in item order; an item whose
 * operatory belongs to another location is skipped with a warning (the rest go on to planPlacements).
 */
export function templateCandidates(items: readonly TemplateItemRule[], date: string, locationId: string):
  { candidates: BlockoutCandidate[]; warnings: string[] } {
  const candidates: BlockoutCandidate[] = [];
  const warnings: string[] = [];
  for (const i of items) {
    const c = {
      sourceId: i.id, date, operatoryId: i.operatoryId, operatoryName: i.operatoryName, typeId: i.typeId, typeName: i.typeName,
      typeActive: i.typeActive, isHoliday: i.isHoliday, startTime: i.startTime, endTime: i.endTime, note: '',
    };
    if (i.operatoryId !== null && i.operatoryLocationId !== locationId) {
      warnings.push(`Skipped ${describeBlockout(c)} on ${date}: its operatory is not at this location`);
    } else {
      candidates.push(c);
    }
  }
  return { candidates, warnings };
}
