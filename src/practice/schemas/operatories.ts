import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { OperatoryRow } from '../db/operatories.ts';
import { BaseVersion, Body, Name, Nullable, PageOf, PageQuery, Ref, ShortText, Stamps, Uuid } from '../../core/http/schemas.ts';

const itemOrder = { minimum: 0, maximum: 2_147_483_647, description: 'Position of the chair within its location (ascending)' };

export const OperatorySchema = Type.Object({
  id: Uuid,
  location: Type.Ref(Ref, { description: 'The location the chair belongs to' }),
  name: Type.String(),
  abbrev: Nullable(Type.String()),
  is_hygiene: Type.Boolean(),
  item_order: Type.Integer(),
  is_active: Type.Boolean(),
  ...Stamps,
}, { $id: 'Operatory' });
export type Operatory = Static<typeof OperatorySchema>;

export const CreateOperatoryBody = Body({
  location_uuid: Type.String({ format: 'uuid', description: 'Location of the chair; fixed once created. Unknown, other organisation\'s or outside the caller\'s locations → 404.' }),
  name: Name,
  abbrev: Type.Optional(Nullable(ShortText)),
  is_hygiene: Type.Optional(Type.Boolean({ default: false })),
  item_order: Type.Optional(Type.Integer({ ...itemOrder, default: 0 })),
  is_active: Type.Optional(Type.Boolean({ default: true })),
});

export const UpdateOperatoryBody = Body({
  base_version: BaseVersion,
  name: Type.Optional(Name),
  abbrev: Type.Optional(Nullable(ShortText)),
  is_hygiene: Type.Optional(Type.Boolean()),
  item_order: Type.Optional(Type.Integer(itemOrder)),
  is_active: Type.Optional(Type.Boolean()),
}, 'location_uuid is not accepted: a chair does not move between locations.');

export const OperatoryQuery = Type.Object({
  ...PageQuery,
  location_uuid: Type.Optional(Type.String({ format: 'uuid', description: 'Only chairs of this location' })),
  is_active: Type.Optional(Type.Boolean()),
  is_hygiene: Type.Optional(Type.Boolean()),
});

export const OperatoryPage = PageOf(Type.Ref(OperatorySchema));
export const OperatoryParams = Type.Object({ org_id: Type.String(), operatory_uuid: Uuid });

/** Record schemas of operatories referenced by `$ref`; registered once in app.ts. */
export const operatoriesSchemas: TSchema[] = [OperatorySchema];

/** API shape of an operatory row (joined with its location's name). */
export function toOperatoryJson(r: OperatoryRow): Operatory {
  return {
    id: r.id, location: { id: r.location_id, name: r.location_name }, name: r.name, abbrev: r.abbrev,
    is_hygiene: r.is_hygiene, item_order: r.item_order, is_active: r.is_active,
    version: r.version, created_at: r.created_at, updated_at: r.updated_at,
  };
}
