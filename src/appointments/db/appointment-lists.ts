import type { SortDir } from '../../core/cursor.ts';
import type { SortField } from '../domain/appointment-cursor.ts';
import type { AppointmentStatus } from '../domain/status.ts';
import type { Db } from '../../core/db/client.ts';
import { byShape, many, one } from '../../core/db/client.ts';
import { APPOINTMENT_JSON, APPOINTMENT_JSON_JOINS, type AppointmentJsonRow } from './appointment-json.ts';
import { patientReadInsertItem, retryWithReadAuditPartition, type PendingPatientRead } from '../../audit/index.ts';
import type { LocationScope } from '../../core/scope.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';

/** Filters shared by the appointment lists; instants are RFC 3339 text, dates local YYYY-MM-DD. */
export interface AppointmentListFilter {
  locationId?: string;
  patientId?: string;
  operatoryId?: string;
  providerId?: string;
  statuses?: AppointmentStatus[];
  /** start_at ≥ this instant */
  startFrom?: string;
  /** start_at < this instant */
  startBefore?: string;
  /** start_at ≤ this instant */
  startUpTo?: string;
  /** schedule_date ≥ this local date (each appointment's own location) */
  dateFrom?: string;
  /** schedule_date ≤ this local date */
  dateTo?: string;
}

function appointmentFilter(orgId: string, scope: LocationScope, f: AppointmentListFilter): Filter {
  return new Filter(orgId, 'a')
    .add('a.location_id = ANY($?::uuid[])', scope ?? undefined)
    .add('a.location_id = $?', f.locationId)
    .add('a.patient_id = $?', f.patientId)
    .add('a.operatory_id = $?', f.operatoryId)
    .add(`EXISTS (SELECT 1 FROM appointment_providers ap
           WHERE ap.org_id = a.org_id AND ap.appointment_id = a.id AND ap.provider_id = $?)`, f.providerId)
    .add('a.status = ANY($?::text[])', f.statuses)
    .add('a.start_at >= $?::timestamptz', f.startFrom)
    .add('a.start_at < $?::timestamptz', f.startBefore)
    .add('a.start_at <= $?::timestamptz', f.startUpTo)
    .add('a.schedule_date >= $?::date', f.dateFrom)
    .add('a.schedule_date <= $?::date', f.dateTo);
}

/**
 * One page of the ids of the appointments visible in `scope` matching `f`, ordered by start (those
 * without one last) then id, and the count of all matches. Two statements whatever the page size.
 */
export async function listAppointmentIds(
  db: Db, orgId: string, scope: LocationScope, f: AppointmentListFilter, page: PageRequest,
): Promise<{ ids: string[]; total: number }> {
  const { rows, total } = await selectPage<{ id: string }>(db, 'a.id', 'appointments a', appointmentFilter(orgId, scope, f),
    'a.start_at ASC NULLS LAST, a.id', page);
  return { ids: rows.map((r) => r.id), total };
}

// The sort expressions; status compares bytewise so the order never depends on the database collation.
const SORT_SQL: Record<SortField, { expr: string; cast: string }> = {
  start_time: { expr: 'a.start_at', cast: 'timestamptz' },
  created_at: { expr: 'a.created_at', cast: 'timestamptz' },
  updated_at: { expr: 'a.updated_at', cast: 'timestamptz' },
  status: { expr: 'a.status COLLATE "C"', cast: 'text' },
};

/** A keyset position: the last row's sort value (PostgreSQL text, null for no start) and id. */
export interface Keyset {
  value: string | null;
  id: string;
}

/** The most appointments one keyset page holds. */
export const MAX_PAGE_SIZE = 200;

/** One appointment of a keyset page: its API JSON text (local instants still markers) and its keyset position. */
export interface AppointmentPageRow extends AppointmentJsonRow {
  sort_value: string | null;
}

/**
 * Up to `pageSize` appointments visible in `scope` matching `f`, strictly after `after` in the order
 * (sort value, id), both in `dir`, and whether more follow; appointments without a start come last in
 * either direction. Each comes as its API JSON text (db/appointment-json.ts) with its sort value as
 * PostgreSQL text (timestamps keep their microseconds, so the next page starts exactly after this one).
 * Rows inserted anywhere never shift the others. With `read`, the same statement records the read of the
 * page's patients in the audit log (patientReadInsertItem), and fails if it cannot.
 *
 * Every page is an index seek however deep: the position is one row comparison that the (org_id,
 * sort, id) indexes answer directly. By start, the rows with a start and those without (pinboard,
 * planned) are two ranges, each read from its own seek and merged, because "after this start, or no
 * start at all" in one condition would scan every earlier row. The seek, the rows and the record are one
 * statement, named by its shape (byShape): the filters given make its text, the values are parameters.
 */
export async function listAppointmentPage(
  db: Db, orgId: string, scope: LocationScope, f: AppointmentListFilter,
  sortBy: SortField, dir: SortDir, after: Keyset | null, pageSize: number, read: PendingPatientRead | null = null,
): Promise<{ rows: AppointmentPageRow[]; hasNextPage: boolean }> {
  if (!(pageSize >= 1 && pageSize <= MAX_PAGE_SIZE)) throw new Error(`a page holds 1 to ${MAX_PAGE_SIZE} rows, not ${pageSize}`);
  const { expr, cast } = SORT_SQL[sortBy];
  const cmp = dir === 'asc' ? '>' : '<';
  const direction = dir === 'asc' ? 'ASC' : 'DESC';
  const where = appointmentFilter(orgId, scope, f);
  const base = where.sql;
  // Each seek is bounded by a constant and the page by a parameter: with its bound a parameter, PostgreSQL's generic
  // plan guesses a tenth of the table, rates itself dearer than planning anew, and every page would be planned again.
  const seekBound = MAX_PAGE_SIZE + 1;
  const select = (condition: string | null, order: string) => `
    SELECT a.id, (${expr})::text AS sort_value, a.start_at FROM appointments a
     WHERE ${base}${condition ? ` AND ${condition}` : ''} ORDER BY ${order} LIMIT ${seekBound}`;
  const past = after?.value != null
    ? `(${expr}, a.id) ${cmp} (${where.bind(after.value)}::${cast}, ${where.bind(after.id)}::uuid)` : null;
  let keys: string;
  let order: string;
  if (sortBy !== 'start_time') {
    order = `${expr} ${direction}, a.id ${direction}`;
    keys = select(past, order);
  } else if (after && after.value === null) {
    order = `a.id ${direction}`;
    keys = select(`a.start_at IS NULL AND a.id ${cmp} ${where.bind(after.id)}::uuid`, order);
  } else {
    order = `a.start_at ${direction} NULLS LAST, a.id ${direction}`;
    keys = `SELECT id, sort_value FROM (
      (${select(past ?? 'a.start_at IS NOT NULL', `a.start_at ${direction}, a.id ${direction}`)})
      UNION ALL (${select('a.start_at IS NULL', `a.id ${direction}`)})) k
     ORDER BY start_at ${direction} NULLS LAST, id ${direction} LIMIT ${seekBound}`;
  }
  // One row past the page says whether another follows; it is neither shown nor recorded.
  const size = where.bind(Math.trunc(pageSize));
  const record = read
    ? `, ${patientReadInsertItem(db, 'recorded', read, `(SELECT array_agg(patient_id ORDER BY first) FROM (
        SELECT patient_id, min(ord) AS first FROM page WHERE ord <= ${size} GROUP BY patient_id) p)`, (v) => where.bind(v))}` : '';
  const sql = `
    WITH page AS MATERIALIZED (
      SELECT a.id, k.sort_value, a.patient_id, l.timezone, ${APPOINTMENT_JSON} AS json, row_number() OVER (ORDER BY ${order}) AS ord
        FROM (SELECT id, sort_value FROM (${keys}) k LIMIT ${size} + 1) k
        JOIN appointments a ON a.org_id = $1 AND a.id = k.id ${APPOINTMENT_JSON_JOINS}
    )${record}
    SELECT id, sort_value, patient_id, timezone, json FROM page ORDER BY ord`;
  const rows = await retryWithReadAuditPartition(db, () => many<AppointmentPageRow>(db, byShape('appointment-page', sql), where.params));
  return { rows: rows.slice(0, pageSize), hasNextPage: rows.length > pageSize };
}

export interface LocationCount {
  id: string;
  name: string;
  timezone: string;
  count: number;
}

/**
 * Per active location visible in `scope` (by name, then id): how many appointments with a status in
 * `statuses` have their local schedule_date in [dateFrom, dateTo). schedule_date is the local date at
 * the appointment's own location, so each location counts its own local days. One statement.
 */
export function countAppointmentsByLocation(
  db: Db, orgId: string, scope: LocationScope, dateFrom: string, dateTo: string, statuses: AppointmentStatus[],
): Promise<LocationCount[]> {
  return many<LocationCount>(db, `
    SELECT l.id, l.name, l.timezone, count(a.id)::int AS count
      FROM locations l
      LEFT JOIN appointments a ON a.org_id = l.org_id AND a.location_id = l.id
       AND a.schedule_date >= $2::date AND a.schedule_date < $3::date AND a.status = ANY($4::text[])
     WHERE l.org_id = $1 AND l.is_active AND ($5::uuid[] IS NULL OR l.id = ANY($5::uuid[]))
     GROUP BY l.id, l.name, l.timezone
     ORDER BY lower(l.name), l.id`, [orgId, dateFrom, dateTo, statuses, scope]);
}

/**
 * The latest local date on which the patient had a completed procedure of code `codeId` (any
 * location of the organisation), with the zone of the location it was performed at; undefined if never.
 */
export function findLastPerformed(
  db: Db, orgId: string, patientId: string, codeId: string,
): Promise<{ performed_date: string; timezone: string } | undefined> {
  return one<{ performed_date: string; timezone: string }>(db, `
    SELECT p.performed_date, l.timezone
      FROM appointment_procedures p
      JOIN appointments a ON a.org_id = p.org_id AND a.id = p.appointment_id
      JOIN locations l ON l.org_id = a.org_id AND l.id = a.location_id
     WHERE p.org_id = $1 AND a.patient_id = $2 AND p.procedure_code_id = $3 AND p.status = 'complete'
     ORDER BY p.performed_date DESC, a.id LIMIT 1`, [orgId, patientId, codeId]);
}
