import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { AppointmentSchema } from '../../appointments/index.ts';
import { BlockoutSchema } from '../../blockouts/index.ts';
import { DateStr, MoneyOut, Nullable, Ref } from '../../core/http/schemas.ts';
import { ScheduleTimeRangeSchema } from './schedule-availability.ts';

/** The Tier 2 patient fields a calendar may add to each appointment (`fields`). */
export const TIER2_FIELDS = ['chart_number', 'mobile_phone', 'balance_due', 'preferred_name', 'birth_date'] as const;
export type Tier2Field = (typeof TIER2_FIELDS)[number];

const tier2 = (description: string) => `Tier 2, present only when requested in \`fields\`: ${description}`;

export const CalendarAppointmentSchema = Type.Object({
  ...AppointmentSchema.properties,
  chart_number: Type.Optional(Nullable(Type.String({ description: tier2('the patient\'s chart number') }))),
  mobile_phone: Type.Optional(Nullable(Type.String({ description: tier2('the patient\'s mobile phone') }))),
  balance_due: Type.Optional(Type.String({ ...MoneyOut, description: tier2('the patient\'s balance due, decimal text') })),
  preferred_name: Type.Optional(Nullable(Type.String({ description: tier2('the patient\'s preferred name') }))),
  birth_date: Type.Optional(Nullable(Type.String({ format: 'date', description: tier2('the patient\'s birth date') }))),
}, { $id: 'CalendarAppointment', description: 'An Appointment plus the Tier 2 patient fields asked for' });
export type CalendarAppointment = Static<typeof CalendarAppointmentSchema>;

const DayHours = Type.Number({
  description: 'Wall-clock hours in this local day: 24, or 23 on spring-forward and 25 on fall-back days (23.5 / 24.5 in zones with half-hour shifts)',
});
const Zone = Type.String({ description: 'IANA time zone identifier of the location, e.g. America/Chicago' });

export const CalendarProviderScheduleSchema = Type.Object({
  provider: Type.Ref(Ref),
  is_override: Type.Boolean({ description: 'True when the date\'s schedule comes from overrides rather than the weekly templates' }),
  time_ranges: Type.Array(Type.Ref(ScheduleTimeRangeSchema), { description: 'Ordered by start; empty when unavailable' }),
}, { $id: 'CalendarProviderSchedule', description: 'A provider\'s resolved schedule on the day, as in GET /schedule/daily-providers' });

const dayProperties = {
  date: Type.String({ format: 'date' }),
  day_hours: DayHours,
  appointments: Type.Array(Type.Ref(CalendarAppointmentSchema), {
    description: 'Every appointment starting in this local day except cancelled ones (scheduled, complete, broken, and planned or '
      + 'pinboard ones that keep a time), by start, item_order and id',
  }),
  blockouts: Type.Array(Type.Ref(BlockoutSchema), { description: 'The day\'s active blockouts, by start time and id' }),
  provider_schedules: Type.Array(Type.Ref(CalendarProviderScheduleSchema), {
    description: 'Every provider with a template in force or an override that day, by last name, first name and id',
  }),
  operatory_uuids: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), {
    description: 'Our addition, present only with `view_uuid`: the chairs to draw that day, in the view\'s order (its chairs, or the '
      + 'location\'s active chairs in display order when it names none), less those dynamic_op_filtering hides',
  })),
};

export const CalendarDaySchema = Type.Object(dayProperties, { $id: 'CalendarDay' });
export type CalendarDay = Static<typeof CalendarDaySchema>;

export const DailyCalendarSchema = Type.Object({ ...dayProperties, location_timezone: Zone }, { $id: 'DailyCalendar' });

export const WeeklyCalendarSchema = Type.Object({
  location_timezone: Zone,
  days: Type.Array(Type.Ref(CalendarDaySchema), { minItems: 7, maxItems: 7, description: 'Seven consecutive local days from week_start' }),
}, { $id: 'WeeklyCalendar' });

const Money = (description: string) => Type.String({ ...MoneyOut, description });

export const MonthDaySchema = Type.Object({
  date: Type.String({ format: 'date' }),
  day_hours: DayHours,
  appointment_count: Type.Integer({ description: 'Scheduled and complete appointments starting that local day' }),
  scheduled_production: Money('Production of the day\'s scheduled appointments'),
  completed_production: Money('Production of the day\'s complete appointments'),
  production_goal: Money('Sum of all providers\' production goals at the location that day'),
  is_holiday: Type.Boolean({ description: 'True when the day holds an active blockout of a holiday type at the location' }),
}, { $id: 'CalendarMonthDay' });

export const MonthlyCalendarSchema = Type.Object({
  month: Type.String({ description: 'Month in YYYY-MM format' }),
  location_timezone: Zone,
  days: Type.Array(Type.Ref(MonthDaySchema), { description: 'One summary per calendar day of the month, in order' }),
}, { $id: 'MonthlyCalendar' });

const LocationUuid = Type.String({ format: 'uuid', description: 'Location to load; unknown or outside the caller\'s locations → 404' });
const Fields = Type.String({
  description: `Comma-separated Tier 2 field keys to add to each appointment: ${TIER2_FIELDS.join(', ')}; another key → 422`,
  examples: ['chart_number,mobile_phone'],
});

const ViewUuid = Type.String({
  format: 'uuid',
  description: 'Our addition: show the day through this schedule view (see the description); a view the caller cannot see → 404, '
    + 'one of another location → 422',
});

export const DailyCalendarQuery = Type.Object({
  location_uuid: LocationUuid,
  target_date: Type.String({ ...DateStr, description: 'Local calendar date to load (YYYY-MM-DD)' }),
  fields: Type.Optional(Fields),
  view_uuid: Type.Optional(ViewUuid),
});

export const WeeklyCalendarQuery = Type.Object({
  location_uuid: LocationUuid,
  week_start: Type.String({ ...DateStr, description: 'First local day of the week (YYYY-MM-DD); any weekday is accepted' }),
  fields: Type.Optional(Fields),
  view_uuid: Type.Optional(ViewUuid),
});

export const MonthlyCalendarQuery = Type.Object({
  location_uuid: LocationUuid,
  month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'Month in YYYY-MM format, e.g. 2026-03 (else 422)' }),
});

/** Record schemas of calendar referenced by `$ref`; registered once in app.ts. */
export const calendarSchemas: TSchema[] = [
  CalendarAppointmentSchema, CalendarProviderScheduleSchema, CalendarDaySchema, DailyCalendarSchema, WeeklyCalendarSchema,
  MonthDaySchema, MonthlyCalendarSchema,
];
