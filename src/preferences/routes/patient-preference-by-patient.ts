import { Type } from '@sinclair/typebox';
import type { Api, Deps } from '../../core/http/deps.ts';
import { responses } from '../../core/http/schemas.ts';
import { loadPreferenceOfPatient } from '../queries/preference-of-patient.ts';
import { putPatientPreference } from '../commands/put-patient-preference.ts';
import { learnPatientPreference } from '../commands/learn-patient-preference.ts';
import { DAY_SHARE, MIN_VISITS, RECENT_VISITS, WINDOW_SHARE } from '../domain/learn.ts';
import {
  LearnPatientPreferenceBody, PatientParams, PatientPreferenceOrNull, PatientPreferenceSchema, UpsertPatientPreferenceBody,
  toPatientPreferenceJson, toPreferenceFields,
} from '../schemas/patient-preferences.ts';
import { PREFERENCES } from './patient-preferences.ts';

const tags = ['Patient preferences'];
const Preference = Type.Ref(PatientPreferenceSchema);
const share = (s: { num: number; den: number }) => `${Math.round((100 * s.num) / s.den)} %`;

const LEARN = `Our addition. Derives the preference from the patient's ${RECENT_VISITS} most recent completed and scheduled `
  + 'appointments (future ones included; by local date, then start time), on each location\'s wall clock: `preferred_days` = the '
  + `weekdays on which at least ${share(DAY_SHARE)} of them fell (null when none does); the window = the narrowest wall-clock `
  + `window, from an appointment's start to an appointment's end, that holds at least ${share(WINDOW_SHARE)} of them whole `
  + '(the earliest such window on a tie); `preferred_provider` and `preferred_operatory` = the most frequent primary provider '
  + 'and chair (a tie goes to the one seen most recently). Writes them with `learned_from_history: true` (creating the '
  + 'preference, or updating those fields, version + 1; `notes` and `preferred_contact_method` are kept) and answers the '
  + `preference. With fewer than ${MIN_VISITS} such appointments → 422 \`value_error\` whose message says how many there are `
  + '(`ctx: {appointments, required}`), and nothing is written: the front desk sees why at once and can enter the preference '
  + 'by hand. A preference a person entered (`learned_from_history` false) → 409 `state_conflict` at `["body", "overwrite"]` '
  + 'unless `overwrite: true`; a learned one is re-learned freely. Optional `base_version`: when given and stale → 409. '
  + 'Unknown or another organisation\'s patient → 404. Appointments at every location count, whoever asks.';

/** A patient's preference addressed by the patient: read, upsert, and learn from appointment history. */
export function patientPreferenceByPatientRoutes(app: Api, { db }: Deps): void {
  app.get('/schedule/patient-preferences/by-patient/:patient_uuid', {
    schema: {
      tags, summary: 'Get scheduling preference for a patient',
      description: `${PREFERENCES} Answers the patient's preference, or JSON \`null\` (200) when none has been set. An unknown `
        + 'patient, or another organisation\'s → 404.',
      params: PatientParams, response: responses({ 200: PatientPreferenceOrNull }, [404]),
    },
  }, async (req, reply) => {
    const row = await loadPreferenceOfPatient(db, req.auth.orgId, req.params.patient_uuid);
    return reply.send(row ? toPatientPreferenceJson(row) : null);
  });

  app.put('/schedule/patient-preferences/by-patient/:patient_uuid', {
    schema: {
      tags, summary: 'Upsert scheduling preference for a patient',
      description: `${PREFERENCES} Creates the patient's preference when there is none (\`base_version\` ignored), else replaces `
        + 'it whole: fields left out become null (`notes` "", `learned_from_history` false), version + 1. Answers 200 with the '
        + 'preference either way. Replacing needs `base_version`: omitted → 422 `missing` at `["body", "base_version"]`, stale → '
        + '409 `version_conflict`. Unknown patient → 404 at `["path", "patient_uuid"]`; reversed window → 422; unknown provider '
        + 'or chair → 404 at the body field. Two concurrent creates: one succeeds, the other gets 409 and nothing is replaced.',
      params: PatientParams, body: UpsertPatientPreferenceBody, response: responses({ 200: Preference }, [403, 404, 409]),
    },
  }, async (req) => {
    const { base_version, ...rest } = req.body;
    const row = await putPatientPreference(db, req.auth.orgId, req.auth.locationIds, req.params.patient_uuid,
      base_version, toPreferenceFields(rest));
    return toPatientPreferenceJson(row);
  });

  app.post('/schedule/patient-preferences/by-patient/:patient_uuid/learn', {
    schema: {
      tags, summary: 'Learn a patient\'s scheduling preference from appointment history', description: LEARN,
      params: PatientParams, body: LearnPatientPreferenceBody, response: responses({ 200: Preference }, [403, 404, 409]),
    },
  }, async (req) => {
    const { overwrite, base_version } = req.body;
    const row = await learnPatientPreference(db, req.auth.orgId, req.params.patient_uuid,
      { overwrite: overwrite ?? false, baseVersion: base_version });
    return toPatientPreferenceJson(row);
  });
}
