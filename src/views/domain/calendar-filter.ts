// A schedule view applied to one calendar day. The schedule area assembles the day and passes it in; the
// shapes here are the few fields the rules read, so this area never depends on the schedule's.
import { resolveLocal } from '../../core/time.ts';

/** What the calendar needs of a view, resolved at its location. */
export interface CalendarView {
  id: string;
  /** The chairs the view shows, in its order: those it names, else the location's active chairs in display order. */
  operatoryIds: string[];
  /** True when the view names its chairs: appointments and blockouts of other chairs are left out. */
  namesOperatories: boolean;
  /** The providers whose schedules it shows; null: every provider. */
  providerIds: string[] | null;
  /** Wall-clock hours HH:MM:SS, start before end. */
  startTime: string;
  endTime: string;
  dynamicOpFiltering: boolean;
}

interface IdRef { id: string }
/** The fields of a calendar appointment the view reads: its chair and its instants (RFC 3339 with offset). */
export interface ViewedAppointment { operatory: IdRef | null; start_time: string | null; end_time: string | null }
export interface ViewedBlockout { operatory: IdRef | null; start_at: string; end_at: string }
export interface ViewedProviderSchedule { provider: IdRef; time_ranges: { operatory: IdRef | null }[] }

export interface ViewedDay<A, B, P> {
  appointments: A[];
  blockouts: B[];
  provider_schedules: P[];
}

/** [start, end) of the view's hours on `date` in `zone`: a time in a DST gap is the transition, an ambiguous one the earlier instant. */
function hoursOn(view: CalendarView, date: string, zone: string): [number, number] {
  return [resolveLocal(date, view.startTime, zone).at.epochMilliseconds, resolveLocal(date, view.endTime, zone).at.epochMilliseconds];
}

/** True when [start, end) overlaps the hours at all; a record without times is kept. */
function overlapsHours(hours: [number, number], start: string | null, end: string | null): boolean {
  return start === null || end === null || (Date.parse(start) < hours[1] && Date.parse(end) > hours[0]);
}

/**
 * The candidate chairs that have a scheduled provider that day or hold one of the day's shown appointments.
 * A provider range naming a chair staffs that chair; a range naming none means the provider may work in any
 * chair, so it keeps every chair (hiding too little is safe, hiding a staffed chair is not).
 */
function staffedOrBooked(candidates: string[], schedules: ViewedProviderSchedule[], appointments: ViewedAppointment[]): string[] {
  const kept = new Set<string>();
  for (const range of schedules.flatMap((s) => s.time_ranges)) {
    if (range.operatory === null) return candidates;
    kept.add(range.operatory.id);
  }
  for (const a of appointments) if (a.operatory) kept.add(a.operatory.id);
  return candidates.filter((id) => kept.has(id));
}

/**
 * Applies `view` to one local `date` of the calendar at a location in `zone`: only its providers' schedules;
 * appointments and blockouts overlapping its hours (partly inside counts as inside, returned whole); of those,
 * only the ones in its chairs or in no chair (whole-location blockouts, chairless appointments). With
 * dynamic_op_filtering, chairs with neither a scheduled provider of the view nor a shown appointment are
 * hidden, with their blockouts. `operatory_uuids` are the chairs to draw, in the view's order.
 */
export function applyViewToDay<A extends ViewedAppointment, B extends ViewedBlockout, P extends ViewedProviderSchedule>(
  view: CalendarView, date: string, zone: string, day: ViewedDay<A, B, P>,
): ViewedDay<A, B, P> & { operatory_uuids: string[] } {
  const hours = hoursOn(view, date, zone);
  const named = view.namesOperatories ? new Set(view.operatoryIds) : null;
  const providers = view.providerIds ? new Set(view.providerIds) : null;
  const provider_schedules = day.provider_schedules.filter((s) => providers === null || providers.has(s.provider.id));
  const appointments = day.appointments.filter((a) => overlapsHours(hours, a.start_time, a.end_time)
    && (a.operatory === null || named === null || named.has(a.operatory.id)));
  const shown = view.dynamicOpFiltering ? staffedOrBooked(view.operatoryIds, provider_schedules, appointments) : view.operatoryIds;
  const hidden = (op: IdRef) => (named !== null && !named.has(op.id)) || (view.dynamicOpFiltering && !shown.includes(op.id));
  const blockouts = day.blockouts.filter((b) => overlapsHours(hours, b.start_at, b.end_at) && (b.operatory === null || !hidden(b.operatory)));
  return { appointments, blockouts, provider_schedules, operatory_uuids: shown };
}
