import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { CalendarFeedRow } from '../db/calendar-feeds.ts';
import { Body, Instant, NullableRef, Nullable, PageOf, PageQuery, Defaulted, Uuid, ref } from '../../core/http/schemas.ts';

export const CalendarFeedSchema = Type.Object({
  id: Uuid,
  name: Type.String({ description: 'A label, e.g. "Dr Molar\'s phone"; "" when none was given.' }),
  provider: NullableRef('The provider whose appointments the feed shows, or null for a location feed'),
  location: NullableRef('The location whose appointments the feed shows, or null for a provider feed'),
  include_patient_names: Type.Boolean({ description: 'Whether event titles carry the patient\'s name.' }),
  created_by: NullableRef('The user who created the feed'),
  created_at: Instant,
  revoked_at: Nullable(Instant),
}, { $id: 'CalendarFeed' });
export type CalendarFeed = Static<typeof CalendarFeedSchema>;

export const IssuedCalendarFeedSchema = Type.Object({
  ...CalendarFeedSchema.properties,
  token: Type.String({ description: 'The feed\'s secret. Shown only in this response; only its hash is stored.' }),
  url: Type.String({
    description: 'The feed\'s address, `{origin}/feeds/{token}.ics`, to paste into Google Calendar ("From URL"), Outlook '
      + '("Subscribe from web") or Apple Calendar. Shown only in this response.',
  }),
}, { $id: 'IssuedCalendarFeed' });

export const CreateCalendarFeedBody = Body({
  provider_uuid: Type.Optional({ ...Uuid, description: 'Feed of this provider\'s appointments (any role), at every location.' }),
  location_uuid: Type.Optional({ ...Uuid, description: 'Feed of the appointments at this location, every provider and chair.' }),
  name: Type.Optional(Type.String({ maxLength: 200, description: 'A label (up to 200 characters; default ""); also the calendar\'s name.' })),
  include_patient_names: Type.Optional(Type.Boolean({
    description: 'Put the patient\'s name in event titles (default false: titles show the appointment type only).',
  })),
}, 'Exactly one of `provider_uuid` and `location_uuid`.');

export const CalendarFeedQuery = Type.Object({
  ...PageQuery,
  include_revoked: Defaulted(Type.Boolean({ default: false, description: 'Also list revoked feeds (default false).' })),
});
export const CalendarFeedPage = PageOf(Type.Ref(CalendarFeedSchema));
export const CalendarFeedParams = Type.Object({ org_id: Type.String(), feed_uuid: Uuid });

/** Record schemas of calendar feeds referenced by `$ref`; registered once in app.ts. */
export const calendarFeedsSchemas: TSchema[] = [CalendarFeedSchema, IssuedCalendarFeedSchema];

/** API shape of a feed row (never its token, which is not stored). */
export function toCalendarFeedJson(r: CalendarFeedRow): CalendarFeed {
  return {
    id: r.id, name: r.name, provider: ref(r.provider_id, r.provider_name), location: ref(r.location_id, r.location_name),
    include_patient_names: r.include_patient_names, created_by: ref(r.created_by, r.created_by_name),
    created_at: r.created_at, revoked_at: r.revoked_at,
  };
}
