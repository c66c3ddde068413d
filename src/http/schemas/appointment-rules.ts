import type { TSchema } from '@sinclair/typebox';

/** Record schemas of appointment-rules referenced by `$ref`; registered once in app.ts. */
export const appointmentRulesSchemas: TSchema[] = [];
