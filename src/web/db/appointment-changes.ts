import type pg from 'pg';

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

// One notice per change and distinct (location, date): where the row is now (absent once deleted) and where it was.
// The changes come as one JSON array, not parallel arrays: PostgreSQL estimates unnest() of a known array by its
// length, so every plan made for a known batch looked cheaper than the generic one and the statement was planned
// anew on each send; json_to_recordset's estimate does not depend on the value, so the generic plan is kept.
const NOTIFY = {
  name: 'notify-appointment-changes',
  text: `
    SELECT pg_notify($1, json_build_object('org_id', c.org_id, 'location_id', p.location_id, 'appointment_id', c.appointment_id,
                                           'date', p.date, 'action', c.action)::text)
      FROM json_to_recordset($2::json)
             AS c(org_id uuid, appointment_id uuid, action text, before_location_id uuid, before_date date)
     CROSS JOIN LATERAL (
            SELECT a.location_id, a.schedule_date AS date FROM appointments a WHERE a.org_id = c.org_id AND a.id = c.appointment_id
            UNION
            SELECT c.before_location_id, c.before_date WHERE c.before_location_id IS NOT NULL) p`,
};

/** One committed appointment change to announce, and the place the row had before it (null: none or unknown). */
export interface AppointmentChangeRef {
  orgId: string;
  appointmentId: string;
  action: string;
  before: { location_id: string; schedule_date: string | null } | null;
}

const queued = new Map<pg.Pool, AppointmentChangeRef[]>();
const sending = new Set<pg.Pool>();

/**
 * Queues a notice on APPOINTMENT_CHANNEL for a change that has committed: for the place (location and local date)
 * the appointment has when the notice is sent and for `before`, when that differs. Changes queued in one turn of
 * the event loop, or while the previous notices are being sent, go in one autocommit statement (so under load a
 * pool sends one statement per round trip, not one per change), which writes no WAL: the lock PostgreSQL takes to
 * queue notifications is held for microseconds and never across another transaction's commit. A notice lost to an
 * error or a crash between the commit and the send delays a page until it reloads (every page reloads what it
 * shows after its stream reconnects); it never announces what rolled back.
 */
export function notifyAppointmentChange(pool: pg.Pool, change: AppointmentChangeRef): void {
  const batch = queued.get(pool);
  if (batch) {
    batch.push(change);
    return;
  }
  queued.set(pool, [change]);
  if (!sending.has(pool)) setImmediate(() => send(pool));
}

function send(pool: pg.Pool): void {
  const changes = queued.get(pool);
  if (!changes) return;
  queued.delete(pool);
  sending.add(pool);
  pool.query({
    ...NOTIFY,
    values: [APPOINTMENT_CHANNEL, JSON.stringify(changes.map((c) => ({
      org_id: c.orgId, appointment_id: c.appointmentId, action: c.action,
      before_location_id: c.before?.location_id ?? null, before_date: c.before?.schedule_date ?? null,
    })))],
  }).catch(() => undefined).finally(() => {
    sending.delete(pool);
    send(pool);
  });
}
