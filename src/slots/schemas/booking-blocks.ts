import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { BaseVersion, Body, Name, Nullable, NullableRef, PageOf, PageQuery, Ref, ref, Stamps, Uuid } from '../../core/http/schemas.ts';
import type { BookingBlockRow } from '../db/booking-blocks.ts';
import { Metadata } from './metadata.ts';

export const BookingBlockSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  location: Type.Ref(Ref, { description: 'The location the block serves; fixed once created.' }),
  appointment_type: NullableRef('The type a booking into one of its slots gets when it names none.'),
  operatories: Type.Array(Type.Ref(Ref), { description: 'The chairs that serve the block, in display order (item_order, name).' }),
  providers: Type.Array(Type.Ref(Ref), { description: 'The providers that serve the block, by last and first name (possibly none).' }),
  metadata: Metadata,
  ...Stamps,
}, { $id: 'BookingBlock' });
export type BookingBlock = Static<typeof BookingBlockSchema>;

const OperatoryUuids = Type.Array(Type.String({ format: 'uuid' }), {
  minItems: 1, maxItems: 50, uniqueItems: true,
  description: 'Chairs of the block\'s location (404 unknown or outside the caller\'s locations, 422 at another location).',
});
const ProviderUuids = Type.Array(Type.String({ format: 'uuid' }), {
  maxItems: 50, uniqueItems: true, description: 'Providers (404 naming the first unknown one); none: bookings name no provider.',
});
const AppointmentTypeUuid = Nullable({
  ...Uuid, description: 'Default type of the block\'s bookings (404 unknown; 422 archived or not offered at the location); null: none.',
});

export const CreateBookingBlockBody = Body({
  name: Name,
  location_uuid: Type.String({ format: 'uuid', description: 'Unknown, another organisation\'s or outside the caller\'s locations → 404.' }),
  operatory_uuids: OperatoryUuids,
  provider_uuids: Type.Optional(ProviderUuids),
  appointment_type_uuid: Type.Optional(AppointmentTypeUuid),
  metadata: Type.Optional(Metadata),
});

export const UpdateBookingBlockBody = Body({
  base_version: BaseVersion,
  name: Type.Optional(Name),
  operatory_uuids: Type.Optional(OperatoryUuids),
  provider_uuids: Type.Optional(ProviderUuids),
  appointment_type_uuid: Type.Optional(AppointmentTypeUuid),
  metadata: Type.Optional(Metadata),
}, 'location_uuid is not accepted: a block\'s slots were timed at its location.');

export const BookingBlockQuery = Type.Object({
  ...PageQuery,
  location_uuid: Type.Optional(Type.String({ format: 'uuid', description: 'Only blocks of this location' })),
});

export const BookingBlockPage = PageOf(Type.Ref(BookingBlockSchema));
export const BookingBlockParams = Type.Object({ org_id: Type.String(), booking_block_uuid: Uuid });

/** Record schemas of booking blocks referenced by `$ref`; registered once in app.ts. */
export const bookingBlocksSchemas: TSchema[] = [BookingBlockSchema];

/** API shape of a booking block row. */
export function toBookingBlockJson(r: BookingBlockRow): BookingBlock {
  return {
    id: r.id, name: r.name, location: { id: r.location_id, name: r.location_name },
    appointment_type: ref(r.appointment_type_id, r.appointment_type_name),
    operatories: r.operatories, providers: r.providers, metadata: r.metadata,
    version: r.version, created_at: r.created_at, updated_at: r.updated_at,
  };
}
