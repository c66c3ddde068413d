import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Nullable } from '../../core/http/schemas.ts';

// Query parameters arrive as text and are checked by the face itself, so that every bad value is the seed's
// 400 (not the house's 422).
export const LocationAvailabilityQuery = Type.Object({
  start_date: Type.Optional(Type.String({
    maxLength: 40, examples: ['2026-12-07'],
    description: 'Inclusive first date YYYY-MM-DD, in `timezone`. Default: today, or end_date − 30 when only end_date is given. A past date is clamped to today.',
  })),
  end_date: Type.Optional(Type.String({
    maxLength: 40, examples: ['2027-01-06'],
    description: 'Inclusive last date YYYY-MM-DD, in `timezone`. Default: start_date + 30. Must be on or after start_date and within 90 days of today (400 otherwise).',
  })),
  timezone: Type.Optional(Type.String({
    maxLength: 64, examples: ['Europe/Berlin'],
    description: 'IANA zone that frames the dates and renders every offset. Default: the location\'s zone. The bookable instants are the same whatever the zone.',
  })),
  appointment_type_uuid: Type.Optional(Type.String({
    maxLength: 64, description: 'The type whose length the slots have. Default: the location\'s default appointment type. Unknown → 404; archived or not offered here → 400.',
  })),
});
export type LocationAvailabilityParams = Static<typeof LocationAvailabilityQuery>;

export const LocationAvailabilityParamsSchema = Type.Object({ org_id: Type.String(), location_uuid: Type.String({ maxLength: 64 }) });

export const LocationAvailabilitySchema = Type.Object({
  location_id: Type.String({ format: 'uuid' }),
  timezone: Nullable(Type.String({ description: 'The zone the response is rendered in: the `timezone` parameter, else the location\'s.' })),
  slot_duration_minutes: Nullable(Type.Integer({ description: 'Length of each appointment; null only when the location has no default type and none was asked for.' })),
  slot_interval_minutes: Nullable(Type.Integer({
    description: 'Gap between consecutive starts within a day, inferred from the response (the most frequent one); null when no day has two starts. '
      + 'The buffer between back-to-back appointments is slot_interval_minutes − slot_duration_minutes.',
  })),
  days: Type.Array(Type.Object({
    date: Type.String({ format: 'date' }),
    slots: Type.Array(Type.Object({
      start: Type.String({ format: 'date-time' }),
      end: Type.String({ format: 'date-time' }),
    })),
  }), { description: 'Days with at least one bookable start, in date order; days without are left out.' }),
}, { $id: 'LocationAvailability' });
export type LocationAvailability = Static<typeof LocationAvailabilitySchema>;

/** Record schemas of the location availability face referenced by `$ref`; registered once in app.ts. */
export const locationAvailabilitySchemas: TSchema[] = [LocationAvailabilitySchema];
