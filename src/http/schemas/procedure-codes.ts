import type { TSchema } from '@sinclair/typebox';

/** Record schemas of procedure-codes referenced by `$ref`; registered once in app.ts. */
export const procedureCodesSchemas: TSchema[] = [];
