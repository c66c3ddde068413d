import { many, one, type Db } from '../../core/db/client.ts';
import { CHAIR_OCCUPYING_SQL } from '../../appointments/index.ts';

/**
 * Takes the transaction-scoped advisory lock of one occurrence (a time slot on a local date), held until
 * the transaction ends: bookings of the same occurrence count and insert one at a time. Taken before any
 * chair or provider lock, and no writer takes it after one, so it cannot deadlock with them.
 */
export async function lockOccurrence(db: Db, orgId: string, timeSlotId: number, date: string): Promise<void> {
  await db.query({
    name: 'service-occurrence-lock',
    text: 'SELECT pg_advisory_xact_lock(hashtextextended($1::text, 0))',
    values: [`service-occurrence:${orgId}:${timeSlotId}:${date}`],
  });
}

/** Bookings of one occurrence that hold a place: their appointment occupies a chair (scheduled or complete). */
export async function countOccurrenceBookings(db: Db, orgId: string, timeSlotId: number, date: string): Promise<number> {
  const row = await one<{ n: number }>(db, `
    SELECT count(*)::int AS n FROM service_bookings b
      JOIN appointments a ON a.org_id = b.org_id AND a.id = b.appointment_id
     WHERE b.org_id = $1 AND b.time_slot_id = $2 AND b.occurrence_date = $3 AND a.status IN (${CHAIR_OCCUPYING_SQL})`,
  [orgId, timeSlotId, date]);
  return row!.n;
}

/** Places taken per occurrence of `timeSlotIds` between two local dates (inclusive); occurrences without any are left out. */
export function countBookingsByOccurrence(
  db: Db, orgId: string, timeSlotIds: number[], dateFrom: string, dateTo: string,
): Promise<{ time_slot_id: number; occurrence_date: string; n: number }[]> {
  return many<{ time_slot_id: number; occurrence_date: string; n: number }>(db, `
    SELECT b.time_slot_id, b.occurrence_date, count(*)::int AS n FROM service_bookings b
      JOIN appointments a ON a.org_id = b.org_id AND a.id = b.appointment_id
     WHERE b.org_id = $1 AND b.time_slot_id = ANY($2::bigint[]) AND b.occurrence_date BETWEEN $3 AND $4
       AND a.status IN (${CHAIR_OCCUPYING_SQL})
     GROUP BY b.time_slot_id, b.occurrence_date`, [orgId, timeSlotIds, dateFrom, dateTo]);
}

/** Records that `appointmentId` was booked into an occurrence of the service's time slot. */
export async function insertServiceBooking(
  db: Db, orgId: string, b: { appointmentId: string; serviceId: number; timeSlotId: number; date: string },
): Promise<void> {
  await db.query(`INSERT INTO service_bookings (org_id, appointment_id, service_id, time_slot_id, occurrence_date)
    VALUES ($1, $2, $3, $4, $5)`, [orgId, b.appointmentId, b.serviceId, b.timeSlotId, b.date]);
}
