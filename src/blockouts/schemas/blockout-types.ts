import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { BlockoutTypeRow } from '../db/blockout-types.ts';
import { BaseVersion, Body, Color, Defaulted, Name, Nullable, PageOf, PageQuery, Stamps, Uuid } from '../../core/http/schemas.ts';

const Status = Type.Unsafe<'active' | 'inactive'>({
  type: 'string', enum: ['active', 'inactive'],
  description: '`inactive` types stay readable and keep their blockouts, but new blockouts of them are refused (422).',
});
const ItemOrder = Type.Integer({ minimum: 0, maximum: 2_147_483_647, description: 'Display order among blockout types (ascending).' });
const Abbreviation = Type.String({ maxLength: 50, description: 'Short label for calendar cells.' });
const NoSchedule = 'When true, no appointments may be scheduled during blockouts of this type.';
const DoNotCopy = 'When true, blockouts of this type are skipped by copy-day, copy-week and repeat-weeks.';
const Holiday = 'Our addition: when true, a date with an active blockout of this type at a location is a holiday there — '
  + 'copy-day, copy-week, repeat-weeks and apply-template never write onto it, and creating a blockout on it warns.';

export const BlockoutTypeSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  abbreviation: Nullable(Type.String()),
  color: Type.String({ description: 'Hex colour, #RRGGBB.' }),
  is_no_schedule: Type.Boolean({ description: NoSchedule }),
  is_do_not_copy: Type.Boolean({ description: DoNotCopy }),
  is_hidden: Type.Boolean({ description: 'Whether this blockout type is hidden from the UI (and from lists unless include_hidden).' }),
  is_holiday: Type.Boolean({ description: Holiday }),
  item_order: Type.Integer(),
  status: Status,
  ...Stamps,
}, { $id: 'BlockoutType' });
export type BlockoutType = Static<typeof BlockoutTypeSchema>;

export const CreateBlockoutTypeBody = Body({
  name: Name,
  abbreviation: Type.Optional(Nullable(Abbreviation)),
  color: Type.Optional(Type.String({ pattern: Color.pattern, examples: ['#BDBDBD'], default: '#BDBDBD', description: 'Hex colour #RRGGBB; default #BDBDBD.' })),
  is_no_schedule: Type.Optional(Type.Boolean({ default: false, description: NoSchedule })),
  is_do_not_copy: Type.Optional(Type.Boolean({ default: false, description: DoNotCopy })),
  is_hidden: Type.Optional(Type.Boolean({ default: false })),
  is_holiday: Type.Optional(Type.Boolean({ default: false, description: Holiday })),
  item_order: Type.Optional(Type.Integer({ ...ItemOrder, default: 0 })),
});

export const UpdateBlockoutTypeBody = Body({
  base_version: BaseVersion,
  name: Type.Optional(Name),
  abbreviation: Type.Optional(Nullable(Abbreviation)),
  color: Type.Optional(Color),
  is_no_schedule: Type.Optional(Type.Boolean()),
  is_do_not_copy: Type.Optional(Type.Boolean()),
  is_hidden: Type.Optional(Type.Boolean()),
  is_holiday: Type.Optional(Type.Boolean()),
  item_order: Type.Optional(ItemOrder),
  status: Type.Optional(Status),
});

export const BlockoutTypeQuery = Type.Object({
  ...PageQuery,
  include_hidden: Defaulted(Type.Boolean({ default: false, description: 'When true, includes hidden blockout types.' })),
});

export const BlockoutTypePage = PageOf(Type.Ref(BlockoutTypeSchema));
export const BlockoutTypeParams = Type.Object({ org_id: Type.String(), blockout_type_uuid: Uuid });

/** API shape of a blockout type row. */
export function toBlockoutTypeJson(r: BlockoutTypeRow): BlockoutType {
  return {
    id: r.id, name: r.name, abbreviation: r.abbreviation, color: r.color, is_no_schedule: r.is_no_schedule,
    is_do_not_copy: r.is_do_not_copy, is_hidden: r.is_hidden, is_holiday: r.is_holiday, item_order: r.item_order,
    status: r.status, version: r.version, created_at: r.created_at, updated_at: r.updated_at,
  };
}

/** Record schemas of blockout-types referenced by `$ref`; registered once in app.ts. */
export const blockoutTypesSchemas: TSchema[] = [BlockoutTypeSchema];
