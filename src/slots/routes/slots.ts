import { Type } from '@sinclair/typebox';
import { notFound } from '../../core/errors.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { NoContent, responses } from '../../core/http/schemas.ts';
import { createSlot, removeSlot, setSlotStatus, updateSlot } from '../commands/slots.ts';
import { getSlot, listSlots } from '../db/slots.ts';
import { CreateSlotBody, SlotPage, SlotParams, SlotQuery, SlotSchema, UpdateSlotBody, toSlotJson } from '../schemas/slots.ts';
import { requestActor } from '../../core/http/auth.ts';

const tags = ['Slots'];
const Slot = Type.Ref(SlotSchema);
const read = { scope: 'availability:read' as const };

/** What every slot route's description starts with: the seed's object and our decisions. */
export const SLOTS = `A slot (seed 001) is a period of a booking block with a \`capacity\`: the most scheduled or complete appointments it
takes. A slot reserves no chair time itself: the appointments booked into it and the lock on it do, so every search and booking
sees them as taken time. Counts: \`num_active_appointments\` scheduled or complete, \`num_cancelled_appointments\` cancelled or
broken (their places are free again), \`num_appointments\` all. \`available\` is computed when read: active, not locked, active
appointments plus live locks below capacity, and not yet started. Times are UTC (\`start_date\`, \`end_date\`); a slot lies within one
local date at its block's location so that a booking can name it on the wall clock. A slot is visible only to callers who may see
its block's location (others get 404). Reads are open to tokens limited to \`availability:read\`; creating, changing and deleting
need an unscoped staff or admin token; lock, unlock and booking take \`booking:write\`.`;


/** Loads a slot visible to the caller as its API shape as of the app's clock, or 404 at path.slot_id. */
export async function slotJson({ db, clock }: Deps, orgId: string, id: string, scope: string[] | null) {
  const row = await getSlot(db, orgId, id, scope);
  if (!row) throw notFound('Slot', ['path', 'slot_id']);
  return toSlotJson(row, clock());
}

/** Slots: the seed's create, list, get, update, enable, disable and delete (lock, unlock and booking: slot-actions.ts). */
export function slotsRoutes(app: Api, deps: Deps): void {
  const { db } = deps;
  app.post('/slots', {
    schema: {
      tags, summary: 'Create a slot', description: `${SLOTS}\n\nDefaults: capacity 1, status active, lockable true, metadata {}. `
        + 'An end not after the start, or a range not on one local date at the location in whole seconds (ending by 23:59:59, not in '
        + 'the repeated hour of a fall-back day) → 422.',
      body: CreateSlotBody, response: responses({ 201: Slot }, [403, 404]),
    },
  }, async (req, reply) => {
    const id = await createSlot(db, requestActor(req, deps.clock), req.body);
    return reply.code(201).send(await slotJson(deps, req.auth.orgId, id, req.auth.locationIds));
  });

  app.get('/slots', {
    config: read, schema: {
      tags, summary: 'List slots', description: `${SLOTS}\n\nOrdered by start and id. Filters: \`booking_block_id\`, \`status\`, \`available\`, `
        + '`start_from` ≤ start < `start_to`.',
      querystring: SlotQuery, response: responses({ 200: SlotPage }),
    },
  }, async (req) => {
    const { page, page_size, booking_block_id, status, available, start_from, start_to } = req.query;
    const now = deps.clock();
    const { rows, total } = await listSlots(db, req.auth.orgId, req.auth.locationIds, {
      bookingBlockId: booking_block_id, status, available, startFrom: start_from, startTo: start_to,
    }, now, { page, pageSize: page_size });
    return { items: rows.map((r) => toSlotJson(r, now)), page, page_size, total };
  });

  app.get('/slots/:slot_id', {
    config: read, schema: { tags, summary: 'Get a slot', description: SLOTS, params: SlotParams, response: responses({ 200: Slot }, [404]) },
  }, async (req) => slotJson(deps, req.auth.orgId, req.params.slot_id, req.auth.locationIds));

  app.patch('/slots/:slot_id', {
    schema: {
      tags, summary: 'Update a slot', description: `${SLOTS}\n\nFields left out keep their value; \`base_version\` must be current (409 `
        + '`version_conflict`). `capacity` below the scheduled or complete appointments → 409 `state_conflict`. A new time is refused '
        + 'while appointments are booked into the slot (409 `state_conflict`) or it is locked (409 `slot_locked`).',
      params: SlotParams, body: UpdateSlotBody, response: responses({ 200: Slot }, [403, 404, 409]),
    },
  }, async (req) => {
    const { base_version, ...changes } = req.body;
    await updateSlot(db, requestActor(req, deps.clock), req.params.slot_id, base_version, changes);
    return slotJson(deps, req.auth.orgId, req.params.slot_id, req.auth.locationIds);
  });

  for (const [action, status] of [['enable', 'active'], ['disable', 'disabled']] as const) {
    app.post(`/slots/:slot_id/${action}`, {
      schema: {
        tags, summary: `${action === 'enable' ? 'Enable' : 'Disable'} a slot`,
        description: `${SLOTS}\n\nSets \`status\` to ${status} and returns the slot (200; the version moves only when the status changes). `
          + (status === 'disabled' ? 'A disabled slot takes no booking (409 `slot_disabled`) and no lock; appointments already in it stay.' : ''),
        params: SlotParams, response: responses({ 200: Slot }, [403, 404]),
      },
    }, async (req) => {
      await setSlotStatus(db, requestActor(req, deps.clock), req.params.slot_id, status);
      return slotJson(deps, req.auth.orgId, req.params.slot_id, req.auth.locationIds);
    });
  }

  app.delete('/slots/:slot_id', {
    schema: {
      tags, summary: 'Delete a slot', description: `${SLOTS}\n\n204. A slot with scheduled or complete appointments → 409 \`in_use\` `
        + '(cancel or move them first). Its cancelled and broken appointments stay, no longer linked to a slot; its lock is released.',
      params: SlotParams, response: responses({ 204: NoContent }, [403, 404, 409]),
    },
  }, async (req, reply) => {
    await removeSlot(db, requestActor(req, deps.clock), req.params.slot_id);
    return reply.code(204).send();
  });
}
