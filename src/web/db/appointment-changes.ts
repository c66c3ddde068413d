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

/**
 * Queues a notice on APPOINTMENT_CHANNEL inside the caller's transaction: PostgreSQL delivers it only
 * when that transaction commits, and never when it rolls back.
 */
export async function notifyAppointmentChange(db: Db, notice: AppointmentChangeNotice): Promise<void> {
  await db.query({ name: 'notify-appointment-change', text: 'SELECT pg_notify($1, $2)', values: [APPOINTMENT_CHANNEL, JSON.stringify(notice)] });
}
