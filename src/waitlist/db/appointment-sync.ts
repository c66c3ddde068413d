import { one, type Db } from '../../core/db/client.ts';
import type { ListenerPart } from '../../appointments/index.ts';
import { ACTIVE_SQL, ENTRY_FACTS, type EntryFacts } from './asap-entries.ts';

// The statements run inside appointment writes: named, so each connection plans them once.
const FROM_APPOINTMENT = {
  name: 'asap-entry-from-appointment',
  text: `INSERT INTO asap_entries AS e (org_id, patient_id, location_id, appointment_type_id, provider_id, estimated_duration_mins,
           appointment_id, source, created_at, updated_at)
         SELECT a.org_id, a.patient_id, a.location_id, a.appointment_type_id,
                (SELECT ap.provider_id FROM appointment_providers ap WHERE ap.org_id = a.org_id AND ap.appointment_id = a.id
                  ORDER BY ap.role <> 'primary', ap.item_order LIMIT 1),
                CASE WHEN a.end_at > a.start_at THEN LEAST(1440, round(extract(epoch FROM a.end_at - a.start_at) / 60))::int END,
                a.id, 'appointment_flag', coalesce($3::timestamptz, now()), coalesce($3::timestamptz, now())
           FROM appointments a WHERE a.org_id = $1 AND a.id = $2
         ON CONFLICT (org_id, patient_id, location_id, coalesce(appointment_type_id, '00000000-0000-0000-0000-000000000000'))
           WHERE status IN (${ACTIVE_SQL}) DO NOTHING
         RETURNING ${ENTRY_FACTS}`,
};

/**
 * Puts the patient of appointment `appointmentId` on the ASAP list (source appointment_flag) at its
 * location, type, primary provider and length, linked to it, created and updated at `at` (else the
 * database's clock), and returns the new entry. When the patient already has an active entry for that
 * location and type, that entry is kept, nothing is written and undefined is returned.
 */
export function insertEntryFromAppointment(db: Db, orgId: string, appointmentId: string, at: Date | null): Promise<EntryFacts | undefined> {
  return one<EntryFacts>(db, FROM_APPOINTMENT, [orgId, appointmentId, at?.toISOString() ?? null]);
}

/**
 * When the appointment is scheduled, marks every active entry it fulfils (same patient and location, and the same
 * type when the entry names one) scheduled and links it; the result is those entries (EntryFacts[]) as JSON, NULL
 * for none. A listener part (see ListenerPart); an index probe on the patient's active entries: nothing to do
 * costs one lookup.
 */
export const SCHEDULE_MATCHING: Pick<ListenerPart, 'with' | 'result'> = {
  with: [['asap_booked', `
    UPDATE asap_entries e SET status = 'scheduled', appointment_id = a.id, version = e.version + 1
      FROM appointments a
     WHERE a.org_id = $1 AND a.id = $2 AND a.status = 'scheduled'
       AND e.org_id = a.org_id AND e.patient_id = a.patient_id AND e.status IN (${ACTIVE_SQL})
       AND e.location_id = a.location_id
       AND (e.appointment_type_id IS NULL OR e.appointment_type_id IS NOT DISTINCT FROM a.appointment_type_id)
     RETURNING ${ENTRY_FACTS}`]],
  result: '(SELECT json_agg(b) FROM asap_booked b)',
};

// The release's common table expressions (see releaseLinkedEntriesPart below; only `gone`, $3, varies per change).
const RELEASE_LINKED: ListenerPart['with'] = [
  ['asap_linked', `
    SELECT l.id, l.status, l.patient_id, l.location_id, l.appointment_type_id, l.created_at
      FROM asap_entries l WHERE l.org_id = $1 AND l.appointment_id = $2`],
  // Back to waiting: one scheduled entry per patient, location and type (the newest), and none whose key
  // already has an active entry: the unique key allows one, and that one keeps the patient's place.
  ['asap_freed', `
    SELECT DISTINCT ON (l.patient_id, l.location_id, l.appointment_type_id) l.id
      FROM asap_linked l
     WHERE l.status = 'scheduled' AND NOT EXISTS (
             SELECT 1 FROM asap_entries o
              WHERE o.org_id = $1 AND o.patient_id = l.patient_id AND o.location_id = l.location_id
                AND o.appointment_type_id IS NOT DISTINCT FROM l.appointment_type_id AND o.status IN (${ACTIVE_SQL}))
     ORDER BY l.patient_id, l.location_id, l.appointment_type_id, l.created_at DESC, l.id`],
  ['asap_released', `
    UPDATE asap_entries e
       SET status = CASE WHEN f.id IS NULL THEN e.status ELSE 'waiting' END, appointment_id = NULL, version = e.version + 1
      FROM asap_linked l LEFT JOIN asap_freed f ON f.id = l.id
     WHERE e.org_id = $1 AND e.id = l.id AND (f.id IS NOT NULL OR $3::boolean)
     RETURNING ${ENTRY_FACTS}, f.id IS NOT NULL AS released`],
];

/**
 * When the appointment is cancelled, broken or deleted: the entries scheduled into it go back to waiting without
 * the link (one per patient, location and type, unless that key has an active entry already, which stays the
 * patient's place on the list). With the part's value `gone` (the appointment was deleted) every other entry linked
 * to it loses the link too, keeping its status. The result is the entries changed (EntryFacts plus `released`, true
 * for those back to waiting) as JSON, NULL for none. A listener part; an index probe on the appointment's entries.
 */
export function releaseLinkedEntriesPart(gone: boolean): Pick<ListenerPart, 'with' | 'result' | 'values'> {
  return {
    with: RELEASE_LINKED,
    result: '(SELECT json_agg(r) FROM asap_released r)',
    values: [gone],
  };
}
