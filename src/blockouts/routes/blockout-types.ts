import { Type } from '@sinclair/typebox';
import { notFound } from '../../core/errors.ts';
import { getBlockoutType, listBlockoutTypes } from '../db/blockout-types.ts';
import { createBlockoutType, removeBlockoutType, updateBlockoutType } from '../commands/blockout-types.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { NoContent, responses } from '../../core/http/schemas.ts';
import {
  BlockoutTypePage, BlockoutTypeParams, BlockoutTypeQuery, BlockoutTypeSchema, CreateBlockoutTypeBody, UpdateBlockoutTypeBody,
  toBlockoutTypeJson,
} from '../schemas/blockout-types.ts';

const tags = ['Blockouts'];
const BlockoutType = Type.Ref(BlockoutTypeSchema);
const ORG_WIDE = 'Blockout types are organisation-wide: every user reads all of them, location-limited users included; viewers may not write (403).';

/** Blockout types: named kinds of blocked time (lunch, staff meeting, holiday …) with their scheduling and copy flags. */
export function blockoutTypesRoutes(app: Api, { db }: Deps): void {
  app.get('/blockouts/types', {
    schema: {
      tags, summary: 'List blockout types',
      description: `Ordered by \`item_order\`, then name (case-insensitive), then id. Hidden types are left out unless \`include_hidden=true\`; `
        + `inactive types are listed (with \`status\`). ${ORG_WIDE}`,
      querystring: BlockoutTypeQuery, response: responses({ 200: BlockoutTypePage }),
    },
  }, async (req) => {
    const { page, page_size, include_hidden } = req.query;
    const { rows, total } = await listBlockoutTypes(db, req.auth.orgId, { includeHidden: include_hidden }, { page, pageSize: page_size });
    return { items: rows.map(toBlockoutTypeJson), page, page_size, total };
  });

  app.get('/blockouts/types/:blockout_type_uuid', {
    schema: {
      tags, summary: 'Get blockout type', description: `Hidden and inactive types are readable too. ${ORG_WIDE}`,
      params: BlockoutTypeParams, response: responses({ 200: BlockoutType }, [404]),
    },
  }, async (req) => {
    const row = await getBlockoutType(db, req.auth.orgId, req.params.blockout_type_uuid);
    if (!row) throw notFound('Blockout type', ['path', 'blockout_type_uuid']);
    return toBlockoutTypeJson(row);
  });

  app.post('/blockouts/types', {
    schema: {
      tags, summary: 'Create blockout type',
      description: 'Creates an active type (version 1). Defaults: `color` #BDBDBD, `abbreviation` null, `item_order` 0, and '
        + '`is_no_schedule`, `is_do_not_copy`, `is_hidden`, `is_holiday` false. `is_holiday` is our addition: a date with an active '
        + `blockout of a holiday type at a location is a holiday there. ${ORG_WIDE}`,
      body: CreateBlockoutTypeBody, response: responses({ 201: BlockoutType }, [403]),
    },
  }, async (req, reply) => {
    const b = req.body;
    const row = await createBlockoutType(db, req.auth.orgId, {
      name: b.name, abbreviation: b.abbreviation ?? null, color: b.color ?? '#BDBDBD', is_no_schedule: b.is_no_schedule ?? false,
      is_do_not_copy: b.is_do_not_copy ?? false, is_hidden: b.is_hidden ?? false, is_holiday: b.is_holiday ?? false,
      item_order: b.item_order ?? 0,
    });
    return reply.code(201).send(toBlockoutTypeJson(row));
  });

  app.patch('/blockouts/types/:blockout_type_uuid', {
    schema: {
      tags, summary: 'Update blockout type',
      description: 'Fields left out keep their value; `abbreviation` accepts null to clear; `status` is `active` or `inactive` '
        + '(an inactive type keeps its blockouts, but new blockouts of it are refused with 422 and copies of it are skipped). '
        + `\`base_version\` must be current (409 otherwise). ${ORG_WIDE}`,
      params: BlockoutTypeParams, body: UpdateBlockoutTypeBody, response: responses({ 200: BlockoutType }, [403, 404, 409]),
    },
  }, async (req) => {
    const { base_version, ...changes } = req.body;
    return toBlockoutTypeJson(await updateBlockoutType(db, req.auth.orgId, req.params.blockout_type_uuid, base_version, changes));
  });

  app.delete('/blockouts/types/:blockout_type_uuid', {
    schema: {
      tags, summary: 'Delete blockout type',
      description: 'Deletes a type no blockout or template item uses. A type still used is archived instead: `status` becomes '
        + `\`inactive\` (version + 1) and it stays readable, so existing blockouts keep their type. 204 either way. ${ORG_WIDE}`,
      params: BlockoutTypeParams, response: responses({ 204: NoContent }, [403, 404]),
    },
  }, async (req, reply) => {
    await removeBlockoutType(db, req.auth.orgId, req.params.blockout_type_uuid);
    return reply.code(204).send();
  });
}
