import { AppError, invalid } from '../../core/errors.ts';
import { CHAIR_OCCUPYING } from '../domain/status.ts';
import { normalizeWallTime } from '../../core/time.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { recordChange } from './appointment-events.ts';
import { getAppointment, replaceAppointmentProviders, type AppointmentRow, type ProviderAssignment, updateAppointments } from '../db/appointments.ts';
import type { Actor } from './book-appointment.ts';
import { requireProviders } from '../queries/references.ts';
import { lockForWrite } from './appointment-locks.ts';
import { lockSlot } from './appointment-slot.ts';
import { slotConflict, type Booking } from '../domain/slot.ts';
import { findConflicts } from '../queries/find-conflicts.ts';
import { requireLocalRange } from '../../core/time-input.ts';
import type { ProviderRole } from '../domain/provider-roles.ts';

export interface ProviderInput {
  provider_uuid: string;
  role?: ProviderRole;
  start_time?: string | null;
  end_time?: string | null;
}

const at = (i: number, field: string) => ['body', 'providers', i, field];
const ms = (text: string | null) => (text === null ? null : Date.parse(text));

/** 404 for the first unknown provider, then 422 for a provider listed twice; both at body.providers[i].provider_uuid. */
async function requireDistinctProviders(tx: Db, orgId: string, inputs: ProviderInput[]): Promise<void> {
  for (const [i, p] of inputs.entries()) await requireProviders(tx, orgId, [p.provider_uuid], at(i, 'provider_uuid'));
  const seen = new Set<string>();
  for (const [i, p] of inputs.entries()) {
    const id = p.provider_uuid.toLowerCase();
    if (seen.has(id)) throw invalid(at(i, 'provider_uuid'), 'The provider is listed more than once');
    seen.add(id);
  }
}

/**
 * One input as an assignment: role defaulted (primary first, secondary after); explicit times as
 * instants on the appointment's date, which must lie within the appointment (422 missing, dst_gap,
 * value_error).
 */
function toAssignment(appt: AppointmentRow, p: ProviderInput, i: number): ProviderAssignment {
  const role = p.role ?? (i === 0 ? 'primary' : 'secondary');
  const base = { providerId: p.provider_uuid.toLowerCase(), role, startTime: null, endTime: null, startAt: null, endAt: null };
  if (!p.start_time && !p.end_time) return base;
  if (!p.start_time) throw new AppError('missing', 'start_time is required with end_time', at(i, 'start_time'));
  if (!p.end_time) throw new AppError('missing', 'end_time is required with start_time', at(i, 'end_time'));
  if (!appt.schedule_date || !appt.start_at || !appt.end_at) {
    throw invalid(at(i, 'start_time'), 'The appointment has no date: a provider\'s own times need one');
  }
  const startTime = normalizeWallTime(p.start_time)!;
  const endTime = normalizeWallTime(p.end_time)!;
  const { startMs, endMs } = requireLocalRange(appt.schedule_date, startTime, endTime, appt.location_timezone, ['body', 'providers', i]);
  if (startMs < ms(appt.start_at)! || endMs > ms(appt.end_at)!) {
    throw invalid(at(i, 'start_time'), 'A provider\'s own times must lie within the appointment');
  }
  return { ...base, startTime, endTime, startAt: new Date(startMs), endAt: new Date(endMs) };
}

/**
 * Under the slot's locks, refuses (409 slot_conflict) a provider set that double-books a provider it
 * adds or whose time it changes. The chair and time do not change, so chair and blockout conflicts
 * cannot arise from this write, and an unchanged assignment keeps whatever overlap it was booked with.
 */
async function requireFreeProviders(tx: Db, orgId: string, appt: AppointmentRow, next: ProviderAssignment[]): Promise<void> {
  const key = (id: string, start: number | null, end: number | null) => `${id}|${start}|${end}`;
  const before = new Set(appt.providers.map((p) => key(p.id, ms(p.start_at), ms(p.end_at))));
  const changed = new Set(next.filter((p) => !before.has(key(p.providerId, p.startAt?.getTime() ?? null, p.endAt?.getTime() ?? null))).map((p) => p.providerId));
  if (!changed.size) return;
  const booking: Booking = {
    id: appt.id, locationId: appt.location_id, zone: appt.location_timezone, operatoryId: appt.operatory_id!,
    typeId: appt.appointment_type_id, pattern: appt.time_pattern,
    slot: { date: appt.schedule_date!, startTime: appt.start_time!, endTime: appt.end_time!, start: ms(appt.start_at)!, end: ms(appt.end_at)! },
    providers: next.map((p) => ({ providerId: p.providerId, start: p.startAt?.getTime() ?? null, end: p.endAt?.getTime() ?? null })),
  };
  await lockSlot(tx, orgId, booking.operatoryId, booking.providers.map((p) => p.providerId));
  const { conflicts } = await findConflicts(tx, orgId, booking, false);
  const mine = conflicts.filter((c) => c.kind === 'provider' && changed.has(c.providerId!));
  if (mine.length) throw slotConflict(mine, appt.location_timezone);
}

const summary = (p: { id: string; role: string; start_time: string | null; end_time: string | null }) =>
  ({ provider_id: p.id, role: p.role, start_time: p.start_time, end_time: p.end_time });

/**
 * Replaces all providers of an appointment atomically (404 appointment, 409 stale base_version, 404
 * unknown provider, 422 duplicate / times, 409 slot_conflict for a scheduled or complete one). Bumps
 * the version and writes `providers_replaced` with the old and new lists.
 */
export async function replaceProviders(db: Db, actor: Actor, appointmentId: string, baseVersion: number, inputs: ProviderInput[]): Promise<void> {
  const { orgId } = actor;
  await withTransaction(db, async (tx) => {
    const row = await lockForWrite(tx, actor, appointmentId, baseVersion);
    const appt = (await getAppointment(tx, orgId, row.id, null))!;
    await requireDistinctProviders(tx, orgId, inputs);
    const next = inputs.map((p, i) => toAssignment(appt, p, i));
    if (CHAIR_OCCUPYING.includes(appt.status)) await requireFreeProviders(tx, orgId, appt, next);
    await replaceAppointmentProviders(tx, orgId, appt.id, next);
    await updateAppointments(tx, orgId, [appt.id]);
    await recordChange(tx, actor, appt.id, 'providers_replaced', {
      providers: {
        old: appt.providers.map(summary),
        new: next.map((p) => summary({ id: p.providerId, role: p.role, start_time: p.startTime, end_time: p.endTime })),
      },
    }, appt);
  });
}
