import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { AppointmentRuleRow } from '../db/appointment-rules.ts';
import { BaseVersion, Body, Nullable, PageOf, PageQuery, Ref, Stamps, Uuid, ref, NullableRef } from '../../core/http/schemas.ts';

const AllowOverlap = Type.Boolean({ description: 'Whether appointments of these two types may overlap in the schedule.' });

export const AppointmentRuleSchema = Type.Object({
  id: Uuid,
  appointment_type_a: Type.Ref(Ref, { description: 'The first appointment type of the pair, as created' }),
  appointment_type_b: Type.Ref(Ref, { description: 'The second appointment type of the pair, as created (may equal the first)' }),
  location: NullableRef('The location the rule applies at; null: org-wide'),
  allow_overlap: Type.Boolean(),
  ...Stamps,
}, { $id: 'AppointmentRule' });
export type AppointmentRule = Static<typeof AppointmentRuleSchema>;

export const CreateAppointmentRuleBody = Body({
  appointment_type_uuid_a: Type.String({ format: 'uuid', description: 'First appointment type of the pair; unknown → 404.' }),
  appointment_type_uuid_b: Type.String({
    format: 'uuid', description: 'Second appointment type of the pair; unknown → 404. May equal the first (two recalls may overlap).',
  }),
  location_uuid: Type.Optional(Nullable(Type.String({
    format: 'uuid',
    description: 'Location the rule applies at; absent or null: org-wide (needs a caller not limited to locations, else 403). '
      + 'Unknown, other organisation\'s or outside the caller\'s locations → 404.',
  }))),
  allow_overlap: AllowOverlap,
});

export const UpdateAppointmentRuleBody = Body({
  base_version: BaseVersion,
  allow_overlap: AllowOverlap,
}, 'Only `allow_overlap` is mutable: the pair and the location are fixed once created (other fields → 422 extra_forbidden).');

export const AppointmentRuleQuery = Type.Object({
  ...PageQuery,
  location_uuid: Type.Optional(Type.String({ format: 'uuid', description: 'The rules of this location; omitted: the org-wide rules only.' })),
  appointment_type_uuid: Type.Optional(Type.String({ format: 'uuid', description: 'Only rules with this type on either side of the pair.' })),
});

export const AppointmentRulePage = PageOf(Type.Ref(AppointmentRuleSchema));
export const AppointmentRuleParams = Type.Object({ org_id: Type.String(), rule_uuid: Uuid });

/** Record schemas of appointment rules referenced by `$ref`; registered once in app.ts. */
export const appointmentRulesSchemas: TSchema[] = [AppointmentRuleSchema];

/** API shape of an appointment rule row (joined with the names of its types and location). */
export function toAppointmentRuleJson(r: AppointmentRuleRow): AppointmentRule {
  return {
    id: r.id,
    appointment_type_a: { id: r.appointment_type_a_id, name: r.type_a_name },
    appointment_type_b: { id: r.appointment_type_b_id, name: r.type_b_name },
    location: ref(r.location_id, r.location_name),
    allow_overlap: r.allow_overlap,
    version: r.version, created_at: r.created_at, updated_at: r.updated_at,
  };
}
