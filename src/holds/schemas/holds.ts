import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { formatEpochMs } from '../../core/time.ts';
import { Body, DateStr, Defaulted, Instant, LocalInstant, Nullable, Ref, Uuid, WallTime } from '../../core/http/schemas.ts';
import type { HoldRow } from '../db/holds.ts';

export const HoldSchema = Type.Object({
  id: Uuid,
  status: Type.Unsafe<'held' | 'expired'>({
    type: 'string', enum: ['held', 'expired'],
    description: 'held while the hold counts; expired from `expires_at` on (an expired hold takes no time and is deleted later).',
  }),
  location: Type.Ref(Ref),
  operatory: Type.Ref(Ref, { description: 'The chair held.' }),
  providers: Type.Array(Type.Ref(Ref), { description: 'The providers whose time is held too (possibly none).' }),
  schedule_date: DateStr,
  start_time: Type.String({ description: 'Local start time, HH:MM:SS' }),
  end_time: Type.String({ description: 'Local end time, HH:MM:SS' }),
  start_at: LocalInstant,
  end_at: LocalInstant,
  expires_at: { ...Instant, description: 'When the hold stops counting (UTC).' },
  patient_uuid: Nullable({
    ...Uuid, description: 'Our addition: the patient a slot lock (POST /slots/{slot_id}/lock with `patient_uuid`) keeps the slot for; '
      + 'only a booking of that patient may convert the hold (409 `hold_invalid` otherwise). null: whoever carries the token.',
  }),
  created_at: Instant,
}, { $id: 'Hold' });
export type Hold = Static<typeof HoldSchema>;

export const CreatedHoldSchema = Type.Object({
  ...HoldSchema.properties,
  hold_token: Type.String({ description: 'Converts the hold into a booking (POST /appointments with `hold_token`). Shown only here; only its hash is stored.' }),
}, { $id: 'CreatedHold' });

export const CreateHoldBody = Body({
  location_uuid: Type.String({ format: 'uuid', description: 'The location (404 when unknown or outside the caller\'s locations; inactive → 422).' }),
  operatory_uuid: Type.Optional(Type.String({ format: 'uuid', description: 'The chair to hold; left out: the first free one in display order.' })),
  provider_uuids: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), {
    maxItems: 10, description: 'Providers whose time to hold as well (404 naming the first unknown one).',
  })),
  start_at: Type.Optional({ ...Instant, description: 'The range as instants (with end_at), on one local date at the location.' }),
  end_at: Type.Optional(Instant),
  schedule_date: Type.Optional(DateStr),
  start_time: Type.Optional(WallTime),
  end_time: Type.Optional(WallTime),
  ttl_seconds: Defaulted(Type.Integer({ minimum: 30, maximum: 1800, default: 300, description: 'How long the hold lasts, 30–1,800 seconds.' })),
});

export const HoldParams = Type.Object({ org_id: Type.String(), hold_uuid: Uuid });

/** Record schemas of holds referenced by `$ref`; registered once in app.ts. */
export const holdsSchemas: TSchema[] = [HoldSchema, CreatedHoldSchema];

/** API shape of a hold row. */
export function toHoldJson(r: HoldRow): Hold {
  return {
    id: r.id, status: r.live ? 'held' : 'expired',
    location: { id: r.location_id, name: r.location_name }, operatory: { id: r.operatory_id, name: r.operatory_name },
    providers: r.providers, schedule_date: r.schedule_date, start_time: r.start_time, end_time: r.end_time,
    start_at: formatEpochMs(Date.parse(r.start_at), r.timezone), end_at: formatEpochMs(Date.parse(r.end_at), r.timezone),
    expires_at: r.expires_at, patient_uuid: r.patient_id, created_at: r.created_at,
  };
}
