import type { Static } from '@sinclair/typebox';
import { notFound } from '../../core/errors.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { createService, removeService, updateService, type ServiceChanges } from '../commands/services.ts';
import { getService, listServices } from '../db/services.ts';
import { Ok, pagination, surfaceResponses, SURFACE_NOTES } from '../schemas/envelope.ts';
import {
  CreateServiceBody, ServiceData, ServiceListData, ServiceListQuery, ServiceParams, toServiceJson, UpdateServiceBody,
} from '../schemas/services.ts';

const tags = ['Services'];

const SERVICE = `A service is something the practice offers for booking at one location (a cleaning, a consultation): its
length comes from an appointment type (whose time pattern and rules count) or a bare \`duration_minutes\` — exactly one of
the two —, it is performed by \`provider_uuids\` (none: anyone scheduled at the location), and its weekly time slots
(/time-slots) say when it can be booked. A location-limited user sees only services of their locations.

${SURFACE_NOTES}`;

/** The PATCH fields the request names, by column; the names are ours, never the client's. */
function changesOf(b: Static<typeof UpdateServiceBody>): ServiceChanges {
  const out: ServiceChanges = {};
  if (b.name !== undefined) out.name = b.name;
  if (b.description !== undefined) out.description = b.description;
  if (b.location_uuid !== undefined) out.location_id = b.location_uuid;
  if (b.appointment_type_uuid !== undefined) out.appointment_type_id = b.appointment_type_uuid;
  if (b.duration_minutes !== undefined) out.duration_minutes = b.duration_minutes;
  if (b.provider_uuids !== undefined) out.provider_ids = b.provider_uuids;
  if (b.is_active !== undefined) out.is_active = b.is_active;
  return out;
}

/** Services: list, create, read, update, delete, with integer ids and the `{data}` envelope. */
export function servicesRoutes(app: Api, { db }: Deps): void {
  app.get('/services', {
    schema: {
      tags, summary: 'List services',
      description: `${SERVICE}\n\nBy name, then id. Filters: \`location_uuid\`, \`is_active\`. \`no_pagination=true\` returns every service.`,
      querystring: ServiceListQuery, response: surfaceResponses({ 200: ServiceListData }),
    },
  }, async (req) => {
    const q = req.query;
    const { rows, total } = await listServices(db, req.auth.orgId, req.auth.locationIds, { locationId: q.location_uuid, isActive: q.is_active },
      q.no_pagination ? null : { page: q.page, pageSize: q.page_size });
    return { data: { services: rows.map(toServiceJson), pagination: pagination(q, total) } };
  });

  app.post('/services', {
    schema: {
      tags, summary: 'Create a service',
      description: `${SERVICE}\n\n201 with the service (version 1). 400: both or neither of \`appointment_type_uuid\` and \`duration_minutes\`, `
        + 'a type archived or not offered at the location, a provider listed twice, any malformed field. 404: an unknown location, type or provider.',
      body: CreateServiceBody, response: surfaceResponses({ 201: ServiceData }, [403, 404]),
    },
  }, async (req, reply) => {
    const b = req.body;
    const row = await createService(db, req.auth.orgId, req.auth.locationIds, {
      name: b.name, description: b.description ?? '', location_id: b.location_uuid, appointment_type_id: b.appointment_type_uuid ?? null,
      duration_minutes: b.duration_minutes ?? null, provider_ids: b.provider_uuids ?? [], is_active: b.is_active ?? true,
    });
    return reply.code(201).send({ data: toServiceJson(row) });
  });

  app.get('/services/:service_id', {
    schema: { tags, summary: 'Get a service', description: SERVICE, params: ServiceParams, response: surfaceResponses({ 200: ServiceData }, [404]) },
  }, async (req) => {
    const row = await getService(db, req.auth.orgId, req.params.service_id, req.auth.locationIds);
    if (!row) throw notFound('Service', ['path', 'service_id']);
    return { data: toServiceJson(row) };
  });

  app.patch('/services/:service_id', {
    schema: {
      tags, summary: 'Update a service',
      description: `${SERVICE}\n\nFields left out keep their value; \`base_version\` must be current (409 version_conflict otherwise). `
        + 'Setting `appointment_type_uuid` clears `duration_minutes` and the other way round; naming both non-null is 400. '
        + '`provider_uuids` replaces the list. The result is checked as a create is (400, 404).',
      params: ServiceParams, body: UpdateServiceBody, response: surfaceResponses({ 200: ServiceData }, [403, 404, 409]),
    },
  }, async (req) => {
    const row = await updateService(db, req.auth.orgId, req.auth.locationIds, req.params.service_id, req.body.base_version, changesOf(req.body));
    return { data: toServiceJson(row) };
  });

  app.delete('/services/:service_id', {
    schema: {
      tags, summary: 'Delete a service',
      description: `${SERVICE}\n\nDeletes the service with its time slots. Appointments booked through it stay on the calendar as they are. \`{"data": "ok"}\`.`,
      params: ServiceParams, response: surfaceResponses({ 200: Ok }, [403, 404]),
    },
  }, async (req) => {
    await removeService(db, req.auth.orgId, req.auth.locationIds, req.params.service_id);
    return { data: 'ok' as const };
  });
}
