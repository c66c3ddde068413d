import { Type, type TSchema } from '@sinclair/typebox';
import type { SortDir } from '../../core/cursor.ts';
import { SORT_FIELDS, type SortField } from '../domain/appointment-cursor.ts';
import { REASON_CODES } from '../domain/conflicts.ts';
import { STATUSES } from '../domain/status.ts';
import { AppointmentSchema, StatusEnum } from './appointments.ts';
import { Body, DateStr, Defaulted, Instant, LocalInstant, Nullable, PageOf, PageQuery, Ref, Uuid, WallTime } from '../../core/http/schemas.ts';

/** Record schemas of appointment-queries referenced by `$ref`; registered once in app.ts. */
export const appointmentQueriesSchemas: TSchema[] = [];

const Appointment = Type.Ref(AppointmentSchema);
const filterUuid = (what: string) => Type.Optional(Type.String({ format: 'uuid', description: `Only appointments of this ${what} (404 when it does not exist or is outside the caller's locations).` }));
const StatusList = Type.String({
  examples: ['scheduled,complete'],
  description: `One status or a comma-separated list; each one of ${STATUSES.join(', ')} (422 otherwise).`,
});
const DateOrInstant = (edge: string) => Type.String({
  examples: ['2026-03-10', '2026-03-10T09:00:00-04:00'],
  description: `A local date YYYY-MM-DD (${edge}) or an RFC 3339 instant with its offset (used as is). Anything else → 422.`,
});

export const AppointmentListQuery = Type.Object({
  location_uuid: filterUuid('location'),
  patient_uuid: Type.Optional(Type.String({ format: 'uuid', description: 'Only this patient\'s appointments (404 when the patient does not exist).' })),
  status: Type.Optional(StatusList),
  date_from: Type.Optional(DateOrInstant('the first instant of that local day: start_at ≥ it')),
  date_to: Type.Optional(DateOrInstant('through the end of that local day: start_at before the next local day; an instant is inclusive')),
  ...PageQuery,
});
export const AppointmentPage = PageOf(Appointment);

export const AppointmentCursorQuery = Type.Object({
  first: Defaulted(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Page size, 1–200.' })),
  after: Type.Optional(Type.String({ maxLength: 1000, description: 'page_info.end_cursor of the previous page, made with the same sort_by and sort_dir (422 otherwise).' })),
  sort_by: Defaulted(Type.Unsafe<SortField>({
    type: 'string', enum: [...SORT_FIELDS], default: 'start_time',
    description: 'start_time (appointments without a start come last in either direction), created_at, updated_at, or status (alphabetical); ties by id.',
  })),
  sort_dir: Defaulted(Type.Unsafe<SortDir>({ type: 'string', enum: ['asc', 'desc'], default: 'asc' })),
  status: Type.Optional(StatusList),
  location_uuid: filterUuid('location'),
  patient_uuid: Type.Optional(Type.String({ format: 'uuid', description: 'Only this patient\'s appointments (404 when the patient does not exist).' })),
  operatory_uuid: filterUuid('operatory'),
  provider_uuid: Type.Optional(Type.String({ format: 'uuid', description: 'Only appointments with this provider assigned (404 when the provider does not exist).' })),
  date_from: Type.Optional(Type.String({ ...Instant, description: 'start_at ≥ this RFC 3339 instant (offset required).' })),
  date_to: Type.Optional(Type.String({ ...Instant, description: 'start_at < this RFC 3339 instant (offset required).' })),
});
export const AppointmentCursorPage = Type.Object({
  data: Type.Array(Appointment, { description: 'Page of appointments.' }),
  org_uuid: Uuid,
  page_info: Type.Object({
    end_cursor: Nullable(Type.String({ description: 'Pass as `after` for the next page; null on an empty page.' })),
    has_next_page: Type.Boolean(),
  }),
});

export const CountsByLocationQuery = Type.Object({
  date_from: { ...DateStr, description: 'Inclusive local start date, YYYY-MM-DD.' },
  date_to: { ...DateStr, description: 'Exclusive local end date, YYYY-MM-DD; must be after date_from (422).' },
  status_set: Defaulted(Type.Array(StatusEnum, { default: ['scheduled'], description: 'Statuses to count; repeat the parameter. Default: scheduled.' })),
});
export const CountsByLocation = Type.Object({
  date_from: DateStr,
  date_to: DateStr,
  group_by: Type.Literal('location'),
  status_set: Type.Array(StatusEnum),
  items: Type.Array(Type.Object({
    location: Type.Ref(Ref),
    location_timezone: Type.String({ description: 'IANA zone whose local days were counted.' }),
    count: Type.Integer(),
  }), { description: 'One item per active location visible to the caller, by name.' }),
  total: Type.Integer({ description: 'Sum of the items\' counts.' }),
});

export const CheckConflictsBody = Body({
  location_uuid: Uuid,
  operatory_uuid: Uuid,
  schedule_date: DateStr,
  start_time: WallTime,
  end_time: WallTime,
  exclude_appointment_uuid: Type.Optional(Nullable({ ...Uuid, description: 'An appointment to leave out (the one an edit form is changing); 404 when it does not exist.' })),
  provider_uuids: Type.Optional(Type.Array(Uuid, {
    maxItems: 20, uniqueItems: true, description: 'Our addition: providers to check for double-booking in other operatories (404 naming the first unknown one).',
  })),
  appointment_type_uuid: Type.Optional(Nullable({ ...Uuid, description: 'Our addition: the type whose time pattern gives the providers\' time and whose appointment rules may allow overlaps.' })),
});
const ReasonCode = Type.Unsafe<string>({ type: 'string', enum: Object.values(REASON_CODES) });
const ConflictItem = Type.Object({
  id: { ...Uuid, description: 'The conflicting appointment, blockout or hold.' },
  start_time: LocalInstant,
  end_time: LocalInstant,
  reason_code: ReasonCode,
  provider_uuid: Type.Optional({ ...Uuid, description: 'For provider conflicts (and holds of a provider only): the provider double-booked.' }),
});
export const CheckConflictsResult = Type.Object({
  has_conflicts: Type.Boolean(),
  reason_codes: Type.Array(ReasonCode, { description: 'Distinct reason codes of the conflicts, in order of first appearance.' }),
  conflicts: Type.Object({
    appointments: Type.Array(ConflictItem, { description: 'Chair-occupying appointments overlapping in the same operatory.' }),
    providers: Type.Array(ConflictItem, { description: 'Appointments in other operatories holding one of the providers\' time.' }),
    blockouts: Type.Array(ConflictItem, { description: 'No-schedule blockouts on the operatory or location-wide.' }),
    holds: Type.Array(ConflictItem, { description: 'Our addition: live holds on the operatory or on one of the providers (reason HELD_TIME_CONFLICT).' }),
  }),
});

export const FrequencyQuery = Type.Object({
  patient_uuid: { ...Uuid, description: 'The patient (404 when unknown).' },
  procedure_code: Type.String({ minLength: 1, maxLength: 20, examples: ['D0120'], description: 'A procedure code of the organisation, case-insensitive (404 when unknown).' }),
});
export const FrequencyResult = Type.Object({
  procedure_code: Type.String({ description: 'The code checked, as stored (upper case).' }),
  last_performed_date: Nullable({ ...DateStr, description: 'Latest local date a completed procedure of this code was performed for the patient; null if never.' }),
  days_since: Nullable(Type.Integer({ description: 'Whole days from last_performed_date to today at the location where it was performed; null if never.' })),
});

export const BulkBody = Body({
  rows: Type.Array(Type.Object({}, { additionalProperties: true, description: 'A create body: the fields of POST /appointments.' }), {
    minItems: 1, maxItems: 500, description: '1–500 rows; 501 or more → 422 and nothing is written.',
  }),
  meta: Type.Optional(Body({
    dry_run: Type.Optional(Type.Boolean({ description: 'Validate and conflict-check every row, then roll everything back.' })),
  }, 'Execution options.')),
});
const RowIssue = Type.Object({
  loc: Type.Array(Type.Union([Type.String(), Type.Integer()])),
  msg: Type.String(),
  type: Type.String(),
  ctx: Type.Optional(Type.Object({}, { additionalProperties: true })),
});
export const BulkResult = Type.Object({
  total: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer({ description: 'Always 0: a bulk import only creates.' }),
  skipped: Type.Integer({ description: 'Always 0.' }),
  failed: Type.Integer(),
  validated: Type.Integer({ description: 'Rows a dry run would have created (0 unless dry_run).' }),
  results: Type.Array(Type.Object({
    row: Type.Integer({ description: '0-based index into rows.' }),
    status: Type.Unsafe<'created' | 'failed' | 'validated'>({ type: 'string', enum: ['created', 'failed', 'validated'] }),
    appointment_uuid: Type.Optional(Uuid),
    errors: Type.Optional(Type.Array(RowIssue, { description: 'Why the row failed; loc starts ["body", "rows", row, …].' })),
  }), { description: 'One outcome per row, in row order.' }),
});
