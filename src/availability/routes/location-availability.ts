import { createHash } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Api, Deps } from '../../core/http/deps.ts';
import { NoContent, responses } from '../../core/http/schemas.ts';
import type { Db } from '../../core/db/client.ts';
import { getOrganization, normalizeOrigin } from '../../practice/index.ts';
import { locationAvailability } from '../queries/location-availability.ts';
import {
  LocationAvailabilityParamsSchema, LocationAvailabilityQuery, LocationAvailabilitySchema,
} from '../schemas/location-availability.ts';

const tags = ['Availability'];
const URL = '/locations/:location_uuid/availability';
const CACHE_CONTROL = 'private, max-age=30, stale-while-revalidate=60';
const ALLOWED_HEADERS = ['authorization', 'if-none-match'];
const ORG = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const DESCRIPTION = `Bookable slot starts for one location across a window, from the same engine as GET /schedule/free-time:
any provider scheduled there with a free chair, one slot per start, \`open_hours\`, holidays and no-schedule blockouts
respected, booked time subtracted, nothing in the past. Slots have the length of \`appointment_type_uuid\`, else of the
location's \`default_appointment_type_uuid\`; without either the answer has \`slot_duration_minutes: null\` and no days.
Starts fall every max(5, gcd(length, 60)) minutes on the location's clock (:00 :20 :40 for 20 minutes, every quarter hour
for 45). Dates: see the parameters; they frame instants in \`timezone\`, which also renders every offset — the bookable
instants never change with it.

Errors (the house error body): 400 for a date that is not YYYY-MM-DD, an unknown \`timezone\`, \`end_date\` before
\`start_date\` or more than 90 days after today, or a type that is archived or not offered here; 404 for a location that does
not exist, is inactive or belongs to another organisation (and for an unknown type); 403 for a location outside a
location-limited user's locations, or a token limited to scopes without \`availability:read\`.

Caching: \`Cache-Control: ${CACHE_CONTROL}\` — a slot booked within that window may still show; surface conflicts at
booking time too. An \`ETag\` identifies the body; \`If-None-Match\` with it answers 304 without one.

Browsers: pages on the organisation's \`allowed_origins\` (PATCH /organization) may call this route directly: the
preflight (OPTIONS) and the responses carry \`Access-Control-Allow-Origin\` for those origins only (\`ETag\` exposed); no
other route sends CORS headers.`;

/** The origin of the request when the organisation in the path allows it, else null (one read, only with an Origin header). */
async function allowedOrigin(db: Db, req: FastifyRequest): Promise<string | null> {
  const origin = typeof req.headers.origin === 'string' ? normalizeOrigin(req.headers.origin) : null;
  const orgId = (req.params as { org_id?: string }).org_id ?? '';
  if (origin === null || !ORG.test(orgId)) return null;
  const org = await getOrganization(db, orgId.toLowerCase());
  return org?.allowed_origins.includes(origin) ? req.headers.origin as string : null;
}

/** A strong entity tag of a response body. */
function entityTag(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

function matches(ifNoneMatch: string | undefined, tag: string): boolean {
  return ifNoneMatch !== undefined && ifNoneMatch.split(',').some((t) => t.trim() === '*' || t.trim().replace(/^W\//, '') === tag);
}

/** GET: the location availability face, behind the tenant auth of /api/v1 with CORS for allowed origins. */
export function locationAvailabilityRoutes(app: Api, { db, clock }: Deps): void {
  app.get(URL, {
    config: { scope: 'availability:read' },
    schema: {
      tags, summary: 'Get location availability', description: DESCRIPTION,
      params: LocationAvailabilityParamsSchema, querystring: LocationAvailabilityQuery,
      response: { ...responses({ 200: Type.Ref(LocationAvailabilitySchema) }, [400, 403, 404]), 304: NoContent },
    },
    onSend: async (req, reply, payload) => {
      reply.header('Vary', 'Origin');
      const origin = await allowedOrigin(db, req);
      if (origin) reply.header('Access-Control-Allow-Origin', origin).header('Access-Control-Expose-Headers', 'ETag');
      return payload;
    },
  }, async (req, reply: FastifyReply) => {
    const result = await locationAvailability(db, req.auth.orgId, req.auth.locationIds, req.params.location_uuid, req.query, clock());
    const body = JSON.stringify(result);
    const tag = entityTag(body);
    reply.header('Cache-Control', CACHE_CONTROL).header('ETag', tag);
    if (matches(req.headers['if-none-match'], tag)) return reply.code(304).send();
    return reply.type('application/json; charset=utf-8').send(body);
  });
}

/** OPTIONS: the CORS preflight of the face, answered without a token (browsers send none). */
export function locationAvailabilityPreflight(app: Api, { db }: Deps): void {
  app.options(URL, {
    schema: {
      tags, summary: 'Preflight location availability (CORS)',
      description: 'Answers a browser\'s CORS preflight without a token: 204, with `Access-Control-Allow-Origin` (and the allowed '
        + 'method GET and headers Authorization, If-None-Match) only when `Origin` is one of the organisation\'s `allowed_origins`. '
        + 'It reads nothing but that list, so it tells nothing about the location.',
      params: LocationAvailabilityParamsSchema, response: { 204: NoContent },
    },
  }, async (req, reply) => {
    reply.header('Vary', 'Origin');
    const origin = await allowedOrigin(db, req);
    const requested = String(req.headers['access-control-request-headers'] ?? '').toLowerCase().split(',').map((h) => h.trim()).filter(Boolean);
    if (origin && requested.every((h) => ALLOWED_HEADERS.includes(h))) {
      reply.header('Access-Control-Allow-Origin', origin).header('Access-Control-Allow-Methods', 'GET')
        .header('Access-Control-Allow-Headers', 'Authorization, If-None-Match').header('Access-Control-Max-Age', '600');
    }
    return reply.code(204).send(null);
  });
}
