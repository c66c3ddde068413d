import type { Db } from '../../core/db/client.ts';

/** The PostgreSQL channel that carries appointment changes to every server process. */
export const APPOINTMENT_CHANNEL = 'chairtime_appointment_changes';

/** What a page hears about one appointment change: enough to know whether the day it shows is touched. */
export interface AppointmentChangeNotice {
  org_id: string;
  location_id: string;
  appointment_id: string;
  /** Local date of the appointment at its location; null for one without a date (pinboard, unscheduled). */
  date: string | null;
  action: string;
}

// One notice per distinct (location, date): where the row is now (absent once deleted) and where it was.
const NOTIFY = {
  name: 'notify-appointment-change',
  text: `
    SELECT pg_notify($1, json_build_object('org_id', $2::uuid, 'location_id', p.location_id, 'appointment_id', $3::uuid,
                                           'date', p.date, 'action', $4::text)::text)
      FROM (SELECT a.location_id, a.schedule_date AS date FROM appointments a WHERE a.org_id = $2 AND a.id = $3
            UNION
            SELECT $5::uuid, $6::date WHERE $5::uuid IS NOT NULL) p`,
};

/**
 * Queues on APPOINTMENT_CHANNEL, inside the caller's transaction, a notice for the place (location and local
 * date) appointment `appointmentId` has now and for `before`, the place it had, when that differs; one
 * statement, reading only the row's own columns. PostgreSQL delivers notices only when that transaction
 * commits, and never when it rolls back.
 */
export async function notifyAppointmentChange(
  db: Db, orgId: string, appointmentId: string, action: string, before: { location_id: string; schedule_date: string | null } | null,
): Promise<void> {
  await db.query({ ...NOTIFY, values: [APPOINTMENT_CHANNEL, orgId, appointmentId, action, before?.location_id ?? null, before?.schedule_date ?? null] });
}
