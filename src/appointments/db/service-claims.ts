// Places in service occurrences: the services, service_time_slots and service_bookings tables belong to the services
// area (which depends on this one). Every write that takes a place in an occurrence — POST /services/{id}/bookings,
// POST /appointments with service_id, a move or place that brings a service booking back — takes the occurrence's
// lock from here, so there is one lock and one count.
import { one, type Db } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { CHAIR_OCCUPYING_SQL } from './sql-fragments.ts';

/**
 * Takes the transaction-scoped advisory lock of one occurrence (a time slot on a local date), held until the
 * transaction ends: bookings of the same occurrence count and insert one at a time. Taken before any chair or
 * provider lock (after an appointment's or a slot's row lock), so it cannot deadlock with them.
 */
export async function lockServiceOccurrence(db: Db, orgId: string, timeSlotId: number, date: string): Promise<void> {
  await db.query({
    name: 'service-occurrence-lock',
    text: 'SELECT pg_advisory_xact_lock(hashtextextended($1::text, 0))',
    values: [`service-occurrence:${orgId}:${timeSlotId}:${date}`],
  });
}

/**
 * Bookings of one occurrence that hold a place: their appointment occupies a chair (scheduled or complete). Read
 * it in a statement after lockServiceOccurrence, so that it sees every booking committed before the lock.
 */
export async function countServiceOccurrenceBookings(db: Db, orgId: string, timeSlotId: number, date: string): Promise<number> {
  const row = await one<{ n: number }>(db, `
    SELECT count(*)::int AS n FROM service_bookings b
      JOIN appointments a ON a.org_id = b.org_id AND a.id = b.appointment_id
     WHERE b.org_id = $1 AND b.time_slot_id = $2 AND b.occurrence_date = $3 AND a.status IN (${CHAIR_OCCUPYING_SQL})`,
  [orgId, timeSlotId, date]);
  return row!.n;
}

/** Where a booking of a service goes: its occurrence (a time slot on a local date). */
export interface ServiceClaim {
  serviceId: number;
  timeSlotId: number;
  date: string;
}

/** Records that `appointmentId` was booked into an occurrence of the service's time slot. */
export async function insertServiceBooking(db: Db, orgId: string, appointmentId: string, c: ServiceClaim): Promise<void> {
  await db.query(`INSERT INTO service_bookings (org_id, appointment_id, service_id, time_slot_id, occurrence_date)
    VALUES ($1, $2, $3, $4, $5)`, [orgId, appointmentId, c.serviceId, c.timeSlotId, c.date]);
}

/** Forgets that `appointmentId` is a booking of an occurrence (it left it); no-op when it is none. */
export async function deleteServiceBooking(db: Db, orgId: string, appointmentId: string): Promise<void> {
  await db.query('DELETE FROM service_bookings WHERE org_id = $1 AND appointment_id = $2', [orgId, appointmentId]);
}

/** A service as a direct booking names it, with the time slot whose window holds the start (null: none). */
export interface ServiceWindow {
  location_id: string;
  appointment_type_id: string | null;
  duration_minutes: number | null;
  time_slot_id: number | null;
  max_bookings: number | null;
}

/**
 * The service `serviceId` at a location in `scope` and its time slot on `dayOfWeek` (0 = Monday) whose window
 * holds the wall-clock `startTime` (start ≤ it < end); undefined when there is no such service. A service's
 * windows never overlap on a weekday, so there is at most one.
 */
export function findServiceWindow(
  db: Db, orgId: string, scope: LocationScope, serviceId: number, dayOfWeek: number, startTime: string,
): Promise<ServiceWindow | undefined> {
  return one<ServiceWindow>(db, `
    SELECT s.location_id, s.appointment_type_id, s.duration_minutes, ts.id AS time_slot_id, ts.max_bookings
      FROM services s
      LEFT JOIN service_time_slots ts ON ts.org_id = s.org_id AND ts.service_id = s.id AND ts.day_of_week = $4
                                     AND ts.start_time <= $5::time AND $5::time < ts.end_time
     WHERE s.org_id = $1 AND s.id = $2 AND ($3::uuid[] IS NULL OR s.location_id = ANY($3))`,
  [orgId, serviceId, scope, dayOfWeek, startTime]);
}

/** The occurrence an appointment is booked into, with its time slot's current window; undefined when none. */
export interface BookedOccurrence extends ServiceClaim {
  start_time: string;
  end_time: string;
  max_bookings: number;
}

/** The service booking of `appointmentId`, or undefined. */
export function findServiceBookingOf(db: Db, orgId: string, appointmentId: string): Promise<BookedOccurrence | undefined> {
  return one<BookedOccurrence>(db, `
    SELECT b.service_id AS "serviceId", b.time_slot_id AS "timeSlotId", b.occurrence_date AS date,
           ts.start_time, ts.end_time, ts.max_bookings
      FROM service_bookings b
      JOIN service_time_slots ts ON ts.org_id = b.org_id AND ts.id = b.time_slot_id
     WHERE b.org_id = $1 AND b.appointment_id = $2`, [orgId, appointmentId]);
}
