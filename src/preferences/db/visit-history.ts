import { many, type Db } from '../../core/db/client.ts';
import { dayOfWeek } from '../../core/time.ts';
import { LEARN_STATUSES, RECENT_VISITS, type Visit } from '../domain/learn.ts';

interface VisitRow {
  schedule_date: string;
  start_time: string;
  end_time: string;
  provider_id: string | null;
  operatory_id: string | null;
}

/**
 * The patient's most recent `limit` completed and scheduled appointments (future ones included), newest
 * first, as visits on their location's wall clock with the primary provider (the first of the
 * appointment's providers). Appointments whose wall-clock end is not after their start (a fall-back
 * night) are left out: they name no window.
 */
export async function listRecentVisits(db: Db, orgId: string, patientId: string, limit = RECENT_VISITS): Promise<Visit[]> {
  const rows = await many<VisitRow>(db, `
    SELECT a.schedule_date, a.start_time::text AS start_time, a.end_time::text AS end_time,
           ap.provider_id, a.operatory_id
      FROM appointments a
      LEFT JOIN appointment_providers ap ON ap.org_id = a.org_id AND ap.appointment_id = a.id AND ap.item_order = 0
     WHERE a.org_id = $1 AND a.patient_id = $2 AND a.status = ANY($3::text[]) AND a.end_time > a.start_time
     ORDER BY a.schedule_date DESC, a.start_time DESC, a.id
     LIMIT $4`, [orgId, patientId, LEARN_STATUSES, limit]);
  return rows.map((r) => ({
    date: r.schedule_date, weekday: dayOfWeek(r.schedule_date), startTime: r.start_time, endTime: r.end_time,
    providerId: r.provider_id, operatoryId: r.operatory_id,
  }));
}
