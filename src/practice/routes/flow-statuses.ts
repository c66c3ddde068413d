import { Type } from '@sinclair/typebox';
import { notFound } from '../../core/errors.ts';
import { getFlowStatus, listFlowStatuses } from '../db/flow-statuses.ts';
import { createFlowStatus, removeFlowStatus, updateFlowStatus } from '../commands/flow-statuses.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { NoContent, responses } from '../../core/http/schemas.ts';
import {
  CreateFlowStatusBody, FlowStatusPage, FlowStatusParams, FlowStatusQuery, FlowStatusSchema, UpdateFlowStatusBody, toFlowStatusJson,
} from '../schemas/flow-statuses.ts';

const tags = ['Patient flow statuses'];
const FlowStatus = Type.Ref(FlowStatusSchema);

const ORG_WIDE = 'Flow statuses are organisation-wide: every user reads all of them, location-limited users included; viewers may not write (403).';
const SLUG = '`slug` is derived from `name` (lower-case ASCII letters and digits joined by hyphens, accents dropped: "Ready for Checkout" → '
  + '`ready-for-checkout`) and is unique in the organisation, inactive statuses included: a name whose slug is taken → 409 `already_exists` '
  + 'at `["body", "name"]`; a name without any letter or digit (e.g. "!!!") → 422.';

/** Patient flow statuses: the steps a patient moves through on the day of the appointment (Arrived, Seated …). */
export function flowStatusesRoutes(app: Api, { db }: Deps): void {
  app.get('/schedule/flow-statuses', {
    schema: {
      tags, summary: 'List patient flow statuses',
      description: 'Ordered by `item_order` ascending, then name (case-insensitive), then id. `include_inactive` (default true) '
        + 'false leaves inactive statuses out. A new organisation starts with Arrived, Seated, In Chair, Ready for Checkout and '
        + `Checked Out (slugs \`arrived\`, \`seated\`, \`in-chair\`, \`ready-for-checkout\`, \`checked-out\`), in that order. ${ORG_WIDE}`,
      querystring: FlowStatusQuery, response: responses({ 200: FlowStatusPage }),
    },
  }, async (req) => {
    const { page, page_size, include_inactive } = req.query;
    const { rows, total } = await listFlowStatuses(db, req.auth.orgId, { includeInactive: include_inactive }, { page, pageSize: page_size });
    return { items: rows.map(toFlowStatusJson), page, page_size, total };
  });

  app.get('/schedule/flow-statuses/:flow_status_uuid', {
    schema: {
      tags, summary: 'Get patient flow status',
      description: `Our addition: the contract has no get-by-id for flow statuses. Inactive statuses stay readable. ${ORG_WIDE}`,
      params: FlowStatusParams, response: responses({ 200: FlowStatus }, [404]),
    },
  }, async (req) => {
    const row = await getFlowStatus(db, req.auth.orgId, req.params.flow_status_uuid);
    if (!row) throw notFound('Flow status', ['path', 'flow_status_uuid']);
    return toFlowStatusJson(row);
  });

  app.post('/schedule/flow-statuses', {
    schema: {
      tags, summary: 'Create patient flow status',
      description: `Creates a flow status (version 1). Defaults: \`color\` #9E9E9E, \`item_order\` after the last status (inactive `
        + `ones included), \`is_active\` true. ${SLUG} ${ORG_WIDE}`,
      body: CreateFlowStatusBody, response: responses({ 201: FlowStatus }, [403, 409]),
    },
  }, async (req, reply) => {
    const b = req.body;
    const row = await createFlowStatus(db, req.auth.orgId, {
      name: b.name, color: b.color ?? null, item_order: b.item_order ?? null, is_active: b.is_active ?? true,
    });
    return reply.code(201).send(toFlowStatusJson(row));
  });

  app.patch('/schedule/flow-statuses/:flow_status_uuid', {
    schema: {
      tags, summary: 'Update patient flow status',
      description: 'Fields left out keep their value; a new `name` re-derives `slug` (renaming to a name with the same slug, e.g. a '
        + `change of case, is allowed). \`base_version\` must be current (409 \`version_conflict\` otherwise). ${SLUG} `
        + `Setting \`is_active\` true reactivates an archived status. ${ORG_WIDE}`,
      params: FlowStatusParams, body: UpdateFlowStatusBody, response: responses({ 200: FlowStatus }, [403, 404, 409]),
    },
  }, async (req) => {
    const { base_version, ...changes } = req.body;
    return toFlowStatusJson(await updateFlowStatus(db, req.auth.orgId, req.params.flow_status_uuid, base_version, changes));
  });

  app.delete('/schedule/flow-statuses/:flow_status_uuid', {
    schema: {
      tags, summary: 'Delete patient flow status',
      description: 'Deletes a flow status no other record references; its slug becomes free again. One still referenced (by '
        + 'appointments\' patient flow events) is archived instead: `is_active` becomes false, it stays readable and keeps showing '
        + `on the events that used it. 204 either way. ${ORG_WIDE}`,
      params: FlowStatusParams, response: responses({ 204: NoContent }, [403, 404]),
    },
  }, async (req, reply) => {
    await removeFlowStatus(db, req.auth.orgId, req.params.flow_status_uuid);
    return reply.code(204).send();
  });
}
