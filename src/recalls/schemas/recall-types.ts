import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { RecallTypeFields, RecallTypeRow } from '../db/recall-types.ts';
import { BaseVersion, Body, Name, Nullable, NullableRef, PageOf, PageQuery, Stamps, Uuid, ref } from '../../core/http/schemas.ts';
import { IntervalIn, IntervalOut } from './interval.ts';

const Description = Type.String({ maxLength: 5000, description: 'Description of this recall type (up to 5000 characters; default "").' });
const ItemOrder = Type.Integer({ minimum: -1_000_000, maximum: 1_000_000, description: 'Display order among recall types (ascending; default 0).' });
const IsActive = Type.Boolean({
  description: 'Whether the recall type is in use (default true). Recalls of an inactive type are `completed`, are never due and are '
    + 'not advanced by its triggers.',
});
const AppointmentTypeUuid = {
  ...Uuid, description: 'The appointment type that books this recall: booking the patient into one marks their recall scheduled. '
    + 'Unknown → 404; archived → 422; null = none.',
};

export const RecallTypeSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  default_interval: IntervalOut,
  appointment_type: NullableRef('The appointment type that books this recall, or null'),
  is_active: Type.Boolean(),
  item_order: Type.Integer(),
  ...Stamps,
}, { $id: 'RecallType' });
export type RecallType = Static<typeof RecallTypeSchema>;

export const CreateRecallTypeBody = Body({
  name: { ...Name, description: 'Display name, e.g. "Prophy" or "Perio Maintenance" (1–200 characters).' },
  description: Type.Optional(Description),
  default_interval: Type.Optional({ ...IntervalIn, description: `${IntervalIn.description} Default {"months": 6}.` }),
  appointment_type_uuid: Type.Optional(Nullable(AppointmentTypeUuid)),
  is_active: Type.Optional(IsActive),
  item_order: Type.Optional(ItemOrder),
});

export const UpdateRecallTypeBody = Body({
  base_version: BaseVersion,
  name: Type.Optional(Name),
  description: Type.Optional(Description),
  default_interval: Type.Optional(IntervalIn),
  appointment_type_uuid: Type.Optional(Nullable(AppointmentTypeUuid)),
  is_active: Type.Optional(IsActive),
  item_order: Type.Optional(ItemOrder),
}, 'Changes only the fields given; `appointment_type_uuid: null` clears the appointment type.');

export const RecallTypeQuery = Type.Object({
  ...PageQuery,
  is_active: Type.Optional(Type.Boolean({ description: 'Filter by active status; all recall types when omitted.' })),
});
export const RecallTypePage = PageOf(Type.Ref(RecallTypeSchema));
export const RecallTypeParams = Type.Object({ org_id: Type.String(), recall_type_uuid: Uuid });

/** Record schemas of recall types referenced by `$ref`; registered once in app.ts. */
export const recallTypesSchemas: TSchema[] = [RecallTypeSchema];

type Writable = Omit<Static<typeof UpdateRecallTypeBody>, 'base_version'>;

/** The columns a body names; fields it leaves out stay undefined. */
export function toRecallTypeChanges(b: Writable): Partial<RecallTypeFields> {
  return {
    name: b.name, description: b.description, default_interval: b.default_interval, appointment_type_id: b.appointment_type_uuid,
    is_active: b.is_active, item_order: b.item_order,
  };
}

/** Every column of a new type: what the body names, the rest at its default. */
export function toRecallTypeFields(b: Static<typeof CreateRecallTypeBody>): RecallTypeFields {
  return {
    name: b.name, description: b.description ?? '', default_interval: b.default_interval ?? { months: 6 },
    appointment_type_id: b.appointment_type_uuid ?? null, is_active: b.is_active ?? true, item_order: b.item_order ?? 0,
  };
}

/** API shape of a recall type row. */
export function toRecallTypeJson(r: RecallTypeRow): RecallType {
  return {
    id: r.id, name: r.name, description: r.description, default_interval: r.default_interval,
    appointment_type: ref(r.appointment_type_id, r.appointment_type_name), is_active: r.is_active, item_order: r.item_order,
    version: r.version, created_at: r.created_at, updated_at: r.updated_at,
  };
}
