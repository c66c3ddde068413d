import { Type } from '@sinclair/typebox';
import type { Api, Deps } from '../../core/http/deps.ts';
import { responses } from '../../core/http/schemas.ts';
import { loadCalendarDays, loadMonthSummary } from '../queries/calendar.ts';
import {
  DailyCalendarQuery, DailyCalendarSchema, MonthlyCalendarQuery, MonthlyCalendarSchema, WeeklyCalendarQuery, WeeklyCalendarSchema,
} from '../schemas/calendar.ts';

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

const VIEW = 'With `view_uuid` (a schedule view of this location; one the caller cannot see → 404, one of another location → 422 '
  + 'at `["query", "view_uuid"]`) each day shows: only the view\'s providers in `provider_schedules` (all when it names none); only '
  + 'appointments and blockouts overlapping its hours [start_time, end_time) on that local date (partly inside counts as inside; '
  + 'returned whole); of those, only the ones in its chairs (when it names chairs) or in no chair (whole-location blockouts are '
  + 'always kept); and `operatory_uuids`, the chairs to draw. With `dynamic_op_filtering`, a chair is hidden that day, with its '
  + 'blockouts, when no provider the view shows is scheduled in it (a schedule range naming the chair; a range naming no chair lets '
  + 'the provider work in any chair, so it hides none) and none of the shown appointments is in it (a booked patient never '
  + 'disappears). The view\'s other settings (font, layouts, privacy_mode …) are the client\'s to apply.';

/** Daily, weekly and monthly calendar views of one location, each in a fixed number of queries. */
export function calendarRoutes(app: Api, { db }: Deps): void {
  app.get('/schedule/calendar/daily', {
    schema: {
      tags, summary: 'Get daily calendar data',
      description: `The full calendar of one local date at a location. ${DAY} Loads in five queries whatever the number of `
        + `appointments (two or three more with a view). ${VIEW}`,
      querystring: DailyCalendarQuery, response: responses({ 200: Type.Ref(DailyCalendarSchema) }, [404]),
    },
  }, async (req) => {
    const { location_uuid, target_date, fields, view_uuid } = req.query;
    const { location, days } = await loadCalendarDays(db, req.auth.orgId, req.auth.locationIds, location_uuid, target_date, 1, fields,
      view_uuid ? { viewId: view_uuid, userId: req.auth.userId } : undefined);
    return { ...days[0]!, location_timezone: location.timezone };
  });

  app.get('/schedule/calendar/weekly', {
    schema: {
      tags, summary: 'Get weekly calendar data',
      description: 'The full calendar of seven consecutive local dates from `week_start`, which may be any weekday (a Monday '
        + `is typical, none is required). Each entry of \`days\` has the daily view's shape without \`location_timezone\`. ${DAY} `
        + 'The week loads in the same five queries as one day (range reads split by local date), whatever it holds (two or three '
        + `more with a view). ${VIEW}`,
      querystring: WeeklyCalendarQuery, response: responses({ 200: Type.Ref(WeeklyCalendarSchema) }, [404]),
    },
  }, async (req) => {
    const { location_uuid, week_start, fields, view_uuid } = req.query;
    const { location, days } = await loadCalendarDays(db, req.auth.orgId, req.auth.locationIds, location_uuid, week_start, 7, fields,
      view_uuid ? { viewId: view_uuid, userId: req.auth.userId } : undefined);
    return { location_timezone: location.timezone, days };
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
  }, async (req) => loadMonthSummary(db, req.auth.orgId, req.auth.locationIds, req.query.location_uuid, req.query.month));
}
