import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { DEFINITION_CATEGORIES, type DefinitionCategory } from '../domain/defaults.ts';
import type { DefinitionRow } from '../db/definitions.ts';
import { BaseVersion, Body, Color, Name, Nullable, PageOf, PageQuery, Stamps, Uuid } from '../../core/http/schemas.ts';

const Category = Type.Unsafe<DefinitionCategory>({
  type: 'string', enum: [...DEFINITION_CATEGORIES],
  description: 'ApptConfirmed: confirmation statuses; BrokenReason / CancelReason: why an appointment was broken or cancelled; ApptTag: appointment tags; AsapPriority: waitlist priorities.',
});
const ItemOrder = Type.Integer({ minimum: 0, maximum: 2_147_483_647, description: 'Display position within the category (ascending).' });

export const DefinitionSchema = Type.Object({
  id: Uuid,
  category: Category,
  name: Type.String(),
  color: Nullable(Type.String()),
  item_order: Type.Integer(),
  is_hidden: Type.Boolean(),
  ...Stamps,
}, { $id: 'Definition' });
export type Definition = Static<typeof DefinitionSchema>;

export const CreateDefinitionBody = Body({
  category: Category,
  name: Name,
  color: Type.Optional(Nullable(Color)),
  item_order: Type.Optional(Type.Integer({ ...ItemOrder, description: 'Display position within the category. Default: after the last definition of the category.' })),
  is_hidden: Type.Optional(Type.Boolean({ default: false })),
});

export const UpdateDefinitionBody = Body({
  base_version: BaseVersion,
  name: Type.Optional(Name),
  color: Type.Optional(Nullable(Color)),
  item_order: Type.Optional(ItemOrder),
  is_hidden: Type.Optional(Type.Boolean()),
}, 'The category of a definition never changes: `category` is refused like any unknown field (422 extra_forbidden).');

export const DefinitionQuery = Type.Object({
  ...PageQuery,
  category: Type.Optional(Category),
  include_hidden: Type.Optional(Type.Boolean({ default: true, description: 'false leaves hidden definitions out.' })),
});

export const DefinitionPage = PageOf(Type.Ref(DefinitionSchema));
export const DefinitionParams = Type.Object({ org_id: Type.String(), definition_uuid: Uuid });

/** API shape of a definition row. */
export function toDefinitionJson(r: DefinitionRow): Definition {
  return {
    id: r.id, category: r.category, name: r.name, color: r.color, item_order: r.item_order, is_hidden: r.is_hidden,
    version: r.version, created_at: r.created_at, updated_at: r.updated_at,
  };
}

/** Record schemas of definitions referenced by `$ref`; registered once in app.ts. */
export const definitionsSchemas: TSchema[] = [DefinitionSchema];
