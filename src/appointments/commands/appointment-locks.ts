import { AppError, notFound, versionConflict } from '../../core/errors.ts';
import { canTransition, transitionRefusal, TRANSITIONS, type AppointmentStatus, type Via } from '../domain/status.ts';
import type { Db } from '../../core/db/client.ts';
import { getAppointment, lockAppointment, type AppointmentRecord, type AppointmentRow } from '../db/appointments.ts';
import type { Actor } from './book-appointment.ts';

// Every appointment write starts here: lock the row first (then, where it places the appointment,
// the slot's advisory locks), so writers of one appointment queue on its row and never deadlock.

/** Locks the appointment `id` visible to the actor for a write (404 at path.appointment_uuid). */
export async function lockVisibleAppointment(tx: Db, actor: Actor, id: string): Promise<AppointmentRecord> {
  const row = await lockAppointment(tx, actor.orgId, id, actor.scope);
  if (!row) throw notFound('Appointment', ['path', 'appointment_uuid']);
  return row;
}

/** 409 version_conflict at `loc`, naming the current version, unless the row is at `baseVersion`. */
export function requireBaseVersion(row: AppointmentRecord, baseVersion: number, loc: (string | number)[] = ['body', 'base_version']): void {
  if (row.version !== baseVersion) throw versionConflict(row.version, loc);
}

/** Locks the appointment for a write and checks its base_version: 404, then 409. */
export async function lockForWrite(tx: Db, actor: Actor, id: string, baseVersion: number): Promise<AppointmentRecord> {
  const row = await lockVisibleAppointment(tx, actor, id);
  requireBaseVersion(row, baseVersion);
  return row;
}

/**
 * Row-locks the appointment `id` visible to the actor, checks `baseVersion` (404 at
 * path.appointment_uuid, then 409 naming the current version) and returns its full row.
 */
export async function lockAppointmentAtVersion(tx: Db, actor: Actor, id: string, baseVersion: number): Promise<AppointmentRow> {
  const record = await lockForWrite(tx, actor, id, baseVersion);
  return (await getAppointment(tx, actor.orgId, record.id, actor.scope))!;
}

/** 409 state_conflict unless `via` may take the appointment from its status to `to` (ctx names what is allowed). */
export function requireTransition(row: AppointmentRow, to: AppointmentStatus, via: Via): void {
  if (canTransition(row.status, to, via)) return;
  const allowed = Object.entries(TRANSITIONS[row.status]).filter(([, vias]) => vias.includes(via)).map(([s]) => s);
  throw new AppError('state_conflict', transitionRefusal(row.status, to, via), via === 'transition' ? ['body', 'status'] : [], [],
    { status: row.status, requested: to, via, allowed });
}
