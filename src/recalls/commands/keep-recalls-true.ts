import type { Db } from '../../core/db/client.ts';
import { setAppointmentRecall, type AppointmentChange, type AppointmentListener } from '../../appointments/index.ts';
import { addInterval } from '../domain/interval.ts';
import { APPOINTMENT_RECALL_FACTS, listTriggeredRecalls, upsertRecallAdvances, type AppointmentRecallFacts } from '../db/recall-events.ts';
import { recordRecallEvents } from './recall-webhook-events.ts';

/**
 * A change as this listener reads it: `now` is the instant of the change by the app's injected clock, which
 * stamps the recalls it creates. The appointments area does not pass it yet; until it does, the database's
 * clock stamps them (issue 13).
 */
type TimedAppointmentChange = AppointmentChange & { now?: Date };

// Changes after which an appointment may book a recall, or may have completed one. Cancelling, breaking,
// pinboarding or deleting needs nothing here: a recall is `scheduled` only while its appointment is
// scheduled on or after today, which is read, not stored, so it falls back to due or overdue by itself.
const RELINK = new Set(['created', 'updated', 'moved', 'placed', 'status_changed']);

/**
 * The appointment listener that keeps recalls true, in the appointment's transaction: after a change
 * that can book one, links a scheduled appointment to the patient's recall its appointment type books
 * (appointments.recall_id; re-derived, so a changed type re-points or clears it); after a completion
 * (`status_changed` or `created` as complete), creates or advances the patient's recall of every active
 * type a performed procedure triggers: date_previous = the appointment's local date, date_due = that date
 * plus the patient's own interval, else the type's default, with a `recall.created` or `recall.updated` webhook
 * event for each. One indexed read for a booking, in the statement the listeners share; two more statements for a
 * completion that triggers recalls, and one per recall event.
 */
export const keepRecallsTrue: AppointmentListener = {
  part: (change: TimedAppointmentChange) => (RELINK.has(change.action)
    ? { ...APPOINTMENT_RECALL_FACTS, then: (tx, facts) => keepTrue(tx, change, facts as AppointmentRecallFacts | null) }
    : null),
};

/** Links or completes as above; true when it re-pointed the appointment's recall_id (it wrote the appointment's row). */
async function keepTrue(tx: Db, change: TimedAppointmentChange, facts: AppointmentRecallFacts | null): Promise<boolean> {
  if (!facts) return false;
  const relink = facts.status === 'scheduled' && facts.recall_id !== facts.matching_recall_id;
  if (relink) await setAppointmentRecall(tx, change.orgId, change.appointmentId, facts.matching_recall_id);
  if (facts.status === 'complete' && (change.action === 'status_changed' || change.action === 'created')) {
    await advanceRecalls(tx, change.orgId, change.appointmentId, change.now ?? null);
  }
  return relink;
}

/**
 * Creates or advances the recalls the appointment's performed procedures trigger (new ones stamped `at`) and
 * records `recall.created` or `recall.updated` (action visit_completed) for each recall written.
 */
async function advanceRecalls(tx: Db, orgId: string, appointmentId: string, at: Date | null): Promise<void> {
  const triggered = await listTriggeredRecalls(tx, orgId, appointmentId);
  const written = await upsertRecallAdvances(tx, orgId, triggered
    .filter((t) => t.date_previous === null || t.date_previous <= t.performed_date)
    .map((t) => ({
      patientId: t.patient_id, recallTypeId: t.recall_type_id, datePrevious: t.performed_date,
      dateDue: addInterval(t.performed_date, t.interval ?? t.default_interval),
    })), at);
  await recordRecallEvents(tx, orgId, 'recall.created', 'visit_completed', written.filter((r) => r.inserted));
  await recordRecallEvents(tx, orgId, 'recall.updated', 'visit_completed', written.filter((r) => !r.inserted));
}
