import { Type } from '@sinclair/typebox';
import { createOrganization } from '../commands/create-organization.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { responses } from '../../core/http/schemas.ts';
import { CreateOrganizationBody, CreatedOrganizationSchema, toCreatedOrganizationJson } from '../schemas/admin.ts';

const tags = ['Platform admin'];

/** Platform admin API: registered only when CHAIRTIME_ADMIN_TOKEN is set, behind that token. */
export function adminRoutes(app: Api, { db }: Deps): void {
  app.post('/organizations', {
    schema: {
      tags, summary: 'Create organisation',
      description: 'Platform admin only: send the server\'s `CHAIRTIME_ADMIN_TOKEN` as the bearer token (compared in constant time; missing or wrong → 401). This route exists only when that variable is set; otherwise it is 404. Creates the organisation with its default definitions (confirmation statuses, broken and cancel reasons, tags, ASAP priorities) and a first admin user (`admin_name` defaults to "Administrator", `admin_email` to "admin@example.com"), and returns that user\'s token — the only time it is shown.',
      body: CreateOrganizationBody, response: responses({ 201: Type.Ref(CreatedOrganizationSchema) }),
    },
  }, async (req, reply) => {
    const b = req.body;
    const created = await createOrganization(db, {
      name: b.name, adminName: b.admin_name ?? 'Administrator', adminEmail: b.admin_email ?? 'admin@example.com',
    });
    return reply.code(201).send(toCreatedOrganizationJson(created));
  });
}
