// The ASAP list: its routes and schemas, the listener that keeps it true as appointments change, and the
// matcher the cancel and break responses use to name who could take the freed chair time.
export { asapEntriesSchemas } from './schemas/asap-entries.ts';
export { quickFillSchemas } from './schemas/quick-fill.ts';
export { asapEntriesRoutes } from './routes/asap-entries.ts';
export { quickFillRoutes } from './routes/quick-fill.ts';
export { keepWaitlistTrue } from './commands/appointment-listener.ts';
export { freedOpeningMatches } from './queries/quick-fill.ts';
export { createEntry, type Writer } from './commands/asap-entries.ts';
export { toEntryFields } from './schemas/asap-entries.ts';
