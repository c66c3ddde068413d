import type { TSchema } from '@sinclair/typebox';

/** Record schemas of users referenced by `$ref`; registered once in app.ts. */
export const usersSchemas: TSchema[] = [];
