import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { notFound } from '../../core/errors.ts';
import { computeFlowStats } from '../domain/flow-stats.ts';
import { getAppointment, getAppointments } from '../db/appointments.ts';
import { findVisibleAppointmentIds, getAppointmentProcedure, listAppointmentProcedures } from '../db/appointment-procedures.ts';
import { listHistory } from '../db/appointment-history.ts';
import { listDefinitions, DefinitionPage, toDefinitionJson } from '../../practice/index.ts';
import { listAllFlowEvents, listFlowEvents } from '../db/patient-flow.ts';
import { addAppointmentProcedure, removeAppointmentProcedure } from '../commands/appointment-procedures.ts';
import { replaceProviders } from '../commands/appointment-providers.ts';
import { bulkConfirm, setConfirmationStatus } from '../commands/confirm-appointments.ts';
import { setFlowStatus } from '../commands/set-flow-status.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { NoContent, responses } from '../../core/http/schemas.ts';
import { AppointmentParams, AppointmentSchema, toAppointmentJson } from '../schemas/appointments.ts';
import {
  AddProcedureBody, AppointmentProcedureSchema, AppointmentProviderSchema, BulkConfirmBody, BulkConfirmResultSchema, ConfirmationStatusQuery,
  FlowEventPage, FlowEventSchema, FlowStatsQuery, FlowStatsSchema, HistoryPage, HistoryQuery, ProcedureParams, RemoveProcedureQuery,
  ReplaceProvidersBody, SetFlowStatusBody, UpdateConfirmationBody, toFlowEventJson, toFlowStatsJson, toHistoryJson, toProcedureJson,
  toProvidersJson,
} from '../schemas/appointment-details.ts';
import { appointmentJson } from './appointments.ts';
import { requestActor } from '../../core/http/auth.ts';

const tags = ['Appointments'];
const Appointment = Type.Ref(AppointmentSchema);
const Procedure = Type.Ref(AppointmentProcedureSchema);
const Providers = Type.Array(Type.Ref(AppointmentProviderSchema));


/** Procedures, providers, confirmation, patient flow and history of one appointment. */
export function appointmentDetailsRoutes(app: Api, deps: Deps): void {
  const { db } = deps;

  /** 404 at path.appointment_uuid unless the appointment exists and the caller may see its location. */
  async function requireVisible(req: FastifyRequest, id: string): Promise<void> {
    if (!(await findVisibleAppointmentIds(db, req.auth.orgId, [id], req.auth.locationIds)).size) {
      throw notFound('Appointment', ['path', 'appointment_uuid']);
    }
  }

  async function loadVisible(req: FastifyRequest, id: string) {
    const row = await getAppointment(db, req.auth.orgId, id, req.auth.locationIds);
    if (!row) throw notFound('Appointment', ['path', 'appointment_uuid']);
    return row;
  }

  app.get('/appointments/:appointment_uuid/procedures', {
    schema: {
      tags, summary: 'List appointment procedures',
      description: 'A bare JSON array (not a page) of the appointment\'s procedures by `item_order`, then creation. `procedure_code` is a reference whose `name` is the code; `fee` is a decimal string.',
      params: AppointmentParams, response: responses({ 200: Type.Array(Procedure) }, [404]),
    },
  }, async (req) => {
    await requireVisible(req, req.params.appointment_uuid);
    return (await listAppointmentProcedures(db, req.auth.orgId, req.params.appointment_uuid)).map(toProcedureJson);
  });

  app.post('/appointments/:appointment_uuid/procedures', {
    schema: {
      tags, summary: 'Add procedure to appointment',
      description: `Adds a planned procedure. \`fee\` defaults to the code's default fee, \`item_order\` to after the last procedure. \`base_version\` is the appointment's version: the appointment's version goes up by one, \`production_amount\` follows (the sum of the fees unless it was set explicitly), and a \`procedure_added\` history entry records the code, fee and production change.

Checks in order: unknown appointment → 404; stale \`base_version\` → 409 naming the current version; unknown \`procedure_code_uuid\` or \`provider_uuid\` → 404; a complete or cancelled appointment → 422.`,
      params: AppointmentParams, body: AddProcedureBody, response: responses({ 201: Procedure }, [403, 404, 409]),
    },
  }, async (req, reply) => {
    const id = await addAppointmentProcedure(db, requestActor(req, deps.clock), req.params.appointment_uuid, req.body);
    return reply.code(201).send(toProcedureJson((await getAppointmentProcedure(db, req.auth.orgId, req.params.appointment_uuid, id))!));
  });

  app.delete('/appointments/:appointment_uuid/procedures/:procedure_uuid', {
    schema: {
      tags, summary: 'Remove procedure from appointment',
      description: 'Deletes the procedure (irreversible). `base_version` is a required query parameter holding the appointment\'s version. Bumps the appointment\'s version and writes `procedure_removed` with the code and fee. Unknown appointment, or a procedure not on this appointment → 404; stale `base_version` → 409; a complete or cancelled appointment → 422. 204 on success.',
      params: ProcedureParams, querystring: RemoveProcedureQuery, response: responses({ 204: NoContent }, [403, 404, 409]),
    },
  }, async (req, reply) => {
    await removeAppointmentProcedure(db, requestActor(req, deps.clock), req.params.appointment_uuid, req.params.procedure_uuid, req.query.base_version);
    return reply.code(204).send();
  });

  app.get('/appointments/:appointment_uuid/providers', {
    schema: {
      tags, summary: 'List appointment providers',
      description: 'A bare JSON array of the assigned providers in `item_order` (the first is the appointment\'s `provider`), each with its role and its own times: `start_time`/`end_time` local wall-clock, `start_at`/`end_at` instants with the location\'s offset — all null when the provider\'s time follows the appointment type\'s time pattern.',
      params: AppointmentParams, response: responses({ 200: Providers }, [404]),
    },
  }, async (req) => toProvidersJson(await loadVisible(req, req.params.appointment_uuid)));

  app.put('/appointments/:appointment_uuid/providers', {
    schema: {
      tags, summary: 'Replace appointment providers',
      description: `Replaces every assignment atomically with \`providers\`, in the order given (\`[]\` removes all). \`role\` defaults to primary for the first and secondary after. A provider's own \`start_time\`/\`end_time\` (both or neither) are local times on the appointment's date and must lie within the appointment; without them the provider's time follows the type's time pattern. Returns the new list (as GET). Bumps the version and writes \`providers_replaced\` with the old and new lists.

Errors: unknown appointment → 404; stale \`base_version\` → 409; unknown provider → 404 at \`body.providers[i].provider_uuid\`; a provider listed twice → 422; a time in a daylight-saving gap → 422 \`dst_gap\`; times outside the appointment, or on an appointment without a date → 422. For a scheduled or complete appointment, a provider it adds (or whose time it changes) whose provider time overlaps their provider time in another operatory → 409 \`slot_conflict\` (same check and locks as booking); unchanged assignments are not re-checked.`,
      params: AppointmentParams, body: ReplaceProvidersBody, response: responses({ 200: Providers }, [403, 404, 409]),
    },
  }, async (req) => {
    await replaceProviders(db, requestActor(req, deps.clock), req.params.appointment_uuid, req.body.base_version, req.body.providers);
    return toProvidersJson(await loadVisible(req, req.params.appointment_uuid));
  });

  app.get('/appointments/confirmation-statuses', {
    schema: {
      tags, summary: 'List appointment confirmation statuses',
      description: 'The ApptConfirmed definitions in display order, as `GET /definitions?category=ApptConfirmed` gives them, except that hidden ones are left out unless `include_hidden=true`. These are the values `PATCH …/confirmation-status` and bulk-confirm accept.',
      querystring: ConfirmationStatusQuery, response: responses({ 200: DefinitionPage }),
    },
  }, async (req) => {
    const { page, page_size, include_hidden } = req.query;
    const { rows, total } = await listDefinitions(db, req.auth.orgId, { category: 'ApptConfirmed', includeHidden: include_hidden }, { page, pageSize: page_size });
    return { items: rows.map(toDefinitionJson), page, page_size, total };
  });

  app.patch('/appointments/:appointment_uuid/confirmation-status', {
    schema: {
      tags, summary: 'Update confirmation status',
      description: 'Sets the confirmation status to an ApptConfirmed definition (hidden ones included); `confirmation_status_uuid` null or omitted clears it. Any lifecycle status may be confirmed. Bumps the version and writes `confirmation_changed` with the old and new statuses. Unknown appointment → 404; stale `base_version` → 409; an id that is not an ApptConfirmed definition → 404.',
      params: AppointmentParams, body: UpdateConfirmationBody, response: responses({ 200: Appointment }, [403, 404, 409]),
    },
  }, async (req) => {
    await setConfirmationStatus(db, requestActor(req, deps.clock), req.params.appointment_uuid, req.body.base_version, req.body.confirmation_status_uuid ?? null);
    return appointmentJson(deps, req.auth.orgId, req.auth.locationIds, req.params.appointment_uuid);
  });

  app.post('/appointments/bulk-confirm', {
    schema: {
      tags, summary: 'Bulk confirm appointments',
      description: `Gives 1–500 appointments one confirmation status in one transaction (duplicate ids count once). An unknown confirmation status → 404 and nothing changes. Ids that are unknown or outside the caller's locations go to \`skipped\`. An appointment another request is changing at that moment is not waited for (its row lock cannot be taken without waiting: FOR UPDATE SKIP LOCKED) and goes to \`conflicts\`: retry it. Every other one gets the status, version + 1 and a \`confirmation_changed\` history entry, and is returned in \`confirmed\` in request order. No \`base_version\` is taken.`,
      body: BulkConfirmBody, response: responses({ 200: BulkConfirmResultSchema }, [403, 404]),
    },
  }, async (req) => {
    const result = await bulkConfirm(db, requestActor(req, deps.clock), req.body.appointment_uuids, req.body.confirmation_status_uuid);
    const rows = await getAppointments(db, req.auth.orgId, result.confirmed, req.auth.locationIds);
    return { confirmed: rows.map(toAppointmentJson), skipped: result.skipped, conflicts: result.conflicts };
  });

  app.post('/appointments/:appointment_uuid/patient-flow-status', {
    schema: {
      tags, summary: 'Set patient flow status',
      description: `Appends a flow event (\`changed_at\` = now, \`changed_by\` = the calling user's name) and makes the status the appointment's current \`flow_status\`; bumps the version and writes \`flow_status_set\`. No \`base_version\`: events only append. Events of one appointment have strictly increasing instants (an event at the same instant as the previous one is placed 1 µs after it). Returns the event (201).

Errors: unknown appointment → 404; unknown \`flow_status_uuid\` → 404; an inactive flow status → 422; an appointment that is not scheduled or complete → 422 \`value_error\` naming its status.`,
      params: AppointmentParams, body: SetFlowStatusBody, response: responses({ 201: Type.Ref(FlowEventSchema) }, [403, 404]),
    },
  }, async (req, reply) => {
    const event = await setFlowStatus(db, requestActor(req, deps.clock), deps.clock(), req.params.appointment_uuid, req.body.flow_status_uuid, req.body.change_note ?? '');
    return reply.code(201).send(toFlowEventJson(event));
  });

  app.get('/appointments/:appointment_uuid/patient-flow-events', {
    schema: {
      tags, summary: 'List patient flow events',
      description: 'The appointment\'s flow events, oldest first. `changed_by` is the user\'s name at the time of the change.',
      params: AppointmentParams, querystring: HistoryQuery, response: responses({ 200: FlowEventPage }, [404]),
    },
  }, async (req) => {
    await requireVisible(req, req.params.appointment_uuid);
    const { page, page_size } = req.query;
    const { rows, total } = await listFlowEvents(db, req.auth.orgId, req.params.appointment_uuid, { page, pageSize: page_size });
    return { items: rows.map(toFlowEventJson), page, page_size, total };
  });

  app.get('/appointments/:appointment_uuid/patient-flow-stats', {
    schema: {
      tags, summary: 'Get patient flow stats',
      description: 'Each event starts a segment that ends at the next event; the last is open (`ended_at` null). With `include_open=true` (default) the open segment counts up to now; with false its `duration_seconds` is null and it adds nothing to the totals. Durations are whole seconds. `totals` sums each status over its segments, statuses in the order first seen. `current_flow_status` is the appointment\'s current status (null before any event).',
      params: AppointmentParams, querystring: FlowStatsQuery, response: responses({ 200: FlowStatsSchema }, [404]),
    },
  }, async (req) => {
    const row = await loadVisible(req, req.params.appointment_uuid);
    const events = await listAllFlowEvents(db, req.auth.orgId, row.id);
    const stats = computeFlowStats(events.map((e) => ({ flowStatusId: e.flow_status_id, name: e.flow_status_name, at: Date.parse(e.changed_at) })),
      deps.clock().getTime(), req.query.include_open);
    return toFlowStatsJson(row, stats);
  });

  app.get('/appointments/:appointment_uuid/history', {
    schema: {
      tags, summary: 'List appointment history',
      description: `The audit trail, newest first: \`action\`, \`changes\` (each changed field as {old, new}), the acting user (\`actor\` {id, name} with the name at the time, null for system changes) and \`created_at\`. The trail survives a hard delete: a deleted appointment's id still returns its entries, ending with \`deleted\`. As the deleted appointment's location is no longer known, such a trail is visible only to callers not limited to locations. 404 when the appointment is invisible to the caller, or when no history exists for the id.`,
      params: AppointmentParams, querystring: HistoryQuery, response: responses({ 200: HistoryPage }, [404]),
    },
  }, async (req) => {
    const { orgId, locationIds } = req.auth;
    const id = req.params.appointment_uuid;
    const live = await getAppointment(db, orgId, id, null);
    const hidden = live ? locationIds !== null && !locationIds.includes(live.location_id) : locationIds !== null;
    if (hidden) throw notFound('Appointment', ['path', 'appointment_uuid']);
    const { page, page_size } = req.query;
    const { rows, total } = await listHistory(db, orgId, id, { page, pageSize: page_size });
    if (!live && total === 0) throw notFound('Appointment', ['path', 'appointment_uuid']);
    return { items: rows.map(toHistoryJson), page, page_size, total };
  });
}
