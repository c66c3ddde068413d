import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { invalid, notFound } from '../../core/errors.ts';
import { decodeCursor, encodeCursor } from '../../core/cursor.ts';
import { REASON_CODES, type Conflict } from '../domain/conflicts.ts';
import { STATUSES, type AppointmentStatus } from '../domain/status.ts';
import { daysBetween, formatEpochMs, localDate, localDayBounds } from '../../core/time.ts';
import type { Db } from '../../core/db/client.ts';
import { getAppointment, getAppointments } from '../db/appointments.ts';
import {
  countAppointmentsByLocation, findLastPerformed, listAppointmentIds, listAppointmentKeys, type AppointmentListFilter,
} from '../db/appointment-lists.ts';
import { getLocation, type LocationScope } from '../../practice/db/locations.ts';
import { getOperatory } from '../../practice/db/operatories.ts';
import { getPatient } from '../../practice/db/patients.ts';
import { findProcedureCodeId } from '../../practice/db/procedure-codes.ts';
import { getProvider } from '../../practice/db/providers.ts';
import { requireAppointmentType, requireLocation, requireOperatoryAt, requireProviders } from '../queries/references.ts';
import { findConflicts, resolveSlot } from '../commands/appointment-slot.ts';
import { bulkImportAppointments, type BulkRow } from '../commands/bulk-import-appointments.ts';
import type { CreateAppointmentInput } from '../commands/book-appointment.ts';
import { normalizeProcedureCode } from '../../practice/commands/procedure-codes.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { issuesFromAjv } from '../../core/http/errors.ts';
import { responses } from '../../core/http/schemas.ts';
import { CreateAppointmentBody, toAppointmentJson } from '../schemas/appointments.ts';
import {
  AppointmentCursorPage, AppointmentCursorQuery, AppointmentListQuery, AppointmentPage, BulkBody, BulkResult, CheckConflictsBody,
  CheckConflictsResult, CountsByLocation, CountsByLocationQuery, FrequencyQuery, FrequencyResult,
} from '../schemas/appointment-queries.ts';

const tags = ['Appointments'];
const KINDS: Conflict['kind'][] = ['appointment', 'provider', 'blockout'];
const SCOPE = 'A location-limited caller sees only appointments of their locations; a filter naming a location outside them → 404.';

// What the contract leaves open, as the API reference states it.
const doc = {
  LIST: `Ordered by start (appointments without one last), then id; \`total\` counts every match. Filters: \`location_uuid\` and \`patient_uuid\` `
    + '(naming a record that does not exist → 404). `status`: one value or a comma-separated list (an unknown '
    + 'status → 422). `date_from`/`date_to`: an RFC 3339 instant with offset is used as is (start_at ≥ date_from, start_at ≤ date_to); '
    + 'a date-only value with `location_uuid` expands to that location\'s local day (date_from → the first instant of that day, date_to → '
    + 'up to the first instant of the next day, exclusive), so a spring-forward day spans 23 hours and a fall-back day 25. A date-only '
    + 'value without `location_uuid` compares each appointment\'s own local `schedule_date` (its location\'s day), inclusive at both ends; '
    + 'appointments without a date or start never match a date filter. Anything else → 422. ' + SCOPE,
  CURSOR: 'Keyset pagination: order by the sort value, then id, both in `sort_dir`; with `sort_by=start_time` appointments without a '
    + 'start come after all others in either direction. `page_info.end_cursor` is opaque (it holds the sort, the direction and the last '
    + 'row\'s position) and is valid only with the same `sort_by` and `sort_dir`: a cursor made for another sort, or not made by this '
    + 'API, → 422 at `query.after`. Rows inserted or deleted between pages never make another row repeat or go missing (a row whose '
    + 'sort value changes, e.g. `updated_at` on an edit, moves with it). `has_next_page` says whether another page follows. Filters: '
    + '`status` (one or comma-separated; unknown → 422), `location_uuid`, `patient_uuid`, `operatory_uuid`, `provider_uuid` (any assigned '
    + 'provider) — each naming a record that does not exist → 404 — and `date_from` (start_at ≥) / `date_to` (start_at <) as RFC 3339 '
    + 'instants with offset (a value without one → 422). ' + SCOPE,
  COUNTS: 'Counts, per active location visible to the caller (by name), the appointments with a status in `status_set` (default '
    + '`scheduled`; an unknown status → 422) whose local date at that location is in [`date_from`, `date_to`): each location counts its '
    + 'own local days, so a New York and a Los Angeles location given the same dates count different instants. `date_to` must be after '
    + '`date_from` (422). Locations without appointments count 0; `total` is the sum. One query; no appointment rows are exposed.',
  CHECK: 'Runs the same conflict check as create, move, place and bulk import against the database as it is, writing and locking '
    + 'nothing: (1) scheduled or complete appointments overlapping [start, end) in the operatory; (2) with `provider_uuids` (our '
    + 'addition), those providers\' provider time overlapping their time in another operatory — the `X` segments of '
    + '`appointment_type_uuid`\'s time pattern (our addition), or the whole range without a type; (3) no-schedule blockouts on the '
    + 'operatory or location-wide. An appointment rule allowing the two types waives (1) and (2). Back-to-back is not a conflict. '
    + '`exclude_appointment_uuid` leaves that appointment out (an edit form checking its own new time). Each group is ordered by start, and '
    + '`reason_codes` lists the distinct codes in the order appointments, providers, blockouts. Each conflict is {id, start_time, '
    + 'end_time (instants with the location\'s offset), reason_code, provider_uuid for provider conflicts}. 404: location (or outside '
    + 'the caller\'s locations), operatory, type, provider, excluded appointment; 422: an operatory of another location, a time in a '
    + 'daylight-saving gap (`dst_gap`), end not after start. Viewers may call it: it only reads.',
  FREQUENCY: '`last_performed_date` is the latest `performed_date` among the patient\'s completed procedures of that code, at any '
    + 'location of the organisation (frequency limits follow the patient, not the location); null if never. `days_since` counts whole '
    + 'days from it to today\'s date at the location where it was performed (from the server clock); null if never. The code is matched '
    + 'case-insensitively. 404: unknown patient, or a code that is not one of the organisation\'s procedure codes.',
  BULK: 'Each row is a POST /appointments body and is handled exactly like one: checked against the create schema on its own, then '
    + 'created with the same reference checks, DST rules and conflict check, in row order, each in its own savepoint of one transaction. '
    + 'A failing row is rolled back alone and reported with its `errors` (the same `type`s as a single create: `missing`, `uuid_parsing`, '
    + '`not_found`, `dst_gap`, `slot_conflict` …, `loc` under ["body", "rows", i]); the others go ahead. Later rows see earlier ones, so '
    + 'of two overlapping rows in one batch the first is created and the second fails with `slot_conflict`. Only the envelope fails the '
    + 'whole request: `rows` empty or over 500, or an unknown field → 422 and nothing is written (this relaxes the contract\'s "422 if any '
    + 'row fails schema validation" into per-row reporting). `meta.dry_run: true` runs everything, then rolls it all back: rows that '
    + 'would be created are `validated` (no `appointment_uuid`). Bulk import only creates: `updated` and `skipped` are always 0. '
    + 'Each created appointment gets its `created` history entry. Responds 200 with one result per row, in row order.',
};

// Bulk rows are checked against the create schema here, one by one, with the same Ajv options and
// formats as the request bodies, so a row fails exactly as POST /appointments would.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const rowAjv = addFormats(new Ajv({ allErrors: true, coerceTypes: false, useDefaults: true, strict: false, multipleOfPrecision: 6 }));
const checkRow = rowAjv.compile(CreateAppointmentBody);

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

/** Lists, counts, the conflict preview, the frequency check and bulk import. */
export function appointmentQueriesRoutes(app: Api, deps: Deps): void {
  const { db } = deps;

  app.get('/appointments', {
    schema: { tags, summary: 'List appointments', description: doc.LIST, querystring: AppointmentListQuery, response: responses({ 200: AppointmentPage }, [404]) },
  }, async (req) => {
    const { orgId, locationIds: scope } = req.auth;
    const q = req.query;
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
    const rows = await getAppointments(db, orgId, ids, scope);
    return { items: rows.map(toAppointmentJson), page: q.page, page_size: q.page_size, total };
  });

  app.get('/appointments/cursor', {
    schema: {
      tags, summary: 'List appointments (cursor-paginated)', description: doc.CURSOR,
      querystring: AppointmentCursorQuery, response: responses({ 200: AppointmentCursorPage }, [404]),
    },
  }, async (req) => {
    const { orgId, locationIds: scope } = req.auth;
    const q = req.query;
    await requireFilterRefs(db, orgId, scope, q);
    const statuses = parseStatuses(q.status);
    const cursor = q.after === undefined ? null : decodeCursor(q.after, q.sort_by, q.sort_dir);
    if (cursor && !cursor.ok) {
      throw invalid(['query', 'after'], cursor.reason === 'malformed'
        ? 'after is not a cursor this API issued'
        : 'after was made for another sort_by or sort_dir; start again without it');
    }
    const keys = await listAppointmentKeys(db, orgId, scope, {
      locationId: q.location_uuid, patientId: q.patient_uuid, operatoryId: q.operatory_uuid, providerId: q.provider_uuid,
      statuses, startFrom: q.date_from, startBefore: q.date_to,
    }, q.sort_by, q.sort_dir, cursor ? cursor.position : null, q.first + 1);
    const page = keys.slice(0, q.first);
    const last = page.at(-1);
    const rows = await getAppointments(db, orgId, page.map((k) => k.id), scope);
    return {
      data: rows.map(toAppointmentJson),
      org_uuid: orgId,
      page_info: {
        end_cursor: last ? encodeCursor({ sortBy: q.sort_by, sortDir: q.sort_dir, value: last.sort_value, id: last.id }) : null,
        has_next_page: keys.length > q.first,
      },
    };
  });

  app.get('/appointments/counts/by-location', {
    schema: {
      tags, summary: 'Count appointments by location', description: doc.COUNTS,
      querystring: CountsByLocationQuery, response: responses({ 200: CountsByLocation }),
    },
  }, async (req) => {
    const { date_from, date_to, status_set } = req.query;
    if (date_from >= date_to) throw invalid(['query', 'date_to'], 'date_to must be after date_from (it is exclusive)');
    const statuses = [...new Set(status_set)];
    const rows = await countAppointmentsByLocation(db, req.auth.orgId, req.auth.locationIds, date_from, date_to, statuses);
    return {
      date_from, date_to, group_by: 'location' as const, status_set: statuses,
      items: rows.map((r) => ({ location: { id: r.id, name: r.name }, location_timezone: r.timezone, count: r.count })),
      total: rows.reduce((sum, r) => sum + r.count, 0),
    };
  });

  app.post('/appointments/check-conflicts', {
    config: { roles: ['admin', 'staff', 'viewer'] },
    schema: {
      tags, summary: 'Check scheduling conflicts', description: doc.CHECK,
      body: CheckConflictsBody, response: responses({ 200: CheckConflictsResult }, [404]),
    },
  }, async (req) => {
    const { orgId, locationIds: scope } = req.auth;
    const b = req.body;
    const location = await requireLocation(db, orgId, scope, b.location_uuid);
    await requireOperatoryAt(db, orgId, scope, b.operatory_uuid, location.id);
    const type = b.appointment_type_uuid ? await requireAppointmentType(db, orgId, b.appointment_type_uuid, location.id) : null;
    const providerIds = (b.provider_uuids ?? []).map((p) => p.toLowerCase());
    if (providerIds.length) await requireProviders(db, orgId, providerIds, ['body', 'provider_uuids']);
    if (b.exclude_appointment_uuid && !(await getAppointment(db, orgId, b.exclude_appointment_uuid, scope))) {
      throw notFound('Appointment', ['body', 'exclude_appointment_uuid']);
    }
    const slot = resolveSlot(location.timezone, b.schedule_date, b.start_time, b.end_time, null);
    const { conflicts } = await findConflicts(db, orgId, {
      id: b.exclude_appointment_uuid?.toLowerCase() ?? null, locationId: location.id, zone: location.timezone,
      operatoryId: b.operatory_uuid.toLowerCase(), typeId: type?.id ?? null, pattern: type?.time_pattern ?? null, slot,
      providers: providerIds.map((providerId) => ({ providerId, start: null, end: null })),
    }, false);
    const item = (c: Conflict) => ({
      id: c.id, start_time: formatEpochMs(c.start, location.timezone), end_time: formatEpochMs(c.end, location.timezone),
      reason_code: REASON_CODES[c.kind], ...(c.providerId ? { provider_uuid: c.providerId } : {}),
    });
    const of = (kind: Conflict['kind']) => conflicts.filter((c) => c.kind === kind)
      .sort((x, y) => x.start - y.start || (x.id < y.id ? -1 : 1)).map(item);
    return {
      has_conflicts: conflicts.length > 0,
      reason_codes: KINDS.filter((k) => conflicts.some((c) => c.kind === k)).map((k) => REASON_CODES[k]),
      conflicts: { appointments: of('appointment'), providers: of('provider'), blockouts: of('blockout') },
    };
  });

  app.get('/appointments/procedure-frequency-check', {
    schema: {
      tags, summary: 'Check procedure frequency', description: doc.FREQUENCY,
      querystring: FrequencyQuery, response: responses({ 200: FrequencyResult }, [404]),
    },
  }, async (req) => {
    const { orgId } = req.auth;
    const code = normalizeProcedureCode(req.query.procedure_code);
    if (!(await getPatient(db, orgId, req.query.patient_uuid))) throw notFound('Patient', ['query', 'patient_uuid']);
    const codeId = await findProcedureCodeId(db, orgId, code);
    if (!codeId) throw notFound('Procedure code', ['query', 'procedure_code']);
    const last = await findLastPerformed(db, orgId, req.query.patient_uuid, codeId);
    return {
      procedure_code: code,
      last_performed_date: last?.performed_date ?? null,
      days_since: last ? daysBetween(last.performed_date, localDate(deps.clock(), last.timezone)) : null,
    };
  });

  app.post('/appointments/bulk', {
    schema: { tags, summary: 'Bulk import appointments', description: doc.BULK, body: BulkBody, response: responses({ 200: BulkResult }, [403]) },
  }, async (req) => {
    const rows: BulkRow[] = req.body.rows.map((row) => (checkRow(row)
      ? { input: row as CreateAppointmentInput }
      : { errors: issuesFromAjv(checkRow.errors ?? [], 'body') }));
    return bulkImportAppointments(db, { orgId: req.auth.orgId, userId: req.auth.userId, scope: req.auth.locationIds }, rows, req.body.meta?.dry_run ?? false);
  });
}
