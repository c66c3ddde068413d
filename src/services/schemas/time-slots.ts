import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Body, Instant } from '../../core/http/schemas.ts';
import type { TimeSlotRow } from '../db/time-slots.ts';
import { formatSlotTime } from '../domain/time-slots.ts';
import { Data, IntId, ListQuery, Pagination } from './envelope.ts';

const DayOfWeek = Type.Integer({ minimum: 0, maximum: 6, description: '0 = Monday … 6 = Sunday.' });
const SlotTimeIn = (what: string) => Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2} ([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d$', examples: ['2023-01-01 09:00:00'],
  description: `${what}: "YYYY-MM-DD HH:MM:SS", wall clock at the service's location. The date is a placeholder (any real date; only the time counts); whole minutes.`,
});
const SlotTimeOut = Type.String({ examples: ['2023-01-01 09:00:00'], description: 'Wall clock "HH:MM:SS" on the placeholder date 2023-01-01.' });

export const TimeSlotSchema = Type.Object({
  id: Type.Integer(),
  service_id: Type.Integer(),
  day_of_week: Type.Integer({ description: '0 = Monday … 6 = Sunday.' }),
  start_time: SlotTimeOut,
  end_time: SlotTimeOut,
  max_bookings: Type.Integer({ description: 'Bookings one occurrence (this window on one date) takes at most.' }),
  created_at: Instant,
  updated_at: Instant,
}, { $id: 'TimeSlot' });
export type TimeSlot = Static<typeof TimeSlotSchema>;

export const TimeSlotEntryBody = Body({
  id: Type.Optional({ ...IntId, description: 'A time slot of this service to update; left out: a new time slot.' }),
  day_of_week: DayOfWeek,
  start_time: SlotTimeIn('Start of the window'),
  end_time: SlotTimeIn('End of the window (exclusive), after the start on the same day'),
  max_bookings: Type.Integer({ minimum: 1, maximum: 10_000, description: 'Cap of bookings per occurrence.' }),
});

export const SaveTimeSlotsBody = Body({
  service_id: IntId,
  time_slots: Type.Array(TimeSlotEntryBody, { maxItems: 200 }),
});

export const TimeSlotListQuery = Type.Object({
  service_id: Type.Optional({ ...IntId, description: 'Only this service\'s time slots (404 when it does not exist).' }),
  ...ListQuery,
});

export const DeleteTimeSlotsQuery = Type.Object({
  service_id: IntId,
  day_of_week: DayOfWeek,
});

export const TimeSlotParams = Type.Object({ org_id: Type.String(), time_slot_id: IntId });

export const TimeSlotArrayData = Data(Type.Array(Type.Ref(TimeSlotSchema)));
export const TimeSlotListData = Data(Type.Object({ time_slots: Type.Array(Type.Ref(TimeSlotSchema)), pagination: Pagination }));

/** Record schemas of time slots referenced by `$ref`; registered once in app.ts. */
export const timeSlotsSchemas: TSchema[] = [TimeSlotSchema];

/** API shape of a time slot row: times on the placeholder date. */
export function toTimeSlotJson(r: TimeSlotRow): TimeSlot {
  return {
    id: r.id, service_id: r.service_id, day_of_week: r.day_of_week, start_time: formatSlotTime(r.start_time), end_time: formatSlotTime(r.end_time),
    max_bookings: r.max_bookings, created_at: r.created_at, updated_at: r.updated_at,
  };
}
