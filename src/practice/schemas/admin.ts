import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { CreatedOrganization } from '../commands/create-organization.ts';
import { Body, Instant, Name, Uuid } from '../../core/http/schemas.ts';
import { Email, Role } from './users.ts';

export const CreateOrganizationBody = Body({
  name: Name,
  admin_name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, default: 'Administrator', description: 'Name of the first admin user.' })),
  admin_email: Type.Optional(Type.String({
    format: 'email', maxLength: 254, default: 'admin@example.com', description: 'Email of the first admin user.',
  })),
});

/** A new organisation with its first admin user and that user's token (shown only here). */
export const CreatedOrganizationSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  created_at: Instant,
  admin_user: Type.Object({ id: Uuid, name: Type.String(), email: Email, role: Role }),
  token: Type.String({ description: 'Bearer token of the admin user for /api/v1/{id}/…. Shown only in this response.' }),
}, { $id: 'CreatedOrganization' });

/** Record schemas of admin referenced by `$ref`; registered once in app.ts. */
export const adminSchemas: TSchema[] = [CreatedOrganizationSchema];

/** API shape of a freshly created organisation. */
export function toCreatedOrganizationJson(c: CreatedOrganization): Static<typeof CreatedOrganizationSchema> {
  return {
    id: c.org.id, name: c.org.name, created_at: c.org.created_at,
    admin_user: { id: c.admin.id, name: c.admin.name, email: c.admin.email, role: c.admin.role },
    token: c.token,
  };
}
