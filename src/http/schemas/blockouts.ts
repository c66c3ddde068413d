import type { TSchema } from '@sinclair/typebox';

/** Record schemas of blockouts referenced by `$ref`; registered once in app.ts. */
export const blockoutsSchemas: TSchema[] = [];
