import { AppError, invalid, notFound, versionConflict } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { normalizeWallTime } from '../../core/time.ts';
import { getLocation } from '../../practice/index.ts';
import { checkLayouts } from '../domain/layouts.ts';
import { STANDARD_PRESET } from '../domain/presets.ts';
import { VIEW_DEFAULTS, editRefusal, hoursInOrder, visibilityRefusal, type Caller, type ViewSettings } from '../domain/view-rules.ts';
import {
  deleteScheduleViewRow, getScheduleView, insertScheduleView, readViewRefs, replaceViewLinks, updateScheduleViewRow, type ScheduleViewRow,
} from '../db/schedule-views.ts';
import { deleteOthersViewSettings } from '../db/view-user-settings.ts';

/** Who writes: the user (whose views and settings these are), their role, and the locations they may see. */
export interface ViewActor extends Caller {
  orgId: string;
  scope: LocationScope;
}

interface ViewLinks {
  operatory_uuids?: string[];
  provider_uuids?: string[];
}

/** A create body: a location and a name, every other field optional (VIEW_DEFAULTS). */
export type NewScheduleView = Partial<ViewSettings> & ViewLinks & { location_uuid: string; name: string };
/** An update body without base_version. */
export type ScheduleViewChanges = Partial<ViewSettings> & ViewLinks;

function refuse(why: string | null, loc: (string | number)[]): void {
  if (why) throw new AppError('forbidden', why, loc);
}

/** The body's settings with wall-clock times as HH:MM:SS and ids in lower case (the links apart). */
function normalize(b: ScheduleViewChanges): { settings: Partial<ViewSettings>; links: ViewLinks } {
  const { operatory_uuids, provider_uuids, ...rest } = b;
  const settings: Partial<ViewSettings> = { ...rest };
  if (settings.start_time !== undefined) settings.start_time = normalizeWallTime(settings.start_time)!;
  if (settings.end_time !== undefined) settings.end_time = normalizeWallTime(settings.end_time)!;
  const lower = (ids?: string[]) => ids?.map((id) => id.toLowerCase());
  return { settings, links: { operatory_uuids: lower(operatory_uuids), provider_uuids: lower(provider_uuids) } };
}

/** 422 naming the first id of `ids` not in `known`, at its index. */
function requireKnown(ids: string[] | undefined, known: Set<string>, field: string, what: string): void {
  const n = ids?.findIndex((id) => !known.has(id)) ?? -1;
  if (n >= 0) throw new AppError('value_error', `${ids![n]} is not ${what}`, ['body', field, n], [], { id: ids![n] });
}

/**
 * The rules a view's merged settings must meet (422 at the body field): hours in order, layouts without repeated
 * fields, and every given chair at the view's location and every given provider of the organisation.
 */
async function requireValidView(tx: Db, orgId: string, locationId: string, s: ViewSettings, given: Partial<ViewSettings>, links: ViewLinks) {
  if (!hoursInOrder(s.start_time, s.end_time)) {
    const field = given.end_time !== undefined ? 'end_time' : 'start_time';
    throw invalid(['body', field], `end_time (${s.end_time}) must be after start_time (${s.start_time}): a view's hours lie within one day`);
  }
  const refusal = checkLayouts(given);
  if (refusal) throw invalid(['body', ...refusal.loc], refusal.msg);
  const refs = await readViewRefs(tx, orgId, locationId, links.operatory_uuids ?? [], links.provider_uuids ?? []);
  requireKnown(links.operatory_uuids, refs.operatoryIds, 'operatory_uuids', 'an operatory of the view\'s location');
  requireKnown(links.provider_uuids, refs.providerIds, 'provider_uuids', 'a provider of this organisation');
}

async function writeLinks(tx: Db, orgId: string, id: string, links: ViewLinks): Promise<void> {
  const unique = (ids: string[]) => [...new Set(ids)];
  if (links.operatory_uuids) await replaceViewLinks(tx, orgId, id, 'operatories', unique(links.operatory_uuids));
  if (links.provider_uuids) await replaceViewLinks(tx, orgId, id, 'providers', unique(links.provider_uuids));
}

/**
 * Creates a view owned by the actor at a location they can see (404 at body.location_uuid otherwise); a viewer
 * asking for a shared one → 403; the rules of requireValidView → 422. Fields left out take VIEW_DEFAULTS and the
 * Standard preset's layouts. Returns the new view as its owner sees it.
 */
export function createScheduleView(db: Db, actor: ViewActor, input: NewScheduleView): Promise<ScheduleViewRow> {
  const { location_uuid, ...body } = input;
  const { settings, links } = normalize(body);
  const s: ViewSettings = {
    ...VIEW_DEFAULTS, card_layout: STANDARD_PRESET.card_layout, bubble_layout: STANDARD_PRESET.bubble_layout,
    color_config: STANDARD_PRESET.color_config, ...settings, name: input.name,
  };
  return withTransaction(db, async (tx) => {
    const location = await getLocation(tx, actor.orgId, location_uuid, actor.scope);
    if (!location) throw notFound('Location', ['body', 'location_uuid']);
    refuse(visibilityRefusal(s.visibility, actor), ['body', 'visibility']);
    await requireValidView(tx, actor.orgId, location.id, s, settings, links);
    const id = await insertScheduleView(tx, actor.orgId, location.id, actor.userId, s);
    await writeLinks(tx, actor.orgId, id, links);
    return (await getScheduleView(tx, actor.orgId, actor.scope, actor.userId, id))!;
  });
}

/** The view locked for a change by the actor: 404 when they cannot see it, 403 when they may not change it. */
async function lockEditableView(tx: Db, actor: ViewActor, id: string): Promise<ScheduleViewRow> {
  const view = await getScheduleView(tx, actor.orgId, actor.scope, actor.userId, id, 'FOR UPDATE OF v');
  if (!view) throw notFound('Schedule view', ['path', 'view_uuid']);
  refuse(editRefusal(view, actor), ['path', 'view_uuid']);
  return view;
}

/**
 * Patches a view at `baseVersion`: 404, 403 (editRefusal, visibilityRefusal), 409 version_conflict, then the 422
 * rules on the merged settings. Given chair or provider lists replace the view's. A shared view made personal
 * (by its owner) becomes theirs alone: other users' default and shortcut for it are dropped. Returns the view as
 * the actor now sees it.
 */
export function updateScheduleView(
  db: Db, actor: ViewActor, id: string, baseVersion: number, changes: ScheduleViewChanges,
): Promise<ScheduleViewRow> {
  const { settings, links } = normalize(changes);
  return withTransaction(db, async (tx) => {
    const view = await lockEditableView(tx, actor, id);
    if (settings.visibility) refuse(visibilityRefusal(settings.visibility, actor, view), ['body', 'visibility']);
    if (view.version !== baseVersion) throw versionConflict(view.version);
    await requireValidView(tx, actor.orgId, view.location_id, { ...view, ...settings }, settings, links);
    await updateScheduleViewRow(tx, actor.orgId, id, settings);
    await writeLinks(tx, actor.orgId, id, links);
    if (view.visibility === 'shared' && settings.visibility === 'personal') await deleteOthersViewSettings(tx, actor.orgId, id, view.owner_user_id);
    return (await getScheduleView(tx, actor.orgId, actor.scope, actor.userId, id))!;
  });
}

/** Deletes a view for good (404, 403 as an update); every user's default and shortcut for it go with it. */
export function removeScheduleView(db: Db, actor: ViewActor, id: string): Promise<void> {
  return withTransaction(db, async (tx) => {
    await lockEditableView(tx, actor, id);
    await deleteScheduleViewRow(tx, actor.orgId, id);
  });
}
