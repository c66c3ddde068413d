/** How far a feed reaches: appointments starting from 30 days before now to 180 days after. */
export const FEED_DAYS_BACK = 30;
export const FEED_DAYS_AHEAD = 180;
const DAY_MS = 86_400_000;

/** The half-open window `[startAt, endAt)` (RFC 3339 UTC) of appointment starts a feed shows at instant `now`. */
export function feedWindow(now: Date): { startAt: string; endAt: string } {
  return {
    startAt: new Date(now.getTime() - FEED_DAYS_BACK * DAY_MS).toISOString(),
    endAt: new Date(now.getTime() + FEED_DAYS_AHEAD * DAY_MS).toISOString(),
  };
}

/** One chair-occupying appointment as a feed reads it; `patient_name` is null unless the feed may show it. */
export interface FeedAppointment {
  id: string;
  version: number;
  start_at: string;
  end_at: string;
  updated_at: string;
  timezone: string;
  location_name: string;
  operatory_name: string | null;
  appointment_type_name: string | null;
  patient_name: string | null;
  provider_names: string[];
}

/** One VEVENT: instants as epoch milliseconds, written in `zone`, the appointment location's IANA zone. */
export interface FeedEvent {
  uid: string;
  sequence: number;
  startMs: number;
  endMs: number;
  zone: string;
  stamp: Date;
  summary: string;
  location: string;
  description: string;
}

/**
 * The event of appointment `a`: UID stable per appointment (its id), SEQUENCE its version, DTSTAMP its
 * last change, SUMMARY its type (and the patient's name only when `withPatientNames`), LOCATION the
 * location and chair, DESCRIPTION its providers. Never notes or other patient details.
 */
export function toFeedEvent(a: FeedAppointment, withPatientNames: boolean): FeedEvent {
  const what = a.appointment_type_name ?? 'Appointment';
  const who = withPatientNames && a.patient_name ? ` — ${a.patient_name}` : '';
  return {
    uid: `${a.id}@chairtime`,
    sequence: a.version,
    startMs: Date.parse(a.start_at),
    endMs: Date.parse(a.end_at),
    zone: a.timezone,
    stamp: new Date(a.updated_at),
    summary: `${what}${who}`,
    location: a.operatory_name ? `${a.location_name} — ${a.operatory_name}` : a.location_name,
    description: a.provider_names.length ? `Providers: ${a.provider_names.join(', ')}` : '',
  };
}
