// What other areas may use of recalls: the appointment listener that keeps recalls true (app.ts registers
// it), the record schemas and the routes.
export { keepRecallsTrue } from './commands/keep-recalls-true.ts';
export { recallTypesSchemas } from './schemas/recall-types.ts';
export { recallTriggersSchemas } from './schemas/recall-triggers.ts';
export { patientRecallsSchemas } from './schemas/patient-recalls.ts';
export { recallTypesRoutes } from './routes/recall-types.ts';
export { recallTriggersRoutes } from './routes/recall-triggers.ts';
export { patientRecallsRoutes } from './routes/patient-recalls.ts';
export { createRecallType } from './commands/recall-types.ts';
export { createRecallTrigger } from './commands/recall-triggers.ts';
export { createPatientRecall } from './commands/patient-recalls.ts';
export { recallPatientOf } from './db/patient-recalls.ts';
