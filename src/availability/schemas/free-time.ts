import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { DateStr, Defaulted, LocalInstant, Ref, WallTime } from '../../core/http/schemas.ts';

const uuidList = (what: string) => Type.Optional(Type.Array(Type.String({ format: 'uuid' }), {
  maxItems: 100, description: `Only these ${what} (repeat the parameter); each must exist (404). Default: all who can serve.`,
}));

export const FreeTimeQuery = Type.Object({
  location_uuid: Type.Optional(Type.String({
    format: 'uuid', description: 'The location searched (404 when unknown or outside the caller\'s locations). Required, here or in the saved search\'s criteria (422 `missing`).',
  })),
  date_from: Type.Optional({ ...DateStr, description: 'First local date searched, inclusive. Default: today at the location.' }),
  date_to: Type.Optional({ ...DateStr, description: 'Last local date searched, inclusive; at most 89 days after date_from (90 days). Default: date_from + 6.' }),
  appointment_type_uuid: Type.Optional(Type.String({
    format: 'uuid', description: 'The type to book: its length and time pattern (provider time) count, and appointment rules may let it overlap. '
      + 'Unknown → 404; archived or not offered at the location → 422.',
  })),
  duration_minutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 720, description: 'A bare length instead of a type (the provider is busy throughout).' })),
  provider_uuids: uuidList('providers'),
  operatory_uuids: uuidList('operatories (at the location; another location\'s → 422)'),
  earliest_time: Type.Optional({ ...WallTime, description: 'Start at or after this wall-clock time.' }),
  latest_time: Type.Optional({ ...WallTime, description: 'End at or before this wall-clock time.' }),
  days_of_week: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), {
    maxItems: 7, description: 'Only these weekdays, 0 = Monday … 6 = Sunday (repeat the parameter).',
  })),
  step_minutes: Defaulted(Type.Integer({ minimum: 5, maximum: 720, default: 10, description: 'Starts every this many minutes on the local clock from midnight.' })),
  limit: Defaulted(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  patient_uuid: Type.Optional(Type.String({
    format: 'uuid', description: 'Rank for this patient: starts that fit the patient\'s scheduling preference (its days, time window, provider and chair, '
      + 'each where set) come first, then the others, each group in start order, and every result says `matches_preference`. Unknown patient → 404. '
      + 'A patient without a preference: start order, every result `matches_preference: false`.',
  })),
  saved_search_uuid: Type.Optional(Type.String({
    format: 'uuid', description: 'Run one of the caller\'s saved searches of type `find_free_time`: its criteria are read as these query parameters, and parameters '
      + 'given in the query win. Another user\'s or unknown search → 404; another search type → 422; a criteria key this search does not understand → 422 '
      + 'naming it at `["saved_search", "criteria", key]`; a criteria value that breaks a parameter\'s rules → 422 at `["saved_search", "criteria", key, …]`.',
  })),
  one_per_start: Defaulted(Type.Boolean({ default: false, description: 'One result per start time (the first provider by name, then chair in display order) instead of every combination.' })),
});
export type FreeTimeQueryParams = Static<typeof FreeTimeQuery>;

export const FreeTimeSlotSchema = Type.Object({
  schedule_date: DateStr,
  start_time: WallTime,
  end_time: WallTime,
  start_at: LocalInstant,
  end_at: LocalInstant,
  provider: Type.Ref(Ref),
  operatory: Type.Ref(Ref),
  location: Type.Ref(Ref),
  matches_preference: Type.Optional(Type.Boolean({ description: 'Only when `patient_uuid` was given: whether this start fits the patient\'s preference.' })),
}, { $id: 'FreeTimeSlot' });

export const FreeTimeResultSchema = Type.Object({
  location: Type.Ref(Ref),
  location_timezone: Type.String(),
  duration_minutes: Type.Integer(),
  appointment_type: Type.Union([Type.Ref(Ref), Type.Null()]),
  date_from: DateStr,
  date_to: DateStr,
  items: Type.Array(Type.Ref(FreeTimeSlotSchema)),
  has_more: Type.Boolean({ description: 'True when `limit` cut the list: ask again from the last start, or with a larger limit.' }),
  patient_preference: Type.Optional(Type.Union([
    Type.Object({ id: Type.String({ format: 'uuid' }), learned_from_history: Type.Boolean() }),
    Type.Null(),
  ], { description: 'Only when `patient_uuid` was given: the preference ranked by, or null when the patient has none.' })),
}, { $id: 'FreeTimeResult' });
export type FreeTimeResult = Static<typeof FreeTimeResultSchema>;

/** Record schemas of the free-time search referenced by `$ref`; registered once in app.ts. */
export const freeTimeSchemas: TSchema[] = [FreeTimeSlotSchema, FreeTimeResultSchema];
