import { Type } from '@sinclair/typebox';
import { notFound } from '../../core/errors.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { NoContent, responses } from '../../core/http/schemas.ts';
import { createBookingBlock, removeBookingBlock, updateBookingBlock } from '../commands/booking-blocks.ts';
import { getBookingBlock, listBookingBlocks } from '../db/booking-blocks.ts';
import {
  BookingBlockPage, BookingBlockParams, BookingBlockQuery, BookingBlockSchema, CreateBookingBlockBody, UpdateBookingBlockBody,
  toBookingBlockJson,
} from '../schemas/booking-blocks.ts';
import { requestActor } from '../../core/http/auth.ts';

const tags = ['Booking blocks'];
const BookingBlock = Type.Ref(BookingBlockSchema);
const read = { scope: 'availability:read' as const };

const BLOCKS = `The seed's slots belong to booking blocks, which it references but does not define; this is our definition. A
booking block is a kind of booking at one location: the chairs (operatories) and providers that serve it, an optional default
appointment type and client \`metadata\`. A booking into one of its slots (POST /appointments with \`slot_uuid\`, or POST
/slots/{slot_id}/appointments) takes the first free chair in display order and the first free provider by name unless the
request names them, and a named one must belong to the block. A block and its slots are visible only to callers who may see
its location (others get 404). Reads are open to tokens limited to \`availability:read\`; writes need an unscoped staff or admin token.`;

/** Booking blocks: the chairs and providers behind a location's slots. */
export function bookingBlocksRoutes(app: Api, deps: Deps): void {
  const { db } = deps;
  const blockJson = async (orgId: string, id: string, scope: string[] | null) => {
    const row = await getBookingBlock(db, orgId, id, scope);
    if (!row) throw notFound('Booking block', ['path', 'booking_block_uuid']);
    return toBookingBlockJson(row);
  };

  app.get('/booking-blocks', {
    config: read, schema: {
      tags, summary: 'List booking blocks', description: `${BLOCKS}\n\nOrdered by name and id; \`location_uuid\` filters by location.`,
      querystring: BookingBlockQuery, response: responses({ 200: BookingBlockPage }),
    },
  }, async (req) => {
    const { page, page_size, location_uuid } = req.query;
    const { rows, total } = await listBookingBlocks(db, req.auth.orgId, req.auth.locationIds, { locationId: location_uuid }, { page, pageSize: page_size });
    return { items: rows.map(toBookingBlockJson), page, page_size, total };
  });

  app.get('/booking-blocks/:booking_block_uuid', {
    config: read, schema: {
      tags, summary: 'Get a booking block', description: BLOCKS,
      params: BookingBlockParams, response: responses({ 200: BookingBlock }, [404]),
    },
  }, async (req) => blockJson(req.auth.orgId, req.params.booking_block_uuid, req.auth.locationIds));

  app.post('/booking-blocks', {
    schema: {
      tags, summary: 'Create a booking block',
      description: `${BLOCKS}\n\nAt least one operatory, each at the block's location (422 otherwise); providers are optional.`,
      body: CreateBookingBlockBody, response: responses({ 201: BookingBlock }, [403, 404]),
    },
  }, async (req, reply) => {
    const id = await createBookingBlock(db, requestActor(req, deps.clock), req.body);
    return reply.code(201).send(await blockJson(req.auth.orgId, id, req.auth.locationIds));
  });

  app.patch('/booking-blocks/:booking_block_uuid', {
    schema: {
      tags, summary: 'Update a booking block',
      description: `${BLOCKS}\n\nFields left out keep their value; \`operatory_uuids\` and \`provider_uuids\` replace the lists; `
        + '`appointment_type_uuid: null` clears the type. The location is fixed (422 `extra_forbidden`). `base_version` must be '
        + 'current (409 `version_conflict`). Appointments already booked into its slots stay where they are.',
      params: BookingBlockParams, body: UpdateBookingBlockBody, response: responses({ 200: BookingBlock }, [403, 404, 409]),
    },
  }, async (req) => {
    const { base_version, ...changes } = req.body;
    await updateBookingBlock(db, requestActor(req, deps.clock), req.params.booking_block_uuid, base_version, changes);
    return blockJson(req.auth.orgId, req.params.booking_block_uuid, req.auth.locationIds);
  });

  app.delete('/booking-blocks/:booking_block_uuid', {
    schema: {
      tags, summary: 'Delete a booking block',
      description: `${BLOCKS}\n\n204. A block that still has slots → 409 \`in_use\` (delete the slots first).`,
      params: BookingBlockParams, response: responses({ 204: NoContent }, [403, 404, 409]),
    },
  }, async (req, reply) => {
    await removeBookingBlock(db, requestActor(req, deps.clock), req.params.booking_block_uuid);
    return reply.code(204).send();
  });
}
