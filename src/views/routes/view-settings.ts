import { Type } from '@sinclair/typebox';
import type { Api, Deps } from '../../core/http/deps.ts';
import { responses } from '../../core/http/schemas.ts';
import { setDefaultView, setViewShortcut } from '../commands/view-settings.ts';
import { ScheduleViewParams, ScheduleViewSchema, ShortcutQuery, toScheduleViewJson } from '../schemas/schedule-views.ts';
import { EVERY_ROLE, VISIBLE, viewActor } from './schedule-views.ts';

const tags = ['Schedule views'];
const ScheduleView = Type.Ref(ScheduleViewSchema);

const OWN = 'Any role may set its own (viewers included), on any view it can see, shared or its own; nobody else\'s settings change.';

/** Each user's own default view per location and Ctrl+1…9 shortcuts. */
export function viewSettingsRoutes(app: Api, { db }: Deps): void {
  app.post('/schedule/views/:view_uuid/set-default', {
    config: EVERY_ROLE,
    schema: {
      tags, summary: 'Set view as default',
      description: 'Makes this view the caller\'s default at its location: `is_default` turns false on every other view of the '
        + `caller there and true on this one, in one transaction. Other users' defaults are their own and do not change. ${OWN} `
        + VISIBLE,
      params: ScheduleViewParams, response: responses({ 200: ScheduleView }, [404]),
    },
  }, async (req) => toScheduleViewJson(await setDefaultView(db, viewActor(req), req.params.view_uuid)));

  app.post('/schedule/views/:view_uuid/set-shortcut', {
    config: EVERY_ROLE,
    schema: {
      tags, summary: 'Set keyboard shortcut',
      description: 'Assigns Ctrl+`shortcut` (1–9, else 422) to this view for the caller at its location. A number opens at most '
        + 'one of the caller\'s views per location: the view that had it loses it, and this view\'s previous number is freed, in one '
        + `transaction (concurrent calls apply one after the other). ${OWN} ${VISIBLE}`,
      params: ScheduleViewParams, querystring: ShortcutQuery, response: responses({ 200: ScheduleView }, [404]),
    },
  }, async (req) => toScheduleViewJson(await setViewShortcut(db, viewActor(req), req.params.view_uuid, req.query.shortcut)));
}
