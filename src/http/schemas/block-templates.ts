import type { TSchema } from '@sinclair/typebox';

/** Record schemas of block-templates referenced by `$ref`; registered once in app.ts. */
export const blockTemplatesSchemas: TSchema[] = [];
