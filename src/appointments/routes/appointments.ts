import { notFound } from '../../core/errors.ts';
import { getAppointment } from '../db/appointments.ts';
import { createAppointmentAndReadBack } from '../commands/book-appointment.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { responses } from '../../core/http/schemas.ts';
import { AppointmentParams, AppointmentSchema, CreateAppointmentBody, toAppointmentJson, withLocalInstants } from '../schemas/appointments.ts';
import { Type } from '@sinclair/typebox';
import { requestActor } from '../../core/http/auth.ts';

const tags = ['Appointments'];
const Appointment = Type.Ref(AppointmentSchema);

/** Loads an appointment visible to the caller as its API shape, or 404 at path.appointment_uuid. */
export async function appointmentJson(deps: Deps, orgId: string, scope: string[] | null, id: string) {
  const row = await getAppointment(deps.db, orgId, id, scope);
  if (!row) throw notFound('Appointment', ['path', 'appointment_uuid']);
  return toAppointmentJson(row);
}

/** Create and get; the lifecycle, details and queries live in their own route files. */
export function appointmentsRoutes(app: Api, deps: Deps): void {
  app.post('/appointments', {
    // An online-booking widget's token (scope booking:write) may book.
    config: { scope: 'booking:write' },
    schema: {
      tags, summary: 'Create appointment',
      description: `Books an appointment. The date and wall-clock times are the location's local ones; \`end_time\` may be omitted when the appointment type gives a duration. A time inside a daylight-saving gap → 422 \`dst_gap\`; an ambiguous fall-back time means the earlier instant. Without a date, times and an operatory the appointment is \`unscheduled\` (or the \`status\` asked for: planned, pinboard …); \`scheduled\` and \`complete\` need all three.

Conflicts (409 \`slot_conflict\`, one detail entry per conflicting record with \`ctx\` {kind, id, reason_code}): another scheduled or complete appointment in the same operatory overlapping [start, end); the same provider's provider time (the \`X\` segments of the type's time pattern) in another operatory; a no-schedule blockout on the operatory or location-wide; a live hold (POST /holds) on the operatory or one of the providers. An appointment rule allowing the two types (at the location, else org-wide) or \`allow_overlap: true\` waives the first two, never the last two. With \`hold_token\` the booking takes a hold's place (see the field). Back-to-back is not a conflict. Concurrent bookings of one chair or provider are serialised, so two overlapping requests can never both succeed.

The type's \`procedure_codes_to_add\` become the appointment's procedures at their default fees; \`production_amount\` is their sum unless set explicitly. A \`created\` history entry is written in the same transaction.`,
      body: CreateAppointmentBody, response: responses({ 201: Appointment }, [404, 409]),
    },
  }, async (req, reply) => {
    const { id, readBack } = await createAppointmentAndReadBack(deps.db, requestActor(req, deps.clock), req.body);
    // Read back in the booking's transaction as JSON text (db/appointment-json.ts) when nothing wrote it after; else now.
    if (readBack) return reply.code(201).type('application/json').send(withLocalInstants(readBack.json, readBack.zone));
    return reply.code(201).send(await appointmentJson(deps, req.auth.orgId, req.auth.locationIds, id));
  });

  app.get('/appointments/:appointment_uuid', {
    schema: {
      tags, summary: 'Get appointment', description: 'Start and end are RFC 3339 instants with the location\'s offset, plus `location_timezone`.',
      params: AppointmentParams, response: responses({ 200: Appointment }, [404]),
    },
  }, async (req) => appointmentJson(deps, req.auth.orgId, req.auth.locationIds, req.params.appointment_uuid));
}
