// What other areas may use of patient scheduling preferences: a patient's preference in a plain shape and
// the rule that says whether a candidate start fits it (the free-time search ranks by them), and the routes.
export { matchesPreference, type CandidateStart, type SchedulingPreference } from './domain/preference.ts';
export { getPreferenceForPatient } from './queries/preference-of-patient.ts';
export { patientPreferencesSchemas } from './schemas/patient-preferences.ts';
export { patientPreferencesRoutes } from './routes/patient-preferences.ts';
export { patientPreferenceByPatientRoutes } from './routes/patient-preference-by-patient.ts';
