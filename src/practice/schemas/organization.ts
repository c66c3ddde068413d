import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { OrganizationRow } from '../db/organizations.ts';
import { BaseVersion, Body, Name, Stamps, Uuid } from '../../core/http/schemas.ts';

const ORIGINS = 'Browser origins (`scheme://host[:port]`) whose pages may call the location availability face directly '
  + '(CORS: preflight and responses carry Access-Control-Allow-Origin for these origins only; other routes never send CORS '
  + 'headers). Stored lower-case without the default port, de-duplicated. Empty: no browser access.';

export const OrganizationSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  allowed_origins: Type.Array(Type.String(), { description: ORIGINS }),
  ...Stamps,
}, { $id: 'Organization' });

export const UpdateOrganizationBody = Body({
  base_version: BaseVersion,
  name: Type.Optional(Name),
  allowed_origins: Type.Optional(Type.Array(Type.String({ maxLength: 300 }), { maxItems: 50, description: ORIGINS })),
});

/** Record schemas of the organisation settings referenced by `$ref`; registered once in app.ts. */
export const organizationSchemas: TSchema[] = [OrganizationSchema];

/** API shape of an organisation row. */
export function toOrganizationJson(r: OrganizationRow): Static<typeof OrganizationSchema> {
  return { id: r.id, name: r.name, allowed_origins: r.allowed_origins, version: r.version, created_at: r.created_at, updated_at: r.updated_at };
}
