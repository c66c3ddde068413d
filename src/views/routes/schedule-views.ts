import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { Api, Deps } from '../../core/http/deps.ts';
import { NoContent, responses } from '../../core/http/schemas.ts';
import { createScheduleView, removeScheduleView, updateScheduleView, type ViewActor } from '../commands/schedule-views.ts';
import { listVisibleViews, requireVisibleView } from '../queries/schedule-views.ts';
import {
  CreateScheduleViewBody, ScheduleViewPage, ScheduleViewParams, ScheduleViewQuery, ScheduleViewSchema, toScheduleViewJson,
  UpdateScheduleViewBody,
} from '../schemas/schedule-views.ts';
import { ViewTemplateList, viewTemplatesJson } from '../schemas/view-layouts.ts';

const tags = ['Schedule views'];
const ScheduleView = Type.Ref(ScheduleViewSchema);

/** Viewers write too: their own personal views and their own default and shortcuts (the commands refuse the rest). */
export const EVERY_ROLE = { roles: ['admin' as const, 'staff' as const, 'viewer' as const] };

export const VISIBLE = 'A view is visible to its owner when `personal` and to everyone who may see its location when `shared`; '
  + 'another user\'s personal view, another organisation\'s, or one of a location outside a location-limited caller\'s → 404, '
  + 'exactly like one that does not exist. `is_default` and `keyboard_shortcut` are the caller\'s own.';
const EDIT = 'A personal view is changed by its owner (any role); a shared view by its owner or an admin — it is every '
  + 'colleague\'s screen — and never by a viewer: others → 403 `forbidden` (copy it into a view of your own instead).';

/** The caller as the views area sees them. */
export function viewActor(req: FastifyRequest): ViewActor {
  return { orgId: req.auth.orgId, userId: req.auth.userId, role: req.auth.role, scope: req.auth.locationIds };
}

/** Schedule views: saved calendar set-ups of one location, personal or shared, with per-user defaults and shortcuts. */
export function scheduleViewsRoutes(app: Api, { db }: Deps): void {
  app.get('/schedule/views', {
    schema: {
      tags, summary: 'List schedule views',
      description: `The views the caller may see, ordered by name (case-insensitive), then id. \`location_uuid\` limits them to one `
        + `location; an unknown one, or one outside a location-limited caller's locations → 404. ${VISIBLE}`,
      querystring: ScheduleViewQuery, response: responses({ 200: ScheduleViewPage }, [404]),
    },
  }, async (req) => {
    const { page, page_size, location_uuid } = req.query;
    const { rows, total } = await listVisibleViews(db, viewActor(req), location_uuid, { page, pageSize: page_size });
    return { items: rows.map(toScheduleViewJson), page, page_size, total };
  });

  app.get('/schedule/views/templates', {
    schema: {
      tags, summary: 'List preset view templates',
      description: 'The 6 preset view templates (the same for every organisation): Standard, Front desk, Doctor, Hygiene, Patient flow '
        + 'and Public display. Each is a complete `card_layout`, `bubble_layout` and `color_config`; apply one by copying the three '
        + 'objects into a view via the create or update endpoint. A view created without layouts gets the Standard preset\'s.',
      response: responses({ 200: ViewTemplateList }),
    },
  }, async () => viewTemplatesJson());

  app.get('/schedule/views/:view_uuid', {
    schema: {
      tags, summary: 'Get schedule view', description: VISIBLE,
      params: ScheduleViewParams, response: responses({ 200: ScheduleView }, [404]),
    },
  }, async (req) => toScheduleViewJson(await requireVisibleView(db, viewActor(req), req.params.view_uuid)));

  app.post('/schedule/views', {
    config: EVERY_ROLE,
    schema: {
      tags, summary: 'Create schedule view',
      description: 'Creates a view of `location_uuid` owned by the caller (version 1); fields left out take the defaults their '
        + 'descriptions give, and the layouts the Standard preset\'s. Unknown location, or one outside the caller\'s → 404 at '
        + '`["body", "location_uuid"]`. 422: `end_time` not after `start_time`; a chair of another location or a provider of no one '
        + '(at `["body", "operatory_uuids", i]` or `provider_uuids`, naming the id); a field repeated on a card or in a bubble. '
        + 'A viewer may create personal views only (`shared` → 403).',
      body: CreateScheduleViewBody, response: responses({ 201: ScheduleView }, [403, 404]),
    },
  }, async (req, reply) => {
    return reply.code(201).send(toScheduleViewJson(await createScheduleView(db, viewActor(req), req.body)));
  });

  app.patch('/schedule/views/:view_uuid', {
    config: EVERY_ROLE,
    schema: {
      tags, summary: 'Update schedule view',
      description: `Changes the given fields; \`base_version\` must be current (409 \`version_conflict\` otherwise). The create's 422 `
        + `rules apply to the result. Only its owner may make a shared view personal (403 otherwise); it is then theirs alone, and `
        + `other users' default and shortcut for it are dropped. ${EDIT} ${VISIBLE}`,
      params: ScheduleViewParams, body: UpdateScheduleViewBody, response: responses({ 200: ScheduleView }, [403, 404, 409]),
    },
  }, async (req) => {
    const { base_version, ...changes } = req.body;
    return toScheduleViewJson(await updateScheduleView(db, viewActor(req), req.params.view_uuid, base_version, changes));
  });

  app.delete('/schedule/views/:view_uuid', {
    config: EVERY_ROLE,
    schema: {
      tags, summary: 'Delete schedule view',
      description: `Hard delete (204): the view and every user's default and shortcut for it are gone for good. ${EDIT} ${VISIBLE}`,
      params: ScheduleViewParams, response: responses({ 204: NoContent }, [403, 404]),
    },
  }, async (req, reply) => {
    await removeScheduleView(db, viewActor(req), req.params.view_uuid);
    return reply.code(204).send();
  });
}
