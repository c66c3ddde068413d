import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { DateStr } from '../../core/http/schemas.ts';
import { MAX_SLOT_MINUTES } from '../domain/search-params.ts';

const FhirId = Type.String({ pattern: '^[A-Za-z0-9.-]{1,64}$', description: 'A FHIR id' });

export const ReadParams = Type.Object({ org_id: Type.String(), id: FhirId });

// FHIR search is lenient by default (R4 http.html#search: unknown parameters are ignored), unlike the native API.
const LENIENT = { additionalProperties: true };

export const ScheduleQuery = Type.Object({
  actor: Type.Optional(Type.String({
    description: 'One value: Practitioner/{id} or Location/{id} (anything else → 400). Without it: every schedule of the organisation.',
  })),
}, LENIENT);

export const SlotQuery = Type.Object({
  schedule: Type.String({ description: 'Required. Schedule/{id} (GET Schedule lists the ids).' }),
  start: Type.Optional({ ...DateStr, description: 'First local date at the schedule\'s location, inclusive. Default: today\'s UTC date.' }),
  end: Type.Optional({ ...DateStr, description: 'Last local date at the schedule\'s location, inclusive. Default: start + 7 days. At most 90 dates.' }),
  duration: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SLOT_MINUTES, description: 'Slot length in minutes. Default: 20.' })),
}, LENIENT);
export type SlotQueryParams = Static<typeof SlotQuery>;

/** A FHIR resource of `type` in a response; only the frame is described (every field optional), the rest is FHIR R4's. */
function resource(type: string, description: string, props: Record<string, TSchema> = {}) {
  const optional = Object.fromEntries(Object.entries({ id: Type.String(), ...props }).map(([k, v]) => [k, Type.Optional(v)]));
  return Type.Object({ resourceType: Type.Literal(type), ...optional }, {
    additionalProperties: true, description: `${description} (FHIR R4 ${type}, application/fhir+json)`,
  });
}

const Outcome = (description: string) => resource('OperationOutcome', description);

const ERRORS: Record<number, string> = {
  401: 'Missing or invalid bearer token (issue code login; WWW-Authenticate: Bearer)',
  403: 'The token\'s role or scope does not allow this (issue code forbidden)',
  404: 'Not found in this organisation, or another organisation\'s id (issue code not-found)',
  429: 'Too many invalid tokens from this address (issue code throttled; Retry-After)',
  500: 'Unexpected failure (issue code exception); nothing internal is told',
};

/** Response map of a FHIR route: the success resource plus an OperationOutcome for each refusal (400 when it takes input). */
export function fhirResponses(success: TSchema, withInvalid: boolean): Record<number, TSchema> {
  const out: Record<number, TSchema> = { 200: success };
  if (withInvalid) out[400] = Outcome('Invalid parameter; details.text names it (issue code invalid)');
  for (const [code, text] of Object.entries(ERRORS)) out[Number(code)] = Outcome(text);
  return out;
}

export const CapabilityStatementSchema = resource('CapabilityStatement', 'What this FHIR base serves', {
  fhirVersion: Type.String(), kind: Type.String(),
});
/** A searchset Bundle of `of` in a response. */
export const BundleSchema = (of: string) => resource('Bundle', `A searchset of ${of}`, {
  type: Type.Literal('searchset'), total: Type.Integer(),
});
export const ScheduleSchema = resource('Schedule', 'One provider at one location', { active: Type.Boolean() });
export const PractitionerSchema = resource('Practitioner', 'A provider', { active: Type.Boolean() });
export const LocationSchema = resource('Location', 'A practice location', { status: Type.String() });
