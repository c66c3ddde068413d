import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { providerName } from '../domain/provider-names.ts';
import type { ProviderRow, ProviderType as ProviderTypeValue } from '../db/providers.ts';
import { BaseVersion, Body, Color, Name, Nullable, PageOf, PageQuery, ShortText, Stamps, Uuid } from '../../core/http/schemas.ts';

const ProviderType = Type.Unsafe<ProviderTypeValue>({
  type: 'string', enum: ['dentist', 'hygienist', 'assistant', 'other'],
});

export const ProviderSchema = Type.Object({
  id: Uuid,
  name: Type.String({ description: '"First Last", as in lightweight provider references' }),
  first_name: Type.String(),
  last_name: Type.String(),
  abbrev: Nullable(Type.String()),
  provider_type: ProviderType,
  color: Nullable(Type.String({ description: '#RRGGBB' })),
  is_active: Type.Boolean(),
  ...Stamps,
}, { $id: 'Provider' });
export type Provider = Static<typeof ProviderSchema>;

export const CreateProviderBody = Body({
  first_name: Name,
  last_name: Name,
  abbrev: Type.Optional(Nullable(ShortText)),
  provider_type: ProviderType,
  color: Type.Optional(Nullable(Color)),
  is_active: Type.Optional(Type.Boolean({ default: true })),
});

export const UpdateProviderBody = Body({
  base_version: BaseVersion,
  first_name: Type.Optional(Name),
  last_name: Type.Optional(Name),
  abbrev: Type.Optional(Nullable(ShortText)),
  provider_type: Type.Optional(ProviderType),
  color: Type.Optional(Nullable(Color)),
  is_active: Type.Optional(Type.Boolean()),
});

export const ProviderQuery = Type.Object({
  ...PageQuery,
  provider_type: Type.Optional(ProviderType),
  is_active: Type.Optional(Type.Boolean()),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Substring of the first name, last name or abbrev, case-insensitive' })),
});

export const ProviderPage = PageOf(Type.Ref(ProviderSchema));
export const ProviderParams = Type.Object({ org_id: Type.String(), provider_uuid: Uuid });

/** Record schemas of providers referenced by `$ref`; registered once in app.ts. */
export const providersSchemas: TSchema[] = [ProviderSchema];

/** API shape of a provider row. */
export function toProviderJson(r: ProviderRow): Provider {
  return {
    id: r.id, name: providerName(r), first_name: r.first_name, last_name: r.last_name, abbrev: r.abbrev,
    provider_type: r.provider_type, color: r.color, is_active: r.is_active,
    version: r.version, created_at: r.created_at, updated_at: r.updated_at,
  };
}
