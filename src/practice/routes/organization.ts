import { Type } from '@sinclair/typebox';
import { notFound } from '../../core/errors.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { responses } from '../../core/http/schemas.ts';
import { getOrganization } from '../db/organizations.ts';
import { updateOrganizationSettings } from '../commands/organization.ts';
import { OrganizationSchema, UpdateOrganizationBody, toOrganizationJson } from '../schemas/organization.ts';

const tags = ['Organization'];

/** The caller's own organisation and its settings (our addition to the contract). */
export function organizationRoutes(app: Api, { db }: Deps): void {
  app.get('/organization', {
    schema: {
      tags, summary: 'Get organisation settings', description: 'The organisation of the token, with its settings. Any role may read it.',
      response: responses({ 200: Type.Ref(OrganizationSchema) }),
    },
  }, async (req) => {
    const row = await getOrganization(db, req.auth.orgId);
    if (!row) throw notFound('Organization', ['path', 'org_id']);
    return toOrganizationJson(row);
  });

  app.patch('/organization', {
    config: { roles: ['admin'] },
    schema: {
      tags, summary: 'Update organisation settings',
      description: 'Admins only (403 otherwise). Fields left out keep their value; `base_version` must be current (409). '
        + 'An entry of `allowed_origins` that is not an http(s) origin (a path, wildcard or user info included) → 422 naming its index.',
      body: UpdateOrganizationBody, response: responses({ 200: Type.Ref(OrganizationSchema) }, [403, 409]),
    },
  }, async (req) => {
    const { base_version, ...changes } = req.body;
    return toOrganizationJson(await updateOrganizationSettings(db, req.auth.orgId, base_version, changes));
  });
}
