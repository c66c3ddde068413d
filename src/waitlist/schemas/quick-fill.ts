import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Body, DateStr, Uuid, WallTime } from '../../core/http/schemas.ts';
import { AsapEntrySchema } from './asap-entries.ts';

export const QuickFillBody = Body({
  appointment_type_uuid: Type.Optional({ ...Uuid, description: 'The kind of visit the opening suits: entries wanting another type are '
    + 'excluded (entries without a type match). Unknown → 404.' }),
  include_cross_location: Type.Optional(Type.Boolean({ description: 'Include entries of other locations with scope `any`, or `selected` '
    + 'naming this location (default true).' })),
  location_uuid: { ...Uuid, description: 'Location of the opening (unknown or outside the caller\'s locations → 404).' },
  max_results: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 25, description: 'Maximum matches returned (default 25).' })),
  operatory_uuid: Type.Optional({ ...Uuid, description: 'Our addition: the chair of the opening (unknown → 404, at another location → 422). '
    + 'Identifies the opening; not scored.' }),
  provider_uuid: Type.Optional({ ...Uuid, description: 'Provider of the opening; scored against each entry\'s preferred provider. Unknown → 404.' }),
  slot_date: DateStr,
  slot_end_time: { ...WallTime, description: 'End of the opening (after the start, 422 otherwise; in a DST gap → 422 dst_gap).' },
  slot_start_time: WallTime,
});
export type QuickFillInput = Static<typeof QuickFillBody>;

const Part = Type.Object({ points: Type.Integer(), max: Type.Integer(), reason: Type.String() });

export const QuickFillMatchSchema = Type.Object({
  entry: Type.Ref(AsapEntrySchema),
  score: Type.Integer({ description: 'score_details.total: the ranking key.' }),
  quality: Type.Unsafe<'excellent' | 'good' | 'fair'>({ type: 'string', enum: ['excellent', 'good', 'fair'],
    description: 'How well the opening fits the patient, from the fit points (days + time + duration + provider + location, at most 50): '
      + '≥ 45 excellent, ≥ 30 good, else fair.' }),
  provider_match: Type.Boolean({ description: 'False only when both the opening and the entry name a provider and they differ.' }),
  location_match: Type.Boolean({ description: 'True when the opening is at the entry\'s home location.' }),
  duration_fit: Type.Unsafe<'exact' | 'shorter' | 'unknown'>({ type: 'string', enum: ['exact', 'shorter', 'unknown'],
    description: 'exact: the visit fills the opening; shorter: it leaves time over; unknown: the entry names no length (assumed to fit).' }),
  score_details: Type.Object({
    urgency: Part, priority: Part, days_waiting: Part, preferred_days: Part, preferred_time: Part, duration: Part, provider: Part,
    location: Part, total: Type.Integer(),
  }, { description: 'Each factor\'s points, its maximum and a readable reason; total = their sum.' }),
}, { $id: 'QuickFillMatch' });
export type QuickFillMatch = Static<typeof QuickFillMatchSchema>;

export const QuickFillResult = Type.Object({
  matches: Type.Array(Type.Ref(QuickFillMatchSchema), { description: 'Ranked matches, best first, at most max_results.' }),
  total_matches: Type.Integer({ description: 'Matches found before max_results was applied.' }),
});

/** Record schemas of quick-fill referenced by `$ref` (also by the cancel and break responses); registered once in app.ts. */
export const quickFillSchemas: TSchema[] = [QuickFillMatchSchema];
