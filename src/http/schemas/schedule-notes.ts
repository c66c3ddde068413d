import type { TSchema } from '@sinclair/typebox';

/** Record schemas of schedule-notes referenced by `$ref`; registered once in app.ts. */
export const scheduleNotesSchemas: TSchema[] = [];
