import type { Api, Deps } from '../../core/http/deps.ts';
import { issuesFromAjv } from '../../core/http/errors.ts';
import { responses } from '../../core/http/schemas.ts';
import { compileBodyCheck } from '../../core/http/validation.ts';
import { bulkImportAppointments, type BulkRow } from '../commands/bulk-import-appointments.ts';
import type { CreateAppointmentInput } from '../commands/book-appointment.ts';
import { previewConflicts } from '../queries/check-conflicts.ts';
import { countAppointmentsPerLocation, cursorPageText, listAppointmentsPage } from '../queries/list-appointments.ts';
import { checkProcedureFrequency } from '../queries/procedure-frequency.ts';
import { CreateAppointmentBody, toAppointmentJson } from '../schemas/appointments.ts';
import {
  AppointmentCursorPage, AppointmentCursorQuery, AppointmentListQuery, AppointmentPage, BulkBody, BulkResult, CheckConflictsBody,
  CheckConflictsResult, CountsByLocation, CountsByLocationQuery, FrequencyQuery, FrequencyResult,
} from '../schemas/appointment-queries.ts';
import { requestActor } from '../../core/http/auth.ts';
import { patientReadRecorded, pendingPatientRead } from '../../audit/index.ts';

const tags = ['Appointments'];
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
    + 'operatory or location-wide; (4, our addition) live holds on the operatory or on one of the providers (POST /holds). An '
    + 'appointment rule allowing the two types waives (1) and (2), never (3) or (4). Back-to-back is not a conflict. '
    + '`exclude_appointment_uuid` leaves that appointment out (an edit form checking its own new time). Each group is ordered by start, and '
    + '`reason_codes` lists the distinct codes in the order appointments, providers, blockouts, holds. Each conflict is {id, start_time, '
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

// Bulk rows are checked against the create schema one by one, exactly as POST /appointments checks its body.
const checkRow = compileBodyCheck(CreateAppointmentBody);

/** Lists, counts, the conflict preview, the frequency check and bulk import. */
export function appointmentQueriesRoutes(app: Api, deps: Deps): void {
  const { db } = deps;

  app.get('/appointments', {
    schema: { tags, summary: 'List appointments', description: doc.LIST, querystring: AppointmentListQuery, response: responses({ 200: AppointmentPage }, [404]) },
  }, async (req) => {
    const { rows, total } = await listAppointmentsPage(db, req.auth.orgId, req.auth.locationIds, req.query);
    return { items: rows.map(toAppointmentJson), page: req.query.page, page_size: req.query.page_size, total };
  });

  app.get('/appointments/cursor', {
    schema: {
      tags, summary: 'List appointments (cursor-paginated)', description: doc.CURSOR,
      querystring: AppointmentCursorQuery, response: responses({ 200: AppointmentCursorPage }, [404]),
    },
  }, async (req, reply) => {
    const read = pendingPatientRead(req);
    const text = await cursorPageText(db, req.auth.orgId, req.auth.locationIds, req.query, read);
    if (read) patientReadRecorded(req);
    // JSON text already (PostgreSQL wrote the appointments): sent as it is, not serialised again.
    return reply.type('application/json').send(text);
  });

  app.get('/appointments/counts/by-location', {
    schema: {
      tags, summary: 'Count appointments by location', description: doc.COUNTS,
      querystring: CountsByLocationQuery, response: responses({ 200: CountsByLocation }),
    },
  }, async (req) => {
    const { date_from, date_to, status_set } = req.query;
    const statuses = [...new Set(status_set)];
    const counts = await countAppointmentsPerLocation(db, req.auth.orgId, req.auth.locationIds, date_from, date_to, statuses);
    return { date_from, date_to, group_by: 'location' as const, status_set: statuses, ...counts };
  });

  app.post('/appointments/check-conflicts', {
    config: { roles: ['admin', 'staff', 'viewer'] },
    schema: {
      tags, summary: 'Check scheduling conflicts', description: doc.CHECK,
      body: CheckConflictsBody, response: responses({ 200: CheckConflictsResult }, [404]),
    },
  }, async (req) => previewConflicts(db, req.auth.orgId, req.auth.locationIds, req.body));

  app.get('/appointments/procedure-frequency-check', {
    schema: {
      tags, summary: 'Check procedure frequency', description: doc.FREQUENCY,
      querystring: FrequencyQuery, response: responses({ 200: FrequencyResult }, [404]),
    },
  }, async (req) => checkProcedureFrequency(db, req.auth.orgId, deps.clock(), req.query.patient_uuid, req.query.procedure_code));

  app.post('/appointments/bulk', {
    schema: { tags, summary: 'Bulk import appointments', description: doc.BULK, body: BulkBody, response: responses({ 200: BulkResult }, [403]) },
  }, async (req) => {
    const rows: BulkRow[] = req.body.rows.map((row) => (checkRow(row)
      ? { input: row as CreateAppointmentInput }
      : { errors: issuesFromAjv(checkRow.errors ?? [], 'body') }));
    return bulkImportAppointments(db, requestActor(req, deps.clock), rows, req.body.meta?.dry_run ?? false);
  });
}
