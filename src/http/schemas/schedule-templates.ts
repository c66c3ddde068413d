import type { TSchema } from '@sinclair/typebox';

/** Record schemas of schedule-templates referenced by `$ref`; registered once in app.ts. */
export const scheduleTemplatesSchemas: TSchema[] = [];
