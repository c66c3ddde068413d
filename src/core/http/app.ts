import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { TSchema } from '@sinclair/typebox';
import type { Api, Deps } from './deps.ts';
import { platformAuth, tenantAuth } from './auth.ts';
import { installErrorHandlers } from './errors.ts';
import { bodyAjv, paramAjv } from './validation.ts';
import { ErrorBody, Ref } from './schemas.ts';
import * as practice from '../../practice/index.ts';
import * as appointments from '../../appointments/index.ts';
import * as schedule from '../../schedule/index.ts';
import * as blockouts from '../../blockouts/index.ts';
import * as availability from '../../availability/index.ts';
import * as holds from '../../holds/index.ts';
import * as slots from '../../slots/index.ts';
import * as services from '../../services/index.ts';
import * as fhir from '../../fhir/index.ts';
import * as preferences from '../../preferences/index.ts';
import * as savedSearches from '../../saved-searches/index.ts';
import * as views from '../../views/index.ts';
import { healthRoutes } from './health.ts';

export const API_DESCRIPTION = `chairtime is a scheduling engine for dental and medical practices.

**Authentication.** Every \`/api/v1/{org_id}/…\` route needs \`Authorization: Bearer <token>\`. A missing or
invalid token gets 401 with \`WWW-Authenticate: Bearer\`. An \`{org_id}\` (or any \`*_uuid\`) of another
organisation gets 404, exactly like a record that does not exist. Roles: \`admin\` (everything, including
users and tokens), \`staff\` (all scheduling reads and writes), \`viewer\` (reads only; writes → 403). A user
limited to locations sees only records of those locations; others are 404. After 20 invalid tokens from one
client address within a clock minute, that address gets 429 \`rate_limited\` with \`Retry-After\` until the
minute ends, valid tokens included.

**Errors.** Every 4xx and 5xx carries \`{"detail": [{"loc": [...], "msg": "...", "type": "<code>"}]}\`.
\`type\` is a stable code to branch on: \`not_found\`, \`version_conflict\`, \`already_exists\`, \`in_use\`,
\`forbidden\`, \`unauthorized\`, \`missing\`, \`extra_forbidden\`, \`unknown_timezone\`, \`dst_gap\` … Unknown body
fields are refused (422 \`extra_forbidden\`); types are never coerced in bodies. A body over 1 MiB → 413.
A failed request changes nothing.

**Concurrency.** Mutable records carry \`version\` (1 on creation, +1 on every change). Updates take
\`base_version\`; a stale one → 409 \`version_conflict\`, and the message names the current version.

**Conventions.** Lists return \`{items, page, page_size, total}\` with \`page\` ≥ 1 and \`page_size\` 1–200
(default 50). Lightweight references are \`{"id", "name"}\`. Dates are \`YYYY-MM-DD\`, wall-clock times
\`HH:MM:SS\` (\`HH:MM\` accepted), instants RFC 3339; record timestamps are UTC. Money is a JSON number in
requests and a decimal string (\`"125.00"\`) in responses.`;

/** Record schemas referenced by `$ref` from routes; each becomes a named OpenAPI component. */
const SHARED_SCHEMAS: TSchema[] = [
  Ref, ErrorBody, practice.LocationSchema,
  ...practice.operatoriesSchemas, ...practice.providersSchemas, ...practice.patientsSchemas, ...practice.procedureCodesSchemas,
  ...practice.definitionsSchemas, ...appointments.appointmentTypesSchemas, ...practice.usersSchemas, ...practice.adminSchemas,
  ...schedule.scheduleTemplatesSchemas, ...schedule.scheduleOverridesSchemas, ...schedule.scheduleAvailabilitySchemas,
  ...schedule.scheduleNotesSchemas, ...practice.flowStatusesSchemas,
  ...schedule.appointmentRulesSchemas, ...blockouts.blockoutTypesSchemas, ...blockouts.blockoutsSchemas, ...blockouts.blockTemplatesSchemas,
  ...appointments.appointmentsSchemas, ...appointments.appointmentLifecycleSchemas, ...appointments.appointmentDetailsSchemas,
  ...appointments.appointmentQueriesSchemas, ...schedule.calendarSchemas, ...schedule.productionGoalsSchemas,
  ...availability.freeTimeSchemas, ...practice.organizationSchemas, ...availability.locationAvailabilitySchemas,
  ...holds.holdsSchemas,
  ...slots.bookingBlocksSchemas, ...slots.slotsSchemas,
  ...services.servicesSchemas, ...services.timeSlotsSchemas, ...services.serviceBookingsSchemas,
  ...preferences.patientPreferencesSchemas,
  ...savedSearches.savedSearchesSchemas,
  ...views.scheduleViewsSchemas, ...views.viewLayoutSchemas,
];

export interface RouteInfo {
  method: string;
  url: string;
  hidden: boolean;
}

const ROUTES = new WeakMap<object, RouteInfo[]>();

/** Every route registered on an app built by `buildApp` (HEAD twins excluded), for tests and tooling. */
export function registeredRoutes(app: Api): RouteInfo[] {
  return ROUTES.get(app) ?? [];
}

/** Builds the application (no listen): routes, validation, OpenAPI, auth and the error handler. */
export async function buildApp(deps: Deps, logger?: FastifyBaseLogger): Promise<Api> {
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    bodyLimit: 1024 * 1024,
    requestIdHeader: 'x-request-id',
    logController: new LogController({ requestIdLogLabel: 'request_id' }),
    genReqId: () => randomUUID(),
    ajv: { customOptions: { strict: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : paramAjv).compile(schema));

  const routes: RouteInfo[] = [];
  ROUTES.set(app, routes);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) {
      if (method !== 'HEAD') routes.push({ method, url: r.url, hidden: !!(r.schema as { hide?: boolean } | undefined)?.hide });
    }
  });

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  installErrorHandlers(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'chairtime', version: '0.1.0', description: API_DESCRIPTION },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    refResolver: { buildLocalReference: (json, _base, _frag, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  for (const s of SHARED_SCHEMAS) app.addSchema(s);

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  healthRoutes(app, deps);

  await app.register(async (api) => {
    api.addHook('onRequest', tenantAuth(deps.db));
    practice.locationRoutes(api, deps);
    practice.operatoriesRoutes(api, deps);
    practice.providersRoutes(api, deps);
    practice.patientsRoutes(api, deps);
    practice.procedureCodesRoutes(api, deps);
    practice.definitionsRoutes(api, deps);
    appointments.appointmentTypesRoutes(api, deps);
    practice.usersRoutes(api, deps);
    schedule.scheduleTemplatesRoutes(api, deps);
    schedule.scheduleOverridesRoutes(api, deps);
    schedule.scheduleAvailabilityRoutes(api, deps);
    schedule.scheduleNotesRoutes(api, deps);
    practice.flowStatusesRoutes(api, deps);
    schedule.appointmentRulesRoutes(api, deps);
    blockouts.blockoutTypesRoutes(api, deps);
    blockouts.blockoutsRoutes(api, deps);
    blockouts.blockTemplatesRoutes(api, deps);
    appointments.appointmentsRoutes(api, deps);
    appointments.appointmentLifecycleRoutes(api, deps);
    appointments.appointmentDetailsRoutes(api, deps);
    appointments.appointmentQueriesRoutes(api, deps);
    schedule.calendarRoutes(api, deps);
    schedule.productionGoalsRoutes(api, deps);
    availability.freeTimeRoutes(api, deps);
    practice.organizationRoutes(api, deps);
    availability.locationAvailabilityRoutes(api, deps);
    holds.holdsRoutes(api, deps);
    slots.bookingBlocksRoutes(api, deps);
    slots.slotsRoutes(api, deps);
    slots.slotActionsRoutes(api, deps);
    preferences.patientPreferencesRoutes(api, deps);
    preferences.patientPreferenceByPatientRoutes(api, deps);
    savedSearches.savedSearchesRoutes(api, deps);
    views.scheduleViewsRoutes(api, deps);
    views.viewSettingsRoutes(api, deps);
    // Its own plugin: the services surface answers bad input with 400 (its clients' contract), not 422.
    await api.register(services.servicesPlugin(deps));
  }, { prefix: '/api/v1/:org_id' });
  await app.register(fhir.fhirPlugin(deps), { prefix: '/fhir/:org_id' });
  // CORS preflights carry no token: registered outside the tenant auth above.
  await app.register(async (open) => availability.locationAvailabilityPreflight(open, deps), { prefix: '/api/v1/:org_id' });

  if (deps.adminToken) {
    const adminToken = deps.adminToken;
    await app.register(async (admin) => {
      admin.addHook('onRequest', platformAuth(adminToken, deps.db));
      practice.adminRoutes(admin, deps);
    }, { prefix: '/admin/v1' });
  }

  await app.ready();
  return app;
}
