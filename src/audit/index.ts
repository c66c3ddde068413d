// What other areas may use of the audit: the hook that records reads of patient data and the admins' list of
// them (app.ts installs both under /api/v1), and the record schemas.
export { recordPatientReads } from './routes/record-patient-reads.ts';
export { patientReadsRoutes } from './routes/patient-reads.ts';
export { patientReadsSchemas } from './schemas/patient-reads.ts';
