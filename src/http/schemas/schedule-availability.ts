import type { TSchema } from '@sinclair/typebox';

/** Record schemas of schedule-availability referenced by `$ref`; registered once in app.ts. */
export const scheduleAvailabilitySchemas: TSchema[] = [];
