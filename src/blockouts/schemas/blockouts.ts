import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { BlockoutRow } from '../db/blockouts.ts';
import { formatEpochMs } from '../../core/time.ts';
import { BaseVersion, Body, DateStr, LocalInstant, Nullable, PageOf, PageQuery, Ref, Stamps, Uuid, WallTime, ref, NullableRef } from '../../core/http/schemas.ts';

const Note = Type.String({ maxLength: 2000, description: 'Free text; default empty.' });
const Warnings = Type.Array(Type.String(), {
  description: 'Non-fatal warnings: holidays at the location, skipped copies or items (twin, overlap, DST gap, inactive type) and why.',
});

export const BlockoutSchema = Type.Object({
  id: Uuid,
  blockout_type: Type.Ref(Ref, { description: 'The blockout type' }),
  location: Type.Ref(Ref, { description: 'The location the blockout applies at' }),
  operatory: NullableRef('The operatory it blocks; null: the whole location (every operatory).'),
  blockout_group_uuid: Nullable(Type.String({
    format: 'uuid',
    description: 'Recurrence group: blockouts created together for several operatories, by repeat-weeks with their source, '
      + 'by one copy or one template apply. null: not grouped.',
  })),
  schedule_date: DateStr,
  start_time: Type.String({ description: 'Local start time, HH:MM:SS' }),
  end_time: Type.String({ description: 'Local end time, HH:MM:SS' }),
  start_at: Type.String({ ...LocalInstant, description: 'Our addition: the start as an instant with the location\'s offset.' }),
  end_at: Type.String({ ...LocalInstant, description: 'Our addition: the end as an instant with the location\'s offset.' }),
  note: Type.String({ description: 'Note attached to the blockout (empty string if none).' }),
  status: Type.Unsafe<'active' | 'cancelled'>({
    type: 'string', enum: ['active', 'cancelled'],
    description: 'active for every blockout this API creates (DELETE removes a blockout rather than cancelling it); only active blockouts count for overlaps, holidays and copies.',
  }),
  ...Stamps,
}, { $id: 'Blockout' });
export type Blockout = Static<typeof BlockoutSchema>;

const TypeUuid = Type.String({ format: 'uuid', description: 'A blockout type of the organisation (404 otherwise); an inactive type → 422.' });
const AllowOverlap = Type.Boolean({ default: false, description: 'When true, skips the overlap check (overlaps are then reported in `warnings` on create).' });

export const CreateBlockoutBody = Body({
  blockout_type_uuid: TypeUuid,
  location_uuid: Type.String({ format: 'uuid', description: 'Location of the blockout (404 when unknown or outside the caller\'s locations).' }),
  schedule_date: DateStr,
  start_time: WallTime,
  end_time: WallTime,
  note: Type.Optional(Note),
  operatory_uuids: Type.Optional(Nullable(Type.Array(Uuid, {
    minItems: 1, maxItems: 200, uniqueItems: true,
    description: 'One blockout per operatory, all in one new recurrence group; each must be an operatory of the location '
      + '(404 at its index otherwise). Absent or null: one blockout for the whole location.',
  }))),
  allow_overlap: Type.Optional(AllowOverlap),
});

export const CreateBlockoutsResult = Type.Object({
  items: Type.Array(Type.Ref(BlockoutSchema), { description: 'The created blockouts, by operatory order of the request.' }),
  warnings: Warnings,
});

const LocationUuid = Type.String({ format: 'uuid', description: 'The location whose blockouts are copied (404 when unknown or outside the caller\'s locations).' });
const Monday = (what: string) => Type.String({ format: 'date', description: `Monday of the ${what} week, YYYY-MM-DD (another weekday → 422).` });

export const CopyDayBody = Body({ location_uuid: LocationUuid, source_date: DateStr, target_date: DateStr });
export const CopyWeekBody = Body({ location_uuid: LocationUuid, source_week_start: Monday('source'), target_week_start: Monday('target') });
export const RepeatWeeksBody = Body({
  location_uuid: LocationUuid,
  source_week_start: Monday('source'),
  num_weeks: Type.Integer({ minimum: 1, maximum: 52, description: 'Number of following weeks to repeat the pattern onto, 1–52.' }),
});

export const CopyResult = Type.Object({
  count: Type.Integer({ description: 'Number of blockouts created.' }),
  warnings: Warnings,
});

export const UpdateBlockoutBody = Body({
  base_version: BaseVersion,
  allow_overlap: Type.Optional(AllowOverlap),
  apply_to_group: Type.Optional(Type.Boolean({
    default: false,
    description: 'When true, the same changes go to every active blockout of this one\'s recurrence group (each version + 1). '
      + 'Cannot be combined with schedule_date or operatory_uuid (422): a group spans dates and operatories.',
  })),
  blockout_type_uuid: Type.Optional(TypeUuid),
  schedule_date: Type.Optional(DateStr),
  start_time: Type.Optional(WallTime),
  end_time: Type.Optional(WallTime),
  note: Type.Optional(Note),
  operatory_uuid: Type.Optional(Nullable(Type.String({
    format: 'uuid', description: 'An operatory of the blockout\'s location (404 otherwise); null: the whole location.',
  }))),
});

export const BlockoutQuery = Type.Object({
  ...PageQuery,
  location_uuid: Type.Optional(Type.String({ format: 'uuid', description: 'Only this location (404 when unknown or outside the caller\'s locations).' })),
  date_from: Type.Optional(Type.String({ ...DateStr, description: 'Blockouts on or after this local date.' })),
  date_to: Type.Optional(Type.String({ ...DateStr, description: 'Blockouts on or before this local date (not before date_from: 422).' })),
});

export const BlockoutPage = PageOf(Type.Ref(BlockoutSchema));
export const BlockoutParams = Type.Object({ org_id: Type.String(), blockout_uuid: Uuid });

/** API shape of a blockout row; instants are given with the location's offset. */
export function toBlockoutJson(r: BlockoutRow): Blockout {
  return {
    id: r.id, blockout_type: { id: r.blockout_type_id, name: r.type_name }, location: { id: r.location_id, name: r.location_name },
    operatory: ref(r.operatory_id, r.operatory_name), blockout_group_uuid: r.group_id, schedule_date: r.schedule_date,
    start_time: r.start_time, end_time: r.end_time,
    start_at: formatEpochMs(Date.parse(r.start_at), r.timezone), end_at: formatEpochMs(Date.parse(r.end_at), r.timezone),
    note: r.note, status: r.status, version: r.version, created_at: r.created_at, updated_at: r.updated_at,
  };
}

/** Record schemas of blockouts referenced by `$ref`; registered once in app.ts. */
export const blockoutsSchemas: TSchema[] = [BlockoutSchema];
