import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { BlockTemplateItemRow, BlockTemplateRow } from '../db/block-templates.ts';
import { BaseVersion, Body, DateStr, Defaulted, Name, Nullable, PageOf, PageQuery, Ref, Stamps, Uuid, WallTime, ref, NullableRef } from '../../core/http/schemas.ts';

const Status = Type.Unsafe<'active' | 'inactive'>({
  type: 'string', enum: ['active', 'inactive'], description: 'An inactive template stays readable but cannot be applied (422).',
});
const DayOfWeek = Type.Integer({ minimum: 0, maximum: 6, description: 'Weekday the template is meant for, 0 = Monday … 6 = Sunday; informational.' });
const ItemOrder = Type.Integer({ minimum: 0, maximum: 2_147_483_647 });
const Description = Type.String({ maxLength: 2000 });
const LocationUuid = Type.String({
  format: 'uuid',
  description: 'The location the template is for (404 when unknown or outside the caller\'s locations); null: usable at every location.',
});

export const BlockTemplateSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.String({ description: 'Description of the template (empty string if none).' }),
  day_of_week: Nullable(Type.Integer({ description: '0 = Monday … 6 = Sunday, or null.' })),
  is_hidden: Type.Boolean(),
  item_order: Type.Integer({ description: 'Display order among templates (ascending).' }),
  location: NullableRef('The location the template is for; null: usable at every location.'),
  status: Status,
  ...Stamps,
}, { $id: 'BlockScheduleTemplate' });
export type BlockTemplate = Static<typeof BlockTemplateSchema>;

export const BlockTemplateItemSchema = Type.Object({
  id: Uuid,
  blockout_type: Type.Ref(Ref, { description: 'Type of the blockouts the item creates' }),
  start_time: Type.String({ description: 'Local start time, HH:MM:SS' }),
  end_time: Type.String({ description: 'Local end time, HH:MM:SS' }),
  item_order: Type.Integer({ description: 'Display order within the template (ascending).' }),
  operatory: NullableRef('The operatory the item blocks; null: the whole location.'),
}, { $id: 'BlockScheduleTemplateItem' });
export type BlockTemplateItem = Static<typeof BlockTemplateItemSchema>;

export const CreateBlockTemplateBody = Body({
  name: Name,
  description: Type.Optional(Description),
  day_of_week: Type.Optional(Nullable(DayOfWeek)),
  is_hidden: Type.Optional(Type.Boolean({ default: false })),
  item_order: Type.Optional(Type.Integer({ ...ItemOrder, default: 0, description: 'Display order among templates (ascending); default 0.' })),
  location_uuid: Type.Optional(Nullable(LocationUuid)),
});

export const UpdateBlockTemplateBody = Body({
  base_version: BaseVersion,
  name: Type.Optional(Name),
  description: Type.Optional(Description),
  day_of_week: Type.Optional(Nullable(DayOfWeek)),
  is_hidden: Type.Optional(Type.Boolean()),
  item_order: Type.Optional(ItemOrder),
  location_uuid: Type.Optional(Nullable(LocationUuid)),
  status: Type.Optional(Status),
});

export const BlockTemplateQuery = Type.Object({
  ...PageQuery,
  location_uuid: Type.Optional(Type.String({
    format: 'uuid', description: 'Only templates of this location (404 when unknown or outside the caller\'s locations). Omitted: the org-wide templates.',
  })),
  include_hidden: Defaulted(Type.Boolean({ default: false, description: 'When true, includes hidden templates.' })),
});

export const AddBlockTemplateItemBody = Body({
  blockout_type_uuid: Type.String({ format: 'uuid', description: 'A blockout type of the organisation (404 otherwise); an inactive one → 422.' }),
  start_time: WallTime,
  end_time: WallTime,
  item_order: Type.Optional(Type.Integer({ ...ItemOrder, default: 0, description: 'Display order within the template (ascending); default 0.' })),
  operatory_uuid: Type.Optional(Nullable(Type.String({
    format: 'uuid',
    description: 'The operatory to block (404 when unknown or outside the caller\'s locations; 422 when not at the template\'s location). '
      + 'Absent or null: the whole location.',
  }))),
});

export const ApplyBlockTemplateBody = Body({
  location_uuid: Type.String({ format: 'uuid', description: 'Where to create the blockouts (404 when unknown or outside the caller\'s locations).' }),
  target_date: DateStr,
});

export const ApplyResult = Type.Object({
  count: Type.Integer({ description: 'Number of blockouts created.' }),
  warnings: Type.Array(Type.String(), { description: 'The holiday, or each skipped item and why.' }),
});

export const BlockTemplatePage = PageOf(Type.Ref(BlockTemplateSchema));
export const BlockTemplateItemList = Type.Array(Type.Ref(BlockTemplateItemSchema), { description: 'Items by item_order, start_time, id.' });
export const BlockTemplateParams = Type.Object({ org_id: Type.String(), template_uuid: Uuid });
export const BlockTemplateItemParams = Type.Object({ org_id: Type.String(), template_uuid: Uuid, item_uuid: Uuid });

/** API shape of a template row. */
export function toBlockTemplateJson(r: BlockTemplateRow): BlockTemplate {
  return {
    id: r.id, name: r.name, description: r.description, day_of_week: r.day_of_week, is_hidden: r.is_hidden, item_order: r.item_order,
    location: ref(r.location_id, r.location_name), status: r.status, version: r.version, created_at: r.created_at, updated_at: r.updated_at,
  };
}

/** API shape of a template item row. */
export function toBlockTemplateItemJson(r: BlockTemplateItemRow): BlockTemplateItem {
  return {
    id: r.id, blockout_type: { id: r.blockout_type_id, name: r.type_name }, start_time: r.start_time, end_time: r.end_time,
    item_order: r.item_order, operatory: ref(r.operatory_id, r.operatory_name),
  };
}

/** Record schemas of block-templates referenced by `$ref`; registered once in app.ts. */
export const blockTemplatesSchemas: TSchema[] = [BlockTemplateSchema, BlockTemplateItemSchema];
