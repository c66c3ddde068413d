import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { BaseVersion, Body, Name, Nullable, Stamps, Uuid } from '../../core/http/schemas.ts';
import type { ServiceRow } from '../db/services.ts';
import { Data, IntId, ListQuery, Pagination } from './envelope.ts';

const Description = Type.String({ maxLength: 2000, description: 'Free text shown to patients.' });
const Duration = Type.Integer({
  minimum: 5, maximum: 720, multipleOf: 5, description: 'Length of a booking in minutes, when no appointment type gives it (the provider is busy throughout).',
});
const TypeId = Uuid;
const ProviderIds = Type.Array(Uuid, {
  maxItems: 50, uniqueItems: true,
  description: 'The providers who perform the service, in order; each must exist (404). Empty: anyone scheduled at the location.',
});

export const ServiceSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  location_uuid: Uuid,
  appointment_type_uuid: Nullable(TypeId),
  duration_minutes: Nullable(Type.Integer({ description: 'The bare length; null when the appointment type gives it.' })),
  provider_uuids: Type.Array(Uuid),
  is_active: Type.Boolean(),
  ...Stamps,
}, { $id: 'Service' });
export type Service = Static<typeof ServiceSchema>;

export const CreateServiceBody = Body({
  name: Name,
  description: Type.Optional(Description),
  location_uuid: Type.String({ format: 'uuid', description: 'Where the service is given (404 unknown or outside the caller\'s locations).' }),
  appointment_type_uuid: Type.Optional(Nullable({
    ...TypeId, description: 'The type booked: its length and time pattern count. Unknown → 404; archived or not offered at the location → 400.',
  })),
  duration_minutes: Type.Optional(Nullable(Duration)),
  provider_uuids: Type.Optional(ProviderIds),
  is_active: Type.Optional(Type.Boolean({ default: true })),
}, 'Exactly one of appointment_type_uuid and duration_minutes (400 otherwise).');

export const UpdateServiceBody = Body({
  base_version: BaseVersion,
  name: Type.Optional(Name),
  description: Type.Optional(Description),
  location_uuid: Type.Optional(Uuid),
  appointment_type_uuid: Type.Optional(Nullable(TypeId)),
  duration_minutes: Type.Optional(Nullable(Duration)),
  provider_uuids: Type.Optional(ProviderIds),
  is_active: Type.Optional(Type.Boolean()),
}, 'Fields left out keep their value. Setting appointment_type_uuid clears duration_minutes and the other way round.');

export const ServiceListQuery = Type.Object({
  ...ListQuery,
  location_uuid: Type.Optional(Type.String({ format: 'uuid', description: 'Only services at this location.' })),
  is_active: Type.Optional(Type.Boolean()),
});

export const ServiceParams = Type.Object({ org_id: Type.String(), service_id: IntId });

export const ServiceData = Data(Type.Ref(ServiceSchema));
export const ServiceListData = Data(Type.Object({ services: Type.Array(Type.Ref(ServiceSchema)), pagination: Pagination }));

/** Record schemas of services referenced by `$ref`; registered once in app.ts. */
export const servicesSchemas: TSchema[] = [ServiceSchema];

/** API shape of a service row. */
export function toServiceJson(r: ServiceRow): Service {
  return {
    id: r.id, name: r.name, description: r.description, location_uuid: r.location_id, appointment_type_uuid: r.appointment_type_id,
    duration_minutes: r.duration_minutes, provider_uuids: r.provider_ids, is_active: r.is_active,
    version: r.version, created_at: r.created_at, updated_at: r.updated_at,
  };
}
