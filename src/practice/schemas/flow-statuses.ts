import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { FlowStatusRow } from '../db/flow-statuses.ts';
import { BaseVersion, Body, Color, Defaulted, Name, PageOf, PageQuery, Stamps, Uuid } from '../../core/http/schemas.ts';

const ItemOrder = Type.Integer({ minimum: 0, maximum: 2_147_483_647, description: 'Display position among flow statuses (ascending).' });
const FlowName = Type.String({
  ...Name, description: 'Display name, e.g. "In Chair"; must contain a letter or digit. Its slug must be unused in the organisation (409).',
});

export const FlowStatusSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  slug: Type.String({ description: 'URL-safe identifier derived from the name ("Ready for Checkout" → "ready-for-checkout"), unique in the organisation.' }),
  color: Type.String({ description: 'Hex color #RRGGBB' }),
  item_order: Type.Integer(),
  is_active: Type.Boolean(),
  ...Stamps,
}, { $id: 'PatientFlowStatus' });
export type FlowStatus = Static<typeof FlowStatusSchema>;

export const CreateFlowStatusBody = Body({
  name: FlowName,
  color: Type.Optional(Type.String({ ...Color, description: 'Hex color #RRGGBB, stored as given. Default #9E9E9E.' })),
  item_order: Type.Optional(Type.Integer({ ...ItemOrder, description: 'Display position (ascending). Default: after the last flow status, inactive ones included.' })),
  is_active: Type.Optional(Type.Boolean({ default: true })),
});

export const UpdateFlowStatusBody = Body({
  base_version: BaseVersion,
  name: Type.Optional(FlowName),
  color: Type.Optional(Color),
  item_order: Type.Optional(ItemOrder),
  is_active: Type.Optional(Type.Boolean()),
}, 'A new `name` re-derives `slug`. `slug` itself is never accepted (422 extra_forbidden).');

export const FlowStatusQuery = Type.Object({
  ...PageQuery,
  include_inactive: Defaulted(Type.Boolean({ default: true, description: 'false leaves inactive flow statuses out.' })),
});

export const FlowStatusPage = PageOf(Type.Ref(FlowStatusSchema));
export const FlowStatusParams = Type.Object({ org_id: Type.String(), flow_status_uuid: Uuid });

/** Record schemas of flow statuses referenced by `$ref`; registered once in app.ts. */
export const flowStatusesSchemas: TSchema[] = [FlowStatusSchema];

/** API shape of a flow status row. */
export function toFlowStatusJson(r: FlowStatusRow): FlowStatus {
  return {
    id: r.id, name: r.name, slug: r.slug, color: r.color, item_order: r.item_order, is_active: r.is_active,
    version: r.version, created_at: r.created_at, updated_at: r.updated_at,
  };
}
