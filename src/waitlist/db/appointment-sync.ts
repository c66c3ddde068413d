import type { Db } from '../../core/db/client.ts';
import { ACTIVE_SQL } from './asap-entries.ts';

// Both statements run inside appointment writes: named, so each connection plans them once.
const FROM_APPOINTMENT = {
  name: 'asap-entry-from-appointment',
  text: `INSERT INTO asap_entries (org_id, patient_id, location_id, appointment_type_id, provider_id, estimated_duration_mins,
           appointment_id, source)
         SELECT a.org_id, a.patient_id, a.location_id, a.appointment_type_id,
                (SELECT ap.provider_id FROM appointment_providers ap WHERE ap.org_id = a.org_id AND ap.appointment_id = a.id
                  ORDER BY ap.role <> 'primary', ap.item_order LIMIT 1),
                CASE WHEN a.end_at > a.start_at THEN LEAST(1440, round(extract(epoch FROM a.end_at - a.start_at) / 60))::int END,
                a.id, 'appointment_flag'
           FROM appointments a WHERE a.org_id = $1 AND a.id = $2
         ON CONFLICT (org_id, patient_id, location_id, coalesce(appointment_type_id, '00000000-0000-0000-0000-000000000000'))
           WHERE status IN (${ACTIVE_SQL}) DO NOTHING`,
};

/**
 * Puts the patient of appointment `appointmentId` on the ASAP list (source appointment_flag) at its
 * location, type, primary provider and length, linked to it. When the patient already has an active entry
 * for that location and type, that entry is kept and nothing is written.
 */
export async function insertEntryFromAppointment(db: Db, orgId: string, appointmentId: string): Promise<void> {
  await db.query({ ...FROM_APPOINTMENT, values: [orgId, appointmentId] });
}

const SCHEDULE_MATCHING = {
  name: 'asap-entries-scheduled-by-appointment',
  text: `UPDATE asap_entries e SET status = 'scheduled', appointment_id = a.id, version = e.version + 1
           FROM appointments a
          WHERE a.org_id = $1 AND a.id = $2 AND a.status = 'scheduled'
            AND e.org_id = a.org_id AND e.patient_id = a.patient_id AND e.status IN (${ACTIVE_SQL})
            AND e.location_id = a.location_id
            AND (e.appointment_type_id IS NULL OR e.appointment_type_id IS NOT DISTINCT FROM a.appointment_type_id)`,
};

/**
 * When appointment `appointmentId` is scheduled, marks every active entry it fulfils (same patient and
 * location, and the same type when the entry names one) scheduled and links it. An index probe on the
 * patient's active entries: nothing to do costs one lookup.
 */
export async function scheduleEntriesForAppointment(db: Db, orgId: string, appointmentId: string): Promise<void> {
  await db.query({ ...SCHEDULE_MATCHING, values: [orgId, appointmentId] });
}
