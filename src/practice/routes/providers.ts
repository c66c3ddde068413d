import { Type } from '@sinclair/typebox';
import { notFound } from '../../core/errors.ts';
import { getProvider, listProviders } from '../db/providers.ts';
import { createProvider, removeProvider, updateProvider } from '../commands/providers.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { NoContent, responses } from '../../core/http/schemas.ts';
import {
  CreateProviderBody, ProviderPage, ProviderParams, ProviderQuery, ProviderSchema, UpdateProviderBody, toProviderJson,
} from '../schemas/providers.ts';

const tags = ['Providers'];
const Provider = Type.Ref(ProviderSchema);

/** Providers (dentists, hygienists, assistants): organisation-wide, not limited to locations. */
export function providersRoutes(app: Api, { db }: Deps): void {
  app.get('/providers', {
    schema: {
      tags, summary: 'List providers',
      description: 'Providers of the organisation (providers are organisation-wide: location-limited users see them all), '
        + 'ordered by last name, first name and id. Filters: `provider_type`, `is_active`, and `q`, a case-insensitive '
        + 'substring of the first name, last name or abbrev.',
      querystring: ProviderQuery, response: responses({ 200: ProviderPage }),
    },
  }, async (req) => {
    const { page, page_size, provider_type, is_active, q } = req.query;
    const { rows, total } = await listProviders(db, req.auth.orgId, { providerType: provider_type, isActive: is_active, q }, { page, pageSize: page_size });
    return { items: rows.map(toProviderJson), page, page_size, total };
  });

  app.get('/providers/:provider_uuid', {
    schema: { tags, summary: 'Get provider', params: ProviderParams, response: responses({ 200: Provider }, [404]) },
  }, async (req) => {
    const row = await getProvider(db, req.auth.orgId, req.params.provider_uuid);
    if (!row) throw notFound('Provider', ['path', 'provider_uuid']);
    return toProviderJson(row);
  });

  app.post('/providers', {
    schema: {
      tags, summary: 'Create provider',
      description: '`name` in the response is "First Last". Defaults: `is_active` true, `abbrev` and `color` null. '
        + '`color` is `#RRGGBB`.',
      body: CreateProviderBody, response: responses({ 201: Provider }, [403]),
    },
  }, async (req, reply) => {
    const b = req.body;
    const row = await createProvider(db, req.auth.orgId, {
      first_name: b.first_name, last_name: b.last_name, abbrev: b.abbrev ?? null, provider_type: b.provider_type,
      color: b.color ?? null, is_active: b.is_active ?? true,
    });
    return reply.code(201).send(toProviderJson(row));
  });

  app.patch('/providers/:provider_uuid', {
    schema: {
      tags, summary: 'Update provider',
      description: 'Fields left out keep their value; `abbrev` and `color` accept null to clear; `base_version` must be current (409 otherwise).',
      params: ProviderParams, body: UpdateProviderBody, response: responses({ 200: Provider }, [403, 404, 409]),
    },
  }, async (req) => {
    const { base_version, ...changes } = req.body;
    const row = await updateProvider(db, req.auth.orgId, req.params.provider_uuid, base_version, changes);
    return toProviderJson(row);
  });

  app.delete('/providers/:provider_uuid', {
    schema: {
      tags, summary: 'Delete provider',
      description: 'Deletes an unreferenced provider. A provider still referenced by other records (appointments, schedules, '
        + 'views …) is archived instead: `is_active` becomes false and it stays readable. 204 either way.',
      params: ProviderParams, response: responses({ 204: NoContent }, [403, 404]),
    },
  }, async (req, reply) => {
    await removeProvider(db, req.auth.orgId, req.params.provider_uuid);
    return reply.code(204).send();
  });
}
