import { Type } from '@sinclair/typebox';
import { notFound } from '../../core/errors.ts';
import { getDefinition, listDefinitions } from '../db/definitions.ts';
import { createDefinition, removeDefinition, updateDefinition } from '../commands/definitions.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { NoContent, responses } from '../../core/http/schemas.ts';
import {
  CreateDefinitionBody, DefinitionPage, DefinitionParams, DefinitionQuery, DefinitionSchema, UpdateDefinitionBody, toDefinitionJson,
} from '../schemas/definitions.ts';

const tags = ['Definitions'];
const Definition = Type.Ref(DefinitionSchema);

/**
 * Practice-configurable lists (confirmation statuses, broken and cancel reasons, appointment tags, ASAP
 * priorities), organisation-wide. A new organisation starts with a default set in each category.
 */
export function definitionsRoutes(app: Api, { db }: Deps): void {
  app.get('/definitions', {
    schema: {
      tags, summary: 'List definitions',
      description: 'Definitions of the organisation, ordered by category, then `item_order`, then name (case-insensitive), then id. `category` narrows to one list (`?category=ApptConfirmed` gives the confirmation statuses in display order); `include_hidden=false` leaves hidden ones out. A new organisation starts with: ApptConfirmed Unconfirmed, Not Called, Left Message, Confirmed; BrokenReason No Show, Late; CancelReason Patient Request, Practice Closed; ApptTag New Patient, Emergency; AsapPriority Normal, High.',
      querystring: DefinitionQuery, response: responses({ 200: DefinitionPage }),
    },
  }, async (req) => {
    const { page, page_size, category, include_hidden } = req.query;
    const { rows, total } = await listDefinitions(db, req.auth.orgId, { category, includeHidden: include_hidden ?? true }, { page, pageSize: page_size });
    return { items: rows.map(toDefinitionJson), page, page_size, total };
  });

  app.get('/definitions/:definition_uuid', {
    schema: { tags, summary: 'Get definition', params: DefinitionParams, response: responses({ 200: Definition }, [404]) },
  }, async (req) => {
    const row = await getDefinition(db, req.auth.orgId, req.params.definition_uuid);
    if (!row) throw notFound('Definition', ['path', 'definition_uuid']);
    return toDefinitionJson(row);
  });

  app.post('/definitions', {
    schema: {
      tags, summary: 'Create definition',
      description: 'Without `item_order` the definition goes after the last one of its category (hidden ones included). `is_hidden` defaults to false. A name already used in the same category (exact match) → 409 `already_exists`.',
      body: CreateDefinitionBody, response: responses({ 201: Definition }, [403, 409]),
    },
  }, async (req, reply) => {
    const b = req.body;
    const row = await createDefinition(db, req.auth.orgId, {
      category: b.category, name: b.name, color: b.color ?? null, item_order: b.item_order ?? null, is_hidden: b.is_hidden ?? false,
    });
    return reply.code(201).send(toDefinitionJson(row));
  });

  app.patch('/definitions/:definition_uuid', {
    schema: {
      tags, summary: 'Update definition',
      description: 'Fields left out keep their value; `color` takes null to clear. The category cannot change (`category` in the body → 422 `extra_forbidden`). A name already used in the category → 409 `already_exists`; a stale `base_version` → 409 `version_conflict`.',
      params: DefinitionParams, body: UpdateDefinitionBody, response: responses({ 200: Definition }, [403, 404, 409]),
    },
  }, async (req) => {
    const { base_version, ...changes } = req.body;
    const row = await updateDefinition(db, req.auth.orgId, req.params.definition_uuid, base_version, changes);
    return toDefinitionJson(row);
  });

  app.delete('/definitions/:definition_uuid', {
    schema: {
      tags, summary: 'Delete definition',
      description: 'Deletes a definition no other record references. One still referenced (e.g. the confirmation status of appointments) is hidden instead: `is_hidden` becomes true, it stays readable and keeps showing on the records that use it. 204 either way.',
      params: DefinitionParams, response: responses({ 204: NoContent }, [403, 404]),
    },
  }, async (req, reply) => {
    await removeDefinition(db, req.auth.orgId, req.params.definition_uuid);
    return reply.code(204).send();
  });
}
