import type { AppointmentChange, AppointmentListener } from '../../appointments/index.ts';
import { insertEntryFromAppointment, releaseLinkedEntriesPart, SCHEDULE_MATCHING } from '../db/appointment-sync.ts';
import type { EntryFacts } from '../db/asap-entries.ts';
import { recordEntryEvents } from './entry-webhook-events.ts';

/**
 * A change as this listener reads it: `now` is the instant of the change by the app's injected clock, which
 * stamps the entries it creates. The appointments area does not pass it yet; until it does, the database's
 * clock stamps them (issue 13).
 */
type TimedAppointmentChange = AppointmentChange & { now?: Date };

// History actions after which the appointment may newly be scheduled.
const BOOKING_ACTIONS = new Set(['created', 'moved', 'placed', 'status_changed']);
// History actions after which the appointment no longer holds the chair time an entry was scheduled into.
const UNBOOKING_ACTIONS = new Set(['cancelled', 'broken', 'deleted']);

/**
 * Keeps the ASAP list true as appointments change, inside the appointment's transaction, with an
 * `asap_entry.*` webhook event for every entry it writes. A cancel, break or delete puts the entries scheduled
 * into the appointment back to waiting without the link (action released; see releaseLinkedEntriesPart);
 * a delete also clears the link of entries that came from it (unlinked). Then a break or cancel with
 * `add_to_asap` puts the patient on the list (source appointment_flag, created at the change's `now`; an active
 * entry of the same patient, location and type is kept instead). An appointment that is scheduled after a
 * create, move, place or transition marks the patient's matching active entries scheduled (booked). One part of
 * the statement the listeners share per such change, one more statement for add_to_asap, plus one per event; none
 * for other actions.
 */
export const keepWaitlistTrue: AppointmentListener = {
  part: (change: TimedAppointmentChange) => {
    const { orgId, appointmentId } = change;
    if (UNBOOKING_ACTIONS.has(change.action)) {
      return {
        ...releaseLinkedEntriesPart(change.action === 'deleted'),
        then: async (tx, result) => {
          const changed = (result ?? []) as (EntryFacts & { released: boolean })[];
          await recordEntryEvents(tx, orgId, 'released', changed.filter((e) => e.released));
          await recordEntryEvents(tx, orgId, 'unlinked', changed.filter((e) => !e.released));
          if (change.action !== 'deleted' && change.options.add_to_asap === true) {
            const added = await insertEntryFromAppointment(tx, orgId, appointmentId, change.now ?? null);
            if (added) await recordEntryEvents(tx, orgId, 'appointment_flagged', [added]);
          }
        },
      };
    }
    if (!BOOKING_ACTIONS.has(change.action)) return null;
    return { ...SCHEDULE_MATCHING, then: (tx, result) => recordEntryEvents(tx, orgId, 'booked', (result ?? []) as EntryFacts[]) };
  },
};
