import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { formatEpochMs } from '../../core/time.ts';
import { Body, DateStr, LocalInstant, Uuid, WallTime } from '../../core/http/schemas.ts';
import type { ServiceBooking as Booked } from '../commands/book-service.ts';
import { Data } from './envelope.ts';

export const ServiceAvailabilityQuery = Type.Object({
  date_from: Type.Optional({ ...DateStr, description: 'First local date searched, inclusive. Default: today at the service\'s location.' }),
  date_to: Type.Optional({ ...DateStr, description: 'Last local date searched, inclusive; at most 89 days after date_from (90 days). Default: date_from + 6.' }),
});
export type ServiceAvailabilityParams = Static<typeof ServiceAvailabilityQuery>;

export const ServiceStartSchema = Type.Object({
  start: LocalInstant,
  end: LocalInstant,
  date: { ...DateStr, description: 'The local date of the occurrence.' },
  time_slot_id: Type.Integer({ description: 'The time slot whose window holds the start.' }),
  places_left: Type.Integer({ description: 'Bookings the occurrence (this time slot on this date) still takes: max_bookings less the places held.' }),
}, { $id: 'ServiceStart' });
export type ServiceStart = Static<typeof ServiceStartSchema>;

export const BookServiceBody = Body({
  patient_uuid: { ...Uuid, description: 'The patient booked (404 unknown).' },
  start: Type.Optional(Type.String({ format: 'date-time', description: 'The start as an RFC 3339 instant (with offset), e.g. a `start` of the availability.' })),
  date: Type.Optional({ ...DateStr, description: 'Or the start as a local date at the service\'s location …' }),
  time: Type.Optional({ ...WallTime, description: '… and a wall-clock time there (a daylight-saving gap time → 400 dst_gap; a repeated hour → its first pass).' }),
}, 'Give `start`, or `date` and `time` (400 otherwise).');

export const ServiceBookingSchema = Type.Object({
  id: { ...Uuid, description: 'The appointment\'s id (the booking is the appointment).' },
  service_id: Type.Integer(),
  time_slot_id: Type.Integer(),
  date: DateStr,
  start: LocalInstant,
  end: LocalInstant,
  appointment_uuid: Uuid,
  patient_uuid: Uuid,
  provider_uuid: Uuid,
  operatory_uuid: Uuid,
}, { $id: 'ServiceBooking' });
export type ServiceBookingJson = Static<typeof ServiceBookingSchema>;

export const ServiceStartListData = Data(Type.Array(Type.Ref(ServiceStartSchema)));
export const ServiceBookingData = Data(Type.Ref(ServiceBookingSchema));

/** Record schemas of service availability and bookings referenced by `$ref`; registered once in app.ts. */
export const serviceBookingsSchemas: TSchema[] = [ServiceStartSchema, ServiceBookingSchema];

/** API shape of a booking made: instants at the location's offset. */
export function toServiceBookingJson(b: Booked): ServiceBookingJson {
  return {
    id: b.appointmentId, service_id: b.serviceId, time_slot_id: b.timeSlotId, date: b.date,
    start: formatEpochMs(b.start, b.zone), end: formatEpochMs(b.end, b.zone), appointment_uuid: b.appointmentId,
    patient_uuid: b.patientId, provider_uuid: b.providerId, operatory_uuid: b.operatoryId,
  };
}
