import { groupBy } from '../../core/group-by.ts';
import { dayOfWeek, wallClock, wallSeconds } from '../../core/time.ts';

/** A weekly provider schedule template at one location (wall-clock times in the location's zone). */
export interface TemplateRule {
  id: string;
  providerId: string;
  operatoryId: string | null;
  /** 0 = Monday … 6 = Sunday */
  dayOfWeek: number;
  startTime: string;
  endTime: string;
  /** Inclusive YYYY-MM-DD */
  effectiveFrom: string;
  /** Inclusive YYYY-MM-DD, or null for open-ended */
  effectiveTo: string | null;
}

/** A date-specific override at one location; any override on a date replaces that date's templates. */
export interface OverrideRule {
  id: string;
  providerId: string;
  operatoryId: string | null;
  date: string;
  startTime: string | null;
  endTime: string | null;
  isUnavailable: boolean;
}

/** One working range of a provider on a date: wall-clock as scheduled, instants as really lived. */
export interface ResolvedRange {
  startTime: string;
  endTime: string;
  /** Epoch ms, half-open [start, end) */
  start: number;
  end: number;
  operatoryId: string | null;
  source: 'template' | 'override';
  sourceId: string;
}

export interface ProviderDay {
  providerId: string;
  date: string;
  /** True when the date's schedule comes from overrides rather than the weekly templates. */
  isOverride: boolean;
  ranges: ResolvedRange[];
}

/** True when a template is in force on `date` (its weekday, inside its inclusive effective period). */
export function templateApplies(t: TemplateRule, date: string, weekday: number): boolean {
  return t.dayOfWeek === weekday && t.effectiveFrom <= date && (t.effectiveTo === null || date <= t.effectiveTo);
}

type InstantOf = (date: string, time: string) => number;

/**
 * Local (date, time) → epoch ms in `zone`, memoised per date: a time in a spring-forward gap maps to the
 * transition instant, an ambiguous fall-back time to the earlier instant.
 */
function instantCache(zone: string): InstantOf {
  const clock = wallClock(zone);
  return (date, time) => clock(date, wallSeconds(time)).ms;
}

function toRange(
  instant: InstantOf, date: string, startTime: string, endTime: string,
  operatoryId: string | null, source: ResolvedRange['source'], sourceId: string,
): ResolvedRange | null {
  const start = instant(date, startTime);
  const end = instant(date, endTime);
  // A range lying wholly inside a spring-forward gap has no real time left.
  return end > start ? { startTime, endTime, start, end, operatoryId, source, sourceId } : null;
}

function byStart(a: ResolvedRange, b: ResolvedRange): number {
  return a.start - b.start || a.end - b.end;
}

function resolveWith(
  instant: InstantOf, templates: readonly TemplateRule[], overrides: readonly OverrideRule[], date: string,
): Omit<ProviderDay, 'providerId'> {
  if (overrides.length) {
    const ranges = overrides.some((o) => o.isUnavailable) ? [] : overrides
      .map((o) => toRange(instant, date, o.startTime!, o.endTime!, o.operatoryId, 'override', o.id))
      .filter((r): r is ResolvedRange => r !== null);
    return { date, isOverride: true, ranges: ranges.sort(byStart) };
  }
  const weekday = dayOfWeek(date);
  const ranges = templates
    .filter((t) => templateApplies(t, date, weekday))
    .map((t) => toRange(instant, date, t.startTime, t.endTime, t.operatoryId, 'template', t.id))
    .filter((r): r is ResolvedRange => r !== null);
  return { date, isOverride: false, ranges: ranges.sort(byStart) };
}

/**
 * One provider's working ranges on one local date at one location: the date's overrides if it has
 * any (an unavailable override means no time at all), else the templates in force that weekday.
 * `templates` and `overrides` may include other providers'; only `providerId`'s are used.
 */
export function resolveProviderDay(
  templates: readonly TemplateRule[], overrides: readonly OverrideRule[], providerId: string, date: string, zone: string,
): ProviderDay {
  const own = <T extends { providerId: string }>(xs: readonly T[]) => xs.filter((x) => x.providerId === providerId);
  const day = resolveWith(instantCache(zone), own(templates), own(overrides).filter((o) => o.date === date), date);
  return { providerId, ...day };
}

/**
 * Every provider's working ranges at one location for each of `dates`, in date then provider order.
 * A provider appears on a date when a template or override of theirs applies (possibly with no
 * ranges, e.g. unavailable). Rules are indexed once, so the cost grows with providers × dates.
 */
export function resolveProviderDays(
  templates: readonly TemplateRule[], overrides: readonly OverrideRule[], dates: readonly string[], zone: string,
): ProviderDay[] {
  const instant = instantCache(zone);
  const templatesOf = new Map<string, TemplateRule[][]>(); // provider → weekday → templates
  for (const t of templates) {
    let week = templatesOf.get(t.providerId);
    if (!week) templatesOf.set(t.providerId, (week = [[], [], [], [], [], [], []]));
    week[t.dayOfWeek]!.push(t);
  }
  const overridesOf = groupBy(overrides, (o) => `${o.providerId}|${o.date}`);
  const providers = [...new Set([...templatesOf.keys(), ...overrides.map((o) => o.providerId)])].sort();
  const out: ProviderDay[] = [];
  for (const date of dates) {
    const weekday = dayOfWeek(date);
    for (const providerId of providers) {
      const dayOverrides = overridesOf.get(`${providerId}|${date}`) ?? [];
      const dayTemplates = (templatesOf.get(providerId)?.[weekday] ?? []).filter((t) => templateApplies(t, date, weekday));
      if (!dayOverrides.length && !dayTemplates.length) continue;
      out.push({ providerId, ...resolveWith(instant, dayTemplates, dayOverrides, date) });
    }
  }
  return out;
}
