import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { RecallTriggerRow } from '../db/recall-triggers.ts';
import { Body, Instant, PageOf, PageQuery, Ref, Uuid } from '../../core/http/schemas.ts';

export const RecallTriggerSchema = Type.Object({
  id: Uuid,
  recall_type: Type.Ref(Ref, { description: 'The recall type the trigger starts or advances.' }),
  procedure_code: Type.Ref(Ref, { description: 'The procedure code whose performance fires the trigger; `name` is the code, e.g. D1110.' }),
  procedure_code_description: Type.String(),
  created_at: Instant,
}, { $id: 'RecallTrigger' });
export type RecallTrigger = Static<typeof RecallTriggerSchema>;

export const CreateRecallTriggerBody = Body({
  recall_type_uuid: { ...Uuid, description: 'The recall type the trigger fires; unknown → 404.' },
  procedure_code_uuid: { ...Uuid, description: 'The procedure code that triggers the recall; unknown → 404, already a trigger of the type → 409.' },
});

export const RecallTriggerQuery = Type.Object({
  ...PageQuery,
  recall_type_uuid: Type.String({ format: 'uuid', description: 'UUID of the recall type to list triggers for (required; unknown → 404).' }),
});
export const RecallTriggerPage = PageOf(Type.Ref(RecallTriggerSchema));
export const RecallTriggerParams = Type.Object({ org_id: Type.String(), trigger_uuid: Uuid });

/** Record schemas of recall triggers referenced by `$ref`; registered once in app.ts. */
export const recallTriggersSchemas: TSchema[] = [RecallTriggerSchema];

/** API shape of a trigger row. */
export function toRecallTriggerJson(r: RecallTriggerRow): RecallTrigger {
  return {
    id: r.id, recall_type: { id: r.recall_type_id, name: r.recall_type_name },
    procedure_code: { id: r.procedure_code_id, name: r.procedure_code }, procedure_code_description: r.procedure_description,
    created_at: r.created_at,
  };
}
