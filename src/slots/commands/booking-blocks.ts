import { AppError, invalid, notFound, versionConflict } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { requireAppointmentType, type Actor } from '../../appointments/index.ts';
import {
  deleteBookingBlockRow, insertBookingBlock, lockBookingBlock, readBookingBlockRefs, replaceBookingBlockOperatories,
  replaceBookingBlockProviders, updateBookingBlockRow,
} from '../db/booking-blocks.ts';

/** A booking block as the API's create body names it. */
export interface BookingBlockInput {
  name: string;
  location_uuid: string;
  operatory_uuids: string[];
  provider_uuids?: string[];
  appointment_type_uuid?: string | null;
  metadata?: Record<string, string>;
}

/** A PATCH: every field optional; the location is fixed. */
export type BookingBlockChanges = Partial<Omit<BookingBlockInput, 'location_uuid'>>;

const lower = (ids: string[] | undefined) => (ids ? [...new Set(ids.map((x) => x.toLowerCase()))] : undefined);

/**
 * Checks a block's references in field order: its location (404, create only), each operatory (404 unknown or
 * outside the caller's locations, 422 at another location than the block's), each provider (404), the type
 * (404; 422 archived or not offered at the location). `locLoc` names the location field on create (null: fixed).
 */
async function requireBlockRefs(
  tx: Db, orgId: string, scope: LocationScope, locationId: string, i: BookingBlockChanges, locLoc: (string | number)[] | null,
): Promise<void> {
  const operatoryIds = i.operatory_uuids ?? [];
  const providerIds = i.provider_uuids ?? [];
  const refs = await readBookingBlockRefs(tx, orgId, scope, { locationId, operatoryIds, providerIds });
  if (locLoc && !refs.location_id) throw notFound('Location', locLoc);
  operatoryIds.forEach((id, n) => {
    const found = refs.operatories.find((o) => o.id === id);
    if (!found) throw notFound('Operatory', ['body', 'operatory_uuids', n]);
    if (found.location_id !== locationId) throw invalid(['body', 'operatory_uuids', n], 'The operatory is not at the booking block\'s location');
  });
  const missing = providerIds.findIndex((id) => !refs.provider_ids.includes(id));
  if (missing >= 0) throw notFound('Provider', ['body', 'provider_uuids', missing]);
  if (i.appointment_type_uuid) await requireAppointmentType(tx, orgId, i.appointment_type_uuid, locationId);
}

/** Creates a booking block with its operatories and providers after checking every reference (404 / 422); returns its id. */
export function createBookingBlock(db: Db, actor: Actor, input: BookingBlockInput): Promise<string> {
  const i = { ...input, operatory_uuids: lower(input.operatory_uuids)!, provider_uuids: lower(input.provider_uuids) ?? [] };
  const locationId = i.location_uuid.toLowerCase();
  return withTransaction(db, async (tx) => {
    await requireBlockRefs(tx, actor.orgId, actor.scope, locationId, i, ['body', 'location_uuid']);
    const id = await insertBookingBlock(tx, actor.orgId, locationId, {
      name: i.name, appointment_type_id: i.appointment_type_uuid?.toLowerCase() ?? null, metadata: i.metadata ?? {},
    });
    await replaceBookingBlockOperatories(tx, actor.orgId, id, i.operatory_uuids);
    await replaceBookingBlockProviders(tx, actor.orgId, id, i.provider_uuids);
    return id;
  });
}

/**
 * Patches a booking block of a location in the caller's scope at `baseVersion` (404, 409 version_conflict, then
 * the reference checks of create). Given operatory or provider lists replace the current ones; slots already
 * booked keep their appointments.
 */
export function updateBookingBlock(db: Db, actor: Actor, id: string, baseVersion: number, changes: BookingBlockChanges): Promise<void> {
  const c = { ...changes, operatory_uuids: lower(changes.operatory_uuids), provider_uuids: lower(changes.provider_uuids) };
  return withTransaction(db, async (tx) => {
    const block = await lockBookingBlock(tx, actor.orgId, id, actor.scope);
    if (!block) throw notFound('Booking block', ['path', 'booking_block_uuid']);
    if (block.version !== baseVersion) throw versionConflict(block.version);
    await requireBlockRefs(tx, actor.orgId, actor.scope, block.location_id, c, null);
    await updateBookingBlockRow(tx, actor.orgId, id, {
      name: c.name, metadata: c.metadata,
      appointment_type_id: c.appointment_type_uuid === undefined ? undefined : c.appointment_type_uuid?.toLowerCase() ?? null,
    });
    if (c.operatory_uuids) await replaceBookingBlockOperatories(tx, actor.orgId, id, c.operatory_uuids);
    if (c.provider_uuids) await replaceBookingBlockProviders(tx, actor.orgId, id, c.provider_uuids);
  });
}

/** Deletes a booking block of a location in the caller's scope (404); 409 in_use while it has slots. */
export function removeBookingBlock(db: Db, actor: Actor, id: string): Promise<void> {
  return withTransaction(db, async (tx) => {
    if (!(await lockBookingBlock(tx, actor.orgId, id, actor.scope))) throw notFound('Booking block', ['path', 'booking_block_uuid']);
    if ((await deleteBookingBlockRow(tx, actor.orgId, id)) === 'in_use') {
      throw new AppError('in_use', 'The booking block has slots: delete them first', ['path', 'booking_block_uuid']);
    }
  });
}
