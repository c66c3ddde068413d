import type { Api, Deps } from '../../core/http/deps.ts';
import { removeTimeSlot, removeTimeSlotsOnDay, saveTimeSlots } from '../commands/time-slots.ts';
import { findTimeSlots, serviceTimeSlots } from '../queries/time-slot-lists.ts';
import { Ok, pagination, surfaceResponses, SURFACE_NOTES } from '../schemas/envelope.ts';
import { ServiceParams } from '../schemas/services.ts';
import {
  DeleteTimeSlotsQuery, SaveTimeSlotsBody, TimeSlotArrayData, TimeSlotListData, TimeSlotListQuery, TimeSlotParams, toTimeSlotJson,
} from '../schemas/time-slots.ts';

const tags = ['Time slots'];

const TIME_SLOT = `A time slot is a weekly window of a service: \`day_of_week\` (0 = Monday … 6 = Sunday) from \`start_time\` to
\`end_time\`, wall clock at the service's location (daylight-saving days keep the wall-clock window), taking at most
\`max_bookings\` bookings per occurrence (the window on one date). Times are written "YYYY-MM-DD HH:MM:SS": the date is a
placeholder — any real date is accepted and only the time counts — and answers always carry 2023-01-01. Timestamps are
UTC. One service's windows never overlap on a weekday (back-to-back is fine).

${SURFACE_NOTES}`;

/** The five time slot routes of the seed: list, list of a service, batch create-or-update, delete one, delete a weekday. */
export function timeSlotsRoutes(app: Api, { db }: Deps): void {
  app.get('/time-slots', {
    schema: {
      tags, summary: 'List time slots',
      description: `${TIME_SLOT}\n\nBy service, weekday, start and id; \`service_id\` narrows to one service (404 when it does not exist). `
        + '`no_pagination=true` returns every time slot on one page.',
      querystring: TimeSlotListQuery, response: surfaceResponses({ 200: TimeSlotListData }, [404]),
    },
  }, async (req) => {
    const q = req.query;
    const { rows, total } = await findTimeSlots(db, req.auth.orgId, req.auth.locationIds, q.service_id,
      q.no_pagination ? null : { page: q.page, pageSize: q.page_size }, ['query', 'service_id']);
    return { data: { time_slots: rows.map(toTimeSlotJson), pagination: pagination(q, total) } };
  });

  app.get('/services/:service_id/time-slots', {
    schema: {
      tags, summary: 'List a service\'s time slots', description: `${TIME_SLOT}\n\nEvery time slot of the service, by weekday and start.`,
      params: ServiceParams, response: surfaceResponses({ 200: TimeSlotArrayData }, [404]),
    },
  }, async (req) => ({ data: (await serviceTimeSlots(db, req.auth.orgId, req.auth.locationIds, req.params.service_id)).map(toTimeSlotJson) }));

  app.patch('/time-slots', {
    schema: {
      tags, summary: 'Create or update time slots',
      description: `${TIME_SLOT}\n\nEach entry without \`id\` creates a time slot of \`service_id\`; with \`id\` it rewrites that time slot. `
        + 'All or nothing, in one transaction: one bad entry (a malformed or impossible time, an end not after the start, seconds other '
        + 'than 00, an id given twice) or windows that would overlap on a weekday (the message names the other time slot) → 400 and '
        + 'nothing is written; an unknown `service_id`, or an `id` that is not one of its time slots → 404. Answers the written time slots in '
        + 'the order given. Bookings already made keep their places.',
      body: SaveTimeSlotsBody, response: surfaceResponses({ 200: TimeSlotArrayData }, [403, 404]),
    },
  }, async (req) => {
    const rows = await saveTimeSlots(db, req.auth.orgId, req.auth.locationIds, req.body.service_id, req.body.time_slots);
    return { data: rows.map(toTimeSlotJson) };
  });

  app.delete('/time-slots/:time_slot_id', {
    schema: {
      tags, summary: 'Delete a time slot',
      description: `${TIME_SLOT}\n\nDeletes one time slot; appointments booked in it stay as they are. \`{"data": "ok"}\`; unknown → 404.`,
      params: TimeSlotParams, response: surfaceResponses({ 200: Ok }, [403, 404]),
    },
  }, async (req) => {
    await removeTimeSlot(db, req.auth.orgId, req.auth.locationIds, req.params.time_slot_id);
    return { data: 'ok' as const };
  });

  app.delete('/time-slots', {
    schema: {
      tags, summary: 'Delete a service\'s time slots on a weekday',
      description: `${TIME_SLOT}\n\nDeletes every time slot of \`service_id\` on \`day_of_week\` (none there is no error). \`{"data": "ok"}\`; `
        + 'an unknown service → 404.',
      querystring: DeleteTimeSlotsQuery, response: surfaceResponses({ 200: Ok }, [403, 404]),
    },
  }, async (req) => {
    await removeTimeSlotsOnDay(db, req.auth.orgId, req.auth.locationIds, req.query.service_id, req.query.day_of_week);
    return { data: 'ok' as const };
  });
}
