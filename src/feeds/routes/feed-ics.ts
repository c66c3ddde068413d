import { createHash } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { notFound } from '../../core/errors.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { ErrorBody } from '../../core/http/schemas.ts';
import { insertFeedRead } from '../../audit/index.ts';
import { FEED_DAYS_AHEAD, FEED_DAYS_BACK } from '../domain/feed-events.ts';
import { FEED_TTL_SECONDS } from '../domain/render-ics.ts';
import { loadFeedCalendar } from '../queries/feed-calendar.ts';

/**
 * The request as logged for any URL under /feeds/: the path holds the feed's secret, so it is never
 * written (Fastify's default `req` serializer would log the whole URL on "incoming request").
 */
function redactedRequest(req: FastifyRequest) {
  return { method: req.method, url: '/feeds/[redacted]', host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}
const logSerializers = { req: redactedRequest };

const NOT_FOUND = () => notFound('Calendar feed', ['path', 'token']);

/** A strong validator of the feed's text, so a client's conditional GET costs no transfer. */
function etagOf(text: string): string {
  return `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
}

/** True when an If-None-Match header names `etag` (weak comparison, as RFC 9110 asks for GET) or is `*`. */
function matches(header: string | undefined, etag: string): boolean {
  return !!header && header.split(',').some((t) => { const v = t.trim(); return v === '*' || v.replace(/^W\//, '') === etag; });
}

/** The public feed itself, `GET /feeds/{token}.ics`: outside the authenticated API, the secret URL is the credential. */
export function feedRoutes(app: Api, { db, clock }: Deps): void {
  app.get('/feeds/:token.ics', {
    logSerializers,
    schema: {
      tags: ['Calendar feeds'], summary: 'Calendar feed (iCalendar)', security: [],
      description: 'The iCalendar (RFC 5545) text of a live calendar feed, `text/calendar; charset=utf-8`, for calendar clients to '
        + 'subscribe to. No bearer token: the secret `{token}` in the URL is the credential, looked up by its SHA-256 (so the '
        + 'lookup\'s time says nothing about the secret); unknown or revoked → 404, with nothing about which. The token is never '
        + 'written to the request log. Events: one VEVENT per chair-occupying appointment (scheduled, complete) starting from '
        + `${FEED_DAYS_BACK} days before to ${FEED_DAYS_AHEAD} days after now; UID \`{appointment id}@chairtime\` (stable), SEQUENCE `
        + 'the appointment\'s version, DTSTAMP and LAST-MODIFIED its last change, DTSTART/DTEND as local times with the TZID of the '
        + 'location\'s IANA zone, and a VTIMEZONE for each zone (IANA rules via timezones-ical-library), so DST is right in Google '
        + 'Calendar and Outlook; SUMMARY the appointment type (plus " — " and the patient\'s name only when the feed was created '
        + 'with `include_patient_names`), LOCATION "location — chair", DESCRIPTION the providers. Cancelled and broken appointments '
        + `are left out. \`Cache-Control: private, max-age=${FEED_TTL_SECONDS}\` and REFRESH-INTERVAL ask clients to refresh every `
        + `${FEED_TTL_SECONDS / 60} minutes; an \`ETag\` lets them ask with \`If-None-Match\` (304 when unchanged). A 200 of a feed `
        + 'created with `include_patient_names` that names at least one patient is recorded in the audit of patient data reads '
        + '(`GET /api/v1/{org_id}/audit/patient-reads`) before it is sent, as a read by the feed\'s creator with the feed as its '
        + 'credential and record (`record_kind` calendar_feed); if that record cannot be written the answer is 500, without the '
        + 'calendar. A 304, a HEAD and a feed without names record nothing.',
      params: Type.Object({ token: Type.String({ description: 'The feed\'s secret, as returned when the feed was created.' }) }),
      response: {
        200: { description: 'The calendar', content: { 'text/calendar': { schema: { type: 'string' } } } },
        304: { description: 'Unchanged since the `ETag` given in `If-None-Match`', type: 'null' },
        404: Type.Ref(ErrorBody, { description: 'No live feed has this token' }),
      },
    },
  }, async (req, reply) => {
    const feed = await loadFeedCalendar(db, req.params.token, clock());
    if (feed === null) throw NOT_FOUND();
    const etag = etagOf(feed.text);
    reply.header('cache-control', `private, max-age=${FEED_TTL_SECONDS}`).header('etag', etag);
    if (matches(req.headers['if-none-match'], etag)) return reply.code(304).send();
    // Patients' names leave only with a record of who had them (the API's reads are recorded by the audit's hook).
    if (feed.patientIds.length && req.method === 'GET') {
      await insertFeedRead(db, {
        orgId: feed.orgId, feedId: feed.feedId, createdBy: feed.createdBy, method: req.method, route: '/feeds/{token}.ics',
        patientIds: feed.patientIds, requestId: String(req.id).slice(0, 200),
      });
    }
    return reply.type('text/calendar; charset=utf-8').header('content-disposition', 'inline; filename="calendar.ics"').send(feed.text);
  });

  // Any other path under /feeds/ (a token without .ics, a trailing slash …) is 404 here rather than in the
  // default not-found handler, so its URL, which may hold a token, is logged redacted too.
  app.get('/feeds/*', { logSerializers, schema: { hide: true } }, async () => {
    throw NOT_FOUND();
  });
}
