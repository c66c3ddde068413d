import type { Db } from '../../core/db/client.ts';
import { recordEvents } from '../../webhooks/index.ts';
import type { EntryFacts } from '../db/asap-entries.ts';

/**
 * How an entry changed. Created: through the API (`created`), or by a break or cancel with add_to_asap
 * (`appointment_flagged`). Updated: a PATCH (`updated`), a logged contact (`contacted`), a recorded response
 * (`responded`), DELETE or bulk remove (`removed`), stored expired to make way for a new entry of its patient,
 * location and type (`expired`), its patient booked into a matching appointment (`booked`), its appointment
 * cancelled, broken or deleted so it waits again (`released`), or only its link cleared because the
 * appointment it names was deleted (`unlinked`).
 */
export type EntryAction =
  | 'created' | 'appointment_flagged'
  | 'updated' | 'contacted' | 'responded' | 'removed' | 'expired' | 'booked' | 'released' | 'unlinked';

/** The payload's entry: ids, source, stored status, urgency, dates, length, attempts and version; never the note or the patient's name. */
function toEntryEvent(r: EntryFacts) {
  return {
    id: r.id, patient_id: r.patient_id, location_id: r.location_id, appointment_type_id: r.appointment_type_id,
    provider_id: r.provider_id, recall_id: r.recall_id, appointment_id: r.appointment_id, source: r.source, status: r.status,
    urgency: r.urgency, date_range_start: r.date_range_start, date_range_end: r.date_range_end,
    estimated_duration_mins: r.estimated_duration_mins, contact_attempts: r.contact_attempts, version: r.version,
  };
}

/**
 * Records one webhook event per entry of `rows` in the caller's transaction: `asap_entry.created` for
 * `created` and `appointment_flagged`, else `asap_entry.updated`; data `{action, asap_entry}`. Nothing for no rows.
 */
export function recordEntryEvents(tx: Db, orgId: string, action: EntryAction, rows: readonly EntryFacts[]): Promise<void> {
  const type = action === 'created' || action === 'appointment_flagged' ? 'asap_entry.created' : 'asap_entry.updated';
  return recordEvents(tx, orgId, type, rows.map((r) => ({ action, asap_entry: toEntryEvent(r) })));
}
