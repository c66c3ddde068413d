import type { TSchema } from '@sinclair/typebox';

/** Record schemas of patients referenced by `$ref`; registered once in app.ts. */
export const patientsSchemas: TSchema[] = [];
