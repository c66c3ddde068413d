import type { Db } from '../../core/db/client.ts';
import { many, one } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';

/** A blockout joined with the names of its location, type and operatory, its location's zone and its type's flags. */
export interface BlockoutRow {
  org_id: string;
  id: string;
  location_id: string;
  location_name: string;
  timezone: string;
  operatory_id: string | null;
  operatory_name: string | null;
  blockout_type_id: string;
  type_name: string;
  type_status: 'active' | 'inactive';
  is_holiday: boolean;
  is_do_not_copy: boolean;
  group_id: string | null;
  schedule_date: string;
  /** HH:MM:SS, local wall clock */
  start_time: string;
  end_time: string;
  /** RFC 3339 UTC */
  start_at: string;
  end_at: string;
  note: string;
  status: 'active' | 'cancelled';
  version: number;
  created_at: string;
  updated_at: string;
}

const FROM = `blockouts b
  JOIN locations l ON l.org_id = b.org_id AND l.id = b.location_id
  JOIN blockout_types t ON t.org_id = b.org_id AND t.id = b.blockout_type_id
  LEFT JOIN operatories o ON o.org_id = b.org_id AND o.id = b.operatory_id`;
const COLUMNS = `b.*, l.name AS location_name, l.timezone, o.name AS operatory_name, t.name AS type_name,
  t.status AS type_status, t.is_holiday, t.is_do_not_copy`;
const ORDER = 'b.schedule_date, b.start_time, b.id';

export interface BlockoutFilter {
  locationId?: string;
  dateFrom?: string;
  dateTo?: string;
}

/** Lists blockouts of the locations in `scope`, by schedule_date, start_time and id. */
export function listBlockouts(db: Db, orgId: string, scope: LocationScope, f: BlockoutFilter, page: PageRequest) {
  const where = new Filter(orgId, 'b')
    .add('b.location_id = ANY($?)', scope ?? undefined)
    .add('b.location_id = $?', f.locationId)
    .add('b.schedule_date >= $?', f.dateFrom)
    .add('b.schedule_date <= $?', f.dateTo);
  return selectPage<BlockoutRow>(db, COLUMNS, FROM, where, ORDER, page);
}

/** One blockout of a location in `scope`, or undefined; `forUpdate` locks its row until the transaction ends. */
export function getBlockout(db: Db, orgId: string, id: string, scope: LocationScope, forUpdate = false): Promise<BlockoutRow | undefined> {
  return one<BlockoutRow>(db, `SELECT ${COLUMNS} FROM ${FROM}
    WHERE b.org_id = $1 AND b.id = $2 AND ($3::uuid[] IS NULL OR b.location_id = ANY($3))${forUpdate ? ' FOR UPDATE OF b' : ''}`,
  [orgId, id, scope]);
}

/** The blockouts `ids`, by schedule_date, start_time and id. */
export function getBlockoutsByIds(db: Db, orgId: string, ids: string[]): Promise<BlockoutRow[]> {
  return many<BlockoutRow>(db, `SELECT ${COLUMNS} FROM ${FROM} WHERE b.org_id = $1 AND b.id = ANY($2::uuid[]) ORDER BY ${ORDER}`, [orgId, ids]);
}

const ACTIVE_ON = {
  name: 'blockouts-active-on',
  text: `SELECT ${COLUMNS} FROM ${FROM}
    WHERE b.org_id = $1 AND b.location_id = $2 AND b.schedule_date = ANY($3::date[]) AND b.status = 'active'
    ORDER BY ${ORDER}`,
};

/** Active blockouts at a location on any of `dates`, by schedule_date, start_time and id (the rows the overlap, holiday and copy rules read). */
export function listActiveBlockoutsOn(db: Db, orgId: string, locationId: string, dates: string[]): Promise<BlockoutRow[]> {
  return many<BlockoutRow>(db, ACTIVE_ON, [orgId, locationId, dates]);
}

/** The active blockouts of recurrence group `groupId`, locked FOR UPDATE until the transaction ends. */
export function lockBlockoutGroup(db: Db, orgId: string, groupId: string): Promise<BlockoutRow[]> {
  return many<BlockoutRow>(db, `SELECT ${COLUMNS} FROM ${FROM}
    WHERE b.org_id = $1 AND b.group_id = $2 AND b.status = 'active' ORDER BY ${ORDER} FOR UPDATE OF b`, [orgId, groupId]);
}

/**
 * Serialises writers of one location's blockouts until the transaction ends, so the overlap and
 * holiday rules see every concurrent write (there is no schema constraint for location-wide overlap).
 */
export async function lockLocationBlockouts(db: Db, orgId: string, locationId: string): Promise<void> {
  await db.query("SELECT pg_advisory_xact_lock(hashtextextended('blockouts:' || $1::text || ':' || $2::text, 0))", [orgId, locationId]);
}

/** A blockout to insert; `id` is chosen by the caller, instants are RFC 3339. */
export interface NewBlockout {
  id: string;
  location_id: string;
  operatory_id: string | null;
  blockout_type_id: string;
  group_id: string | null;
  schedule_date: string;
  start_time: string;
  end_time: string;
  start_at: string;
  end_at: string;
  note: string;
}

const COLS = ['id', 'location_id', 'operatory_id', 'blockout_type_id', 'group_id', 'schedule_date', 'start_time', 'end_time', 'start_at', 'end_at', 'note'] as const;
const CASTS = ['uuid', 'uuid', 'uuid', 'uuid', 'uuid', 'date', 'time', 'time', 'timestamptz', 'timestamptz', 'text'];

/** Inserts active blockouts in one statement. */
export async function insertBlockouts(db: Db, orgId: string, rows: NewBlockout[]): Promise<void> {
  if (rows.length === 0) return;
  const arrays = COLS.map((c) => rows.map((r) => r[c]));
  await db.query(`INSERT INTO blockouts (org_id, ${COLS.join(', ')})
    SELECT $1, * FROM unnest(${CASTS.map((t, i) => `$${i + 2}::${t}[]`).join(', ')})`, [orgId, ...arrays]);
}

/** New values for one blockout; the version goes up by one. */
export type BlockoutChange = Omit<NewBlockout, 'location_id' | 'group_id'>;

/** Rewrites blockouts in one statement, each version + 1 (callers check base_version under a row lock first). */
export async function updateBlockouts(db: Db, orgId: string, changes: BlockoutChange[]): Promise<void> {
  if (changes.length === 0) return;
  const cols = COLS.filter((c) => c !== 'location_id' && c !== 'group_id');
  const casts = CASTS.filter((_, i) => COLS[i] !== 'location_id' && COLS[i] !== 'group_id');
  await db.query(`UPDATE blockouts b SET ${cols.filter((c) => c !== 'id').map((c) => `${c} = v.${c}`).join(', ')}, version = b.version + 1
    FROM unnest(${casts.map((t, i) => `$${i + 2}::${t}[]`).join(', ')}) AS v(${cols.join(', ')})
    WHERE b.org_id = $1 AND b.id = v.id`, [orgId, ...cols.map((c) => changes.map((ch) => ch[c]))]);
}

/** Puts each blockout of `groups` (id → group id) into its group, version + 1. */
export async function setBlockoutGroups(db: Db, orgId: string, groups: Map<string, string>): Promise<void> {
  if (groups.size === 0) return;
  await db.query(`UPDATE blockouts b SET group_id = v.group_id, version = b.version + 1
    FROM unnest($2::uuid[], $3::uuid[]) AS v(id, group_id) WHERE b.org_id = $1 AND b.id = v.id`,
  [orgId, [...groups.keys()], [...groups.values()]]);
}

/** A blockout's own columns, as a DELETE returns them. */
export type StoredBlockout = Omit<BlockoutRow, 'location_name' | 'timezone' | 'operatory_name' | 'type_name' | 'type_status' | 'is_holiday' | 'is_do_not_copy'>;

/** Deletes one blockout of a location in `scope` and returns its columns as they were; undefined when there was none. */
export function deleteBlockout(db: Db, orgId: string, id: string, scope: LocationScope): Promise<StoredBlockout | undefined> {
  return one<StoredBlockout>(db,
    'DELETE FROM blockouts WHERE org_id = $1 AND id = $2 AND ($3::uuid[] IS NULL OR location_id = ANY($3)) RETURNING *', [orgId, id, scope]);
}

/** Operatories of the organisation among `ids` (lower case) with their location; missing ids are absent from the map. */
export async function findOperatoryLocations(db: Db, orgId: string, ids: string[]): Promise<Map<string, { location_id: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await many<{ id: string; location_id: string }>(db,
    'SELECT id, location_id FROM operatories WHERE org_id = $1 AND id = ANY($2::uuid[])', [orgId, ids]);
  return new Map(rows.map((r) => [r.id, { location_id: r.location_id }]));
}
