import type { Db } from '../../core/db/client.ts';
import { many, one } from '../../core/db/client.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';
import type { LocationScope } from '../../core/scope.ts';
import type { ViewSettings } from '../domain/view-rules.ts';

/** A schedule view as one user sees it: its own columns, names for its references, and that user's settings. */
export interface ScheduleViewRow extends ViewSettings {
  id: string;
  location_id: string;
  location_name: string;
  owner_user_id: string;
  owner_name: string;
  /** The reading user's: their default at the location? their Ctrl shortcut? */
  is_default: boolean;
  keyboard_shortcut: number | null;
  /** In the view's order. */
  operatory_ids: string[];
  provider_ids: string[];
  version: number;
  created_at: string;
  updated_at: string;
}

type ViewColumns = Omit<ScheduleViewRow, 'operatory_ids' | 'provider_ids'>;

// `$U` is the reading user. A personal view is visible to its owner only, a shared one to everyone at its
// location: every read applies this, so a list and a page never disagree about what exists.
const COLUMNS = `v.*, l.name AS location_name, u.name AS owner_name,
  coalesce(s.is_default, false) AS is_default, s.keyboard_shortcut`;
const from = (user: string) => `schedule_views v
  JOIN locations l ON l.org_id = v.org_id AND l.id = v.location_id
  JOIN users u ON u.org_id = v.org_id AND u.id = v.owner_user_id
  LEFT JOIN schedule_view_user_settings s ON s.org_id = v.org_id AND s.view_id = v.id AND s.user_id = ${user}`;
const VISIBLE = (user: string) => `(v.visibility = 'shared' OR v.owner_user_id = ${user})`;

/** The chairs and providers of `ids`, in each view's order: one statement for any number of views. */
async function withLinks(db: Db, orgId: string, rows: ViewColumns[]): Promise<ScheduleViewRow[]> {
  const links = rows.length === 0 ? [] : await many<{ view_id: string; kind: 'o' | 'p'; ids: string[] }>(db, `
    SELECT view_id, 'o' AS kind, array_agg(operatory_id ORDER BY position) AS ids FROM schedule_view_operatories
     WHERE org_id = $1 AND view_id = ANY($2::uuid[]) GROUP BY view_id
    UNION ALL
    SELECT view_id, 'p', array_agg(provider_id ORDER BY position) FROM schedule_view_providers
     WHERE org_id = $1 AND view_id = ANY($2::uuid[]) GROUP BY view_id`, [orgId, rows.map((r) => r.id)]);
  const of = (id: string, kind: 'o' | 'p') => links.find((l) => l.view_id === id && l.kind === kind)?.ids ?? [];
  return rows.map((r) => ({ ...r, operatory_ids: of(r.id, 'o'), provider_ids: of(r.id, 'p') }));
}

/** Views `userId` may see at the locations in `scope` (optionally one location), by name and id: three statements. */
export async function listScheduleViews(
  db: Db, orgId: string, scope: LocationScope, userId: string, f: { locationId?: string }, page: PageRequest,
): Promise<{ rows: ScheduleViewRow[]; total: number }> {
  const where = new Filter(orgId, 'v');
  const user = where.bind(userId);
  where.add(VISIBLE('$?'), userId)
    .add('v.location_id = ANY($?)', scope ?? undefined)
    .add('v.location_id = $?', f.locationId);
  const { rows, total } = await selectPage<ViewColumns>(db, COLUMNS, from(user), where, 'lower(v.name), v.id', page);
  return { rows: await withLinks(db, orgId, rows), total };
}

/** Row locks a read may take inside a transaction: our own SQL, never a request's. */
export type ViewLock = '' | 'FOR SHARE OF v' | 'FOR UPDATE OF v';

/** One view `userId` may see at a location in `scope`, or undefined; `lock` locks its row. */
export async function getScheduleView(
  db: Db, orgId: string, scope: LocationScope, userId: string, id: string, lock: ViewLock = '',
): Promise<ScheduleViewRow | undefined> {
  const row = await one<ViewColumns>(db, `SELECT ${COLUMNS} FROM ${from('$3')}
    WHERE v.org_id = $1 AND v.id = $2 AND ${VISIBLE('$3')} AND ($4::uuid[] IS NULL OR v.location_id = ANY($4)) ${lock}`,
  [orgId, id, userId, scope]);
  return row ? (await withLinks(db, orgId, [row]))[0] : undefined;
}

// The columns a create or an update sets, by name: SQL never takes a column name from a request.
const SETTING_COLUMNS = [
  'name', 'visibility', 'view_type', 'font_size', 'start_time', 'end_time', 'time_increment', 'min_operatory_width_px',
  'auto_scroll_to_current_time', 'bubble_enabled', 'compact_mode', 'dynamic_op_filtering', 'privacy_mode', 'show_business_days_only',
  'show_missed_appointments', 'show_production', 'show_provider_bars', 'card_layout', 'bubble_layout', 'color_config',
] as const satisfies readonly (keyof ViewSettings)[];
const JSON_COLUMNS = new Set<string>(['card_layout', 'bubble_layout', 'color_config']);

const value = (s: Partial<ViewSettings>, c: (typeof SETTING_COLUMNS)[number]) => (JSON_COLUMNS.has(c) && s[c] !== null ? JSON.stringify(s[c]) : s[c]);

/** Inserts a view of `ownerId` at `locationId` (version 1); returns its id. */
export async function insertScheduleView(db: Db, orgId: string, locationId: string, ownerId: string, s: ViewSettings): Promise<string> {
  const cols = SETTING_COLUMNS.map((c, i) => [c, `$${i + 4}`] as const);
  return (await one<{ id: string }>(db, `
    INSERT INTO schedule_views (org_id, location_id, owner_user_id, ${cols.map(([c]) => c).join(', ')})
    VALUES ($1, $2, $3, ${cols.map(([, p]) => p).join(', ')}) RETURNING id`,
  [orgId, locationId, ownerId, ...SETTING_COLUMNS.map((c) => value(s, c))]))!.id;
}

/** Sets the given columns of a (locked) view and bumps its version; an empty change still bumps it. */
export async function updateScheduleViewRow(db: Db, orgId: string, id: string, changes: Partial<ViewSettings>): Promise<void> {
  const cols = SETTING_COLUMNS.filter((c) => changes[c] !== undefined);
  const sets = [...cols.map((c, i) => `${c} = $${i + 3}`), 'version = version + 1'];
  await db.query(`UPDATE schedule_views SET ${sets.join(', ')} WHERE org_id = $1 AND id = $2`,
    [orgId, id, ...cols.map((c) => value(changes, c))]);
}

const LINKS = {
  operatories: { table: 'schedule_view_operatories', column: 'operatory_id' },
  providers: { table: 'schedule_view_providers', column: 'provider_id' },
} as const;

/**
 * Replaces a view's chairs or providers with `ids`, in that order: one statement (the rows it deletes and the
 * rows it writes are disjoint).
 */
export async function replaceViewLinks(db: Db, orgId: string, viewId: string, kind: keyof typeof LINKS, ids: string[]): Promise<void> {
  const { table, column } = LINKS[kind];
  await db.query(`
    WITH gone AS (DELETE FROM ${table} WHERE org_id = $1 AND view_id = $2 AND ${column} <> ALL($3::uuid[]))
    INSERT INTO ${table} (org_id, view_id, ${column}, position)
    SELECT $1, $2, x.id, x.n FROM unnest($3::uuid[]) WITH ORDINALITY AS x(id, n)
    ON CONFLICT (org_id, view_id, ${column}) DO UPDATE SET position = EXCLUDED.position`, [orgId, viewId, ids]);
}

/** Deletes a view; its chairs, providers and every user's settings for it go with it. */
export async function deleteScheduleViewRow(db: Db, orgId: string, id: string): Promise<void> {
  await db.query('DELETE FROM schedule_views WHERE org_id = $1 AND id = $2', [orgId, id]);
}

/** Of the given ids, the chairs at `locationId` and the providers of the organisation, in one statement. */
export async function readViewRefs(
  db: Db, orgId: string, locationId: string, operatoryIds: string[], providerIds: string[],
): Promise<{ operatoryIds: Set<string>; providerIds: Set<string> }> {
  if (operatoryIds.length === 0 && providerIds.length === 0) return { operatoryIds: new Set(), providerIds: new Set() };
  const row = (await one<{ operatory_ids: string[]; provider_ids: string[] }>(db, `
    SELECT array(SELECT id FROM operatories WHERE org_id = $1 AND location_id = $2 AND id = ANY($3::uuid[])) AS operatory_ids,
           array(SELECT id FROM providers WHERE org_id = $1 AND id = ANY($4::uuid[])) AS provider_ids`,
  [orgId, locationId, operatoryIds, providerIds]))!;
  return { operatoryIds: new Set(row.operatory_ids), providerIds: new Set(row.provider_ids) };
}
