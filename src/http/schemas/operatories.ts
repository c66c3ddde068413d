import type { TSchema } from '@sinclair/typebox';

/** Record schemas of operatories referenced by `$ref`; registered once in app.ts. */
export const operatoriesSchemas: TSchema[] = [];
