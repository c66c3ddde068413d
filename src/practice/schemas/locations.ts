import { Type, type Static } from '@sinclair/typebox';
import type { LocationRow } from '../db/locations.ts';
import { BaseVersion, Body, Name, Nullable, PageOf, PageQuery, ShortText, Stamps, Uuid } from '../../core/http/schemas.ts';

const TimeZone = Type.String({
  minLength: 1, maxLength: 64, examples: ['America/New_York'],
  description: 'IANA time zone of the location; drives local days and DST. Unknown zones → 422 unknown_timezone.',
});

export const LocationSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  timezone: Type.String(),
  address: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  is_active: Type.Boolean(),
  ...Stamps,
}, { $id: 'Location' });
export type Location = Static<typeof LocationSchema>;

export const CreateLocationBody = Body({
  name: Name,
  timezone: TimeZone,
  address: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  phone: Type.Optional(Nullable(ShortText)),
  is_active: Type.Optional(Type.Boolean({ default: true })),
});

export const UpdateLocationBody = Body({
  base_version: BaseVersion,
  name: Type.Optional(Name),
  timezone: Type.Optional(TimeZone),
  address: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  phone: Type.Optional(Nullable(ShortText)),
  is_active: Type.Optional(Type.Boolean()),
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
    version: r.version, created_at: r.created_at, updated_at: r.updated_at,
  };
}
