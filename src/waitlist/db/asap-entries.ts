import { many, one, type Db } from '../../core/db/client.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';
import type { LocationScope } from '../../core/scope.ts';
import { ACTIVE_STATUSES, type EntryStatus } from '../domain/entry-status.ts';
import type { LocationScope as MatchScope } from '../domain/quick-fill.ts';
import {
  DAYS_PER_POINT, DAYS_WAITING_MAX, PRIORITY_FLOOR, PRIORITY_STEP, PRIORITY_TOP, URGENCY_POINTS, type Urgency,
} from '../domain/scoring.ts';

/** The columns a client may write (source only on create, status only through the state table). */
export interface EntryFields {
  location_scope: MatchScope;
  appointment_type_id: string | null;
  provider_id: string | null;
  priority_id: string | null;
  recall_id: string | null;
  appointment_id: string | null;
  source: string;
  status: EntryStatus;
  urgency: Urgency;
  date_range_start: string | null;
  date_range_end: string | null;
  estimated_duration_mins: number | null;
  /** Weekdays 0 = Monday … 6 = Sunday, ascending. */
  preferred_days: number[] | null;
  /** Wall clock HH:MM:SS. */
  preferred_time_start: string | null;
  preferred_time_end: string | null;
  note: string | null;
  /** numeric as decimal text in rows; a number when written. */
  treatment_value: string | number | null;
}

/** An entry with the names of what it references and what is computed at read (in the location's zone). */
export interface EntryRow extends EntryFields {
  org_id: string;
  id: string;
  patient_id: string;
  patient_name: string;
  location_id: string;
  location_name: string;
  location_timezone: string;
  appointment_type_name: string | null;
  type_duration_minutes: number | null;
  provider_name: string | null;
  priority_name: string | null;
  /** 0-based rank of the priority from the last of the organisation's AsapPriority definitions (item_order, name, id): 0 = the most important. */
  priority_rank: number | null;
  additional_locations: { id: string; name: string }[];
  contact_attempts: number;
  contact_method_used: string | null;
  contacted_at: string | null;
  patient_response: string | null;
  responded_at: string | null;
  last_offered_date: string | null;
  last_offered_start_time: string | null;
  last_offered_location_id: string | null;
  last_offered_location_name: string | null;
  /** Today's local date at the location, at the instant the read was given. */
  today: string;
  days_waiting: number;
  /** The status as read: active entries past date_range_end are `expired`. */
  effective_status: EntryStatus;
  version: number;
  created_at: string;
  updated_at: string;
}

/** What a webhook event tells of an entry, as a write leaves it (RETURNING ENTRY_FACTS): ids, dates, stored status, version. */
export interface EntryFacts {
  id: string;
  patient_id: string;
  location_id: string;
  appointment_type_id: string | null;
  provider_id: string | null;
  recall_id: string | null;
  appointment_id: string | null;
  source: string;
  /** As stored: an active entry past date_range_end is read as expired through the API without a write. */
  status: EntryStatus;
  urgency: string;
  date_range_start: string | null;
  date_range_end: string | null;
  estimated_duration_mins: number | null;
  contact_attempts: number;
  version: number;
}

/** The RETURNING list of EntryFacts, for statements that name asap_entries `e`. */
export const ENTRY_FACTS = `e.id, e.patient_id, e.location_id, e.appointment_type_id, e.provider_id, e.recall_id, e.appointment_id,
  e.source, e.status, e.urgency, e.date_range_start, e.date_range_end, e.estimated_duration_mins, e.contact_attempts, e.version`;

/** The unique key that allows one active entry per patient, location and type. */
export const ACTIVE_ENTRY_KEY = 'asap_entries_active_key';

export const ACTIVE_SQL = ACTIVE_STATUSES.map((s) => `'${s}'`).join(', ');

// Dynamic SET lists take their column names from here only, never from a request.
const FIELD_COLUMNS: readonly (keyof EntryFields)[] = [
  'location_scope', 'appointment_type_id', 'provider_id', 'priority_id', 'recall_id', 'appointment_id', 'source', 'status', 'urgency',
  'date_range_start', 'date_range_end', 'estimated_duration_mins', 'preferred_days', 'preferred_time_start', 'preferred_time_end',
  'note', 'treatment_value',
];

/**
 * FROM with the read-time values as `k`: `today` at the location for the instant `nowPh` (a placeholder),
 * `days_waiting`, `effective_status` and `priority_rank`.
 */
export function fromSql(nowPh: string): string {
  return `asap_entries e
  JOIN locations l ON l.org_id = e.org_id AND l.id = e.location_id
  JOIN patients pt ON pt.org_id = e.org_id AND pt.id = e.patient_id
  LEFT JOIN appointment_types t ON t.org_id = e.org_id AND t.id = e.appointment_type_id
  LEFT JOIN providers pr ON pr.org_id = e.org_id AND pr.id = e.provider_id
  LEFT JOIN definitions d ON d.org_id = e.org_id AND d.id = e.priority_id
  CROSS JOIN LATERAL (SELECT (${nowPh}::timestamptz AT TIME ZONE l.timezone)::date AS today) td
  CROSS JOIN LATERAL (SELECT td.today,
    GREATEST(0, td.today - (e.created_at AT TIME ZONE l.timezone)::date) AS days_waiting,
    CASE WHEN e.status IN (${ACTIVE_SQL}) AND e.date_range_end < td.today THEN 'expired' ELSE e.status END AS effective_status,
    CASE WHEN d.id IS NULL THEN NULL ELSE (SELECT count(*)::int FROM definitions d2
      WHERE d2.org_id = e.org_id AND d2.category = 'AsapPriority' AND (d2.item_order, d2.name, d2.id) > (d.item_order, d.name, d.id)) END AS priority_rank) k`;
}

export const COLUMNS = `e.*, l.name AS location_name, l.timezone AS location_timezone, pt.first_name || ' ' || pt.last_name AS patient_name,
  t.name AS appointment_type_name, t.duration_minutes AS type_duration_minutes, pr.first_name || ' ' || pr.last_name AS provider_name,
  d.name AS priority_name, k.priority_rank, k.today::text AS today, k.days_waiting, k.effective_status,
  (SELECT ol.name FROM locations ol WHERE ol.org_id = e.org_id AND ol.id = e.last_offered_location_id) AS last_offered_location_name,
  coalesce((SELECT json_agg(json_build_object('id', xl.id, 'name', xl.name) ORDER BY xl.name, xl.id)
    FROM asap_entry_locations x JOIN locations xl ON xl.org_id = x.org_id AND xl.id = x.location_id
    WHERE x.org_id = e.org_id AND x.entry_id = e.id), '[]') AS additional_locations`;

/** The standing score (urgency + priority + days waiting) in SQL, from the same constants as domain/scoring.ts. */
export const STANDING_SCORE_SQL = `(CASE e.urgency ${Object.entries(URGENCY_POINTS).map(([u, p]) => `WHEN '${u}' THEN ${p}`).join(' ')} ELSE 0 END
  + CASE WHEN k.priority_rank IS NULL THEN 0 ELSE GREATEST(${PRIORITY_FLOOR}, ${PRIORITY_TOP} - ${PRIORITY_STEP} * k.priority_rank) END
  + LEAST(${DAYS_WAITING_MAX}, k.days_waiting / ${DAYS_PER_POINT}))`;

export const SORT_SQL = {
  urgency: `CASE e.urgency ${Object.entries(URGENCY_POINTS).map(([u, p]) => `WHEN '${u}' THEN ${p}`).join(' ')} ELSE 0 END`,
  score: STANDING_SCORE_SQL,
  days_waiting: 'k.days_waiting',
  created_at: 'e.created_at',
  treatment_value: 'e.treatment_value',
} as const;
export type SortBy = keyof typeof SORT_SQL;

export interface EntryFilter {
  locationId?: string;
  includeCrossLocation: boolean;
  patientId?: string;
  providerId?: string;
  appointmentTypeId?: string;
  statuses?: EntryStatus[];
  urgency?: string;
  source?: string;
  sortBy: SortBy;
  sortDir: 'asc' | 'desc';
}

/**
 * Lists entries visible in `scope` (by home location), read at instant `now`. With a location, entries
 * homed there, plus (when includeCrossLocation) those with scope `any` or `selected` naming it. Statuses
 * filter on the status as read (expired computed). Ordered by the sort column, then created_at and id.
 */
export function listEntries(db: Db, orgId: string, scope: LocationScope, now: Date, f: EntryFilter, page: PageRequest) {
  const where = new Filter(orgId, 'e');
  const from = fromSql(where.bind(now.toISOString()));
  where.add('e.location_id = ANY($?)', scope ?? undefined)
    .add('e.patient_id = $?', f.patientId).add('e.provider_id = $?', f.providerId)
    .add('e.appointment_type_id = $?', f.appointmentTypeId).add('e.urgency = $?', f.urgency).add('e.source = $?', f.source)
    .add('k.effective_status = ANY($?)', f.statuses);
  // `$?` stands for the location everywhere in the fragment (Filter binds it once).
  const cross = f.includeCrossLocation ? ` OR e.location_scope = 'any' OR (e.location_scope = 'selected' AND EXISTS (
      SELECT 1 FROM asap_entry_locations x WHERE x.org_id = e.org_id AND x.entry_id = e.id AND x.location_id = $?))` : '';
  where.add(`(e.location_id = $?${cross})`, f.locationId);
  const dir = f.sortDir === 'asc' ? 'ASC' : 'DESC';
  return selectPage<EntryRow>(db, COLUMNS, from, where, `${SORT_SQL[f.sortBy]} ${dir} NULLS LAST, e.created_at ${dir}, e.id ${dir}`, page);
}

/** One entry of the organisation visible in `scope`, read at `now`; undefined when none. */
export function getEntry(db: Db, orgId: string, id: string, scope: LocationScope, now: Date): Promise<EntryRow | undefined> {
  return one<EntryRow>(db, `SELECT ${COLUMNS} FROM ${fromSql('$3')}
    WHERE e.org_id = $1 AND e.id = $2 AND ($4::uuid[] IS NULL OR e.location_id = ANY($4))`, [orgId, id, now.toISOString(), scope]);
}

/** Full rows of entries `ids` (any order of `ids`), read at `now`, for quick-fill and bulk answers. */
export function getEntries(db: Db, orgId: string, ids: string[], now: Date): Promise<EntryRow[]> {
  if (!ids.length) return Promise.resolve([]);
  return many<EntryRow>(db, `SELECT ${COLUMNS} FROM ${fromSql('$3')} WHERE e.org_id = $1 AND e.id = ANY($2::uuid[])`,
    [orgId, ids, now.toISOString()]);
}

/** What a write needs of the current entry, read under a row lock (with its location's zone). */
export interface LockedEntry extends EntryFields {
  id: string;
  patient_id: string;
  location_id: string;
  timezone: string;
  version: number;
}

/** Reads and row-locks (FOR UPDATE) entry `id` visible in `scope`; undefined when none. */
export function lockEntry(db: Db, orgId: string, id: string, scope: LocationScope): Promise<LockedEntry | undefined> {
  return one<LockedEntry>(db, `SELECT e.*, l.timezone FROM asap_entries e JOIN locations l ON l.org_id = e.org_id AND l.id = e.location_id
    WHERE e.org_id = $1 AND e.id = $2 AND ($3::uuid[] IS NULL OR e.location_id = ANY($3)) FOR UPDATE OF e`, [orgId, id, scope]);
}

/**
 * The active entry (stored waiting, contacted or offered) of a patient at a location for a type (null
 * = none), other than `exceptId`; undefined when none.
 */
export function findActiveEntry(
  db: Db, orgId: string, key: { patientId: string; locationId: string; typeId: string | null }, exceptId: string | null = null,
): Promise<{ id: string; date_range_end: string | null } | undefined> {
  return one(db, `SELECT id, date_range_end FROM asap_entries WHERE org_id = $1 AND patient_id = $2 AND location_id = $3
      AND appointment_type_id IS NOT DISTINCT FROM $4 AND status IN (${ACTIVE_SQL}) AND id IS DISTINCT FROM $5`,
  [orgId, key.patientId, key.locationId, key.typeId, exceptId]);
}

/**
 * Inserts an entry (version 1, created and updated at `createdAt`) and returns it as EntryFacts; an active
 * duplicate raises 23505 on ACTIVE_ENTRY_KEY.
 */
export async function insertEntry(
  db: Db, orgId: string, patientId: string, locationId: string, f: EntryFields, createdAt: Date,
): Promise<EntryFacts> {
  const row = await one<EntryFacts>(db, `
    INSERT INTO asap_entries AS e (org_id, patient_id, location_id, created_at, updated_at, ${FIELD_COLUMNS.join(', ')})
    VALUES ($1, $2, $3, $4, $4, ${FIELD_COLUMNS.map((_c, i) => `$${i + 5}`).join(', ')}) RETURNING ${ENTRY_FACTS}`,
  [orgId, patientId, locationId, createdAt.toISOString(), ...FIELD_COLUMNS.map((c) => f[c])]);
  return row!;
}

/**
 * Writes the given fields (and server-owned `extra` columns, named by our code) of entry `id`, version + 1, and
 * returns it as EntryFacts (the caller has locked it, so it exists).
 */
export async function updateEntry(
  db: Db, orgId: string, id: string, changes: Partial<EntryFields>, extra: Record<string, unknown> = {},
): Promise<EntryFacts> {
  const cols = FIELD_COLUMNS.filter((c) => changes[c] !== undefined);
  const extraCols = Object.keys(extra);
  const sets = [...cols, ...extraCols].map((c, i) => `${c} = ${c === 'contact_attempts' ? 'e.contact_attempts + ' : ''}$${i + 3}`);
  const row = await one<EntryFacts>(db,
    `UPDATE asap_entries e SET ${[...sets, 'version = e.version + 1'].join(', ')} WHERE e.org_id = $1 AND e.id = $2 RETURNING ${ENTRY_FACTS}`,
    [orgId, id, ...cols.map((c) => changes[c]), ...extraCols.map((c) => extra[c])]);
  return row!;
}

/** Replaces the additional locations of entry `id` with `locationIds`. */
export async function replaceEntryLocations(db: Db, orgId: string, id: string, locationIds: string[]): Promise<void> {
  await db.query('DELETE FROM asap_entry_locations WHERE org_id = $1 AND entry_id = $2', [orgId, id]);
  if (locationIds.length) {
    await db.query(`INSERT INTO asap_entry_locations (org_id, entry_id, location_id)
      SELECT $1, $2, x FROM unnest($3::uuid[]) AS x ON CONFLICT DO NOTHING`, [orgId, id, locationIds]);
  }
}

/** Stores `expired` on entry `id` (an active entry past its range, making way for a new one of the same key); returns it. */
export async function storeExpired(db: Db, orgId: string, id: string): Promise<EntryFacts> {
  const row = await one<EntryFacts>(db,
    `UPDATE asap_entries e SET status = 'expired', version = e.version + 1 WHERE e.org_id = $1 AND e.id = $2 RETURNING ${ENTRY_FACTS}`, [orgId, id]);
  return row!;
}

/** Row-locks the entries `ids` visible in `scope`, in id order (two overlapping batches never deadlock); their ids and statuses. */
export function lockEntries(db: Db, orgId: string, ids: string[], scope: LocationScope): Promise<{ id: string; status: EntryStatus }[]> {
  return many(db, `SELECT id, status FROM asap_entries WHERE org_id = $1 AND id = ANY($2::uuid[])
      AND ($3::uuid[] IS NULL OR location_id = ANY($3)) ORDER BY id FOR UPDATE`, [orgId, ids, scope]);
}

/** Sets status removed (version + 1) on the entries `ids`, one statement; returns them. */
export async function removeEntries(db: Db, orgId: string, ids: string[]): Promise<EntryFacts[]> {
  if (!ids.length) return [];
  return many<EntryFacts>(db, `UPDATE asap_entries e SET status = 'removed', version = e.version + 1
    WHERE e.org_id = $1 AND e.id = ANY($2::uuid[]) RETURNING ${ENTRY_FACTS}`, [orgId, ids]);
}
