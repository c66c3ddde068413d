import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { BaseVersion, Body, Defaulted, Instant, Nullable, PageOf, PageQuery, Uuid } from '../../core/http/schemas.ts';
import { CreateAppointmentBody } from '../../appointments/index.ts';
import { slotStateOf, type SlotRow } from '../db/slots.ts';
import { isSlotAvailable } from '../domain/slot-rules.ts';
import { Metadata } from './metadata.ts';

const StatusEnum = Type.Unsafe<'active' | 'disabled'>({
  type: 'string', enum: ['active', 'disabled'],
  description: 'active: bookable; disabled: nothing can be booked into it (POST …/enable and …/disable change it).',
});

export const SlotSchema = Type.Object({
  _object: Type.Literal('slot'),
  id: Uuid,
  booking_block_id: Uuid,
  start_date: { ...Instant, description: 'When the slot begins, UTC, ISO 8601.' },
  end_date: { ...Instant, description: 'When the slot ends (exclusive), UTC, ISO 8601.' },
  capacity: Type.Integer({ description: 'The most scheduled or complete appointments the slot takes.' }),
  status: StatusEnum,
  lockable: Type.Boolean({ description: 'Whether POST …/lock may lock the slot.' }),
  locked_until: Nullable({ ...Instant, description: 'While a lock (a hold on the slot) lives: when it expires, UTC; otherwise null.' }),
  available: Type.Boolean({
    description: 'Computed: active, not locked, scheduled or complete appointments plus live locks below capacity, and not started yet.',
  }),
  metadata: Metadata,
  num_active_appointments: Type.Integer({ description: 'Appointments booked into the slot that are scheduled or complete.' }),
  num_cancelled_appointments: Type.Integer({ description: 'Appointments booked into the slot that were cancelled or broken (their places are free).' }),
  num_appointments: Type.Integer({ description: 'Every appointment booked into the slot.' }),
  version: Type.Integer(),
  created_at: Instant,
  updated_at: Instant,
}, { $id: 'Slot' });
export type Slot = Static<typeof SlotSchema>;

export const LockedSlotSchema = Type.Object({
  ...SlotSchema.properties,
  hold_id: { ...Uuid, description: 'The hold that locks the slot (GET /holds/{hold_uuid}; DELETE there unlocks too).' },
  hold_token: Type.String({
    description: 'Books the locked place: POST /slots/{slot_id}/appointments or POST /appointments (slot_uuid optional) with `hold_token`. Shown only here.',
  }),
  patient_uuid: Nullable({
    ...Uuid, description: 'Our addition: the patient the lock keeps the slot for (the request\'s `patient_uuid`), also on GET /holds/{hold_id}; '
      + 'only a booking of that patient may use the token (409 `hold_invalid` otherwise). null: whoever carries the token.',
  }),
}, { $id: 'LockedSlot' });

const Range = {
  start_date: { ...Instant, description: 'RFC 3339; stored as the instant. With end_date, one local date at the block\'s location.' },
  end_date: { ...Instant, description: 'RFC 3339, after start_date.' },
};
const Capacity = Type.Integer({ minimum: 1, maximum: 10_000, default: 1, description: 'The most scheduled or complete appointments (default 1).' });

export const CreateSlotBody = Body({
  booking_block_id: Type.String({ format: 'uuid', description: 'The booking block (404 unknown or outside the caller\'s locations).' }),
  ...Range,
  capacity: Defaulted(Capacity),
  status: Defaulted({ ...StatusEnum, default: 'active' }),
  lockable: Defaulted(Type.Boolean({ default: true })),
  metadata: Type.Optional(Metadata),
});

export const UpdateSlotBody = Body({
  base_version: BaseVersion,
  start_date: Type.Optional(Range.start_date),
  end_date: Type.Optional(Range.end_date),
  capacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  lockable: Type.Optional(Type.Boolean()),
  metadata: Type.Optional(Metadata),
}, 'booking_block_id is fixed; status changes through POST …/enable and …/disable.');

export const SlotQuery = Type.Object({
  ...PageQuery,
  booking_block_id: Type.Optional(Type.String({ format: 'uuid', description: 'Only slots of this booking block' })),
  status: Type.Optional(StatusEnum),
  available: Type.Optional(Type.Boolean({ description: 'Only slots that are (true) or are not (false) available now' })),
  start_from: Type.Optional({ ...Instant, description: 'Only slots starting at or after this instant' }),
  start_to: Type.Optional({ ...Instant, description: 'Only slots starting before this instant' }),
});

export const LockSlotBody = Body({
  ttl_seconds: Defaulted(Type.Integer({ minimum: 30, maximum: 1800, default: 300, description: 'How long the lock lasts, 30–1,800 seconds.' })),
  patient_uuid: Type.Optional(Type.String({
    format: 'uuid', description: 'The patient the slot is kept for (404 unknown): kept on the lock, and only a booking of this patient may use its token.',
  })),
});

/** A booking into a slot: a create body without the location, date and times, which come from the slot. */
export const BookIntoSlotBody = Type.Omit(CreateAppointmentBody, ['location_uuid', 'schedule_date', 'start_time', 'end_time', 'slot_uuid', 'service_id'], {
  additionalProperties: false,
});

export const SlotPage = PageOf(Type.Ref(SlotSchema));
export const SlotParams = Type.Object({ org_id: Type.String(), slot_id: Uuid });

/** Record schemas of slots referenced by `$ref`; registered once in app.ts. */
export const slotsSchemas: TSchema[] = [SlotSchema, LockedSlotSchema];

/** API shape of a slot row; `available` as of `now` (the injected clock). */
export function toSlotJson(r: SlotRow, now: Date): Slot {
  return {
    _object: 'slot', id: r.id, booking_block_id: r.booking_block_id, start_date: r.start_at, end_date: r.end_at,
    capacity: r.capacity, status: r.status, lockable: r.lockable, locked_until: r.locked_until,
    available: isSlotAvailable(slotStateOf(r), now.getTime()), metadata: r.metadata,
    num_active_appointments: r.num_active, num_cancelled_appointments: r.num_cancelled, num_appointments: r.num_total,
    version: r.version, created_at: r.created_at, updated_at: r.updated_at,
  };
}
