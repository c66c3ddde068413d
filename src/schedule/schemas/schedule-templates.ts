import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { ScheduleTemplateRow } from '../db/schedule-templates.ts';
import { providerName } from '../../practice/index.ts';
import { BaseVersion, Body, DateStr, Nullable, PageOf, PageQuery, Ref, Stamps, Uuid, WallTime, ref, NullableRef } from '../../core/http/schemas.ts';

const DayOfWeek = Type.Integer({ minimum: 0, maximum: 6, description: 'Day of week: 0 = Monday … 6 = Sunday' });
const Note = Type.String({ maxLength: 2000 });
const NoteIn = Nullable(Type.String({ maxLength: 2000, description: 'Free text; null is stored as the empty string' }));
const OperatoryIn = Nullable(Type.String({
  format: 'uuid',
  description: 'Chair the provider works in; must belong to the template\'s location (422 otherwise). Unknown → 404. null: no chair.',
}));
const EffectiveTo = Nullable(Type.String({ format: 'date', description: 'Last date in force (inclusive); null: open-ended. Not before effective_from (422).' }));


export const ScheduleTemplateSchema = Type.Object({
  id: Uuid,
  provider: Type.Ref(Ref, { description: 'The provider; name is "First Last"' }),
  location: Type.Ref(Ref),
  operatory: NullableRef(),
  day_of_week: DayOfWeek,
  start_time: Type.String({ description: 'Local wall-clock start, HH:MM:SS' }),
  end_time: Type.String({ description: 'Local wall-clock end (exclusive), HH:MM:SS' }),
  effective_from: Type.String({ format: 'date' }),
  effective_to: Nullable(Type.String({ format: 'date' })),
  note: Note,
  ...Stamps,
}, { $id: 'ProviderScheduleTemplate' });
export type ScheduleTemplate = Static<typeof ScheduleTemplateSchema>;

export const CreateTemplateBody = Body({
  provider_uuid: Type.String({ format: 'uuid', description: 'Provider; fixed once created. Unknown → 404.' }),
  location_uuid: Type.String({ format: 'uuid', description: 'Location; fixed once created. Unknown or outside the caller\'s locations → 404.' }),
  operatory_uuid: Type.Optional(OperatoryIn),
  day_of_week: DayOfWeek,
  start_time: WallTime,
  end_time: WallTime,
  effective_from: DateStr,
  effective_to: Type.Optional(EffectiveTo),
  note: Type.Optional(NoteIn),
});

export const UpdateTemplateBody = Body({
  base_version: BaseVersion,
  day_of_week: Type.Optional(DayOfWeek),
  start_time: Type.Optional(WallTime),
  end_time: Type.Optional(WallTime),
  effective_from: Type.Optional(DateStr),
  effective_to: Type.Optional(EffectiveTo),
  operatory_uuid: Type.Optional(OperatoryIn),
  note: Type.Optional(NoteIn),
}, 'provider_uuid and location_uuid are not accepted (422 extra_forbidden): a template stays with its provider and location.');

export const TemplateQuery = Type.Object({
  ...PageQuery,
  provider_uuid: Type.Optional(Type.String({ format: 'uuid', description: 'Only this provider\'s templates; unknown → 404' })),
  location_uuid: Type.Optional(Type.String({ format: 'uuid', description: 'Only templates at this location; unknown or outside the caller\'s locations → 404' })),
  day_of_week: Type.Optional(DayOfWeek),
});

export const TemplatePage = PageOf(Type.Ref(ScheduleTemplateSchema));
export const TemplateParams = Type.Object({ org_id: Type.String(), template_uuid: Uuid });

/** Record schemas of schedule-templates referenced by `$ref`; registered once in app.ts. */
export const scheduleTemplatesSchemas: TSchema[] = [ScheduleTemplateSchema];

/** API shape of a template row (joined with provider, location and operatory names). */
export function toScheduleTemplateJson(r: ScheduleTemplateRow): ScheduleTemplate {
  return {
    id: r.id,
    provider: { id: r.provider_id, name: providerName({ first_name: r.provider_first_name, last_name: r.provider_last_name }) },
    location: { id: r.location_id, name: r.location_name },
    operatory: ref(r.operatory_id, r.operatory_name),
    day_of_week: r.day_of_week, start_time: r.start_time, end_time: r.end_time,
    effective_from: r.effective_from, effective_to: r.effective_to, note: r.note,
    version: r.version, created_at: r.created_at, updated_at: r.updated_at,
  };
}
