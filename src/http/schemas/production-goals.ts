import type { TSchema } from '@sinclair/typebox';

/** Record schemas of production-goals referenced by `$ref`; registered once in app.ts. */
export const productionGoalsSchemas: TSchema[] = [];
