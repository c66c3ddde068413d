import type { SortDir } from '../../core/cursor.ts';
import type { SortField } from '../domain/appointment-cursor.ts';
import type { AppointmentStatus } from '../domain/status.ts';
import type { Db } from '../../core/db/client.ts';
import { many, one } from '../../core/db/client.ts';
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

/**
 * Up to `limit` appointments visible in `scope` matching `f`, strictly after `after` in the order
 * (sort value, id), both in `dir`; appointments without a start come last in either direction.
 * Returns each id with its sort value as PostgreSQL text (timestamps keep their microseconds, so
 * the next page starts exactly after this one). Rows inserted anywhere never shift the others.
 *
 * Every page is an index seek however deep: the position is one row comparison that the (org_id,
 * sort, id) indexes answer directly. By start, the rows with a start and those without (pinboard,
 * planned) are two ranges, each read from its own seek and merged, because "after this start, or no
 * start at all" in one condition would scan every earlier row.
 */
export function listAppointmentKeys(
  db: Db, orgId: string, scope: LocationScope, f: AppointmentListFilter,
  sortBy: SortField, dir: SortDir, after: Keyset | null, limit: number,
): Promise<{ id: string; sort_value: string | null }[]> {
  const { expr, cast } = SORT_SQL[sortBy];
  const cmp = dir === 'asc' ? '>' : '<';
  const direction = dir === 'asc' ? 'ASC' : 'DESC';
  const n = Math.trunc(limit);
  const where = appointmentFilter(orgId, scope, f);
  const base = where.sql;
  const select = (condition: string | null, order: string) => `
    SELECT a.id, (${expr})::text AS sort_value, a.start_at FROM appointments a
     WHERE ${base}${condition ? ` AND ${condition}` : ''} ORDER BY ${order} LIMIT ${n}`;
  const past = after?.value != null
    ? `(${expr}, a.id) ${cmp} (${where.bind(after.value)}::${cast}, ${where.bind(after.id)}::uuid)` : null;
  let sql: string;
  if (sortBy !== 'start_time') {
    sql = select(past, `${expr} ${direction}, a.id ${direction}`);
  } else if (after && after.value === null) {
    sql = select(`a.start_at IS NULL AND a.id ${cmp} ${where.bind(after.id)}::uuid`, `a.id ${direction}`);
  } else {
    sql = `SELECT id, sort_value FROM (
      (${select(past ?? 'a.start_at IS NOT NULL', `a.start_at ${direction}, a.id ${direction}`)})
      UNION ALL (${select('a.start_at IS NULL', `a.id ${direction}`)})) k
     ORDER BY start_at ${direction} NULLS LAST, id ${direction} LIMIT ${n}`;
  }
  return many<{ id: string; sort_value: string | null }>(db, sql, where.params);
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
