import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { TSchema } from '@sinclair/typebox';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Api, Deps } from './deps.ts';
import { platformAuth, tenantAuth } from './auth.ts';
import { installErrorHandlers } from './errors.ts';
import { ErrorBody, Ref } from './schemas.ts';
import { LocationSchema } from '../../practice/schemas/locations.ts';
import { operatoriesSchemas } from '../../practice/schemas/operatories.ts';
import { providersSchemas } from '../../practice/schemas/providers.ts';
import { patientsSchemas } from '../../practice/schemas/patients.ts';
import { procedureCodesSchemas } from '../../practice/schemas/procedure-codes.ts';
import { definitionsSchemas } from '../../practice/schemas/definitions.ts';
import { appointmentTypesSchemas } from '../../appointments/schemas/appointment-types.ts';
import { usersSchemas } from '../../practice/schemas/users.ts';
import { adminSchemas } from '../../practice/schemas/admin.ts';
import { scheduleTemplatesSchemas } from '../../schedule/schemas/schedule-templates.ts';
import { scheduleOverridesSchemas } from '../../schedule/schemas/schedule-overrides.ts';
import { scheduleAvailabilitySchemas } from '../../schedule/schemas/schedule-availability.ts';
import { scheduleNotesSchemas } from '../../schedule/schemas/schedule-notes.ts';
import { flowStatusesSchemas } from '../../practice/schemas/flow-statuses.ts';
import { appointmentRulesSchemas } from '../../schedule/schemas/appointment-rules.ts';
import { blockoutTypesSchemas } from '../../blockouts/schemas/blockout-types.ts';
import { blockoutsSchemas } from '../../blockouts/schemas/blockouts.ts';
import { blockTemplatesSchemas } from '../../blockouts/schemas/block-templates.ts';
import { appointmentsSchemas } from '../../appointments/schemas/appointments.ts';
import { appointmentLifecycleSchemas } from '../../appointments/schemas/appointment-lifecycle.ts';
import { appointmentDetailsSchemas } from '../../appointments/schemas/appointment-details.ts';
import { appointmentQueriesSchemas } from '../../appointments/schemas/appointment-queries.ts';
import { calendarSchemas } from '../../schedule/schemas/calendar.ts';
import { productionGoalsSchemas } from '../../schedule/schemas/production-goals.ts';
import { healthRoutes } from './health.ts';
import { locationRoutes } from '../../practice/routes/locations.ts';
import { operatoriesRoutes } from '../../practice/routes/operatories.ts';
import { providersRoutes } from '../../practice/routes/providers.ts';
import { patientsRoutes } from '../../practice/routes/patients.ts';
import { procedureCodesRoutes } from '../../practice/routes/procedure-codes.ts';
import { definitionsRoutes } from '../../practice/routes/definitions.ts';
import { appointmentTypesRoutes } from '../../appointments/routes/appointment-types.ts';
import { usersRoutes } from '../../practice/routes/users.ts';
import { adminRoutes } from '../../practice/routes/admin.ts';
import { scheduleTemplatesRoutes } from '../../schedule/routes/schedule-templates.ts';
import { scheduleOverridesRoutes } from '../../schedule/routes/schedule-overrides.ts';
import { scheduleAvailabilityRoutes } from '../../schedule/routes/schedule-availability.ts';
import { scheduleNotesRoutes } from '../../schedule/routes/schedule-notes.ts';
import { flowStatusesRoutes } from '../../practice/routes/flow-statuses.ts';
import { appointmentRulesRoutes } from '../../schedule/routes/appointment-rules.ts';
import { blockoutTypesRoutes } from '../../blockouts/routes/blockout-types.ts';
import { blockoutsRoutes } from '../../blockouts/routes/blockouts.ts';
import { blockTemplatesRoutes } from '../../blockouts/routes/block-templates.ts';
import { appointmentsRoutes } from '../../appointments/routes/appointments.ts';
import { appointmentLifecycleRoutes } from '../../appointments/routes/appointment-lifecycle.ts';
import { appointmentDetailsRoutes } from '../../appointments/routes/appointment-details.ts';
import { appointmentQueriesRoutes } from '../../appointments/routes/appointment-queries.ts';
import { calendarRoutes } from '../../schedule/routes/calendar.ts';
import { productionGoalsRoutes } from '../../schedule/routes/production-goals.ts';

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
  Ref, ErrorBody, LocationSchema,
  ...operatoriesSchemas, ...providersSchemas, ...patientsSchemas, ...procedureCodesSchemas,
  ...definitionsSchemas, ...appointmentTypesSchemas, ...usersSchemas, ...adminSchemas,
  ...scheduleTemplatesSchemas, ...scheduleOverridesSchemas, ...scheduleAvailabilitySchemas, ...scheduleNotesSchemas, ...flowStatusesSchemas,
  ...appointmentRulesSchemas, ...blockoutTypesSchemas, ...blockoutsSchemas, ...blockTemplatesSchemas,
  ...appointmentsSchemas, ...appointmentLifecycleSchemas, ...appointmentDetailsSchemas, ...appointmentQueriesSchemas, ...calendarSchemas, ...productionGoalsSchemas,
];

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function makeAjv(coerceTypes: boolean | 'array'): Ajv {
  // multipleOfPrecision: 0.01 money steps must not fail on binary floating-point rounding (999.81).
  const ajv = new Ajv({ allErrors: true, coerceTypes, useDefaults: true, removeAdditional: false, strict: false, multipleOfPrecision: 6 });
  addFormats(ajv);
  return ajv;
}

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

  // Bodies are validated strictly: no coercion, no silent stripping of unknown fields. Query strings
  // and path parameters arrive as text and are coerced to their declared types.
  const bodyAjv = makeAjv(false);
  const paramAjv = makeAjv('array');
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
    locationRoutes(api, deps);
    operatoriesRoutes(api, deps);
    providersRoutes(api, deps);
    patientsRoutes(api, deps);
    procedureCodesRoutes(api, deps);
    definitionsRoutes(api, deps);
    appointmentTypesRoutes(api, deps);
    usersRoutes(api, deps);
    scheduleTemplatesRoutes(api, deps);
    scheduleOverridesRoutes(api, deps);
    scheduleAvailabilityRoutes(api, deps);
    scheduleNotesRoutes(api, deps);
    flowStatusesRoutes(api, deps);
    appointmentRulesRoutes(api, deps);
    blockoutTypesRoutes(api, deps);
    blockoutsRoutes(api, deps);
    blockTemplatesRoutes(api, deps);
    appointmentsRoutes(api, deps);
    appointmentLifecycleRoutes(api, deps);
    appointmentDetailsRoutes(api, deps);
    appointmentQueriesRoutes(api, deps);
    calendarRoutes(api, deps);
    productionGoalsRoutes(api, deps);
  }, { prefix: '/api/v1/:org_id' });

  if (deps.adminToken) {
    const adminToken = deps.adminToken;
    await app.register(async (admin) => {
      admin.addHook('onRequest', platformAuth(adminToken, deps.db));
      adminRoutes(admin, deps);
    }, { prefix: '/admin/v1' });
  }

  await app.ready();
  return app;
}
