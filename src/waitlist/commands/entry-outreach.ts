import { withTransaction, type Db } from '../../core/db/client.ts';
import { localDate } from '../../core/time.ts';
import { contactTarget, effectiveStatus, responseTarget, type PatientResponse } from '../domain/entry-status.ts';
import { updateEntry } from '../db/asap-entries.ts';
import { insertContactLog } from '../db/contact-log.ts';
import { lockVisibleEntry, type Writer } from './asap-entries.ts';
import { requireLocationZone, requireReferences, requireTransition } from './entry-checks.ts';
import { recordEntryEvents } from './entry-webhook-events.ts';

export interface ContactInput {
  contact_method: 'sms' | 'email' | 'phone' | 'app_notification';
  initiated_by?: 'staff' | 'smart_fill';
  message_id?: string | null;
  slot_date: string;
  slot_start_time: string;
  slot_location_uuid: string;
}

/**
 * Logs a contact attempt about an opening: 404 unknown entry, 409 state_conflict unless the entry (as
 * read, so expired counts) is waiting, contacted or offered, 404 unknown slot location. Waiting becomes
 * contacted; contact_attempts + 1, contacted_at, contact_method_used and last_offered_slot are set.
 * Records `asap_entry.updated` (action contacted).
 */
export function logContact(db: Db, w: Writer, userId: string | null, id: string, i: ContactInput): Promise<void> {
  return withTransaction(db, async (tx) => {
    const current = await lockVisibleEntry(tx, w, id);
    const from = effectiveStatus(current.status, current.date_range_end, localDate(w.now, current.timezone));
    const to = contactTarget(from);
    requireTransition(from, to, 'contact');
    await requireLocationZone(tx, w.orgId, w.scope, i.slot_location_uuid, ['body', 'slot_location_uuid']);
    const entry = await updateEntry(tx, w.orgId, id, { status: to }, {
      contacted_at: w.now.toISOString(), contact_method_used: i.contact_method, last_offered_date: i.slot_date,
      last_offered_start_time: i.slot_start_time, last_offered_location_id: i.slot_location_uuid, contact_attempts: 1,
    });
    await insertContactLog(tx, w.orgId, id, {
      kind: 'contact', contact_method: i.contact_method, initiated_by: i.initiated_by ?? 'staff', message_id: i.message_id ?? null,
      slot_date: i.slot_date, slot_start_time: i.slot_start_time, slot_location_id: i.slot_location_uuid, patient_response: null,
      status_before: from, status_after: to, user_id: userId,
    }, w.now);
    await recordEntryEvents(tx, w.orgId, 'contacted', [entry]);
  });
}

export interface ResponseInput {
  patient_response: PatientResponse;
  contact_method?: 'sms' | 'email' | 'phone' | 'app_notification' | null;
  message_id?: string | null;
  appointment_uuid?: string | null;
}

/**
 * Records the patient's response to the outstanding attempt: 404 unknown entry; 409 state_conflict unless
 * the entry (as read) is contacted or offered; 404/422 for an appointment_uuid unknown or another
 * patient's. accepted → scheduled (linked to the appointment when given); declined, expired, slot_taken →
 * waiting; no_answer keeps the status. The response is logged; records `asap_entry.updated` (action responded).
 */
export function recordResponse(db: Db, w: Writer, userId: string | null, id: string, i: ResponseInput): Promise<void> {
  return withTransaction(db, async (tx) => {
    const current = await lockVisibleEntry(tx, w, id);
    const from = effectiveStatus(current.status, current.date_range_end, localDate(w.now, current.timezone));
    const { to, via } = responseTarget(from, i.patient_response);
    requireTransition(from, to, via, ['body', 'patient_response']);
    const link = i.patient_response === 'accepted' && i.appointment_uuid ? i.appointment_uuid : undefined;
    await requireReferences(tx, w.orgId, w.scope, current.patient_id, { appointment_id: link }, undefined);
    const entry = await updateEntry(tx, w.orgId, id, { status: to, appointment_id: link }, {
      patient_response: i.patient_response, responded_at: w.now.toISOString(),
      ...(i.contact_method ? { contact_method_used: i.contact_method } : {}),
    });
    await insertContactLog(tx, w.orgId, id, {
      kind: 'response', contact_method: i.contact_method ?? null, initiated_by: null, message_id: i.message_id ?? null,
      slot_date: null, slot_start_time: null, slot_location_id: null, patient_response: i.patient_response,
      status_before: from, status_after: to, user_id: userId,
    }, w.now);
    await recordEntryEvents(tx, w.orgId, 'responded', [entry]);
  });
}
