import { Type } from '@sinclair/typebox';
import { notFound } from '../../core/errors.ts';
import { getLocation, listLocations } from '../db/locations.ts';
import { createLocation, removeLocation, updateLocation } from '../commands/locations.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { NoContent, responses } from '../../core/http/schemas.ts';
import {
  CreateLocationBody, LocationPage, LocationParams, LocationQuery, LocationSchema, UpdateLocationBody, toLocationJson,
} from '../schemas/locations.ts';

const tags = ['Locations'];
const Location = Type.Ref(LocationSchema);

/** Practice locations: each carries the IANA zone that defines its local days. */
export function locationRoutes(app: Api, { db }: Deps): void {
  app.get('/locations', {
    schema: {
      tags, summary: 'List locations',
      description: 'Locations visible to the caller (a location-limited user sees only theirs), ordered by name.',
      querystring: LocationQuery, response: responses({ 200: LocationPage }),
    },
  }, async (req) => {
    const { page, page_size, is_active, q } = req.query;
    const { rows, total } = await listLocations(db, req.auth.orgId, req.auth.locationIds, { isActive: is_active, q }, { page, pageSize: page_size });
    return { items: rows.map(toLocationJson), page, page_size, total };
  });

  app.get('/locations/:location_uuid', {
    schema: { tags, summary: 'Get location', params: LocationParams, response: responses({ 200: Location }, [404]) },
  }, async (req) => {
    const row = await getLocation(db, req.auth.orgId, req.params.location_uuid, req.auth.locationIds);
    if (!row) throw notFound('Location', ['path', 'location_uuid']);
    return toLocationJson(row);
  });

  app.post('/locations', {
    schema: {
      tags, summary: 'Create location',
      description: 'Users limited to locations may not create locations (403). An unknown IANA zone → 422 `unknown_timezone`. '
        + '`open_hours` and `default_appointment_type_uuid` (our additions) say when the location takes appointments and what a '
        + 'booking there lasts by default; both are optional and null when left out.',
      body: CreateLocationBody, response: responses({ 201: Location }, [403]),
    },
  }, async (req, reply) => {
    const b = req.body;
    const row = await createLocation(db, req.auth.orgId, req.auth.locationIds, {
      name: b.name, timezone: b.timezone, address: b.address ?? null, phone: b.phone ?? null, is_active: b.is_active ?? true,
      open_hours: b.open_hours ?? null, default_appointment_type_id: b.default_appointment_type_uuid ?? null,
    });
    return reply.code(201).send(toLocationJson(row));
  });

  app.patch('/locations/:location_uuid', {
    schema: {
      tags, summary: 'Update location', description: 'Fields left out keep their value; `base_version` must be current (409 otherwise). `open_hours` replaces '
        + 'the whole set of ranges (null removes the limit).',
      params: LocationParams, body: UpdateLocationBody, response: responses({ 200: Location }, [404, 409]),
    },
  }, async (req) => {
    const { base_version, default_appointment_type_uuid, ...changes } = req.body;
    const row = await updateLocation(db, req.auth.orgId, req.auth.locationIds, req.params.location_uuid, base_version, {
      ...changes, ...(default_appointment_type_uuid !== undefined ? { default_appointment_type_id: default_appointment_type_uuid } : {}),
    });
    return toLocationJson(row);
  });

  app.delete('/locations/:location_uuid', {
    schema: {
      tags, summary: 'Delete location',
      description: 'Deletes an unreferenced location. A location still referenced (operatories, users, appointment types, schedules …) is archived instead: `is_active` becomes false and it stays readable. 204 either way. Users limited to locations may not delete locations (403).',
      params: LocationParams, response: responses({ 204: NoContent }, [403, 404]),
    },
  }, async (req, reply) => {
    await removeLocation(db, req.auth.orgId, req.auth.locationIds, req.params.location_uuid);
    return reply.code(204).send();
  });
}
