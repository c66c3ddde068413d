import type { TSchema } from '@sinclair/typebox';

/** Record schemas of appointment-lifecycle referenced by `$ref`; registered once in app.ts. */
export const appointmentLifecycleSchemas: TSchema[] = [];
