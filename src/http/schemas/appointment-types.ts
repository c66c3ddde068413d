import type { TSchema } from '@sinclair/typebox';

/** Record schemas of appointment-types referenced by `$ref`; registered once in app.ts. */
export const appointmentTypesSchemas: TSchema[] = [];
