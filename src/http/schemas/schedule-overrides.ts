import type { TSchema } from '@sinclair/typebox';

/** Record schemas of schedule-overrides referenced by `$ref`; registered once in app.ts. */
export const scheduleOverridesSchemas: TSchema[] = [];
