import type { TSchema } from '@sinclair/typebox';

/** Record schemas of admin referenced by `$ref`; registered once in app.ts. */
export const adminSchemas: TSchema[] = [];
