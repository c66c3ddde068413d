import type { TSchema } from '@sinclair/typebox';

/** Record schemas of definitions referenced by `$ref`; registered once in app.ts. */
export const definitionsSchemas: TSchema[] = [];
