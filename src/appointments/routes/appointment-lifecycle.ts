import { Type } from '@sinclair/typebox';
import { notFound } from '../../core/errors.ts';
import { getLocation } from '../../practice/index.ts';
import { requestActor } from '../../core/http/auth.ts';
import { breakAppointment, cancelAppointment, pinboardAppointment, transitionAppointment } from '../commands/change-appointment-status.ts';
import { listPinboardAppointments } from '../db/appointments.ts';
import { deleteAppointment } from '../commands/delete-appointment.ts';
import { moveAppointment, placeAppointment } from '../commands/move-appointment.ts';
import { updateAppointment } from '../commands/update-appointment.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { NoContent, responses } from '../../core/http/schemas.ts';
import { AppointmentParams, AppointmentSchema, toAppointmentJson } from '../schemas/appointments.ts';
import { openingMatches } from '../commands/appointment-events.ts';
import {
  AppointmentWithQuickFillSchema, BreakAppointmentBody, CancelAppointmentBody, MoveAppointmentBody, PinboardAppointmentBody, PinboardQuery, PlaceAppointmentBody,
  TransitionAppointmentBody, UpdateAppointmentBody,
} from '../schemas/appointment-lifecycle.ts';
import { appointmentJson } from './appointments.ts';

const tags = ['Appointments'];
const Appointment = Type.Ref(AppointmentSchema);

const WRITE = 'Refusals in this order: unknown appointment (or one at a location outside the caller\'s locations) → 404 at '
  + '`path.appointment_uuid`; stale `base_version` → 409 `version_conflict` naming the current version; a change the state machine '
  + '(see `status` in the Appointment schema) does not allow → 409 `state_conflict` naming the statuses allowed instead. '
  + 'The write bumps `version` and appends a history entry (action, each changed field as {old, new}, the acting user) in the same '
  + 'transaction; a refused request changes nothing.';
const SLOT = 'Date and wall-clock times are the location\'s local ones: a time inside a spring-forward gap → 422 `dst_gap`, an '
  + 'ambiguous fall-back time means the earlier instant, `end_time` must be after `start_time` on the same date (422). The chair is '
  + 'checked under per-operatory and per-provider locks, so two overlapping writes can never both succeed: another scheduled or '
  + 'complete appointment in the operatory, the same provider\'s time in another operatory (both waived by an allowing appointment '
  + 'rule or `allow_overlap: true`, which history records) or a no-schedule blockout (never waived) → 409 `slot_conflict` listing '
  + 'each. A time-locked appointment (`is_time_locked`) refuses a new date, time or operatory with 409 `state_conflict`. Providers '
  + 'with their own times keep their offsets from the start; `datetime_ask_to_arrive` keeps its lead time.';
const BOOKED = 'Slots and services: an appointment booked into a slot (`slot_uuid`) or a service occurrence (POST '
  + '/services/{service_id}/bookings, or POST /appointments with `service_id`) keeps its place while it stays within it — for a slot, the '
  + 'whole appointment within the slot\'s time and in one of its booking block\'s chairs; for an occurrence, the same date and a start '
  + 'within the time slot\'s window — and leaves it when put anywhere else: `slot_uuid` becomes null, the occurrence forgets it '
  + '(history: `slot_id` or `service_booking` {old, new}), its place is free at once, and it never joins another slot or occurrence '
  + 'by being put there. One that did not hold its place (broken, unscheduled, planned, pinboard) and stays takes it again exactly as '
  + 'a new booking would, checked under the slot\'s row lock or the occurrence\'s lock before the chair\'s: 409 `slot_disabled`, '
  + '`slot_locked` (a live lock on the slot) or `slot_full`, and nothing changes. A scheduled one rescheduled within its slot keeps its '
  + 'place even if the slot was disabled, locked or filled meanwhile. Cancelled and complete are final: there is no un-cancel.';
const NOTE = '`note` is kept in the history entry (`request_note`) and becomes the appointment\'s note only when that is empty, '
  + 'so it never overwrites what the front desk wrote.';

const FREED = '`add_to_asap: true` also puts the patient on the ASAP list in the same transaction (source `appointment_flag`, at '
  + 'the appointment\'s location, type, primary provider and length, linked to it; an active entry of the same patient, location and '
  + 'type is kept instead). The answer adds `quick_fill_matches` (our addition): who on the ASAP list could take the freed chair time.';


/** The appointment lifecycle: update, move, place, break, cancel, transition, pinboard, delete, and the pinboard list. */
export function appointmentLifecycleRoutes(app: Api, deps: Deps): void {
  const show = (orgId: string, scope: string[] | null, id: string) => appointmentJson(deps, orgId, scope, id);
  const write = { params: AppointmentParams, response: responses({ 200: Appointment }, [403, 404, 409]) };
  const freeing = { params: AppointmentParams, response: responses({ 200: Type.Ref(AppointmentWithQuickFillSchema) }, [403, 404, 409]) };
  /** The appointment after a cancel or break, with the top three ASAP matches for the chair time it freed. */
  const showFreed = async (req: Parameters<typeof requestActor>[0], id: string) => ({
    ...(await show(req.auth.orgId, req.auth.locationIds, id)),
    quick_fill_matches: await openingMatches(deps.db, { orgId: req.auth.orgId, scope: req.auth.locationIds, appointmentId: id, now: deps.clock(), limit: 3 }),
  });

  app.get('/appointments/pinboard', {
    schema: {
      tags, summary: 'List pinboard appointments',
      description: 'A bare JSON array of the location\'s `pinboard` appointments (no envelope, no paging), highest `priority` first, '
        + 'then oldest first. Pinboard appointments keep the date, times and operatory they had for reference but occupy no chair. '
        + 'Unknown location, or one outside a location-limited caller\'s locations → 404 at `query.location_uuid`.',
      querystring: PinboardQuery, response: responses({ 200: Type.Array(Appointment) }, [404]),
    },
  }, async (req) => {
    const location = await getLocation(deps.db, req.auth.orgId, req.query.location_uuid, req.auth.locationIds);
    if (!location) throw notFound('Location', ['query', 'location_uuid']);
    return (await listPinboardAppointments(deps.db, req.auth.orgId, location.id)).map(toAppointmentJson);
  });

  app.patch('/appointments/:appointment_uuid', {
    schema: {
      tags, summary: 'Update appointment',
      description: `Fields left out keep their value. ${WRITE} Then unknown operatory or type → 404; an operatory of another location, `
        + 'an archived type or `operatory_uuid: null` on a scheduled or complete appointment → 422. A new date, time, operatory or type '
        + 're-resolves the slot; only for a scheduled or complete appointment does it re-book the chair (others just record the '
        + 'times). Times not given keep their current value (changing `start_time` alone keeps `end_time`); an appointment without '
        + 'times needs `schedule_date` and `start_time` together (422 `missing`), its end defaulting to the type\'s duration. A new '
        + `type leaves the procedures as they are. Setting \`is_time_locked: false\` in the same request lifts the lock. ${SLOT} `
        + '`production_amount` sets the amount explicitly; null returns it to the sum of the procedures\' fees. The history entry '
        + '(`updated`) lists each changed column; a request that changes nothing still bumps `version` but writes no entry. '
        + 'The status never changes here: use transition, move, place, break, cancel or pinboard.',
      body: UpdateAppointmentBody, ...write,
    },
  }, async (req) => show(req.auth.orgId, req.auth.locationIds, await updateAppointment(deps.db, requestActor(req, deps.clock), req.params.appointment_uuid, req.body)));

  app.delete('/appointments/:appointment_uuid', {
    schema: {
      tags, summary: 'Delete appointment',
      description: 'Hard delete, irreversible: the appointment, its procedures, providers, tags and patient-flow events are removed. '
        + 'Its history survives, ending with a `deleted` entry written in the same transaction (the final status, slot and '
        + 'version). No `base_version`. Unknown appointment, or one outside the caller\'s locations → 404. Responds 204. Prefer '
        + 'cancel or break in normal clinical workflows.',
      params: AppointmentParams, response: responses({ 204: NoContent }, [403, 404]),
    },
  }, async (req, reply) => {
    await deleteAppointment(deps.db, requestActor(req, deps.clock), req.params.appointment_uuid);
    return reply.code(204).send();
  });

  app.post('/appointments/:appointment_uuid/move', {
    schema: {
      tags, summary: 'Move appointment',
      description: `Reschedules to a new date and times, optionally in another operatory (omitted: the current one; an appointment `
        + 'without one → 422 `missing`). Allowed from scheduled (reschedule), broken, unscheduled and planned; the result is '
        + `scheduled (a broken one loses its broken reason). ${WRITE} Unknown operatory → 404; one of another location → 422. ${SLOT} `
        + `${BOOKED} ${NOTE} History: \`moved\` with the old and new date, times and operatory.`,
      body: MoveAppointmentBody, ...write,
    },
  }, async (req) => show(req.auth.orgId, req.auth.locationIds, await moveAppointment(deps.db, requestActor(req, deps.clock), req.params.appointment_uuid, req.body)));

  app.post('/appointments/:appointment_uuid/place', {
    schema: {
      tags, summary: 'Place appointment from pinboard',
      description: `Puts a pinboard appointment back on the schedule (only pinboard appointments, and only through place). ${WRITE} `
        + `Unknown operatory → 404; one of another location → 422. ${SLOT} ${BOOKED} History: \`placed\` with the old and new date, times `
        + 'and operatory.',
      body: PlaceAppointmentBody, ...write,
    },
  }, async (req) => show(req.auth.orgId, req.auth.locationIds, await placeAppointment(deps.db, requestActor(req, deps.clock), req.params.appointment_uuid, req.body)));

  app.post('/appointments/:appointment_uuid/break', {
    schema: {
      tags, summary: 'Break appointment',
      description: `Marks a scheduled appointment broken (missed without notice); it stops occupying its chair. ${WRITE} A `
        + `\`broken_reason_uuid\` that is not a BrokenReason definition → 404. ${NOTE} History: \`broken\`. ${FREED}`,
      body: BreakAppointmentBody, ...freeing,
    },
  }, async (req) => showFreed(req, await breakAppointment(deps.db, requestActor(req, deps.clock), req.params.appointment_uuid, req.body)));

  app.post('/appointments/:appointment_uuid/cancel', {
    schema: {
      tags, summary: 'Cancel appointment',
      description: `Cancels from any status that allows it (planned, scheduled, pinboard, broken, unscheduled); cancelled is final. `
        + `${WRITE} A \`cancel_reason_uuid\` that is not a CancelReason definition → 404. ${NOTE} History: \`cancelled\`. ${FREED}`,
      body: CancelAppointmentBody, ...freeing,
    },
  }, async (req) => showFreed(req, await cancelAppointment(deps.db, requestActor(req, deps.clock), req.params.appointment_uuid, req.body)));

  app.post('/appointments/:appointment_uuid/pinboard', {
    schema: {
      tags, summary: 'Send appointment to pinboard',
      description: `From scheduled or unscheduled. The appointment keeps its details, procedures, date, times and operatory (for `
        + `reference) but no longer occupies the chair, so others may be booked there. ${WRITE} ${NOTE} History: \`pinboarded\`.`,
      body: PinboardAppointmentBody, ...write,
    },
  }, async (req) => show(req.auth.orgId, req.auth.locationIds, await pinboardAppointment(deps.db, requestActor(req, deps.clock), req.params.appointment_uuid, req.body)));

  app.post('/appointments/:appointment_uuid/transition', {
    schema: {
      tags, summary: 'Transition appointment status',
      description: 'The generic status change. A `status` outside the seven → 422 (`enum`). ' + WRITE + ' The transitions it '
        + 'makes are those marked `transition` in the state machine; rescheduling needs move and leaving the pinboard needs place. '
        + 'To scheduled (from planned): the appointment must already have a date, times and an operatory (422 `missing` otherwise) '
        + `and a free chair (409 \`slot_conflict\`). ${BOOKED} To complete: every procedure of the appointment becomes complete, `
        + 'performed on the appointment\'s local date (this is what the procedure frequency check counts). Leaving scheduled for unscheduled or '
        + 'pinboard keeps the times for reference. `auto_generate_claim` is accepted and ignored: chairtime does no billing. '
        + 'History: `status_changed`.',
      body: TransitionAppointmentBody, ...write,
    },
  }, async (req) => show(req.auth.orgId, req.auth.locationIds, await transitionAppointment(deps.db, requestActor(req, deps.clock), req.params.appointment_uuid, req.body)));
}
