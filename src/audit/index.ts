// What other areas may use of the audit: the hook that records reads of patient data and the admins' list of
// them (app.ts installs both under /api/v1), the record schemas, retention (`chairtime prune`), and the record of
// a calendar feed's fetch (the feed route, outside the API, writes it).
export { patientReadRecorded, pendingPatientRead, recordPatientReads } from './routes/record-patient-reads.ts';
export { patientReadInsertItem, retryWithReadAuditPartition, type PendingPatientRead } from './db/patient-reads.ts';
export { patientReadsRoutes } from './routes/patient-reads.ts';
export { patientReadsSchemas } from './schemas/patient-reads.ts';
export { pruneReadAudit, auditRetentionDays } from './commands/prune-read-audit.ts';
export { insertFeedRead, type FeedRead } from './db/feed-reads.ts';
