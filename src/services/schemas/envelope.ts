import { Type, type TSchema } from '@sinclair/typebox';
import { Defaulted, ErrorBody } from '../../core/http/schemas.ts';

/** An integer id of a service or time slot, as this surface's clients send them. */
export const IntId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

/** `{data: …}` around `schema`: every answer of this surface. */
export function Data<T extends TSchema>(schema: T) {
  return Type.Object({ data: schema });
}

/** The answer of a delete. */
export const Ok = Data(Type.Literal('ok'));

/** Paging of the list routes: 1-based pages, or everything with `no_pagination=true`. */
export const ListQuery = {
  page: Defaulted(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1, description: 'Page number, 1-based.' })),
  page_size: Defaulted(Type.Integer({ minimum: 1, maximum: 200, default: 10, description: 'Results per page (1–200).' })),
  no_pagination: Defaulted(Type.Boolean({ default: false, description: 'true: every result on one page (`page` and `page_size` are ignored).' })),
};

export const Pagination = Type.Object({
  current_page: Type.Integer(),
  total_pages: Type.Integer(),
  total_count: Type.Integer(),
  page_size: Type.Integer(),
});

/** The `pagination` object of a list: without paging, one page holding every result. */
export function pagination(q: { page: number; page_size: number; no_pagination: boolean }, total: number) {
  if (q.no_pagination) return { current_page: 1, total_pages: 1, total_count: total, page_size: total };
  return { current_page: q.page, total_pages: Math.ceil(total / q.page_size), total_count: total, page_size: q.page_size };
}

const ERROR_TEXT: Record<number, string> = {
  400: 'Bad request: a malformed or out-of-range parameter or body field (this surface answers 400 where the rest of the API answers 422)',
  401: 'Missing or invalid bearer token',
  403: 'The token\'s role or scopes do not allow this',
  404: 'Not found in this organisation (also for other organisations\' ids)',
  409: 'Conflict',
};

/** Response map of a route of this surface: the success schema(s), 400, 401 and the listed error statuses, all in the house error body. */
export function surfaceResponses(success: Record<number, TSchema>, errors: number[] = []): Record<number, TSchema> {
  const out: Record<number, TSchema> = { ...success };
  for (const code of [400, 401, ...errors]) out[code] = Type.Ref(ErrorBody, { description: ERROR_TEXT[code] ?? 'Error' });
  return out;
}

/** What every route of this surface's description says about its conventions. */
export const SURFACE_NOTES = `Conventions of the services surface: answers are wrapped in \`{"data": …}\`; service and time slot ids
are integers; bad input (validation included) is 400, not the 422 of the rest of the API, in the house error body
\`{"detail": [{loc, msg, type}]}\`; an id that does not exist, belongs to another organisation or to a location the caller may
not see is 404. \`day_of_week\` is 0 = Monday … 6 = Sunday, as everywhere in the API.`;
