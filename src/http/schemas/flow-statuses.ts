import type { TSchema } from '@sinclair/typebox';

/** Record schemas of flow-statuses referenced by `$ref`; registered once in app.ts. */
export const flowStatusesSchemas: TSchema[] = [];
