import { Type } from '@sinclair/typebox';
import type { Api, Deps } from '../../core/http/deps.ts';
import { NoContent, responses } from '../../core/http/schemas.ts';
import { listRecallTriggers } from '../db/recall-triggers.ts';
import { createRecallTrigger, removeRecallTrigger } from '../commands/recall-triggers.ts';
import { requireRecallType } from '../commands/recall-checks.ts';
import {
  CreateRecallTriggerBody, RecallTriggerPage, RecallTriggerParams, RecallTriggerQuery, RecallTriggerSchema, toRecallTriggerJson,
} from '../schemas/recall-triggers.ts';

const tags = ['Recalls'];

/** What every trigger endpoint shares. */
export const TRIGGERS = 'A trigger links a procedure code to a recall type: when an appointment is completed with that procedure '
  + 'performed, the patient\'s recall of the type (created if missing) gets `date_previous` = the appointment\'s local date and '
  + '`date_due` = that date plus the patient\'s own interval, else the type\'s default — in the same transaction as the completion. '
  + 'Inactive types are not advanced. A completion entered late never moves a recall back.';

/** Recall triggers: list per type, create, delete. */
export function recallTriggersRoutes(app: Api, { db }: Deps): void {
  app.get('/recalls/triggers', {
    schema: {
      tags, summary: 'List recall triggers',
      description: `${TRIGGERS} Lists the triggers of one recall type (\`recall_type_uuid\` required; unknown → 404 at `
        + '`["query", "recall_type_uuid"]`), by procedure code then id, in the usual page envelope.',
      querystring: RecallTriggerQuery, response: responses({ 200: RecallTriggerPage }, [404]),
    },
  }, async (req) => {
    const { page, page_size, recall_type_uuid } = req.query;
    await requireRecallType(db, req.auth.orgId, recall_type_uuid, ['query', 'recall_type_uuid']);
    const { rows, total } = await listRecallTriggers(db, req.auth.orgId, recall_type_uuid, { page, pageSize: page_size });
    return { items: rows.map(toRecallTriggerJson), page, page_size, total };
  });

  app.post('/recalls/triggers', {
    schema: {
      tags, summary: 'Create recall trigger',
      description: `${TRIGGERS} Unknown recall type or procedure code → 404 at the body field; a type that already has a trigger for `
        + 'the code → 409 `already_exists` at `["body", "procedure_code_uuid"]` with `ctx.id` naming it. A procedure code used by a '
        + 'trigger cannot be deleted (409 in_use) until the trigger is.',
      body: CreateRecallTriggerBody, response: responses({ 201: Type.Ref(RecallTriggerSchema) }, [403, 404, 409]),
    },
  }, async (req, reply) => {
    const row = await createRecallTrigger(db, req.auth.orgId, req.body.recall_type_uuid, req.body.procedure_code_uuid);
    return reply.code(201).send(toRecallTriggerJson(row));
  });

  app.delete('/recalls/triggers/:trigger_uuid', {
    schema: {
      tags, summary: 'Delete recall trigger',
      description: 'Deletes the trigger for good (204); recalls it advanced keep their dates. Unknown or another organisation\'s → 404.',
      params: RecallTriggerParams, response: responses({ 204: NoContent }, [403, 404]),
    },
  }, async (req, reply) => {
    await removeRecallTrigger(db, req.auth.orgId, req.params.trigger_uuid);
    return reply.code(204).send();
  });
}
