import { Type } from '@sinclair/typebox';
import { notFound } from '../../core/errors.ts';
import { getOperatory, listOperatories } from '../db/operatories.ts';
import { createOperatory, removeOperatory, updateOperatory } from '../commands/operatories.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { NoContent, responses } from '../../core/http/schemas.ts';
import {
  CreateOperatoryBody, OperatoryPage, OperatoryParams, OperatoryQuery, OperatorySchema, UpdateOperatoryBody, toOperatoryJson,
} from '../schemas/operatories.ts';

const tags = ['Operatories'];
const Operatory = Type.Ref(OperatorySchema);

/** Operatories (chairs): each belongs to one location for life, and is visible only to callers who may see that location. */
export function operatoriesRoutes(app: Api, { db }: Deps): void {
  app.get('/operatories', {
    schema: {
      tags, summary: 'List operatories',
      description: 'Chairs of the locations visible to the caller (a location-limited user sees only chairs of their locations), '
        + 'ordered by location name, then `item_order`, name and id. Filters: `location_uuid` (a location the caller cannot see '
        + 'simply yields no items), `is_active`, `is_hygiene`.',
      querystring: OperatoryQuery, response: responses({ 200: OperatoryPage }),
    },
  }, async (req) => {
    const { page, page_size, location_uuid, is_active, is_hygiene } = req.query;
    const { rows, total } = await listOperatories(db, req.auth.orgId, req.auth.locationIds,
      { locationId: location_uuid, isActive: is_active, isHygiene: is_hygiene }, { page, pageSize: page_size });
    return { items: rows.map(toOperatoryJson), page, page_size, total };
  });

  app.get('/operatories/:operatory_uuid', {
    schema: {
      tags, summary: 'Get operatory', description: 'A chair of a location the caller may not see is 404.',
      params: OperatoryParams, response: responses({ 200: Operatory }, [404]),
    },
  }, async (req) => {
    const row = await getOperatory(db, req.auth.orgId, req.params.operatory_uuid, req.auth.locationIds);
    if (!row) throw notFound('Operatory', ['path', 'operatory_uuid']);
    return toOperatoryJson(row);
  });

  app.post('/operatories', {
    schema: {
      tags, summary: 'Create operatory',
      description: 'Creates a chair in `location_uuid`. Defaults: `is_hygiene` false, `item_order` 0, `is_active` true. '
        + 'A location that does not exist, belongs to another organisation or lies outside a location-limited caller\'s '
        + 'locations → 404 with loc `["body", "location_uuid"]`.',
      body: CreateOperatoryBody, response: responses({ 201: Operatory }, [403, 404]),
    },
  }, async (req, reply) => {
    const b = req.body;
    const row = await createOperatory(db, req.auth.orgId, req.auth.locationIds, {
      location_id: b.location_uuid, name: b.name, abbrev: b.abbrev ?? null,
      is_hygiene: b.is_hygiene ?? false, item_order: b.item_order ?? 0, is_active: b.is_active ?? true,
    });
    return reply.code(201).send(toOperatoryJson(row));
  });

  app.patch('/operatories/:operatory_uuid', {
    schema: {
      tags, summary: 'Update operatory',
      description: 'Fields left out keep their value; `abbrev` accepts null to clear; `base_version` must be current (409 otherwise). '
        + 'The location cannot be changed (`location_uuid` → 422 `extra_forbidden`): a chair does not move between locations. '
        + 'A chair of a location the caller may not see is 404.',
      params: OperatoryParams, body: UpdateOperatoryBody, response: responses({ 200: Operatory }, [403, 404, 409]),
    },
  }, async (req) => {
    const { base_version, ...changes } = req.body;
    const row = await updateOperatory(db, req.auth.orgId, req.auth.locationIds, req.params.operatory_uuid, base_version, changes);
    return toOperatoryJson(row);
  });

  app.delete('/operatories/:operatory_uuid', {
    schema: {
      tags, summary: 'Delete operatory',
      description: 'Deletes an unreferenced chair. A chair still referenced by other records (appointments, schedules, views …) '
        + 'is archived instead: `is_active` becomes false and it stays readable. 204 either way. '
        + 'A chair of a location the caller may not see is 404.',
      params: OperatoryParams, response: responses({ 204: NoContent }, [403, 404]),
    },
  }, async (req, reply) => {
    await removeOperatory(db, req.auth.orgId, req.auth.locationIds, req.params.operatory_uuid);
    return reply.code(204).send();
  });
}
