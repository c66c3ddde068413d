import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { OVERRIDE_REASONS, type OverrideReason as OverrideReasonValue, type ScheduleOverrideRow } from '../db/schedule-overrides.ts';
import { formatEpochMs } from '../../core/time.ts';
import { providerName } from '../../practice/index.ts';
import { Body, DateStr, LocalInstant, Nullable, PageOf, PageQuery, Ref, Stamps, Uuid, WallTime, ref, NullableRef } from '../../core/http/schemas.ts';

const OverrideReason = Type.Unsafe<OverrideReasonValue>({
  type: 'string', enum: [...OVERRIDE_REASONS],
  description: 'Why the date differs from the weekly templates; anything else → 422',
});
const TimeIn = Nullable(Type.String({
  ...WallTime,
  description: 'Local wall-clock time on override_date, HH:MM:SS (HH:MM accepted). Required unless is_unavailable; '
    + 'must be left out (or null) when is_unavailable. A time inside a DST gap → 422 dst_gap; an ambiguous time is the earlier instant.',
}));
const OperatoryIn = Nullable(Type.String({
  format: 'uuid', description: 'Chair for the range; must belong to the override\'s location (422 otherwise). Unknown → 404. null: none.',
}));
const NoteIn = Nullable(Type.String({ maxLength: 2000, description: 'Free text; null is stored as the empty string' }));

export const ScheduleOverrideSchema = Type.Object({
  id: Uuid,
  provider: Type.Ref(Ref, { description: 'The provider; name is "First Last"' }),
  location: Type.Ref(Ref),
  operatory: NullableRef(),
  override_date: Type.String({ format: 'date' }),
  is_unavailable: Type.Boolean(),
  start_time: Nullable(Type.String({ description: 'Local wall-clock start, HH:MM:SS; null when unavailable' })),
  end_time: Nullable(Type.String({ description: 'Local wall-clock end (exclusive), HH:MM:SS; null when unavailable' })),
  start_at: Nullable(Type.String({ ...LocalInstant, description: 'Our addition: start_time as an instant with the location\'s offset; null when unavailable' })),
  end_at: Nullable(Type.String({ ...LocalInstant, description: 'Our addition: end_time as an instant with the location\'s offset; null when unavailable' })),
  override_reason: OverrideReason,
  note: Type.String(),
  ...Stamps,
}, { $id: 'ProviderScheduleOverride' });
export type ScheduleOverride = Static<typeof ScheduleOverrideSchema>;

export const CreateOverrideBody = Body({
  provider_uuid: Type.String({ format: 'uuid', description: 'Provider; fixed once created. Unknown → 404.' }),
  location_uuid: Type.String({ format: 'uuid', description: 'Location; fixed once created. Unknown or outside the caller\'s locations → 404.' }),
  override_date: Type.String({ ...DateStr, description: 'The local date overridden; fixed once created' }),
  operatory_uuid: Type.Optional(OperatoryIn),
  is_unavailable: Type.Optional(Type.Boolean({ default: false, description: 'True: the provider has no time at all that date' })),
  start_time: Type.Optional(TimeIn),
  end_time: Type.Optional(TimeIn),
  override_reason: Type.Optional(Type.Unsafe<OverrideReasonValue>({ ...OverrideReason, default: 'other' })),
  note: Type.Optional(NoteIn),
});

export const UpdateOverrideBody = Body({
  base_version: Type.Optional(Type.Integer({
    minimum: 1, description: 'Our addition (optional): the version the client last read; a stale one → 409. Left out: no check.',
  })),
  operatory_uuid: Type.Optional(OperatoryIn),
  is_unavailable: Type.Optional(Type.Boolean()),
  start_time: Type.Optional(TimeIn),
  end_time: Type.Optional(TimeIn),
  override_reason: Type.Optional(OverrideReason),
  note: Type.Optional(NoteIn),
}, 'provider_uuid, location_uuid and override_date are not accepted (422 extra_forbidden).');

export const OverrideQuery = Type.Object({
  ...PageQuery,
  provider_uuid: Type.Optional(Type.String({ format: 'uuid', description: 'Only this provider\'s overrides; unknown → 404' })),
  location_uuid: Type.Optional(Type.String({ format: 'uuid', description: 'Only overrides at this location; unknown or outside the caller\'s locations → 404' })),
  date_from: Type.Optional(Type.String({ ...DateStr, description: 'Only overrides on or after this date' })),
  date_to: Type.Optional(Type.String({ ...DateStr, description: 'Only overrides on or before this date; before date_from → 422' })),
});

export const OverridePage = PageOf(Type.Ref(ScheduleOverrideSchema));
export const OverrideParams = Type.Object({ org_id: Type.String(), override_uuid: Uuid });

/** Record schemas of schedule-overrides referenced by `$ref`; registered once in app.ts. */
export const scheduleOverridesSchemas: TSchema[] = [ScheduleOverrideSchema];

const local = (at: string | null, zone: string) => (at === null ? null : formatEpochMs(Date.parse(at), zone));

/** API shape of an override row (joined with reference names and the location's zone). */
export function toScheduleOverrideJson(r: ScheduleOverrideRow): ScheduleOverride {
  return {
    id: r.id,
    provider: { id: r.provider_id, name: providerName({ first_name: r.provider_first_name, last_name: r.provider_last_name }) },
    location: { id: r.location_id, name: r.location_name },
    operatory: ref(r.operatory_id, r.operatory_name),
    override_date: r.override_date, is_unavailable: r.is_unavailable,
    start_time: r.start_time, end_time: r.end_time,
    start_at: local(r.start_at, r.location_timezone), end_at: local(r.end_at, r.location_timezone),
    override_reason: r.override_reason, note: r.note,
    version: r.version, created_at: r.created_at, updated_at: r.updated_at,
  };
}
