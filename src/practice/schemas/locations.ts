import { Type, type Static } from '@sinclair/typebox';
import type { LocationRow } from '../db/locations.ts';
import { BaseVersion, Body, Name, Nullable, PageOf, PageQuery, ShortText, Stamps, Uuid, WallTime } from '../../core/http/schemas.ts';

const TimeZone = Type.String({
  minLength: 1, maxLength: 64, examples: ['America/New_York'],
  description: 'IANA time zone of the location; drives local days and DST. Unknown zones → 422 unknown_timezone.',
});

const OPEN_HOURS = 'When the location takes appointments: wall-clock ranges [start_time, end_time) per weekday '
  + '(`day_of_week` 0 = Monday … 6 = Sunday), several per day allowed (a lunch closure is two ranges), none overlapping '
  + 'within a day (422). A weekday without ranges is closed. null: no limit beyond the providers\' schedules. Availability '
  + 'searches offer only starts whose whole appointment lies inside one range. Responses give the ranges ordered by weekday '
  + 'and start, times as HH:MM:SS.';
const DEFAULT_TYPE = 'The appointment type whose length the location availability face uses when none is asked for. '
  + 'Unknown type → 404; an archived one or one offered only at other locations → 422. null: none.';

export const OpenHoursRangeSchema = Type.Object({
  day_of_week: Type.Integer({ minimum: 0, maximum: 6, description: '0 = Monday … 6 = Sunday' }),
  start_time: WallTime,
  end_time: WallTime,
}, { additionalProperties: false });

const OpenHours = Type.Array(OpenHoursRangeSchema, { maxItems: 70 });

export const LocationSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  timezone: Type.String(),
  address: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  is_active: Type.Boolean(),
  open_hours: Type.Union([OpenHours, Type.Null()], { description: OPEN_HOURS }),
  default_appointment_type_uuid: Nullable(Type.String({ format: 'uuid', description: DEFAULT_TYPE })),
  ...Stamps,
}, { $id: 'Location' });
export type Location = Static<typeof LocationSchema>;

export const CreateLocationBody = Body({
  name: Name,
  timezone: TimeZone,
  address: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  phone: Type.Optional(Nullable(ShortText)),
  is_active: Type.Optional(Type.Boolean({ default: true })),
  open_hours: Type.Optional(Type.Union([OpenHours, Type.Null()], { description: OPEN_HOURS })),
  default_appointment_type_uuid: Type.Optional(Nullable(Type.String({ format: 'uuid', description: DEFAULT_TYPE }))),
});

export const UpdateLocationBody = Body({
  base_version: BaseVersion,
  name: Type.Optional(Name),
  timezone: Type.Optional(TimeZone),
  address: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  phone: Type.Optional(Nullable(ShortText)),
  is_active: Type.Optional(Type.Boolean()),
  open_hours: Type.Optional(Type.Union([OpenHours, Type.Null()], { description: OPEN_HOURS })),
  default_appointment_type_uuid: Type.Optional(Nullable(Type.String({ format: 'uuid', description: DEFAULT_TYPE }))),
});

export const LocationQuery = Type.Object({
  ...PageQuery,
  is_active: Type.Optional(Type.Boolean()),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Substring of the name, case-insensitive' })),
});

export const LocationPage = PageOf(Type.Ref(LocationSchema));
export const LocationParams = Type.Object({ org_id: Type.String(), location_uuid: Uuid });

/** API shape of a location row. */
export function toLocationJson(r: LocationRow): Location {
  return {
    id: r.id, name: r.name, timezone: r.timezone, address: r.address, phone: r.phone, is_active: r.is_active,
    open_hours: r.open_hours, default_appointment_type_uuid: r.default_appointment_type_id,
    version: r.version, created_at: r.created_at, updated_at: r.updated_at,
  };
}
