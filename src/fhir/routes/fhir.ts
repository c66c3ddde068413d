import type { FastifyRequest } from 'fastify';
import type { Api, Deps } from '../../core/http/deps.ts';
import { tenantAuth } from '../../core/http/auth.ts';
import { capabilityStatement } from '../domain/capability.ts';
import { readLocation, readPractitioner, readSchedule, searchSchedules } from '../queries/read-resources.ts';
import { searchSlots } from '../queries/search-slots.ts';
import type { SearchContext } from '../schemas/resources.ts';
import {
  BundleSchema, CapabilityStatementSchema, LocationSchema, PractitionerSchema, ReadParams, ScheduleQuery, ScheduleSchema,
  SlotQuery, fhirResponses,
} from '../schemas/fhir.ts';
import { FHIR_JSON, fhirErrorHandler, fhirNotFound, renderOperationOutcome } from './outcomes.ts';

const tags = ['FHIR'];
const produces = ['application/fhir+json'];
// Widget tokens limited to availability:read may use the whole FHIR face.
const config = { scope: 'availability:read' as const };

const COMMON = `FHIR R4 base per organisation, \`/fhir/{org_id}\`, answering \`application/fhir+json\`. Same bearer tokens as
/api/v1 (tokens limited to \`availability:read\` work); refusals are OperationOutcomes: 401 \`login\` (WWW-Authenticate),
403 \`forbidden\`, 404 \`not-found\` (also another organisation), 429 \`throttled\` (Retry-After), 400 \`invalid\` naming the
parameter, 500 \`exception\`.`;

const SCHEDULE_ID = `A Schedule is one provider at one location, existing for each provider (active or archived) with a weekly
template or an override there; \`active\` is true while both provider and location are active. Its id is
\`Location.<location id>-Staff.<provider id>\`, each UUID written in base62 (0-9A-Za-z) left-padded to 22 characters: stable,
60 characters, a valid FHIR id. A location-limited user sees only schedules of their locations.`;

const SLOT = `Free slots of one schedule from the availability engine behind GET /api/v1/{org_id}/schedule/free-time: the
provider's bookable starts at the location, one per start in any chair (\`one_per_start\`), for a bare length of \`duration\`
minutes (default 20, 1–720), starting every max(5, gcd(duration, 60)) minutes on the local clock (20 → :00 :20 :40; 45 → every
15), none before now. \`start\` and \`end\` are local dates at the schedule's location, both inclusive; \`start\` defaults to
today's UTC date and \`end\` to start + 7 days; a window of more than 90 dates, an end before the start, a malformed date or
duration, or a missing \`schedule\` → 400. An unknown schedule, another organisation's, or one at a location the caller cannot
see → 200 with an empty searchset holding an OperationOutcome entry (\`search.mode: outcome\`, severity warning), the same in
each case; an archived provider or location → an empty searchset. At most 10000 slots (a warning outcome entry says when more
were found). Each Slot has \`start\`/\`end\` with the location's UTC offset, a stable id (the first 32 hex digits of SHA-256 over
schedule id, start and end) and an absolute \`fullUrl\` under the base; there is no Slot read.`;

/** The absolute FHIR base of the caller's organisation and the request's own URL, as the request named the host. */
function searchContext(req: FastifyRequest): SearchContext {
  const origin = `${req.protocol}://${req.host}`;
  return { base: `${origin}/fhir/${req.auth.orgId}`, self: `${origin}${req.url}` };
}

/** Capabilities and reads: metadata, Schedule, Practitioner and Location by id (relative to the base). */
function readRoutes(app: Api, { db }: Deps): void {
  app.get('/metadata', {
    config, schema: {
      tags, produces, summary: 'FHIR CapabilityStatement',
      description: `${COMMON}\n\nWhat this base serves: Schedule (read, search by actor), Slot (search only), Practitioner and Location (read). Needs a token like every FHIR route.`,
      response: fhirResponses(CapabilityStatementSchema, false),
    },
  }, async (req) => capabilityStatement(searchContext(req).base));

  app.get('/Schedule/:id', {
    config, schema: {
      tags, produces, summary: 'Read a FHIR Schedule', description: `${COMMON}\n\n${SCHEDULE_ID}`,
      params: ReadParams, response: fhirResponses(ScheduleSchema, true),
    },
  }, async (req) => readSchedule(db, req.auth.orgId, req.auth.locationIds, req.params.id));

  app.get('/Practitioner/:id', {
    config, schema: {
      tags, produces, summary: 'Read a FHIR Practitioner',
      description: `${COMMON}\n\nA provider: id = provider UUID, \`active\`, \`name\` [{family, given: [first name]}].`,
      params: ReadParams, response: fhirResponses(PractitionerSchema, true),
    },
  }, async (req) => readPractitioner(db, req.auth.orgId, req.params.id));

  app.get('/Location/:id', {
    config, schema: {
      tags, produces, summary: 'Read a FHIR Location',
      description: `${COMMON}\n\nA location: id = location UUID, \`status\` active|inactive, \`name\`, \`address.text\` and a phone \`telecom\` when known, and the IANA zone as the extension http://hl7.org/fhir/StructureDefinition/timezone (valueCode). A location-limited user gets 404 for other locations.`,
      params: ReadParams, response: fhirResponses(LocationSchema, true),
    },
  }, async (req) => readLocation(db, req.auth.orgId, req.auth.locationIds, req.params.id));
}

/** The searches: Schedule by actor, Slot by schedule and window (relative to the base). */
function searchRoutes(app: Api, { db, clock }: Deps): void {
  app.get('/Schedule', {
    config, schema: {
      tags, produces, summary: 'Search FHIR Schedules',
      description: `${COMMON}\n\n${SCHEDULE_ID}\n\nWithout \`actor\`: every schedule of the organisation. One \`actor\` value, Practitioner/{id} or Location/{id}; any other form (or a repeated actor) → 400; an unknown actor → an empty searchset.`,
      querystring: ScheduleQuery, response: fhirResponses(BundleSchema('Schedules'), true),
    },
  }, async (req) => searchSchedules(db, req.auth.orgId, req.auth.locationIds, req.query.actor, searchContext(req)));

  app.get('/Slot', {
    config, schema: {
      tags, produces, summary: 'Search free FHIR Slots', description: `${COMMON}\n\n${SLOT}`,
      querystring: SlotQuery, response: fhirResponses(BundleSchema('free Slots'), true),
    },
  }, async (req) => searchSlots(db, req.auth.orgId, req.auth.locationIds, req.query, clock(), searchContext(req)));
}

/**
 * The FHIR face as a plugin to register with the prefix `/fhir/:org_id`: the tenant's bearer auth with
 * refusals as OperationOutcomes, its own error and not-found handlers, and `application/fhir+json` on
 * every answer.
 */
export function fhirPlugin(deps: Deps) {
  return async function fhir(app: Api): Promise<void> {
    app.addHook('onRequest', tenantAuth(deps.db, renderOperationOutcome));
    app.addHook('onSend', async (_req, reply) => {
      reply.header('content-type', FHIR_JSON);
    });
    app.setErrorHandler(fhirErrorHandler);
    app.setNotFoundHandler(fhirNotFound);
    readRoutes(app, deps);
    searchRoutes(app, deps);
  };
}
