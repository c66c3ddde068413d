// Which answers name patients, in one place: a route that starts returning patient-identifying fields is added
// here (test/audit/audited-routes.test.ts fails until it is), so the areas' route files stay untouched.

/** What kind of record an audited read returned. */
export type ReadKind =
  | 'patient' | 'appointment' | 'calendar_day' | 'calendar_week' | 'patient_recall' | 'asap_entry'
  | 'patient_preference' | 'hold';

const PREFIX = '/api/v1/:org_id';

/** `METHOD pattern` (under /api/v1/{org_id}) → kind, for every route whose answer may carry patients' names or details. */
const AUDITED: Record<string, ReadKind> = {
  'GET /patients': 'patient',
  'GET /patients/:patient_uuid': 'patient',
  'GET /appointments': 'appointment',
  'GET /appointments/:appointment_uuid': 'appointment',
  'GET /appointments/cursor': 'appointment',
  'GET /appointments/pinboard': 'appointment',
  'GET /schedule/calendar/daily': 'calendar_day',
  'GET /schedule/calendar/weekly': 'calendar_week',
  'GET /recalls/patient-recalls': 'patient_recall',
  'GET /recalls/patient-recalls/due': 'patient_recall',
  'GET /recalls/patient-recalls/:recall_uuid': 'patient_recall',
  'GET /waitlist/entries': 'asap_entry',
  'GET /waitlist/entries/:entry_uuid': 'asap_entry',
  // A read sent as POST (its body describes the opening): it writes nothing and answers with patients.
  'POST /waitlist/quick-fill': 'asap_entry',
  'GET /schedule/patient-preferences': 'patient_preference',
  'GET /schedule/patient-preferences/:preference_uuid': 'patient_preference',
  'GET /schedule/patient-preferences/by-patient/:patient_uuid': 'patient_preference',
  // A hold (or slot lock) kept for a patient names them by id.
  'GET /holds/:hold_uuid': 'hold',
};

/** The kind of record a route reads when its answers are audited, else null; `url` is Fastify's route pattern. */
export function auditedRead(method: string, url: string | undefined): ReadKind | null {
  if (!url?.startsWith(`${PREFIX}/`)) return null;
  return AUDITED[`${method} ${url.slice(PREFIX.length)}`] ?? null;
}

/** Every route pattern (full, as Fastify has it) whose answers are audited, with its method. */
export function auditedRoutes(): { method: string; url: string }[] {
  return Object.keys(AUDITED).map((k) => {
    const [method, path] = k.split(' ') as [string, string];
    return { method, url: PREFIX + path };
  });
}

/** `/api/v1/:org_id/patients/:patient_uuid` → `/api/v1/{org_id}/patients/{patient_uuid}` (the OpenAPI path). */
export function openApiPath(url: string): string {
  return url.replace(/:([a-z_]+)/g, '{$1}');
}

/**
 * The distinct patients an answer names, in order of first appearance: a patient record's own `id` (kind `patient`:
 * the record or a page's items), else every `patient: {id}` reference and `patient_uuid` field at any depth.
 */
export function patientIdsIn(kind: ReadKind, body: unknown): string[] {
  const ids = new Set<string>();
  if (kind === 'patient') {
    const b = body as { id?: unknown; items?: { id?: unknown }[] } | null;
    for (const r of Array.isArray(b?.items) ? b.items : [b]) if (typeof r?.id === 'string') ids.add(r.id);
    return [...ids];
  }
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    if (v === null || typeof v !== 'object') return;
    // for…in, not Object.entries: a page of 100 appointments is ~1,500 objects, and an entries array each was
    // garbage for every audited read.
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (k === 'patient' && x !== null && typeof x === 'object' && typeof (x as { id?: unknown }).id === 'string') ids.add((x as { id: string }).id);
      else if (k === 'patient_uuid' && typeof x === 'string') ids.add(x);
      else walk(x);
    }
  };
  walk(body);
  return [...ids];
}
