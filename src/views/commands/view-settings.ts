import { notFound } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { getScheduleView, type ScheduleViewRow } from '../db/schedule-views.ts';
import { assignShortcut, lockUserViewSettings, markDefaultView } from '../db/view-user-settings.ts';
import type { ViewActor } from './schedule-views.ts';

/**
 * Runs `change` on the actor's own settings for a view they can see (404 at path.view_uuid otherwise), with
 * the view's row share-locked (it cannot be deleted or made personal meanwhile) and the actor's settings at
 * its location serialised by their advisory lock. Returns the view as the actor now sees it.
 */
function changeOwnSettings(
  db: Db, actor: ViewActor, id: string, change: (tx: Db, view: ScheduleViewRow) => Promise<void>,
): Promise<ScheduleViewRow> {
  return withTransaction(db, async (tx) => {
    const view = await getScheduleView(tx, actor.orgId, actor.scope, actor.userId, id, 'FOR SHARE OF v');
    if (!view) throw notFound('Schedule view', ['path', 'view_uuid']);
    await lockUserViewSettings(tx, actor.orgId, actor.userId, view.location_id);
    await change(tx, view);
    return (await getScheduleView(tx, actor.orgId, actor.scope, actor.userId, id))!;
  });
}

/** Makes a view the actor's default at its location, and no other view of theirs there; other users' defaults are untouched. */
export function setDefaultView(db: Db, actor: ViewActor, id: string): Promise<ScheduleViewRow> {
  return changeOwnSettings(db, actor, id, (tx, view) => markDefaultView(tx, actor.orgId, actor.userId, view.location_id, view.id));
}

/**
 * Gives a view the actor's Ctrl+`shortcut` (1–9) at its location: the actor's view there that had the number
 * loses it, and the view's previous number is freed, in one transaction.
 */
export function setViewShortcut(db: Db, actor: ViewActor, id: string, shortcut: number): Promise<ScheduleViewRow> {
  return changeOwnSettings(db, actor, id, (tx, view) => assignShortcut(tx, actor.orgId, actor.userId, view.location_id, view.id, shortcut));
}
