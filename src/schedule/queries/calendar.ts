import { invalid, notFound } from '../../core/errors.ts';
import { groupBy } from '../../core/group-by.ts';
import { addDays, dayHours, localDayBounds } from '../../core/time.ts';
import { inSnapshot, runAll, type Db } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { toAppointmentJson } from '../../appointments/index.ts';
import { listActiveBlockoutsOn, toBlockoutJson } from '../../blockouts/index.ts';
import { getLocation, type LocationRow } from '../../practice/index.ts';
import { applyViewToDay, loadCalendarView } from '../../views/index.ts';
import { listCalendarAppointments, listHolidayDates, sumProductionByDate, type CalendarAppointmentRow } from '../db/calendar.ts';
import { sumGoalsByDate } from '../db/production-goals.ts';
import { listOverridesBetween } from '../db/schedule-overrides.ts';
import { listTemplatesInForceBetween } from '../db/schedule-templates.ts';
import { TIER2_FIELDS, type CalendarAppointment, type CalendarDay, type Tier2Field } from '../schemas/calendar.ts';
import { providerSchedulesByDate } from './provider-schedules.ts';

/** The requested Tier 2 keys (422 at query.fields for an unknown one). */
function parseFields(text: string | undefined): Tier2Field[] {
  const keys = [...new Set((text ?? '').split(',').map((k) => k.trim()).filter(Boolean))];
  const unknown = keys.find((k) => !(TIER2_FIELDS as readonly string[]).includes(k));
  if (unknown !== undefined) throw invalid(['query', 'fields'], `Unknown field '${unknown}'; allowed: ${TIER2_FIELDS.join(', ')}`);
  return keys as Tier2Field[];
}

async function requireQueryLocation(db: Db, orgId: string, scope: LocationScope, id: string): Promise<LocationRow> {
  const location = await getLocation(db, orgId, id, scope);
  if (!location) throw notFound('Location', ['query', 'location_uuid']);
  return location;
}

/** A schedule view to show the calendar through, and the user looking (views are per user). */
export interface CalendarViewing {
  viewId: string;
  userId: string;
}

/**
 * The full calendar of `days` consecutive local dates from `firstDate` at a visible location (404 otherwise;
 * 422 for an unknown Tier 2 field in `fieldsText`), in five queries whatever the number of appointments:
 * the location, the range's full appointment rows with Tier 2 fields, the blockouts, the templates and the
 * overrides, all in one read-only snapshot; then split by local date. With `viewing`, each day goes through that schedule view (two or
 * three more queries; 404 / 422 at query.view_uuid, see the views area's loadCalendarView and applyViewToDay).
 */
export function loadCalendarDays(
  db: Db, orgId: string, scope: LocationScope, locationId: string, firstDate: string, days: number, fieldsText: string | undefined,
  viewing?: CalendarViewing,
): Promise<{ location: LocationRow; days: CalendarDay[] }> {
  return inSnapshot(db, (tx) => calendarDays(tx, orgId, scope, locationId, firstDate, days, fieldsText, viewing), { genericPlans: true });
}

async function calendarDays(
  db: Db, orgId: string, scope: LocationScope, locationId: string, firstDate: string, days: number, fieldsText: string | undefined,
  viewing?: CalendarViewing,
): Promise<{ location: LocationRow; days: CalendarDay[] }> {
  const fields = parseFields(fieldsText);
  const location = await requireQueryLocation(db, orgId, scope, locationId);
  const view = viewing ? await loadCalendarView(db, { orgId, userId: viewing.userId, scope }, viewing.viewId, location.id) : null;
  const dates = Array.from({ length: days }, (_, i) => addDays(firstDate, i));
  const zone = location.timezone;
  const from = dates[0]!;
  const to = dates[dates.length - 1]!;
  const [start, end] = [localDayBounds(from, zone).start.toInstant().toString(), localDayBounds(to, zone).end.toInstant().toString()];
  const [rows, blockouts, templates, overrides] = await runAll(db,
    () => listCalendarAppointments(db, orgId, location.id, start, end),
    () => listActiveBlockoutsOn(db, orgId, location.id, dates),
    () => listTemplatesInForceBetween(db, orgId, location.id, from, to),
    () => listOverridesBetween(db, orgId, location.id, from, to),
  );
  const withFields = (row: CalendarAppointmentRow): CalendarAppointment => {
    const a: CalendarAppointment = toAppointmentJson(row);
    for (const f of fields) (a as Record<Tier2Field, unknown>)[f] = row[f];
    return a;
  };
  const appointmentsOn = groupBy(rows.map(withFields), (a) => a.schedule_date!);
  const blockoutsOn = groupBy(blockouts.map(toBlockoutJson), (b) => b.schedule_date);
  const schedulesOn = providerSchedulesByDate({ templates, overrides }, dates, zone);
  return {
    location,
    days: dates.map((date) => {
      const day = {
        appointments: appointmentsOn.get(date) ?? [], blockouts: blockoutsOn.get(date) ?? [], provider_schedules: schedulesOn.get(date)!,
      };
      return { date, day_hours: dayHours(date, zone), ...(view ? applyViewToDay(view, date, zone, day) : day) };
    }),
  };
}

/** The local dates of month `YYYY-MM`, in order. */
function datesOfMonth(month: string): string[] {
  const dates: string[] = [];
  for (let d = `${month}-01`; d.startsWith(month); d = addDays(d, 1)) dates.push(d);
  return dates;
}

/**
 * One summary per local day of `month` at a visible location (404 otherwise): appointment count, scheduled
 * and completed production, goals and holidays, in four queries (aggregates by local date) whatever it holds,
 * in one read-only snapshot.
 */
export function loadMonthSummary(db: Db, orgId: string, scope: LocationScope, locationId: string, month: string) {
  return inSnapshot(db, (tx) => monthSummary(tx, orgId, scope, locationId, month));
}

async function monthSummary(db: Db, orgId: string, scope: LocationScope, locationId: string, month: string) {
  const location = await requireQueryLocation(db, orgId, scope, locationId);
  const zone = location.timezone;
  const dates = datesOfMonth(month);
  const from = dates[0]!;
  const to = dates[dates.length - 1]!;
  const [start, end] = [localDayBounds(from, zone).start.toInstant().toString(), localDayBounds(to, zone).end.toInstant().toString()];
  const [production, goals, holidays] = await runAll(db,
    () => sumProductionByDate(db, orgId, location.id, start, end),
    () => sumGoalsByDate(db, orgId, location.id, from, to),
    () => listHolidayDates(db, orgId, location.id, from, to),
  );
  const productionOn = new Map(production.map((p) => [p.schedule_date, p]));
  const goalOn = new Map(goals.map((g) => [g.goal_date, g.amount]));
  const holidaySet = new Set(holidays);
  return {
    month, location_timezone: zone,
    days: dates.map((date) => {
      const p = productionOn.get(date);
      return {
        date, day_hours: dayHours(date, zone),
        appointment_count: p?.appointment_count ?? 0,
        scheduled_production: p?.scheduled_production ?? '0.00',
        completed_production: p?.completed_production ?? '0.00',
        production_goal: goalOn.get(date) ?? '0.00',
        is_holiday: holidaySet.has(date),
      };
    }),
  };
}
