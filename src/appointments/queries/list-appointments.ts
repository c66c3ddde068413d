import type { Static } from '@sinclair/typebox';
import { invalid, notFound } from '../../core/errors.ts';
import { encodeCursor } from '../../core/cursor.ts';
import { localDayBounds } from '../../core/time.ts';
import type { Db } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { getLocation, getOperatory, getPatient, getProvider } from '../../practice/index.ts';
import { decodeAppointmentCursor } from '../domain/appointment-cursor.ts';
import { STATUSES, type AppointmentStatus } from '../domain/status.ts';
import { getAppointments, type AppointmentRow } from '../db/appointments.ts';
import { pushWithLocalInstants } from '../schemas/appointments.ts';
import type { PendingPatientRead } from '../../audit/index.ts';
import { countAppointmentsByLocation, listAppointmentIds, listAppointmentPage, type AppointmentListFilter } from '../db/appointment-lists.ts';
import type { AppointmentCursorQuery, AppointmentListQuery } from '../schemas/appointment-queries.ts';

/** The statuses of a `status` filter (one value or a comma-separated list), 422 for an unknown one. */
function parseStatuses(text: string | undefined): AppointmentStatus[] | undefined {
  if (text === undefined) return undefined;
  const list = text.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = list.find((s) => !(STATUSES as readonly string[]).includes(s));
  if (bad !== undefined || !list.length) throw invalid(['query', 'status'], `Unknown status '${bad ?? text}'; use ${STATUSES.join(', ')}`);
  return list as AppointmentStatus[];
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** A list date filter: a real local date, or an RFC 3339 instant with offset as UTC ISO text; 422 otherwise. */
function parseDateFilter(text: string | undefined, field: string): { date: string } | { instant: string } | undefined {
  if (text === undefined) return undefined;
  const midnight = DATE_ONLY.test(text) ? Date.parse(`${text}T00:00:00Z`) : NaN;
  if (!Number.isNaN(midnight) && new Date(midnight).toISOString().startsWith(text)) return { date: text };
  const ms = RFC3339.test(text) ? Date.parse(text.replace(' ', 'T')) : NaN;
  if (Number.isNaN(ms)) throw invalid(['query', field], `${field} must be a date YYYY-MM-DD or an RFC 3339 date-time with offset`);
  return { instant: new Date(ms).toISOString() };
}

/** 404 at query.<field> for a filter naming a record that does not exist (or is outside the caller's locations). */
async function requireFilterRefs(db: Db, orgId: string, scope: LocationScope, q: {
  location_uuid?: string; patient_uuid?: string; operatory_uuid?: string; provider_uuid?: string;
}) {
  const location = q.location_uuid ? await getLocation(db, orgId, q.location_uuid, scope) : undefined;
  if (q.location_uuid && !location) throw notFound('Location', ['query', 'location_uuid']);
  if (q.patient_uuid && !(await getPatient(db, orgId, q.patient_uuid))) throw notFound('Patient', ['query', 'patient_uuid']);
  if (q.operatory_uuid && !(await getOperatory(db, orgId, q.operatory_uuid, scope))) throw notFound('Operatory', ['query', 'operatory_uuid']);
  if (q.provider_uuid && !(await getProvider(db, orgId, q.provider_uuid))) throw notFound('Provider', ['query', 'provider_uuid']);
  return location;
}

/**
 * One page of the appointment list: filters checked (404/422), date-only bounds expanded to the filtered
 * location's local days (or compared with each appointment's own local date without a location).
 */
export async function listAppointmentsPage(
  db: Db, orgId: string, scope: LocationScope, q: Static<typeof AppointmentListQuery>,
): Promise<{ rows: AppointmentRow[]; total: number }> {
  const location = await requireFilterRefs(db, orgId, scope, q);
  const f: AppointmentListFilter = { locationId: location?.id, patientId: q.patient_uuid, statuses: parseStatuses(q.status) };
  const from = parseDateFilter(q.date_from, 'date_from');
  const to = parseDateFilter(q.date_to, 'date_to');
  if (from && 'instant' in from) f.startFrom = from.instant;
  else if (from && location) f.startFrom = localDayBounds(from.date, location.timezone).start.toInstant().toString();
  else if (from) f.dateFrom = from.date;
  if (to && 'instant' in to) f.startUpTo = to.instant;
  else if (to && location) f.startBefore = localDayBounds(to.date, location.timezone).end.toInstant().toString();
  else if (to) f.dateTo = to.date;
  const { ids, total } = await listAppointmentIds(db, orgId, scope, f, { page: q.page, pageSize: q.page_size });
  return { rows: await getAppointments(db, orgId, ids, scope), total };
}

/**
 * One keyset page of the appointment list after `q.after` (422 at query.after for a cursor this API did
 * not make, or made for another sort), as the JSON text of the answer (`AppointmentCursorPage`): the
 * appointments, the cursor of the last one and whether another page follows. The appointments' text is
 * written by PostgreSQL and passed through (a page is a hundred of them), never parsed or rebuilt here.
 * With `read`, the statement that reads the page also records which patients it names.
 */
export async function cursorPageText(
  db: Db, orgId: string, scope: LocationScope, q: Static<typeof AppointmentCursorQuery>, read: PendingPatientRead | null,
): Promise<string> {
  await requireFilterRefs(db, orgId, scope, q);
  const statuses = parseStatuses(q.status);
  const cursor = q.after === undefined ? null : decodeAppointmentCursor(q.after, q.sort_by, q.sort_dir);
  if (cursor && !cursor.ok) {
    throw invalid(['query', 'after'], cursor.reason === 'malformed'
      ? 'after is not a cursor this API issued'
      : 'after was made for another sort_by or sort_dir; start again without it');
  }
  const { rows, hasNextPage } = await listAppointmentPage(db, orgId, scope, {
    locationId: q.location_uuid, patientId: q.patient_uuid, operatoryId: q.operatory_uuid, providerId: q.provider_uuid,
    statuses, startFrom: q.date_from, startBefore: q.date_to,
  }, q.sort_by, q.sort_dir, cursor ? cursor.position : null, q.first, read);
  const last = rows.at(-1);
  const endCursor = last ? encodeCursor({ sortBy: q.sort_by, sortDir: q.sort_dir, value: last.sort_value, id: last.id }) : null;
  const out = ['{"data":['];
  for (const [i, r] of rows.entries()) {
    if (i) out.push(',');
    pushWithLocalInstants(out, r.json, r.timezone);
  }
  out.push(`],"org_uuid":${JSON.stringify(orgId)},"page_info":{"end_cursor":${JSON.stringify(endCursor)},"has_next_page":${hasNextPage}}}`);
  return out.join('');
}

/** Appointment counts per visible location over local dates [dateFrom, dateTo) (422 unless dateTo is after dateFrom). */
export async function countAppointmentsPerLocation(
  db: Db, orgId: string, scope: LocationScope, dateFrom: string, dateTo: string, statuses: AppointmentStatus[],
) {
  if (dateFrom >= dateTo) throw invalid(['query', 'date_to'], 'date_to must be after date_from (it is exclusive)');
  const rows = await countAppointmentsByLocation(db, orgId, scope, dateFrom, dateTo, statuses);
  return {
    items: rows.map((r) => ({ location: { id: r.id, name: r.name }, location_timezone: r.timezone, count: r.count })),
    total: rows.reduce((sum, r) => sum + r.count, 0),
  };
}
