// What book and contend send: one booking as an HTTP body for chairtime, and the floor that runs
// chairtime's locking strategy by hand — advisory locks, the conflict reads, the inserts — in one transaction.
import { checkConflicts } from '../src/appointments/domain/conflicts.ts';
import { resolveLocal } from '../src/core/time.ts';
import { loadConflictContext } from '../src/appointments/db/appointment-conflicts.ts';
import { insertAppointment } from '../src/appointments/db/appointments.ts';
import { authenticate } from '../src/core/db/authenticate.ts';
import { lockSlot } from '../src/appointments/commands/appointment-slot.ts';
import type { FloorOp } from './floor.ts';
import { BENCH_CLIENT, BENCH_NOTE, type LocationFixture, type Practice } from './fixtures.ts';
import type { HttpRequest } from './http-load.ts';
import type pg from 'pg';

/** One booking, with its instants computed beforehand so the floor sends SQL only. */
export interface Booking {
  location: LocationFixture;
  operatoryId: string;
  providerId: string | null;
  patientId: string;
  date: string;
  startTime: string;
  endTime: string;
  /** Epoch ms, [start, end) */
  start: number;
  end: number;
}

/** A booking of `date` from `startTime` to `endTime` (HH:MM:SS, never in a DST gap) at the location's zone. */
export function booking(location: LocationFixture, operatoryId: string, providerId: string | null, patientId: string,
  date: string, startTime: string, endTime: string): Booking {
  const at = (t: string) => resolveLocal(date, t, location.timezone).at.epochMilliseconds;
  return { location, operatoryId, providerId, patientId, date, startTime, endTime, start: at(startTime), end: at(endTime) };
}

/** POST /appointments for `b`. */
export function bookingRequest(b: Booking): HttpRequest {
  return {
    method: 'POST', path: '/appointments',
    body: {
      patient_uuid: b.patientId, location_uuid: b.location.id, operatory_uuid: b.operatoryId,
      ...(b.providerId ? { provider_uuid: b.providerId } : {}),
      schedule_date: b.date, start_time: b.startTime, end_time: b.endTime, note: BENCH_NOTE,
    },
  };
}

/** The rows a booking writes, in chairtime's one statement: the appointment, its provider and its `created` history entry. */
export async function insertBookingRows(c: pg.PoolClient, p: Practice, b: Booking, userId: string): Promise<void> {
  await insertAppointment(c, p.orgId, {
    patient_id: b.patientId, location_id: b.location.id, operatory_id: b.operatoryId, appointment_type_id: null, status: 'scheduled',
    schedule_date: b.date, start_time: b.startTime, end_time: b.endTime, start_at: new Date(b.start).toISOString(),
    end_at: new Date(b.end).toISOString(), ask_to_arrive_at: null, note: BENCH_NOTE, priority: 0, is_new_patient: false,
    color_override: null, confirmation_status_id: p.confirmationId, overlap_permitted: false,
  }, b.providerId ? [{ providerId: b.providerId, role: 'primary', startTime: null, endTime: null, startAt: null, endAt: null }] : [], {
    changes: { status: 'scheduled', schedule_date: b.date, start_time: b.startTime, end_time: b.endTime, operatory_id: b.operatoryId, allow_overlap: false },
    actorUserId: userId,
  });
}

/**
 * The floor of a conflict-checked create: the token lookup, then in one transaction chairtime's own
 * lock order (lockSlot: chair, then providers), its conflict reads (loadConflictContext) and decision
 * (checkConflicts), and the inserts of the appointment, its provider and its history entry.
 */
export function bookingFloor(p: Practice, next: () => Booking): FloorOp {
  return async (c) => {
    const b = next();
    const { identity: who } = await authenticate(c, BENCH_CLIENT, p.orgId, p.tokenHash);
    if (!who) return '401';
    const providers = b.providerId ? [b.providerId] : [];
    await c.query('BEGIN');
    await lockSlot(c, p.orgId, b.operatoryId, providers);
    const ctx = await loadConflictContext(c, p.orgId, b.location.id, b.operatoryId, providers, b.start, b.end, null);
    const mine = {
      id: null, operatoryId: b.operatoryId, typeId: null, start: b.start, end: b.end,
      providers: providers.map((providerId) => ({ providerId, intervals: [{ start: b.start, end: b.end }] })),
    };
    if (checkConflicts(mine, ctx.others, ctx.blockouts, ctx.rules, b.location.id, false, ctx.held).length) {
      await c.query('ROLLBACK');
      return '409';
    }
    await insertBookingRows(c, p, b, who.user_id);
    await c.query('COMMIT');
    return '201';
  };
}

/** Rows a scenario created (note 'bench') at `locationId`, and pairs of chair-occupying rows there that overlap. */
export async function checkBookings(db: pg.Pool, orgId: string, locationId: string | null): Promise<{ created: number; overlapping: number }> {
  const { rows } = await db.query<{ created: number; overlapping: number }>(`
    SELECT (SELECT count(*)::int FROM appointments WHERE org_id = $1 AND note = $3 AND ($2::uuid IS NULL OR location_id = $2)) AS created,
           (SELECT count(*)::int FROM appointments a JOIN appointments b
               ON b.org_id = a.org_id AND b.operatory_id = a.operatory_id AND b.id <> a.id AND a.id < b.id
              AND tstzrange(a.start_at, a.end_at) && tstzrange(b.start_at, b.end_at) AND b.status IN ('scheduled', 'complete')
             WHERE a.org_id = $1 AND ($2::uuid IS NULL OR a.location_id = $2) AND a.status IN ('scheduled', 'complete')
               AND (a.note = $3 OR b.note = $3)) AS overlapping`, [orgId, locationId, BENCH_NOTE]);
  return rows[0]!;
}
