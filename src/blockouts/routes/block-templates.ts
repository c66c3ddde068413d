import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { notFound } from '../../core/errors.ts';
import { normalizeWallTime } from '../../core/time.ts';
import { getBlockTemplate, listBlockTemplateItems, listBlockTemplates } from '../db/block-templates.ts';
import type { Db } from '../../core/db/client.ts';
import { getLocation } from '../../practice/index.ts';
import {
  addBlockTemplateItem, createBlockTemplate, removeBlockTemplate, removeBlockTemplateItem, requireBlockTemplate, updateBlockTemplate,
} from '../commands/block-templates.ts';
import { applyBlockTemplate } from '../commands/apply-block-template.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { NoContent, responses } from '../../core/http/schemas.ts';
import {
  AddBlockTemplateItemBody, ApplyBlockTemplateBody, ApplyResult, BlockTemplateItemList, BlockTemplateItemParams, BlockTemplateItemSchema,
  BlockTemplatePage, BlockTemplateParams, BlockTemplateQuery, BlockTemplateSchema, CreateBlockTemplateBody, UpdateBlockTemplateBody,
  toBlockTemplateItemJson, toBlockTemplateJson,
} from '../schemas/block-templates.ts';

const tags = ['Blockouts'];
const Template = Type.Ref(BlockTemplateSchema);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const SCOPE = 'Templates without a location are usable at every location and visible to everyone; a template bound to a location is '
  + 'visible only to callers who may see that location (others get 404).';
const FIRST = 'An unknown or invisible template is 404 before the body is looked at.';

/** preValidation hook: 404 for a template the caller cannot see, so a missing template never answers 422 for its body. */
function templateBeforeBody(db: Db) {
  return async (req: FastifyRequest) => {
    const id = (req.params as { template_uuid?: string }).template_uuid;
    if (id && UUID.test(id)) await requireBlockTemplate(db, req.auth.orgId, req.auth.locationIds, id);
  };
}

/** Block schedule templates: reusable sets of blockouts (type, times, optional operatory) applied to a date. */
export function blockTemplatesRoutes(app: Api, { db }: Deps): void {
  app.get('/blockouts/templates', {
    schema: {
      tags, summary: 'List block schedule templates',
      description: 'With `location_uuid`: that location\'s templates (unknown or outside the caller\'s locations → 404); without it: the '
        + 'org-wide templates (no location), as the contract says. Hidden templates only with `include_hidden=true`; active and inactive '
        + `are both listed. Ordered by \`item_order\`, name (case-insensitive), id. ${SCOPE}`,
      querystring: BlockTemplateQuery, response: responses({ 200: BlockTemplatePage }, [404]),
    },
  }, async (req) => {
    const { page, page_size, location_uuid, include_hidden } = req.query;
    if (location_uuid && !(await getLocation(db, req.auth.orgId, location_uuid, req.auth.locationIds))) {
      throw notFound('Location', ['query', 'location_uuid']);
    }
    const { rows, total } = await listBlockTemplates(db, req.auth.orgId, req.auth.locationIds,
      { locationId: location_uuid, includeHidden: include_hidden }, { page, pageSize: page_size });
    return { items: rows.map(toBlockTemplateJson), page, page_size, total };
  });

  app.get('/blockouts/templates/:template_uuid', {
    schema: { tags, summary: 'Get block schedule template', description: SCOPE, params: BlockTemplateParams, response: responses({ 200: Template }, [404]) },
  }, async (req) => {
    const row = await getBlockTemplate(db, req.auth.orgId, req.params.template_uuid, req.auth.locationIds);
    if (!row) throw notFound('Block schedule template', ['path', 'template_uuid']);
    return toBlockTemplateJson(row);
  });

  app.get('/blockouts/templates/:template_uuid/items', {
    schema: {
      tags, summary: 'List block schedule template items',
      description: `A bare JSON array of the template's items (the contract documents no envelope), ordered by \`item_order\`, \`start_time\`, id. ${SCOPE}`,
      params: BlockTemplateParams, response: responses({ 200: BlockTemplateItemList }, [404]),
    },
  }, async (req) => {
    const template = await requireBlockTemplate(db, req.auth.orgId, req.auth.locationIds, req.params.template_uuid);
    return (await listBlockTemplateItems(db, req.auth.orgId, template.id)).map(toBlockTemplateItemJson);
  });

  app.post('/blockouts/templates', {
    schema: {
      tags, summary: 'Create block schedule template',
      description: 'Creates an active template (version 1). Defaults: `description` empty, `day_of_week` null (0 = Monday … 6 = Sunday, '
        + 'informational), `is_hidden` false, `item_order` 0, `location_uuid` null (usable at every location). A location that is unknown '
        + `or outside the caller's locations → 404 at \`body.location_uuid\`. ${SCOPE}`,
      body: CreateBlockTemplateBody, response: responses({ 201: Template }, [403, 404]),
    },
  }, async (req, reply) => {
    const b = req.body;
    const row = await createBlockTemplate(db, req.auth.orgId, req.auth.locationIds, {
      location_id: b.location_uuid ?? null, name: b.name, description: b.description ?? '', day_of_week: b.day_of_week ?? null,
      is_hidden: b.is_hidden ?? false, item_order: b.item_order ?? 0,
    });
    return reply.code(201).send(toBlockTemplateJson(row));
  });

  app.post('/blockouts/templates/:template_uuid/apply', {
    schema: {
      tags, summary: 'Apply block schedule template to a date',
      description: 'Creates one blockout per item at `location_uuid` on `target_date`, all in one new recurrence group, under the same '
        + 'rules as creating blockouts, except that nothing is forced: an item whose operatory is not at that location, whose type is '
        + 'inactive, whose time falls into a DST gap on that date, or which would overlap a blockout (an existing one or an earlier '
        + 'item; same operatory, a location-wide one counting for every operatory) is skipped with a warning. A target date that is a '
        + 'holiday at the location creates nothing and warns. 404: template, or location unknown / outside the caller\'s locations; '
        + `422: an inactive template, or a template of another location. Returns \`count\` and \`warnings\`. ${FIRST} ${SCOPE}`,
      params: BlockTemplateParams, body: ApplyBlockTemplateBody, response: responses({ 200: ApplyResult }, [403, 404]),
    },
    preValidation: templateBeforeBody(db),
  }, async (req) => {
    const b = req.body;
    return applyBlockTemplate(db, req.auth.orgId, req.auth.locationIds, req.params.template_uuid, b.location_uuid, b.target_date);
  });

  app.post('/blockouts/templates/:template_uuid/items', {
    schema: {
      tags, summary: 'Add item to block schedule template',
      description: 'Adds a blockout type with wall-clock times (HH:MM accepted, HH:MM:SS returned; `end_time` after `start_time`, 422) '
        + 'and an optional operatory (absent or null: the whole location). 404: template, blockout type, or an operatory unknown or '
        + 'outside the caller\'s locations; 422: an inactive type, or an operatory not at the template\'s location. `item_order` '
        + `defaults to 0. Responds 201 with the item. ${FIRST}`,
      params: BlockTemplateParams, body: AddBlockTemplateItemBody, response: responses({ 201: Type.Ref(BlockTemplateItemSchema) }, [403, 404]),
    },
    preValidation: templateBeforeBody(db),
  }, async (req, reply) => {
    const b = req.body;
    const row = await addBlockTemplateItem(db, req.auth.orgId, req.auth.locationIds, req.params.template_uuid, {
      blockout_type_id: b.blockout_type_uuid, operatory_id: b.operatory_uuid?.toLowerCase() ?? null,
      start_time: normalizeWallTime(b.start_time)!, end_time: normalizeWallTime(b.end_time)!, item_order: b.item_order ?? 0,
    });
    return reply.code(201).send(toBlockTemplateItemJson(row));
  });

  app.patch('/blockouts/templates/:template_uuid', {
    schema: {
      tags, summary: 'Update block schedule template',
      description: 'Fields left out keep their value; `location_uuid` null makes it usable at every location; moving it to a location '
        + 'while its items block operatories of another location → 422; `status` is `active` or `inactive`. `base_version` must be current (409 otherwise). '
        + SCOPE,
      params: BlockTemplateParams, body: UpdateBlockTemplateBody, response: responses({ 200: Template }, [403, 404, 409]),
    },
  }, async (req) => {
    const { base_version, location_uuid, ...rest } = req.body;
    const changes = location_uuid === undefined ? rest : { ...rest, location_id: location_uuid };
    return toBlockTemplateJson(await updateBlockTemplate(db, req.auth.orgId, req.auth.locationIds, req.params.template_uuid, base_version, changes));
  });

  app.delete('/blockouts/templates/:template_uuid', {
    schema: {
      tags, summary: 'Delete block schedule template',
      description: `Deletes the template and all its items, irreversibly; blockouts created from it stay. 204. ${SCOPE}`,
      params: BlockTemplateParams, response: responses({ 204: NoContent }, [403, 404]),
    },
  }, async (req, reply) => {
    await removeBlockTemplate(db, req.auth.orgId, req.auth.locationIds, req.params.template_uuid);
    return reply.code(204).send();
  });

  app.delete('/blockouts/templates/:template_uuid/items/:item_uuid', {
    schema: {
      tags, summary: 'Remove item from block schedule template',
      description: `Removes one item, irreversibly; blockouts created from it stay. 204. 404 for an unknown template or item. ${SCOPE}`,
      params: BlockTemplateItemParams, response: responses({ 204: NoContent }, [403, 404]),
    },
  }, async (req, reply) => {
    await removeBlockTemplateItem(db, req.auth.orgId, req.auth.locationIds, req.params.template_uuid, req.params.item_uuid);
    return reply.code(204).send();
  });
}
