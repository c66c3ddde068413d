import { Type } from '@sinclair/typebox';
import { invalid, notFound } from '../../core/errors.ts';
import { resolveProviderDays } from '../domain/schedule.ts';
import { addDays, dayHours, localDayBounds } from '../../core/time.ts';
import { listActiveBlockoutsOn } from '../../blockouts/db/blockouts.ts';
import {
  listCalendarAppointments, listHolidayDates, sumProductionByDate,
  type CalendarAppointmentRow,
} from '../db/calendar.ts';
import type { Db } from '../../core/db/client.ts';
import { getLocation, type LocationRow, type LocationScope } from '../../practice/db/locations.ts';
import { sumGoalsByDate } from '../db/production-goals.ts';
import { listOverridesBetween, toOverrideRule } from '../db/schedule-overrides.ts';
import { listTemplatesInForceBetween, toTemplateRule } from '../db/schedule-templates.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { toAppointmentJson } from '../../appointments/schemas/appointments.ts';
import { toBlockoutJson } from '../../blockouts/schemas/blockouts.ts';
import {
  DailyCalendarQuery, DailyCalendarSchema, MonthlyCalendarQuery, MonthlyCalendarSchema, TIER2_FIELDS, WeeklyCalendarQuery,
  WeeklyCalendarSchema, type CalendarAppointment, type CalendarDay, type Tier2Field,
} from '../schemas/calendar.ts';
import { responses } from '../../core/http/schemas.ts';
import { providerName } from '../../practice/schemas/providers.ts';
import { toTimeRangesJson } from '../schemas/schedule-availability.ts';

const tags = ['Calendar'];

const DAY = 'A day is a local date at the location: it has 23, 24 or 25 hours (`day_hours`), and an appointment belongs to '
  + 'the local date it starts on. `appointments` holds every appointment starting that day except cancelled ones — scheduled, '
  + 'complete, broken, and planned or pinboard ones that keep a time — as full Appointment records by start, item_order and '
  + 'id. `fields` adds Tier 2 patient fields to each (comma-separated keys: chart_number, mobile_phone, balance_due, '
  + 'preferred_name, birth_date; another key → 422; blanks and repeats are ignored); without it they are left out. '
  + '`blockouts` holds the day\'s active blockouts (whole-location and per-operatory) in the Blockout shape; '
  + '`provider_schedules` each provider\'s resolved schedule as in GET /schedule/daily-providers (template or override '
  + 'ranges with wall-clock times and instants). Unknown location, or one outside a location-limited caller\'s '
  + 'locations → 404.';

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

function groupByDate<T>(items: readonly T[], dateOf: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of items) {
    const d = dateOf(x);
    const list = m.get(d);
    if (list) list.push(x);
    else m.set(d, [x]);
  }
  return m;
}

/**
 * The full calendar of consecutive local `dates` at `location` (already checked visible to the caller),
 * in four queries whatever the number of appointments: the range's full appointment rows with Tier 2
 * fields, the blockouts, the templates and the overrides; then split by local date.
 */
async function loadDays(db: Db, orgId: string, location: LocationRow, dates: string[], fields: Tier2Field[]): Promise<CalendarDay[]> {
  const zone = location.timezone;
  const from = dates[0]!;
  const to = dates[dates.length - 1]!;
  const [rows, blockouts, templates, overrides] = await Promise.all([
    listCalendarAppointments(db, orgId, location.id, localDayBounds(from, zone).start.toInstant().toString(),
      localDayBounds(to, zone).end.toInstant().toString()),
    listActiveBlockoutsOn(db, orgId, location.id, dates),
    listTemplatesInForceBetween(db, orgId, location.id, from, to),
    listOverridesBetween(db, orgId, location.id, from, to),
  ]);
  const withFields = (row: CalendarAppointmentRow): CalendarAppointment => {
    const a: CalendarAppointment = toAppointmentJson(row);
    for (const f of fields) (a as Record<Tier2Field, unknown>)[f] = row[f];
    return a;
  };
  const appointmentsOn = groupByDate(rows.map(withFields), (a) => a.schedule_date!);
  const blockoutsOn = groupByDate(blockouts.map(toBlockoutJson), (b) => b.schedule_date);
  const names = new Map([...templates, ...overrides].map((r) => [r.provider_id, { first_name: r.provider_first_name, last_name: r.provider_last_name }]));
  const ops = new Map([...templates, ...overrides].flatMap((r) => (r.operatory_id && r.operatory_name !== null ? [[r.operatory_id, r.operatory_name]] : [])));
  const schedulesOn = groupByDate(resolveProviderDays(templates.map(toTemplateRule), overrides.map(toOverrideRule), dates, zone), (d) => d.date);
  const byName = (a: { providerId: string }, b: { providerId: string }) => {
    const x = names.get(a.providerId)!;
    const y = names.get(b.providerId)!;
    return x.last_name.toLowerCase().localeCompare(y.last_name.toLowerCase())
      || x.first_name.toLowerCase().localeCompare(y.first_name.toLowerCase()) || (a.providerId < b.providerId ? -1 : 1);
  };
  return dates.map((date) => ({
    date, day_hours: dayHours(date, zone),
    appointments: appointmentsOn.get(date) ?? [],
    blockouts: blockoutsOn.get(date) ?? [],
    provider_schedules: (schedulesOn.get(date) ?? []).sort(byName).map((day) => ({
      provider: { id: day.providerId, name: providerName(names.get(day.providerId)!) },
      is_override: day.isOverride, time_ranges: toTimeRangesJson(day, zone, ops),
    })),
  }));
}

/** The local dates of month `YYYY-MM`, in order. */
function datesOfMonth(month: string): string[] {
  const dates: string[] = [];
  for (let d = `${month}-01`; d.startsWith(month); d = addDays(d, 1)) dates.push(d);
  return dates;
}

/** Daily, weekly and monthly calendar views of one location, each in a fixed number of queries. */
export function calendarRoutes(app: Api, { db }: Deps): void {
  app.get('/schedule/calendar/daily', {
    schema: {
      tags, summary: 'Get daily calendar data',
      description: `The full calendar of one local date at a location. ${DAY} Loads in five queries whatever the number of `
        + 'appointments.',
      querystring: DailyCalendarQuery, response: responses({ 200: Type.Ref(DailyCalendarSchema) }, [404]),
    },
  }, async (req) => {
    const { location_uuid, target_date, fields } = req.query;
    const { orgId, locationIds } = req.auth;
    const wanted = parseFields(fields);
    const location = await requireQueryLocation(db, orgId, locationIds, location_uuid);
    const [day] = await loadDays(db, orgId, location, [target_date], wanted);
    return { ...day!, location_timezone: location.timezone };
  });

  app.get('/schedule/calendar/weekly', {
    schema: {
      tags, summary: 'Get weekly calendar data',
      description: 'The full calendar of seven consecutive local dates from `week_start`, which may be any weekday (a Monday '
        + `is typical, none is required). Each entry of \`days\` has the daily view's shape without \`location_timezone\`. ${DAY} `
        + 'The week loads in the same five queries as one day (range reads split by local date), whatever it holds.',
      querystring: WeeklyCalendarQuery, response: responses({ 200: Type.Ref(WeeklyCalendarSchema) }, [404]),
    },
  }, async (req) => {
    const { location_uuid, week_start, fields } = req.query;
    const { orgId, locationIds } = req.auth;
    const wanted = parseFields(fields);
    const location = await requireQueryLocation(db, orgId, locationIds, location_uuid);
    const dates = Array.from({ length: 7 }, (_, i) => addDays(week_start, i));
    return { location_timezone: location.timezone, days: await loadDays(db, orgId, location, dates, wanted) };
  });

  app.get('/schedule/calendar/monthly', {
    schema: {
      tags, summary: 'Get monthly calendar summary',
      description: 'One summary per calendar day of `month` (YYYY-MM; another format → 422) at a location, without '
        + 'individual appointments: `appointment_count` counts scheduled and complete appointments starting that local day; '
        + '`scheduled_production` and `completed_production` sum the production amounts of the scheduled and of the complete '
        + 'ones (explicit amount, else the sum of procedure fees); `production_goal` sums every provider\'s goal at the '
        + 'location that date; `is_holiday` is true when the day holds an active blockout of a holiday type. Amounts are '
        + 'decimal strings ("0.00" when none). `day_hours` is 23, 24 or 25. Unknown location, or one outside a '
        + 'location-limited caller\'s locations → 404. Loads in four queries (aggregates by local date) whatever the month holds.',
      querystring: MonthlyCalendarQuery, response: responses({ 200: Type.Ref(MonthlyCalendarSchema) }, [404]),
    },
  }, async (req) => {
    const { location_uuid, month } = req.query;
    const { orgId, locationIds } = req.auth;
    const location = await requireQueryLocation(db, orgId, locationIds, location_uuid);
    const zone = location.timezone;
    const dates = datesOfMonth(month);
    const from = dates[0]!;
    const to = dates[dates.length - 1]!;
    const [production, goals, holidays] = await Promise.all([
      sumProductionByDate(db, orgId, location.id, localDayBounds(from, zone).start.toInstant().toString(),
        localDayBounds(to, zone).end.toInstant().toString()),
      sumGoalsByDate(db, orgId, location.id, from, to),
      listHolidayDates(db, orgId, location.id, from, to),
    ]);
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
  });
}
