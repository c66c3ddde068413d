import { Type, type Static, type TSchema } from '@sinclair/typebox';
import {
  BaseVersion, Body, DateStr, Defaulted, Instant, MoneyIn, MoneyOut, Nullable, NullableRef, PageOf, Ref, Uuid, WallTime, ref, PageQuery } from '../../core/http/schemas.ts';
import { ENTRY_STATUSES, RESPONSES } from '../domain/entry-status.ts';
import { URGENCIES, standingScore } from '../domain/scoring.ts';
import type { EntryFields, EntryRow } from '../db/asap-entries.ts';
import type { ContactLogRow } from '../db/contact-log.ts';

const E = <T extends string>(values: readonly T[], description: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], description });

const SOURCES = ['manual', 'appointment_flag', 'recall', 'treatment_plan', 'online'] as const;
const SCOPES = ['home_only', 'selected', 'any'] as const;
export const CONTACT_METHODS = ['sms', 'email', 'phone', 'app_notification'] as const;

const Status = E(ENTRY_STATUSES, 'One of: waiting, contacted, offered (active: on the list), scheduled, removed, expired. `expired` is '
  + 'computed when read: an active entry whose `date_range_end` is before today at its location.');
const Urgency = E(URGENCIES, 'How quickly the patient needs to be seen. One of: urgent, soon, routine, flexible.');
const Source = E(SOURCES, 'How the entry was created. One of: manual, appointment_flag, recall, treatment_plan, online.');
const Scope = E(SCOPES, 'How broadly to match across locations: home_only (default), selected (also `additional_locations`), any.');
const Days = Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), {
  uniqueItems: true, maxItems: 7, description: 'Preferred weekdays, 0 = Monday … 6 = Sunday; answered ascending. null or [] = none.',
});
const Part = Type.Object({ points: Type.Integer(), max: Type.Integer(), reason: Type.String() });

export const StandingScoreSchema = Type.Object({
  urgency: Part, priority: Part, days_waiting: Part, total: Type.Integer(),
}, {
  $id: 'AsapStandingScore',
  description: 'The entry\'s standing score as of the read (no opening): urgency (urgent 40, soon 25, routine 10, flexible 0) + '
    + 'priority (AsapPriority definitions rank in ascending importance by item_order, as the defaults Normal, High: the last one 20, each earlier one 5 fewer, at least 5; none 0) + days waiting '
    + '(1 point per 2 whole days, at most 30).',
});

const EntryProps = {
  id: Uuid,
  patient: Type.Ref(Ref),
  location: Type.Ref(Ref, { description: 'Primary (home) location.' }),
  location_scope: Scope,
  additional_locations: Type.Array(Type.Ref(Ref), { description: 'Further locations for scope `selected` (ordered by name).' }),
  appointment_type: NullableRef('Appointment type wanted; null = any.'),
  provider: NullableRef('Preferred provider; null = any.'),
  priority: NullableRef('ASAP priority (an AsapPriority definition).'),
  recall: NullableRef('The patient recall the entry came from (source recall); name null.'),
  appointment: NullableRef('The appointment the entry came from (appointment_flag) or, once scheduled, the one booked; name null.'),
  source: Source,
  status: Status,
  urgency: Urgency,
  date_range_start: Nullable(DateStr),
  date_range_end: Nullable(DateStr),
  estimated_duration_mins: Nullable(Type.Integer()),
  preferred_days: Nullable(Days),
  preferred_time_start: Nullable(WallTime),
  preferred_time_end: Nullable(WallTime),
  note: Nullable(Type.String()),
  treatment_value: Nullable(MoneyOut),
  contact_attempts: Type.Integer({ description: 'Number of contact attempts logged.' }),
  contact_method_used: Nullable(Type.String({ description: 'Method of the latest contact attempt (or response, when it named one).' })),
  contacted_at: Nullable(Instant),
  patient_response: Nullable(E(RESPONSES, 'The latest response recorded.')),
  responded_at: Nullable(Instant),
  last_offered_slot: Nullable(Type.Object({ date: DateStr, start_time: WallTime, location: Type.Ref(Ref) }, {
    description: 'The opening named by the latest contact attempt.',
  })),
  days_waiting: Type.Integer({ description: 'Whole days from the local date the entry was created to today at its location.' }),
  patient_score: Type.Integer({ description: 'The standing score (`score_details.total`); `sort_by=score` orders by it.' }),
  score_details: Type.Ref(StandingScoreSchema),
  score_calculated_at: Instant,
  version: Type.Integer(),
  created_at: Instant,
  updated_at: Instant,
};

export const AsapEntrySchema = Type.Object(EntryProps, { $id: 'AsapEntry' });
export type AsapEntry = Static<typeof AsapEntrySchema>;

const Writable = {
  additional_location_uuids: Type.Optional(Nullable(Type.Array(Uuid, {
    maxItems: 50, uniqueItems: true, description: 'Further locations for scope `selected`; each unknown → 404 at its index. null = none.',
  }))),
  appointment_type_uuid: Type.Optional(Nullable({ ...Uuid, description: 'Unknown → 404.' })),
  appointment_uuid: Type.Optional(Nullable({ ...Uuid, description: 'Unknown → 404; another patient\'s → 422.' })),
  date_range_end: Type.Optional(Nullable(DateStr)),
  date_range_start: Type.Optional(Nullable({ ...DateStr, description: 'After date_range_end → 422.' })),
  estimated_duration_mins: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1440 }))),
  location_scope: Type.Optional(Scope),
  note: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  preferred_days: Type.Optional(Nullable(Days)),
  preferred_time_end: Type.Optional(Nullable(WallTime)),
  preferred_time_start: Type.Optional(Nullable({ ...WallTime, description: 'Must be before preferred_time_end when both are set (422).' })),
  priority_uuid: Type.Optional(Nullable({ ...Uuid, description: 'An AsapPriority definition; anything else → 404.' })),
  provider_uuid: Type.Optional(Nullable({ ...Uuid, description: 'Unknown → 404.' })),
  treatment_value: Type.Optional(Nullable({ ...MoneyIn, minimum: 0 })),
  urgency: Type.Optional(Urgency),
};

export const CreateEntryBody = Body({
  ...Writable,
  location_uuid: { ...Uuid, description: 'Primary location for this entry (unknown or outside the caller\'s locations → 404).' },
  patient_uuid: { ...Uuid, description: 'Patient to add to the ASAP list (unknown → 404).' },
  recall_uuid: Type.Optional(Nullable({ ...Uuid, description: 'The patient recall this entry came from (source `recall`): unknown → 404, another patient\'s → 422.' })),
  source: Type.Optional(Source),
});

export const UpdateEntryBody = Body({
  ...Writable,
  status: Type.Optional(Status),
  base_version: Type.Optional({ ...BaseVersion, description: 'Our addition, optional: when given, a stale one → 409 version_conflict.' }),
});

export const EntryQuery = Type.Object({
  location_uuid: Type.Optional(Type.String({ format: 'uuid', description: 'Filter by location UUID.' })),
  patient_uuid: Type.Optional(Type.String({ format: 'uuid', description: 'Filter by patient UUID.' })),
  provider_uuid: Type.Optional(Type.String({ format: 'uuid', description: 'Filter by preferred provider UUID.' })),
  appointment_type_uuid: Type.Optional(Type.String({ format: 'uuid', description: 'Filter by appointment type UUID.' })),
  status: Type.Optional(Type.String({
    pattern: `^(${ENTRY_STATUSES.join('|')})(,(${ENTRY_STATUSES.join('|')}))*$`,
    description: 'Comma-separated statuses as read (e.g. `waiting,contacted,offered`); an unknown one → 422.',
  })),
  urgency: Type.Optional(Urgency),
  source: Type.Optional(Source),
  include_cross_location: Defaulted(Type.Boolean({ default: true, description: 'With location_uuid: also entries of other locations '
    + 'with scope `any`, or `selected` naming this location.' })),
  sort_by: Defaulted(Type.Unsafe<'urgency' | 'score' | 'days_waiting' | 'created_at' | 'treatment_value'>({
    type: 'string', enum: ['urgency', 'score', 'days_waiting', 'created_at', 'treatment_value'], default: 'created_at',
    description: 'Sort field: urgency (urgent first when desc), score (patient_score), days_waiting, created_at, treatment_value (nulls last).',
  })),
  sort_dir: Defaulted(Type.Unsafe<'asc' | 'desc'>({ type: 'string', enum: ['asc', 'desc'], default: 'desc', description: 'asc or desc.' })),
  ...PageQuery,
});

export const EntryPage = PageOf(Type.Ref(AsapEntrySchema));
export const EntryParams = Type.Object({ org_id: Type.String(), entry_uuid: Uuid });

export const ContactBody = Body({
  contact_method: E(CONTACT_METHODS, 'How the patient was contacted. One of: sms, email, phone, app_notification.'),
  initiated_by: Type.Optional(E(['staff', 'smart_fill'] as const, 'Who initiated the contact (default staff).')),
  message_id: Type.Optional(Nullable(Type.String({ maxLength: 200, description: 'Id in the external messaging system.' }))),
  slot_date: DateStr,
  slot_location_uuid: { ...Uuid, description: 'Location of the opening offered (unknown → 404).' },
  slot_start_time: WallTime,
});

export const ResponseBody = Body({
  contact_method: Type.Optional(Nullable(E(CONTACT_METHODS, 'How the response came in.'))),
  message_id: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  patient_response: E(RESPONSES, 'One of: accepted, declined, no_answer, slot_taken, expired.'),
  appointment_uuid: Type.Optional(Nullable({ ...Uuid, description: 'Our addition: with accepted, the appointment booked (unknown → 404, '
    + 'another patient\'s → 422); ignored otherwise.' })),
});

export const BulkRemoveBody = Body({
  entry_uuids: Type.Array(Uuid, { maxItems: 500, description: 'Entry UUIDs to remove, at most 500 (more → 422).' }),
});
export const BulkRemoveResult = Type.Object({ removed_count: Type.Integer({ description: 'Entries whose status became removed.' }) });

export const ContactLogItem = Type.Object({
  id: Uuid,
  kind: E(['contact', 'response'] as const, 'A contact attempt or a recorded response.'),
  contact_method: Nullable(Type.String()),
  initiated_by: Nullable(Type.String()),
  message_id: Nullable(Type.String()),
  slot_date: Nullable(DateStr),
  slot_start_time: Nullable(WallTime),
  slot_location: NullableRef(),
  patient_response: Nullable(Type.String()),
  status_before: Type.String(),
  status_after: Type.String(),
  user_id: Nullable(Uuid),
  created_at: Instant,
}, { $id: 'AsapContactLogEntry' });

/** Record schemas of the ASAP list referenced by `$ref`; registered once in app.ts. */
export const asapEntriesSchemas: TSchema[] = [StandingScoreSchema, AsapEntrySchema, ContactLogItem];

type WritableBody = { [K in keyof typeof Writable]?: Static<(typeof Writable)[K]> } & { status?: EntryFields['status'] };

/** The columns a body names, API field → column; fields the body leaves out stay undefined. */
export function toEntryChanges(b: WritableBody): Partial<EntryFields> {
  return {
    location_scope: b.location_scope, appointment_type_id: b.appointment_type_uuid, provider_id: b.provider_uuid,
    priority_id: b.priority_uuid, appointment_id: b.appointment_uuid, urgency: b.urgency, status: b.status,
    date_range_start: b.date_range_start, date_range_end: b.date_range_end, estimated_duration_mins: b.estimated_duration_mins,
    preferred_days: b.preferred_days === undefined ? undefined : b.preferred_days && [...b.preferred_days].sort((x, y) => x - y),
    preferred_time_start: b.preferred_time_start, preferred_time_end: b.preferred_time_end, note: b.note,
    treatment_value: b.treatment_value,
  };
}

/** Every column of a new entry: what the body names, the rest at its default (waiting, routine, home_only, manual). */
export function toEntryFields(b: WritableBody & { recall_uuid?: string | null; source?: string }): EntryFields {
  const c = toEntryChanges(b);
  return {
    location_scope: c.location_scope ?? 'home_only', appointment_type_id: c.appointment_type_id ?? null, provider_id: c.provider_id ?? null,
    priority_id: c.priority_id ?? null, recall_id: b.recall_uuid ?? null, appointment_id: c.appointment_id ?? null,
    source: b.source ?? 'manual', status: 'waiting', urgency: c.urgency ?? 'routine',
    date_range_start: c.date_range_start ?? null, date_range_end: c.date_range_end ?? null,
    estimated_duration_mins: c.estimated_duration_mins ?? null, preferred_days: c.preferred_days ?? null,
    preferred_time_start: c.preferred_time_start ?? null, preferred_time_end: c.preferred_time_end ?? null,
    note: c.note ?? null, treatment_value: c.treatment_value ?? null,
  };
}

/** API shape of an entry row read at `now` (status, days waiting and the standing score as of then). */
export function toEntryJson(r: EntryRow, now: Date): AsapEntry {
  const score = standingScore({ urgency: r.urgency, priorityRank: r.priority_rank, priorityName: r.priority_name, daysWaiting: r.days_waiting });
  return {
    id: r.id, patient: { id: r.patient_id, name: r.patient_name }, location: { id: r.location_id, name: r.location_name },
    location_scope: r.location_scope, additional_locations: r.additional_locations,
    appointment_type: ref(r.appointment_type_id, r.appointment_type_name), provider: ref(r.provider_id, r.provider_name),
    priority: ref(r.priority_id, r.priority_name), recall: ref(r.recall_id, null), appointment: ref(r.appointment_id, null),
    source: r.source as AsapEntry['source'], status: r.effective_status, urgency: r.urgency,
    date_range_start: r.date_range_start, date_range_end: r.date_range_end, estimated_duration_mins: r.estimated_duration_mins,
    preferred_days: r.preferred_days, preferred_time_start: r.preferred_time_start, preferred_time_end: r.preferred_time_end,
    note: r.note, treatment_value: r.treatment_value === null ? null : String(r.treatment_value),
    contact_attempts: r.contact_attempts, contact_method_used: r.contact_method_used, contacted_at: r.contacted_at,
    patient_response: r.patient_response as AsapEntry['patient_response'], responded_at: r.responded_at,
    last_offered_slot: r.last_offered_date && r.last_offered_start_time && r.last_offered_location_id
      ? { date: r.last_offered_date, start_time: r.last_offered_start_time, location: { id: r.last_offered_location_id, name: r.last_offered_location_name } }
      : null,
    days_waiting: r.days_waiting, patient_score: score.total, score_details: score, score_calculated_at: now.toISOString(),
    version: r.version, created_at: r.created_at, updated_at: r.updated_at,
  };
}

/** API shape of a contact-log record. */
export function toContactLogJson(r: ContactLogRow): Static<typeof ContactLogItem> {
  return {
    id: r.id, kind: r.kind, contact_method: r.contact_method, initiated_by: r.initiated_by, message_id: r.message_id,
    slot_date: r.slot_date, slot_start_time: r.slot_start_time, slot_location: ref(r.slot_location_id, r.slot_location_name),
    patient_response: r.patient_response, status_before: r.status_before, status_after: r.status_after, user_id: r.user_id,
    created_at: r.created_at,
  };
}
