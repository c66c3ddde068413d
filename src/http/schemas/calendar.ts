import type { TSchema } from '@sinclair/typebox';

/** Record schemas of calendar referenced by `$ref`; registered once in app.ts. */
export const calendarSchemas: TSchema[] = [];
