import type { Api, Deps } from '../../core/http/deps.ts';
import { bookService } from '../commands/book-service.ts';
import { serviceAvailability } from '../queries/service-availability.ts';
import { surfaceResponses, SURFACE_NOTES } from '../schemas/envelope.ts';
import {
  BookServiceBody, ServiceAvailabilityQuery, ServiceBookingData, ServiceStartListData, toServiceBookingJson,
} from '../schemas/service-bookings.ts';
import { ServiceParams } from '../schemas/services.ts';
import { requestActor } from '../../core/http/auth.ts';

const tags = ['Services'];

const OFFERED = `Only an offered service answers: one that is inactive, at an inactive location, or whose appointment type was
archived (or is no longer offered at its location) is 404 here, like one that does not exist.

Sessions: in each time slot's window a booking starts every service length from the window's start (09:00, 09:45, 10:30 …
for 45 minutes) and ends by the window's end, on the location's wall clock; on a daylight-saving day the window keeps its
wall-clock times (a start inside a spring-forward gap does not exist; a repeated hour counts once, its first pass).

Places: an occurrence (one time slot on one date) takes at most \`max_bookings\` bookings. A booking holds its place while its
appointment occupies a chair (scheduled or complete): cancelling or breaking it frees the place.

${SURFACE_NOTES}`;

/** Booking a service: its bookable starts with the places left, and booking one. */
export function serviceBookingsRoutes(app: Api, { db, clock }: Deps): void {
  app.get('/services/:service_id/availability', {
    config: { scope: 'availability:read' },
    schema: {
      tags, summary: 'Get a service\'s availability',
      description: `Bookable starts of the service between \`date_from\` and \`date_to\` (local dates at its location, at most 90 days; default today …
today + 6), from the same engine as GET /schedule/free-time: a start is offered when one of the service's providers (any scheduled
provider when it names none) and a chair of the location are free for the service's length — schedules, open hours, holidays,
blockouts, appointments and holds respected, nothing in the past — and its occurrence has places left. Each start gives its
instants at the location's offset, its date, its time slot and \`places_left\`. An occurrence at its cap offers nothing. 400: a
malformed date, \`date_to\` before \`date_from\` or over 90 days. Tokens limited to \`availability:read\` may call it.

${OFFERED}`,
      params: ServiceParams, querystring: ServiceAvailabilityQuery, response: surfaceResponses({ 200: ServiceStartListData }, [403, 404]),
    },
  }, async (req) => ({
    data: await serviceAvailability(db, req.auth.orgId, req.auth.locationIds, req.params.service_id, req.query, clock()),
  }));

  app.post('/services/:service_id/bookings', {
    config: { scope: 'booking:write' },
    schema: {
      tags, summary: 'Book a service',
      description: `Books \`patient_uuid\` at a start (\`start\` as an instant, or \`date\` and \`time\` at the location) that lies on a session of one of
the service's time slots. The place is taken atomically: bookings of one occurrence queue on its lock, so concurrent requests can
never exceed \`max_bookings\`. The appointment is scheduled with the first free provider of the service (by name) in the first free
chair (display order), with the service's type or length, exactly as POST /appointments would book it (it appears on the calendar,
in lists and in history). 201 with the booking, whose \`id\` is the appointment's. 400: no start or both forms, a start outside every
time slot's sessions or in the past, a gap time. 404: an unknown patient. 409 \`slot_full\`: every place of the occurrence is taken;
409 \`slot_conflict\`: no provider and chair is free at that start. Tokens limited to \`booking:write\` may call it.

${OFFERED}`,
      params: ServiceParams, body: BookServiceBody, response: surfaceResponses({ 201: ServiceBookingData }, [403, 404, 409]),
    },
  }, async (req, reply) => {
    const actor = requestActor(req, clock);
    const booked = await bookService(db, actor, req.params.service_id, req.body, clock());
    return reply.code(201).send({ data: toServiceBookingJson(booked) });
  });
}
