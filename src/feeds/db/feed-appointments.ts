// The appointments a feed shows, in one statement whatever their number: the chair-occupying ones of a
// provider or at a location starting in the feed's window, with what their events need and nothing more.
import { CHAIR_OCCUPYING_SQL } from '../../appointments/index.ts';
import { many, type Db } from '../../core/db/client.ts';
import type { FeedAppointment } from '../domain/feed-events.ts';

const SELECT = `
  SELECT a.id, a.version, a.start_at, a.end_at, a.updated_at, l.timezone, l.name AS location_name, o.name AS operatory_name,
         t.name AS appointment_type_name,
         CASE WHEN $5::boolean THEN pt.first_name || ' ' || pt.last_name END AS patient_name,
         CASE WHEN $5::boolean THEN a.patient_id END AS patient_id,
         coalesce(array_agg(pr.first_name || ' ' || pr.last_name ORDER BY ap.item_order) FILTER (WHERE pr.id IS NOT NULL), '{}') AS provider_names
    FROM appointments a
    JOIN locations l ON l.org_id = a.org_id AND l.id = a.location_id
    JOIN patients pt ON pt.org_id = a.org_id AND pt.id = a.patient_id
    LEFT JOIN operatories o ON o.org_id = a.org_id AND o.id = a.operatory_id
    LEFT JOIN appointment_types t ON t.org_id = a.org_id AND t.id = a.appointment_type_id
    LEFT JOIN appointment_providers ap ON ap.org_id = a.org_id AND ap.appointment_id = a.id
    LEFT JOIN providers pr ON pr.org_id = ap.org_id AND pr.id = ap.provider_id`;
const REST = `
     AND a.status IN (${CHAIR_OCCUPYING_SQL}) AND a.start_at >= $3::timestamptz AND a.start_at < $4::timestamptz
   GROUP BY a.org_id, a.id, l.org_id, l.id, pt.org_id, pt.id, o.org_id, o.id, t.org_id, t.id
   ORDER BY a.start_at, a.id`;

const AT_LOCATION = `${SELECT} WHERE a.org_id = $1 AND a.location_id = $2 ${REST}`;
// Driven by the provider's busy-time index (occupies = chair-occupying, kept by the appointments area's trigger).
const OF_PROVIDER = `${SELECT}
   WHERE a.org_id = $1 AND a.id IN (
     SELECT f.appointment_id FROM appointment_providers f
      WHERE f.org_id = $1 AND f.provider_id = $2 AND f.occupies
        AND f.appointment_start_at >= $3::timestamptz AND f.appointment_start_at < $4::timestamptz) ${REST}`;

/** A feed's appointment with the patient it names: `patient_id` is null unless the feed shows patients' names (for the audit). */
export interface FeedAppointmentRow extends FeedAppointment {
  patient_id: string | null;
}

/** Who a feed is for: one provider (any role on the appointment) or one location. */
export type FeedSubject = { providerId: string } | { locationId: string };

/**
 * The chair-occupying appointments of `subject` starting in [startAt, endAt) (RFC 3339), by start and id.
 * The patient's name and id leave the database only when `withPatientNames`; otherwise they are null.
 */
export function listFeedAppointments(
  db: Db, orgId: string, subject: FeedSubject, window: { startAt: string; endAt: string }, withPatientNames: boolean,
): Promise<FeedAppointmentRow[]> {
  const [name, text, id] = 'providerId' in subject
    ? ['feed-appointments-of-provider', OF_PROVIDER, subject.providerId]
    : ['feed-appointments-at-location', AT_LOCATION, subject.locationId];
  return many<FeedAppointmentRow>(db, { name, text }, [orgId, id, window.startAt, window.endAt, withPatientNames]);
}
