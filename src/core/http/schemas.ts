import { OptionalKind, Type, type Static, type TSchema, type TObject, type TProperties } from '@sinclair/typebox';

/** `T` or JSON null, written as a JSON Schema type array (OpenAPI 3.1) so validation errors stay simple. */
export function Nullable<T extends TSchema>(schema: T) {
  const s = schema as unknown as { type?: string; enum?: unknown[] };
  const extra = s.enum ? { enum: [...s.enum, null] } : {};
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [s.type, 'null'], ...extra });
}

export const Uuid = Type.String({ format: 'uuid' });
export const DateStr = Type.String({ format: 'date', description: 'Local date, YYYY-MM-DD' });
export const Instant = Type.String({ format: 'date-time' });
/** Local wall-clock time in requests: HH:MM:SS, HH:MM accepted. Responses always give HH:MM:SS. */
export const WallTime = Type.String({
  pattern: '^([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d)?$', examples: ['08:00:00'],
  description: 'Local wall-clock time at the location, HH:MM:SS (HH:MM accepted)',
});
/** An instant with the location's UTC offset, e.g. 2026-03-08T08:00:00-04:00. */
export const LocalInstant = Type.String({ format: 'date-time', description: 'RFC 3339 instant with the location\'s offset' });
/** Money in requests: a JSON number with at most two decimals. Responses give decimal strings. */
export const MoneyIn = Type.Number({ minimum: -9_999_999_999.99, maximum: 9_999_999_999.99, multipleOf: 0.01 });
export const MoneyOut = Type.String({ pattern: '^-?\\d+\\.\\d{2}$', examples: ['125.00'] });
export const Color = Type.String({ pattern: '^#[0-9A-Fa-f]{6}$', examples: ['#42A5F5'] });
export const Name = Type.String({ minLength: 1, maxLength: 200 });
export const ShortText = Type.String({ maxLength: 200 });
export const BaseVersion = Type.Integer({ minimum: 1, description: 'The version the client last read; a stale one is refused with 409.' });

/** Lightweight reference to a related record. */
export const Ref = Type.Object({ id: Uuid, name: Nullable(Type.String()) }, { $id: 'Ref' });

/** An optional relation in a response: a lightweight reference, or null. */
export function NullableRef(description?: string) {
  return Type.Union([Type.Ref(Ref), Type.Null()], description ? { description } : {});
}

/** A lightweight reference from a joined id and name; null when the id is null (optional relation). */
export function ref(id: string | null, name: string | null): { id: string; name: string | null } | null {
  return id === null ? null : { id, name };
}

/** The FastAPI-style error body every 4xx and 5xx carries. */
export const ErrorBody = Type.Object({
  detail: Type.Array(Type.Object({
    loc: Type.Array(Type.Union([Type.String(), Type.Integer()])),
    msg: Type.String(),
    type: Type.String({ description: 'Machine-readable error code, e.g. not_found, version_conflict, dst_gap' }),
    ctx: Type.Optional(Type.Object({}, {
      additionalProperties: true, description: 'Particulars, e.g. {kind, id} of a conflicting appointment or blockout',
    })),
  })),
}, { $id: 'ErrorBody' });

/**
 * A query parameter that clients may omit but handlers always see, because validation fills in its
 * `default`: optional in the OpenAPI document, non-optional in the TypeScript type.
 */
export function Defaulted<T extends TSchema>(schema: T) {
  if (schema.default === undefined) throw new Error('Defaulted() needs a schema with a default');
  return Type.Unsafe<Static<T>>({ ...schema, [OptionalKind]: 'Optional' });
}

export const PageQuery = {
  page: Defaulted(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })),
  page_size: Defaulted(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
};

/** `{items, page, page_size, total}` around `item`. */
export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    page: Type.Integer(),
    page_size: Type.Integer(),
    total: Type.Integer(),
  });
}

/** A request body: unknown fields are refused with 422 `extra_forbidden`. */
export function Body<P extends TProperties>(props: P, description?: string): TObject<P> {
  return Type.Object(props, { additionalProperties: false, ...(description ? { description } : {}) });
}

/** The record shape common to mutable records. */
export const Stamps = {
  version: Type.Integer(),
  created_at: Instant,
  updated_at: Instant,
};

const ERROR_TEXT: Record<number, string> = {
  400: 'Bad request: a parameter is malformed or out of range',
  401: 'Missing or invalid bearer token',
  403: 'The token\'s role does not allow this',
  404: 'Not found in this organisation (also for other organisations\' ids)',
  409: 'Conflict: stale base_version, a uniqueness clash, or the record is in use',
  413: 'Body over 1 MiB',
  422: 'Validation error',
};

/** Response map for a route: the success schema(s) plus the error body for each listed status. */
export function responses(success: Record<number, TSchema>, errors: number[] = []): Record<number, TSchema> {
  const out: Record<number, TSchema> = { ...success };
  for (const code of [401, 422, ...errors]) {
    out[code] = Type.Ref(ErrorBody, { description: ERROR_TEXT[code] ?? 'Error' });
  }
  return out;
}

export const NoContent = Type.Null({ description: 'No content' });
