// Places taken in service occurrences, for availability. Taking one (the occurrence's lock, its count, the
// booking's row) is the appointments area's (lockServiceOccurrence …): one lock for every write that books.
import { many, type Db } from '../../core/db/client.ts';
import { CHAIR_OCCUPYING_SQL } from '../../appointments/index.ts';

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
