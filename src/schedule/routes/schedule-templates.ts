import { Type } from '@sinclair/typebox';
import { notFound } from '../../core/errors.ts';
import { getLocation, getProvider } from '../../practice/index.ts';
import { getTemplate, listTemplates } from '../db/schedule-templates.ts';
import { createTemplate, removeTemplate, updateTemplate, type TemplateChanges } from '../commands/schedule-templates.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { NoContent, responses } from '../../core/http/schemas.ts';
import {
  CreateTemplateBody, ScheduleTemplateSchema, TemplatePage, TemplateParams, TemplateQuery, UpdateTemplateBody, toScheduleTemplateJson,
} from '../schemas/schedule-templates.ts';

const tags = ['Schedule templates'];
const Template = Type.Ref(ScheduleTemplateSchema);

const RULES = 'A template is a weekly wall-clock rule at the location: `day_of_week` 0 = Monday … 6 = Sunday, '
  + '`start_time` < `end_time` on the same day (an overnight shift is two templates), in force from `effective_from` '
  + 'to `effective_to` (both inclusive; null: open-ended). Several templates on one weekday make split shifts; a template '
  + 'overlapping another of the same provider, location and weekday (times half-open) in an overlapping effective period '
  + '→ 409 `overlap`, whose message names the other template\'s id, weekday, times and period. '
  + 'Times are not checked against DST: a time that falls into a spring-forward gap on some date is accepted, and on that '
  + 'date the range starts (or ends) at the transition instant; an ambiguous fall-back time means the earlier instant. '
  + '`operatory_uuid` must be a chair of the template\'s location (422 at `body.operatory_uuid`; unknown → 404). '
  + '`note` null is stored as "". The response gives `operatory` null when the template names no chair.';

/** Weekly provider schedule templates (wall-clock rules), visible only to callers who may see their location. */
export function scheduleTemplatesRoutes(app: Api, { db }: Deps): void {
  app.get('/schedule/templates', {
    schema: {
      tags, summary: 'List provider schedule templates',
      description: 'Templates at the locations visible to the caller, ordered by `day_of_week`, `start_time`, provider last '
        + 'name and id. Filters: `provider_uuid`, `location_uuid` (404 when the provider does not exist, or the location does '
        + 'not exist or lies outside a location-limited caller\'s locations), `day_of_week`.',
      querystring: TemplateQuery, response: responses({ 200: TemplatePage }, [404]),
    },
  }, async (req) => {
    const { page, page_size, provider_uuid, location_uuid, day_of_week } = req.query;
    const { orgId, locationIds } = req.auth;
    if (provider_uuid && !(await getProvider(db, orgId, provider_uuid))) throw notFound('Provider', ['query', 'provider_uuid']);
    if (location_uuid && !(await getLocation(db, orgId, location_uuid, locationIds))) throw notFound('Location', ['query', 'location_uuid']);
    const { rows, total } = await listTemplates(db, orgId, locationIds,
      { providerId: provider_uuid, locationId: location_uuid, dayOfWeek: day_of_week }, { page, pageSize: page_size });
    return { items: rows.map(toScheduleTemplateJson), page, page_size, total };
  });

  app.get('/schedule/templates/:template_uuid', {
    schema: {
      tags, summary: 'Get provider schedule template', description: 'A template at a location the caller may not see is 404.',
      params: TemplateParams, response: responses({ 200: Template }, [404]),
    },
  }, async (req) => {
    const row = await getTemplate(db, req.auth.orgId, req.params.template_uuid, req.auth.locationIds);
    if (!row) throw notFound('Schedule template', ['path', 'template_uuid']);
    return toScheduleTemplateJson(row);
  });

  app.post('/schedule/templates', {
    schema: {
      tags, summary: 'Create provider schedule template',
      description: `${RULES} Unknown provider, location or operatory (or a location outside a location-limited caller's `
        + 'locations) → 404 at the body field. Times are returned as HH:MM:SS.',
      body: CreateTemplateBody, response: responses({ 201: Template }, [403, 404, 409]),
    },
  }, async (req, reply) => {
    const b = req.body;
    const row = await createTemplate(db, req.auth.orgId, req.auth.locationIds, {
      provider_id: b.provider_uuid, location_id: b.location_uuid, operatory_id: b.operatory_uuid ?? null,
      day_of_week: b.day_of_week, start_time: b.start_time, end_time: b.end_time,
      effective_from: b.effective_from, effective_to: b.effective_to ?? null, note: b.note ?? '',
    });
    return reply.code(201).send(toScheduleTemplateJson(row));
  });

  app.patch('/schedule/templates/:template_uuid', {
    schema: {
      tags, summary: 'Update provider schedule template',
      description: 'Fields left out keep their value; `effective_to` and `operatory_uuid` accept null to clear; `base_version` '
        + 'must be current (409 `version_conflict` otherwise). The merged template is validated like a new one (the overlap '
        + `check ignores the template itself). The provider and location cannot change. ${RULES}`,
      params: TemplateParams, body: UpdateTemplateBody, response: responses({ 200: Template }, [403, 404, 409]),
    },
  }, async (req) => {
    const { base_version, operatory_uuid, note, ...rest } = req.body;
    const changes: TemplateChanges = { ...rest, operatory_id: operatory_uuid, note: note === null ? '' : note };
    const row = await updateTemplate(db, req.auth.orgId, req.auth.locationIds, req.params.template_uuid, base_version, changes);
    return toScheduleTemplateJson(row);
  });

  app.delete('/schedule/templates/:template_uuid', {
    schema: {
      tags, summary: 'Delete provider schedule template',
      description: 'Deletes the template for good (nothing references a template; dates already resolved are not stored). '
        + 'A template at a location the caller may not see is 404.',
      params: TemplateParams, response: responses({ 204: NoContent }, [403, 404]),
    },
  }, async (req, reply) => {
    await removeTemplate(db, req.auth.orgId, req.auth.locationIds, req.params.template_uuid);
    return reply.code(204).send();
  });
}
