// Each user's own settings for the views of a location: their default view and their Ctrl+1…9 shortcuts.
// Writers of one user's settings at one location take the same advisory lock first, so concurrent changes
// apply one after the other; the table's unique keys (migration 014) are the backstop.
import type { Db } from '../../core/db/client.ts';

/** Serialises changes to `userId`'s view settings at `locationId` until the transaction ends. */
export async function lockUserViewSettings(db: Db, orgId: string, userId: string, locationId: string): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock(hashtextextended($1::text, 0))', [`schedule-view-settings:${orgId}:${userId}:${locationId}`]);
}

/** Makes `viewId` the user's default at `locationId`, and no other view of theirs there. Run under the lock. */
export async function markDefaultView(db: Db, orgId: string, userId: string, locationId: string, viewId: string): Promise<void> {
  await db.query(`UPDATE schedule_view_user_settings SET is_default = false
    WHERE org_id = $1 AND user_id = $2 AND location_id = $3 AND is_default AND view_id <> $4`, [orgId, userId, locationId, viewId]);
  await db.query(`INSERT INTO schedule_view_user_settings (org_id, user_id, view_id, location_id, is_default) VALUES ($1, $2, $4, $3, true)
    ON CONFLICT (org_id, user_id, view_id) DO UPDATE SET is_default = true`, [orgId, userId, locationId, viewId]);
}

/**
 * Gives `viewId` the user's shortcut `shortcut` (1–9) at `locationId`, taking it from the view of theirs that
 * had it; the view's previous number is freed. Run under the lock.
 */
export async function assignShortcut(db: Db, orgId: string, userId: string, locationId: string, viewId: string, shortcut: number): Promise<void> {
  await db.query(`UPDATE schedule_view_user_settings SET keyboard_shortcut = NULL
    WHERE org_id = $1 AND user_id = $2 AND location_id = $3 AND keyboard_shortcut = $5 AND view_id <> $4`,
  [orgId, userId, locationId, viewId, shortcut]);
  await db.query(`INSERT INTO schedule_view_user_settings (org_id, user_id, view_id, location_id, keyboard_shortcut) VALUES ($1, $2, $4, $3, $5)
    ON CONFLICT (org_id, user_id, view_id) DO UPDATE SET keyboard_shortcut = EXCLUDED.keyboard_shortcut`,
  [orgId, userId, locationId, viewId, shortcut]);
}

/** Drops every other user's settings for a view that has become its owner's alone (personal). */
export async function deleteOthersViewSettings(db: Db, orgId: string, viewId: string, ownerId: string): Promise<void> {
  await db.query('DELETE FROM schedule_view_user_settings WHERE org_id = $1 AND view_id = $2 AND user_id <> $3', [orgId, viewId, ownerId]);
}
