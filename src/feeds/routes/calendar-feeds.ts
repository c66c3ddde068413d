import { Type } from '@sinclair/typebox';
import { notFound } from '../../core/errors.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { requestActor } from '../../core/http/auth.ts';
import { NoContent, responses } from '../../core/http/schemas.ts';
import { getCalendarFeed, listCalendarFeeds } from '../db/calendar-feeds.ts';
import { createCalendarFeed, revokeFeed } from '../commands/calendar-feeds.ts';
import { FEED_DAYS_AHEAD, FEED_DAYS_BACK } from '../domain/feed-events.ts';
import {
  CalendarFeedPage, CalendarFeedParams, CalendarFeedQuery, CalendarFeedSchema, CreateCalendarFeedBody, IssuedCalendarFeedSchema,
  toCalendarFeedJson,
} from '../schemas/calendar-feeds.ts';

const tags = ['Calendar feeds'];
const CalendarFeed = Type.Ref(CalendarFeedSchema);

/** What every feed-management endpoint shares, stated once in each description. */
export const FEEDS = 'A calendar feed publishes one provider\'s or one location\'s appointments as an iCalendar (RFC 5545) feed at a '
  + 'secret URL, `GET /feeds/{token}.ics`, for Google Calendar, Outlook or Apple Calendar to subscribe to. The URL is the only '
  + 'credential: anyone holding it reads the feed, so it is shown once, at creation (only its SHA-256 is stored), and a feed is '
  + 'rotated by revoking it and creating another. Feeds belong to the organisation, not to their creator: they keep working when '
  + 'the creator\'s user or tokens go; revoke them when a device or person should lose access. Admins and staff may create and '
  + 'revoke feeds; viewers may list and read them but not create them (403), because a feed is a lasting credential outside the '
  + 'token system. A user limited to locations sees, creates and revokes only feeds of those locations; provider feeds, which span '
  + 'every location, are invisible to them (404).';

const SHOWN = `The feed shows chair-occupying appointments (scheduled, complete) starting from ${FEED_DAYS_BACK} days before to `
  + `${FEED_DAYS_AHEAD} days after the request; cancelled, broken and other appointments are left out. Event titles are the `
  + 'appointment type; the patient\'s name is added only for a feed created with `include_patient_names: true` (privacy by default). '
  + 'No notes or other patient details are ever published.';

/** Calendar feeds: list, read, create, revoke. */
export function calendarFeedsRoutes(app: Api, { db, clock }: Deps): void {
  app.get('/calendar-feeds', {
    schema: {
      tags, summary: 'List calendar feeds',
      description: `${FEEDS} Newest first. Live feeds only unless \`include_revoked=true\`. Never the tokens.`,
      querystring: CalendarFeedQuery, response: responses({ 200: CalendarFeedPage }),
    },
  }, async (req) => {
    const { page, page_size, include_revoked } = req.query;
    const { rows, total } = await listCalendarFeeds(db, req.auth.orgId, { includeRevoked: include_revoked }, req.auth.locationIds,
      { page, pageSize: page_size });
    return { items: rows.map(toCalendarFeedJson), page, page_size, total };
  });

  app.get('/calendar-feeds/:feed_uuid', {
    schema: {
      tags, summary: 'Get calendar feed',
      description: `${FEEDS} A revoked feed is still returned, with \`revoked_at\`. Unknown or another organisation's → 404.`,
      params: CalendarFeedParams, response: responses({ 200: CalendarFeed }, [404]),
    },
  }, async (req) => {
    const row = await getCalendarFeed(db, req.auth.orgId, req.params.feed_uuid, req.auth.locationIds);
    if (!row) throw notFound('Calendar feed', ['path', 'feed_uuid']);
    return toCalendarFeedJson(row);
  });

  app.post('/calendar-feeds', {
    schema: {
      tags, summary: 'Create calendar feed',
      description: `${FEEDS} Creates a live feed for exactly one of \`provider_uuid\` (its appointments in any role, at every `
        + 'location) or `location_uuid` (every appointment there); both or neither → 422 `value_error`. An unknown provider or '
        + 'location (or another organisation\'s) → 404 at its body field; a provider feed by a user limited to locations → 403. '
        + `The answer carries \`token\` and \`url\`, shown this once. ${SHOWN}`,
      body: CreateCalendarFeedBody, response: responses({ 201: Type.Ref(IssuedCalendarFeedSchema) }, [403, 404]),
    },
  }, async (req, reply) => {
    const b = req.body;
    const { row, token } = await createCalendarFeed(db, requestActor(req, clock), {
      providerId: b.provider_uuid, locationId: b.location_uuid, name: b.name ?? '', includePatientNames: b.include_patient_names ?? false,
    });
    const url = `${req.protocol}://${req.host}/feeds/${token}.ics`;
    return reply.code(201).send({ ...toCalendarFeedJson(row), token, url });
  });

  app.delete('/calendar-feeds/:feed_uuid', {
    schema: {
      tags, summary: 'Revoke calendar feed',
      description: `${FEEDS} Revokes the feed at once: its URL answers 404 from the next request on (calendar clients that cached `
        + 'it keep their copy until they refresh). The record stays, with `revoked_at`, for the list. Unknown, another '
        + 'organisation\'s or already revoked → 404. To rotate a feed\'s URL, revoke it and create another.',
      params: CalendarFeedParams, response: responses({ 204: NoContent }, [403, 404]),
    },
  }, async (req, reply) => {
    await revokeFeed(db, requestActor(req, clock), req.params.feed_uuid);
    return reply.code(204).send();
  });
}
