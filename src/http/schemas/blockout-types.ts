import type { TSchema } from '@sinclair/typebox';

/** Record schemas of blockout-types referenced by `$ref`; registered once in app.ts. */
export const blockoutTypesSchemas: TSchema[] = [];
