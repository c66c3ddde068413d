import { notFound } from '../../core/errors.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { NoContent, responses } from '../../core/http/schemas.ts';
import { Type } from '@sinclair/typebox';
import { getRecallType, listRecallTypes } from '../db/recall-types.ts';
import { changeRecallType, createRecallType, removeRecallType } from '../commands/recall-types.ts';
import {
  CreateRecallTypeBody, RecallTypePage, RecallTypeParams, RecallTypeQuery, RecallTypeSchema, UpdateRecallTypeBody,
  toRecallTypeChanges, toRecallTypeFields, toRecallTypeJson,
} from '../schemas/recall-types.ts';

const tags = ['Recalls'];
const RecallType = Type.Ref(RecallTypeSchema);

/** What every recall-type endpoint shares, stated once in each description. */
export const RECALL_TYPES = 'A recall type is a recurring visit the practice tracks per patient (e.g. Prophy every six months): its '
  + '`default_interval`, the appointment type that books it, and (separately) the procedure codes whose performance starts or '
  + 'advances it (triggers). Recall types belong to the organisation, not to a location.';
const APPOINTMENT_TYPE = 'An unknown `appointment_type_uuid` (or one of another organisation) → 404 at the body field; an archived one → 422.';

/** Recall types: list, read, create, change, delete. */
export function recallTypesRoutes(app: Api, { db }: Deps): void {
  app.get('/recalls/types', {
    schema: {
      tags, summary: 'List recall types',
      description: `${RECALL_TYPES} Ordered by \`item_order\` ascending, then name, then id. \`is_active\` filters; all types when omitted.`,
      querystring: RecallTypeQuery, response: responses({ 200: RecallTypePage }),
    },
  }, async (req) => {
    const { page, page_size, is_active } = req.query;
    const { rows, total } = await listRecallTypes(db, req.auth.orgId, { isActive: is_active }, { page, pageSize: page_size });
    return { items: rows.map(toRecallTypeJson), page, page_size, total };
  });

  app.get('/recalls/types/:recall_type_uuid', {
    schema: {
      tags, summary: 'Get recall type', description: `${RECALL_TYPES} Unknown or another organisation's → 404.`,
      params: RecallTypeParams, response: responses({ 200: RecallType }, [404]),
    },
  }, async (req) => {
    const row = await getRecallType(db, req.auth.orgId, req.params.recall_type_uuid);
    if (!row) throw notFound('Recall type', ['path', 'recall_type_uuid']);
    return toRecallTypeJson(row);
  });

  app.post('/recalls/types', {
    schema: {
      tags, summary: 'Create recall type',
      description: `${RECALL_TYPES} Creates a type (version 1). Defaults: \`default_interval\` {"months": 6}, \`description\` "", `
        + `\`is_active\` true, \`item_order\` 0, no appointment type. An interval with no positive unit → 422 value_error. ${APPOINTMENT_TYPE}`,
      body: CreateRecallTypeBody, response: responses({ 201: RecallType }, [403, 404]),
    },
  }, async (req, reply) => {
    const row = await createRecallType(db, req.auth.orgId, toRecallTypeFields(req.body));
    return reply.code(201).send(toRecallTypeJson(row));
  });

  app.patch('/recalls/types/:recall_type_uuid', {
    schema: {
      tags, summary: 'Update recall type',
      description: `${RECALL_TYPES} Changes only the fields given, version + 1. Unknown type → 404; \`base_version\` omitted → 422 `
        + `\`missing\`, stale → 409 \`version_conflict\` naming the current version. ${APPOINTMENT_TYPE} A new \`default_interval\` applies `
        + 'from the next time a trigger advances a recall; due dates already set stay. Making the type inactive makes its recalls '
        + '`completed` (never due) and stops its triggers; making it active again brings them back.',
      params: RecallTypeParams, body: UpdateRecallTypeBody, response: responses({ 200: RecallType }, [403, 404, 409]),
    },
  }, async (req) => {
    const { base_version, ...rest } = req.body;
    const row = await changeRecallType(db, req.auth.orgId, req.params.recall_type_uuid, base_version, toRecallTypeChanges(rest));
    return toRecallTypeJson(row);
  });

  app.delete('/recalls/types/:recall_type_uuid', {
    schema: {
      tags, summary: 'Delete recall type',
      description: 'Deletes a recall type no patient recall uses, with its triggers, for good. A type patients have recalls of is '
        + 'archived instead, so their recall history stays readable: `is_active` becomes false (version + 1), its recalls become '
        + '`completed` and its triggers stop firing. 204 either way. Unknown or another organisation\'s → 404.',
      params: RecallTypeParams, response: responses({ 204: NoContent }, [403, 404]),
    },
  }, async (req, reply) => {
    await removeRecallType(db, req.auth.orgId, req.params.recall_type_uuid);
    return reply.code(204).send();
  });
}
