import { Type } from '@sinclair/typebox';
import { notFound } from '../../core/errors.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { NoContent, responses } from '../../core/http/schemas.ts';
import { getPatientPreference, listPatientPreferences } from '../db/patient-preferences.ts';
import { changePatientPreference, createPatientPreference, removePatientPreference } from '../commands/patient-preferences.ts';
import {
  CreatePatientPreferenceBody, PatientPreferencePage, PatientPreferenceParams, PatientPreferenceQuery, PatientPreferenceSchema,
  UpdatePatientPreferenceBody, toPatientPreferenceJson, toPreferenceChanges, toPreferenceFields,
} from '../schemas/patient-preferences.ts';

const tags = ['Patient preferences'];
const Preference = Type.Ref(PatientPreferenceSchema);

/** What every patient-preference endpoint shares, stated once in each description. */
export const PREFERENCES = 'A patient has at most one scheduling preference: preferred weekdays (0 = Monday … 6 = Sunday), a '
  + 'wall-clock window (a visit fits when it starts at or after `preferred_time_start` and ends at or before '
  + '`preferred_time_end`; either bound alone is allowed; both set → start before end, else 422), a preferred provider and '
  + 'chair, a contact method and notes. Preferences belong to the patient, not to a location: every user of the organisation, '
  + 'location-limited or not, sees and edits them; a location-limited caller cannot name a chair outside their locations (404).';
const REFS = 'An unknown provider or chair, or one of another organisation → 404 at the body field.';

/** Patient scheduling preferences by their own id: list, read, create, change, delete. */
export function patientPreferencesRoutes(app: Api, { db }: Deps): void {
  app.get('/schedule/patient-preferences', {
    schema: {
      tags, summary: 'List patient scheduling preferences',
      description: `${PREFERENCES} Ordered by creation (\`created_at\`, then id). \`patient_uuid\` filters to one patient `
        + '(an unknown patient gives an empty page).',
      querystring: PatientPreferenceQuery, response: responses({ 200: PatientPreferencePage }),
    },
  }, async (req) => {
    const { page, page_size, patient_uuid } = req.query;
    const { rows, total } = await listPatientPreferences(db, req.auth.orgId, { patientId: patient_uuid }, { page, pageSize: page_size });
    return { items: rows.map(toPatientPreferenceJson), page, page_size, total };
  });

  app.get('/schedule/patient-preferences/:preference_uuid', {
    schema: {
      tags, summary: 'Get patient scheduling preference', description: `${PREFERENCES} Unknown or another organisation's → 404.`,
      params: PatientPreferenceParams, response: responses({ 200: Preference }, [404]),
    },
  }, async (req) => {
    const row = await getPatientPreference(db, req.auth.orgId, req.params.preference_uuid);
    if (!row) throw notFound('Patient scheduling preference', ['path', 'preference_uuid']);
    return toPatientPreferenceJson(row);
  });

  app.post('/schedule/patient-preferences', {
    schema: {
      tags, summary: 'Create patient scheduling preference',
      description: `${PREFERENCES} Creates the preference a person entered (\`learned_from_history\` false, version 1); omitted `
        + `fields are null (\`notes\` ""). Checked in this order: a reversed window → 422; an unknown patient → 404 at `
        + `\`["body", "patient_uuid"]\`; ${REFS} A patient who already has a preference → 409 \`already_exists\` at `
        + '`["body", "patient_uuid"]` with `ctx.id` naming it (change that one with PATCH or PUT …/by-patient/{patient_uuid}); '
        + 'of two concurrent creates one gets 201, the other this 409.',
      body: CreatePatientPreferenceBody, response: responses({ 201: Preference }, [403, 404, 409]),
    },
  }, async (req, reply) => {
    const { patient_uuid, ...rest } = req.body;
    const row = await createPatientPreference(db, req.auth.orgId, req.auth.locationIds, patient_uuid, toPreferenceFields(rest));
    return reply.code(201).send(toPatientPreferenceJson(row));
  });

  app.patch('/schedule/patient-preferences/:preference_uuid', {
    schema: {
      tags, summary: 'Update patient scheduling preference',
      description: `${PREFERENCES} Changes only the fields given (null clears one), version + 1. The patient is immutable: `
        + '`patient_uuid` (or any other unknown field) → 422 `extra_forbidden`. Unknown preference → 404; stale `base_version` → '
        + `409 \`version_conflict\` naming the current version; the window as it would be after the change reversed → 422; ${REFS} `
        + 'A change that does not send `learned_from_history` sets it to false: a person has edited the preference, so learning '
        + 'will not replace it without `overwrite` (send `learned_from_history: true` to keep it learnable).',
      params: PatientPreferenceParams, body: UpdatePatientPreferenceBody, response: responses({ 200: Preference }, [403, 404, 409]),
    },
  }, async (req) => {
    const { base_version, ...rest } = req.body;
    const row = await changePatientPreference(db, req.auth.orgId, req.auth.locationIds, req.params.preference_uuid,
      base_version, toPreferenceChanges(rest));
    return toPatientPreferenceJson(row);
  });

  app.delete('/schedule/patient-preferences/:preference_uuid', {
    schema: {
      tags, summary: 'Delete patient scheduling preference',
      description: 'Hard delete: the preference is gone for good (204) and the patient may get a new one. Unknown or another '
        + 'organisation\'s → 404.',
      params: PatientPreferenceParams, response: responses({ 204: NoContent }, [403, 404]),
    },
  }, async (req, reply) => {
    await removePatientPreference(db, req.auth.orgId, req.params.preference_uuid);
    return reply.code(204).send();
  });
}
