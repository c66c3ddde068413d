import { notFound } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { recordChange } from './appointment-events.ts';
import { getAppointment, updateAppointments } from '../db/appointments.ts';
import { findVisibleAppointmentIds, lockAppointmentsSkipLocked } from '../db/appointment-procedures.ts';
import { getDefinition } from '../../practice/index.ts';
import type { Actor } from './book-appointment.ts';
import { lockForWrite } from './appointment-locks.ts';

type StatusRef = { id: string; name: string | null } | null;

/** An ApptConfirmed definition of the organisation (hidden ones too), or 404 at body.confirmation_status_uuid. */
async function requireConfirmationStatus(db: Db, orgId: string, id: string): Promise<{ id: string; name: string }> {
  const def = await getDefinition(db, orgId, id);
  if (!def || def.category !== 'ApptConfirmed') throw notFound('Confirmation status', ['body', 'confirmation_status_uuid']);
  return { id: def.id, name: def.name };
}

/**
 * Sets (or with null clears) an appointment's confirmation status: 404 appointment, 409 stale
 * base_version, 404 for an id that is not an ApptConfirmed definition. Bumps the version and writes
 * `confirmation_changed` with the old and new statuses as references.
 */
export async function setConfirmationStatus(db: Db, actor: Actor, appointmentId: string, baseVersion: number, statusId: string | null): Promise<void> {
  const { orgId } = actor;
  await withTransaction(db, async (tx) => {
    const row = await lockForWrite(tx, actor, appointmentId, baseVersion);
    const status = statusId ? await requireConfirmationStatus(tx, orgId, statusId) : null;
    const { confirmation_status_id: oldId, confirmation_status_name: oldName } = (await getAppointment(tx, orgId, row.id, null))!;
    await updateAppointments(tx, orgId, [row.id], { confirmation_status_id: status?.id ?? null });
    const old: StatusRef = oldId ? { id: oldId, name: oldName } : null;
    await recordChange(tx, actor, row.id, 'confirmation_changed', { confirmation_status: { old, new: status } }, row);
  });
}

export interface BulkConfirmResult {
  /** Ids confirmed, in request order. */
  confirmed: string[];
  /** Unknown or invisible ids. */
  skipped: string[];
  /** Ids whose row another transaction held. */
  conflicts: string[];
}

/**
 * Confirms many appointments with one status in one transaction (404 when the status is not an
 * ApptConfirmed definition). Ids that are unknown or outside the actor's locations are skipped; rows
 * another transaction holds are not waited for (FOR UPDATE SKIP LOCKED) but reported as conflicts;
 * every other one gets the status, version + 1 and a `confirmation_changed` entry.
 */
export async function bulkConfirm(db: Db, actor: Actor, ids: string[], statusId: string): Promise<BulkConfirmResult> {
  const { orgId } = actor;
  const requested = [...new Set(ids.map((id) => id.toLowerCase()))];
  return withTransaction(db, async (tx) => {
    const status = await requireConfirmationStatus(tx, orgId, statusId);
    const visible = await findVisibleAppointmentIds(tx, orgId, requested, actor.scope);
    const locked = new Map((await lockAppointmentsSkipLocked(tx, orgId, [...visible])).map((r) => [r.id, r]));
    const confirmed = requested.filter((id) => locked.has(id));
    await updateAppointments(tx, orgId, confirmed, { confirmation_status_id: status.id });
    for (const id of confirmed) {
      const r = locked.get(id)!;
      const old: StatusRef = r.confirmation_status_id ? { id: r.confirmation_status_id, name: r.confirmation_status_name } : null;
      await recordChange(tx, actor, id, 'confirmation_changed', { confirmation_status: { old, new: status } }, null);
    }
    return {
      confirmed,
      skipped: requested.filter((id) => !visible.has(id)),
      conflicts: requested.filter((id) => visible.has(id) && !locked.has(id)),
    };
  });
}
