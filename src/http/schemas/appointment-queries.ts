import type { TSchema } from '@sinclair/typebox';

/** Record schemas of appointment-queries referenced by `$ref`; registered once in app.ts. */
export const appointmentQueriesSchemas: TSchema[] = [];
