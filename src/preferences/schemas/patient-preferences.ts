import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { PatientPreferenceRow, PreferenceFields } from '../db/patient-preferences.ts';
import {
  BaseVersion, Body, Nullable, NullableRef, PageOf, PageQuery, Ref, Stamps, Uuid, WallTime, ref,
} from '../../core/http/schemas.ts';

const Days = Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), {
  uniqueItems: true, maxItems: 7,
  description: 'Preferred weekdays, 0 = Monday … 6 = Sunday, each at most once; answered in ascending order. '
    + 'null or [] = no day preference.',
});
const TimeStart = { ...WallTime, description: 'Start of the preferred wall-clock window: a visit fits when it starts at or after it.' };
const TimeEnd = { ...WallTime, description: 'End of the preferred window: a visit fits when it ends at or before it. Must be after the start when both are set (422).' };
const Notes = Type.String({ maxLength: 5000, description: 'Free-text notes about scheduling preferences (up to 5000 characters; default "").' });
const ContactMethod = Type.String({ maxLength: 100, description: 'How the patient likes to be reached (free text, e.g. "sms", "phone", "email").' });
const ProviderUuid = { ...Uuid, description: 'Preferred provider; unknown or another organisation\'s → 404.' };
const OperatoryUuid = {
  ...Uuid, description: 'Preferred chair; unknown, another organisation\'s, or at a location outside a location-limited caller\'s → 404.',
};
const Learned = Type.Boolean({ description: 'Whether this preference was inferred from appointment history rather than entered manually.' });

const PreferenceProps = {
  id: Uuid,
  patient: Type.Ref(Ref, { description: 'The patient this preference belongs to; fixed once created.' }),
  preferred_days: Nullable(Days),
  preferred_time_start: Nullable(TimeStart),
  preferred_time_end: Nullable(TimeEnd),
  preferred_provider: NullableRef('Preferred provider'),
  preferred_operatory: NullableRef('Preferred chair (operatory)'),
  preferred_contact_method: Nullable(ContactMethod),
  notes: Type.String(),
  learned_from_history: Learned,
  ...Stamps,
};

export const PatientPreferenceSchema = Type.Object(PreferenceProps, { $id: 'PatientSchedulingPreference' });
export type PatientPreference = Static<typeof PatientPreferenceSchema>;
/** The by-patient read: the preference, or JSON null when the patient has none. */
export const PatientPreferenceOrNull = Nullable(Type.Object(PreferenceProps, { description: 'The patient\'s preference, or null when none is set' }));

const Writable = {
  notes: Type.Optional(Notes),
  preferred_contact_method: Type.Optional(Nullable(ContactMethod)),
  preferred_days: Type.Optional(Nullable(Days)),
  preferred_operatory_uuid: Type.Optional(Nullable(OperatoryUuid)),
  preferred_provider_uuid: Type.Optional(Nullable(ProviderUuid)),
  preferred_time_end: Type.Optional(Nullable(TimeEnd)),
  preferred_time_start: Type.Optional(Nullable(TimeStart)),
};

export const CreatePatientPreferenceBody = Body({
  patient_uuid: { ...Uuid, description: 'The patient; unknown or another organisation\'s → 404, one who already has a preference → 409.' },
  ...Writable,
}, 'A preference entered by a person (`learned_from_history` false). Omitted fields are null (notes "").');

export const UpsertPatientPreferenceBody = Body({
  base_version: Type.Optional({ ...BaseVersion, description: 'Required when the patient already has a preference (422 when omitted then, 409 when stale); ignored when creating.' }),
  learned_from_history: Type.Optional(Learned),
  ...Writable,
}, 'Replaces the whole preference: omitted fields become null (notes "", learned_from_history false).');

export const UpdatePatientPreferenceBody = Body({
  base_version: BaseVersion,
  learned_from_history: Type.Optional(Learned),
  ...Writable,
}, 'Changes only the fields given (null clears one). The patient is immutable: `patient_uuid` is refused like any unknown field (422).');

export const LearnPatientPreferenceBody = Body({
  overwrite: Type.Optional(Type.Boolean({ description: 'Replace a preference a person entered (default false: refused with 409).' })),
  base_version: Type.Optional({ ...BaseVersion, description: 'Optional guard: when given, the current preference must have this version (409 otherwise).' }),
});

export const PatientPreferenceQuery = Type.Object({
  ...PageQuery,
  patient_uuid: Type.Optional(Type.String({ format: 'uuid', description: 'Filter by patient UUID.' })),
});

export const PatientPreferencePage = PageOf(Type.Ref(PatientPreferenceSchema));
export const PatientPreferenceParams = Type.Object({ org_id: Type.String(), preference_uuid: Uuid });
export const PatientParams = Type.Object({ org_id: Type.String(), patient_uuid: Uuid });

/** Record schemas of patient preferences referenced by `$ref`; registered once in app.ts. */
export const patientPreferencesSchemas: TSchema[] = [PatientPreferenceSchema];

type WritableBody = { [K in keyof typeof Writable]?: Static<(typeof Writable)[K]> } & { learned_from_history?: boolean };

/** The columns a body names, API field → column; fields the body leaves out stay undefined. */
export function toPreferenceChanges(b: WritableBody): Partial<PreferenceFields> {
  return {
    preferred_days: b.preferred_days === undefined ? undefined : b.preferred_days && [...b.preferred_days].sort((x, y) => x - y),
    preferred_time_start: b.preferred_time_start,
    preferred_time_end: b.preferred_time_end,
    preferred_provider_id: b.preferred_provider_uuid,
    preferred_operatory_id: b.preferred_operatory_uuid,
    preferred_contact_method: b.preferred_contact_method,
    notes: b.notes,
    learned_from_history: b.learned_from_history,
  };
}

/** Every column of a whole-preference write: what the body names, the rest at its default. */
export function toPreferenceFields(b: WritableBody): PreferenceFields {
  const c = toPreferenceChanges(b);
  return {
    preferred_days: c.preferred_days ?? null, preferred_time_start: c.preferred_time_start ?? null,
    preferred_time_end: c.preferred_time_end ?? null, preferred_provider_id: c.preferred_provider_id ?? null,
    preferred_operatory_id: c.preferred_operatory_id ?? null, preferred_contact_method: c.preferred_contact_method ?? null,
    notes: c.notes ?? '', learned_from_history: c.learned_from_history ?? false,
  };
}

/** API shape of a preference row (joined with its patient's, provider's and chair's names). */
export function toPatientPreferenceJson(r: PatientPreferenceRow): PatientPreference {
  return {
    id: r.id, patient: { id: r.patient_id, name: r.patient_name },
    preferred_days: r.preferred_days, preferred_time_start: r.preferred_time_start, preferred_time_end: r.preferred_time_end,
    preferred_provider: ref(r.preferred_provider_id, r.preferred_provider_name),
    preferred_operatory: ref(r.preferred_operatory_id, r.preferred_operatory_name),
    preferred_contact_method: r.preferred_contact_method, notes: r.notes, learned_from_history: r.learned_from_history,
    version: r.version, created_at: r.created_at, updated_at: r.updated_at,
  };
}
