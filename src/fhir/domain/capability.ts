import { MAX_SLOT_MINUTES } from './search-params.ts';

/** When this CapabilityStatement was last changed (it is fixed at build time, not per request). */
export const CAPABILITY_DATE = '2026-03-01';

const SECURITY = 'Send `Authorization: Bearer <token>` with the same tokens as /api/v1/{org_id} (also for `metadata`); '
  + 'tokens limited to the `availability:read` scope may call every FHIR route. A missing or invalid token → 401 '
  + '(WWW-Authenticate: Bearer), another organisation → 404, too many invalid tokens → 429 (Retry-After).';

const SLOT_PARAMS = [
  {
    name: 'schedule', type: 'reference', definition: 'http://hl7.org/fhir/SearchParameter/Slot-schedule',
    documentation: 'Required. Schedule/{id}; GET Schedule lists the ids. An unknown schedule gives an empty searchset with a warning.',
  },
  {
    name: 'start', type: 'date',
    documentation: 'YYYY-MM-DD, a local date at the schedule\'s location: slots on or after it. Default: today\'s UTC date.',
  },
  {
    name: 'end', type: 'date',
    documentation: 'YYYY-MM-DD, a local date at the schedule\'s location: slots up to and including it. Default: start + 7 days; at most 90 dates.',
  },
  {
    name: 'duration', type: 'number',
    documentation: `Custom parameter: the slot length in whole minutes, 1–${MAX_SLOT_MINUTES}. Default: 20.`,
  },
];

/**
 * The CapabilityStatement of the FHIR base `base` (absolute URL): read Schedule, Practitioner and Location,
 * search Schedule by actor and Slot by schedule, start, end and duration; JSON only.
 */
export function capabilityStatement(base: string) {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: CAPABILITY_DATE,
    publisher: 'chairtime',
    kind: 'instance',
    software: { name: 'chairtime', version: '0.1.0' },
    implementation: { description: 'chairtime FHIR R4 face of one organisation: schedules and free slots', url: base },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [{
      mode: 'server',
      security: { description: SECURITY },
      resource: [
        {
          type: 'Schedule', interaction: [{ code: 'read' }, { code: 'search-type' }],
          searchParam: [{
            name: 'actor', type: 'reference', definition: 'http://hl7.org/fhir/SearchParameter/Schedule-actor',
            documentation: 'One value, Practitioner/{id} or Location/{id}. Without it: every schedule of the organisation.',
          }],
        },
        { type: 'Slot', interaction: [{ code: 'search-type' }], searchParam: SLOT_PARAMS },
        { type: 'Practitioner', interaction: [{ code: 'read' }] },
        { type: 'Location', interaction: [{ code: 'read' }] },
      ],
    }],
  };
}
