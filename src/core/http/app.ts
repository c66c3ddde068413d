import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from '@sinclair/typebox';
import type { Api, Deps } from './deps.ts';
import { platformAuth, tenantAuth } from './auth.ts';
import { installErrorHandlers } from './errors.ts';
import { bodyAjv, lazyValidator, paramAjv, type PendingCompilations, type RouteKey } from './validation.ts';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
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
import * as recalls from '../../recalls/index.ts';
import * as waitlist from '../../waitlist/index.ts';
import * as feeds from '../../feeds/index.ts';
import * as webhooks from '../../webhooks/index.ts';
import * as web from '../../web/index.ts';
import * as metrics from '../../metrics/index.ts';
import * as audit from '../../audit/index.ts';
import { healthRoutes } from './health.ts';
import { IDEMPOTENCY_DESCRIPTION, idempotencyKeys } from './idempotency.ts';
import { findNulText } from '../text.ts';
import { AppError } from '../errors.ts';

export const API_DESCRIPTION = `chairtime is a scheduling engine for dental and medical practices.

**Authentication.** Every \`/api/v1/{org_id}/…\` route needs \`Authorization: Bearer <token>\`. A missing or
invalid token gets 401 with \`WWW-Authenticate: Bearer\`. An \`{org_id}\` (or any \`*_uuid\`) of another
organisation gets 404, exactly like a record that does not exist. Roles: \`admin\` (everything, including
users and tokens), \`staff\` (all scheduling reads and writes), \`viewer\` (reads only; writes → 403). A user
limited to locations sees only records of those locations; others are 404. After 20 invalid tokens from one
client address within a clock minute, that address gets 429 \`rate_limited\` with \`Retry-After\` for every
further invalid token until the minute ends; a valid token is never refused for its address. Behind a proxy,
set TRUST_PROXY so the address is the client's, not the proxy's.

**Errors.** Every 4xx and 5xx carries \`{"detail": [{"loc": [...], "msg": "...", "type": "<code>"}]}\`.
\`type\` is a stable code to branch on: \`not_found\`, \`version_conflict\`, \`already_exists\`, \`in_use\`,
\`forbidden\`, \`unauthorized\`, \`missing\`, \`extra_forbidden\`, \`unknown_timezone\`, \`dst_gap\` … Unknown body
fields are refused (422 \`extra_forbidden\`), and so are unknown query parameters (the FHIR face alone ignores
them, as FHIR search does); types are never coerced in bodies. Text may not contain U+0000 (422 at its place).
A body over 1 MiB → 413. A failed request changes nothing.

**Concurrency.** Mutable records carry \`version\` (1 on creation, +1 on every change). Updates take
\`base_version\`; a stale one → 409 \`version_conflict\`, and the message names the current version.

**Conventions.** Lists return \`{items, page, page_size, total}\` with \`page\` ≥ 1 and \`page_size\` 1–200
(default 50; \`page\` at most 1,000,000). Lightweight references are \`{"id", "name"}\`. Dates are \`YYYY-MM-DD\`, wall-clock times
\`HH:MM:SS\` (\`HH:MM\` accepted), instants RFC 3339; record timestamps are UTC. Money is a JSON number in
requests and a decimal string (\`"125.00"\`) in responses.

${IDEMPOTENCY_DESCRIPTION}`;

const NO_QUERY = Type.Object({});

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
  ...recalls.recallTypesSchemas, ...recalls.recallTriggersSchemas, ...recalls.patientRecallsSchemas,
  ...waitlist.asapEntriesSchemas, ...waitlist.quickFillSchemas,
  ...feeds.calendarFeedsSchemas,
  ...audit.patientReadsSchemas,
  ...webhooks.webhookEndpointsSchemas, ...webhooks.webhookDeliveriesSchemas,
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

/**
 * Connects the areas that hear appointment changes, in the change's own transaction (registering twice
 * changes nothing): recalls and the ASAP list stay true, cancel and break answers name who could take the
 * freed chair time, and open front desk pages hear every committed change (LISTEN/NOTIFY), whichever
 * process made it, and webhook endpoints get an outbox event. buildApp calls it; so does anything that writes appointments without an app (the demo).
 */
export function wireAreas(): void {
  appointments.onAppointmentChange(recalls.keepRecallsTrue);
  appointments.onAppointmentChange(waitlist.keepWaitlistTrue);
  appointments.provideOpeningMatches(waitlist.freedOpeningMatches);
  appointments.onAppointmentChange(web.announceAppointmentChange);
  appointments.onAppointmentChange(metrics.countBookings);
  appointments.onAppointmentChange(webhooks.publishAppointmentChange);
  metrics.provideGauge({
    name: 'chairtime_webhook_backlog', help: 'Webhook deliveries not yet made (pending, including retries waiting for their time)',
    read: webhooks.countPendingDeliveries,
  });
}

const buildSerializers = SerializerSelector();

/** Fastify's own serializer factory, each route's serializer compiled when first used. */
const lazySerializers = (pending: PendingCompilations) => (externalSchemas: unknown, serializerOpts: unknown) => {
  const compile = buildSerializers(externalSchemas as Parameters<typeof buildSerializers>[0], serializerOpts as Parameters<typeof buildSerializers>[1]);
  return (route: Parameters<typeof compile>[0]) => {
    let serialize: ((data: unknown) => string) | undefined;
    pending.push({
      method: route.method, url: route.url,
      compile: () => {
        serialize ??= compile(route);
      },
    });
    return (data: unknown) => (serialize ??= compile(route))(data);
  };
};

// Per app: the compilations its lazy serializers and validators have not done yet (warmUp does them).
const PENDING = new WeakMap<object, PendingCompilations>();

/**
 * Compiles, one at a time and yielding to requests between them, the serializers and validators of `app`'s routes
 * that `wanted` picks (all ~170 routes take ~10 s of CPU; a page's dozen, about one): a served process calls it once it
 * listens, so the first visitor of the page does not pay for compiling its routes (the calendar's serializer alone
 * took most of a second). Resolves when they are done.
 */
export async function warmUp(app: Api, wanted: (route: RouteKey) => boolean): Promise<void> {
  const pending = PENDING.get(app) ?? [];
  for (const item of pending.filter(wanted)) {
    item.compile();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Builds the application (no listen): routes, validation, OpenAPI, auth and the error handler. */
export async function buildApp(deps: Deps, logger?: FastifyBaseLogger): Promise<Api> {
  const pending: PendingCompilations = [];
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    bodyLimit: 1024 * 1024,
    // A client must send its whole request within 30 s (slow senders cannot hold sockets); statements have
    // their own limit (STATEMENT_TIMEOUT_MS).
    requestTimeout: 30_000,
    // Fastify takes a hop count too; its type declaration leaves numbers out.
    trustProxy: (deps.trustProxy ?? false) as boolean | string,
    requestIdHeader: 'x-request-id',
    logController: new LogController({ requestIdLogLabel: 'request_id' }),
    genReqId: () => randomUUID(),
    ajv: { customOptions: { strict: false } },
    // Response serializers (fast-json-stringify) are compiled on a route's first answer, not at start: compiling
    // all ~170 took 8 s per app, which every process and every test file paid for the few routes it uses.
    schemaController: { compilersFactory: { buildSerializer: lazySerializers(pending) } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  PENDING.set(app, pending);

  wireAreas();

  app.setValidatorCompiler(({ schema, httpPart, method, url }) => lazyValidator(() => {
    if (httpPart === 'body') return bodyAjv.compile(schema);
    // An unknown query parameter is refused (422 extra_forbidden) like an unknown body field, unless the
    // query's schema says otherwise (the FHIR face ignores unknown search parameters, as FHIR does).
    const closed = httpPart === 'querystring' && (schema as { additionalProperties?: unknown }).additionalProperties === undefined;
    return paramAjv.compile(closed ? { ...schema, additionalProperties: false } : schema);
  }, pending, { method, url }));
  // PostgreSQL cannot store U+0000 in text: refuse it in every string of the request, before validation.
  app.addHook('preValidation', async (req) => {
    for (const [part, value] of [['path', req.params], ['query', req.query], ['body', req.body]] as const) {
      const at = findNulText(value);
      if (at) throw new AppError('value_error', 'Text may not contain the NUL character (U+0000)', [part, ...at]);
    }
  });

  const routes: RouteInfo[] = [];
  ROUTES.set(app, routes);
  app.addHook('onRoute', (r) => {
    // A native route without query parameters still refuses unknown ones (422 extra_forbidden).
    if (r.url.startsWith('/api/v1/') && r.schema && !r.schema.querystring) r.schema.querystring = NO_QUERY;
    for (const method of [r.method].flat()) {
      if (method !== 'HEAD') routes.push({ method, url: r.url, hidden: !!(r.schema as { hide?: boolean } | undefined)?.hide });
    }
  });

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  installErrorHandlers(app);
  // Before any route: its hooks see every request (only when METRICS_TOKEN is set).
  metrics.metricsRoutes(app, deps);

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
  // The secret feed URL is its own credential: outside the bearer-authenticated API.
  feeds.feedRoutes(app, deps);
  web.pageRoutes(app);
  web.demoCredentialsRoutes(app);

  await app.register(async (api) => {
    api.addHook('onRequest', tenantAuth(deps.db));
    audit.recordPatientReads(api, deps);
    // Before the routes: it adds its hooks to each POST route as the route is registered.
    idempotencyKeys(api, deps);
    audit.patientReadsRoutes(api, deps);
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
    recalls.recallTypesRoutes(api, deps);
    recalls.recallTriggersRoutes(api, deps);
    recalls.patientRecallsRoutes(api, deps);
    waitlist.asapEntriesRoutes(api, deps);
    waitlist.quickFillRoutes(api, deps);
    feeds.calendarFeedsRoutes(api, deps);
    webhooks.webhookEndpointsRoutes(api, deps);
    webhooks.webhookDeliveriesRoutes(api, deps);
    web.eventsRoutes(api, deps);
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
