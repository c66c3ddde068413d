import type { TSchema } from '@sinclair/typebox';

/** Record schemas of appointment-details referenced by `$ref`; registered once in app.ts. */
export const appointmentDetailsSchemas: TSchema[] = [];
