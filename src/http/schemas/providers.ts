import type { TSchema } from '@sinclair/typebox';

/** Record schemas of providers referenced by `$ref`; registered once in app.ts. */
export const providersSchemas: TSchema[] = [];
