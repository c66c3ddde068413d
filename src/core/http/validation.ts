import type { TSchema } from '@sinclair/typebox';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function makeAjv(coerceTypes: boolean | 'array'): Ajv {
  // multipleOfPrecision: 0.01 money steps must not fail on binary floating-point rounding (999.81).
  const ajv = new Ajv({ allErrors: true, coerceTypes, useDefaults: true, removeAdditional: false, strict: false, multipleOfPrecision: 6 });
  addFormats(ajv);
  return ajv;
}

/** Request bodies are validated strictly: no coercion, no silent stripping of unknown fields. */
export const bodyAjv = makeAjv(false);
/** Query strings and path parameters arrive as text and are coerced to their declared types. */
export const paramAjv = makeAjv('array');

/**
 * A validator that checks a value exactly as a request body of `schema` is checked (same Ajv, options and
 * formats), for bodies nested in another one, such as the rows of a bulk import.
 */
export function compileBodyCheck(schema: TSchema): ValidateFunction {
  return bodyAjv.compile(schema);
}

/**
 * A validator that checks (and coerces, and fills defaults into) a value exactly as a query string of
 * `schema` is checked, for query parameters that arrive another way, such as a saved search's criteria.
 */
export function compileQueryCheck(schema: TSchema): ValidateFunction {
  return paramAjv.compile(schema);
}

/** A route, as Fastify names it (`GET`, `/api/v1/:org_id/locations`). */
export interface RouteKey {
  method: string;
  url: string;
}

/** Compilations a lazy serializer or validator has not done yet, by route (warmUp in app.ts does them). */
export type PendingCompilations = (RouteKey & { compile: () => void })[];

/**
 * A validator that compiles `compile()`'s result on its first call, then is that validator (its `errors`
 * copied after each call, where Fastify reads them). An app has ~170 routes and a test or a process uses a
 * few of them: compiling all at start cost seconds per app. Given `pending` and its route, it also adds there a
 * thunk that compiles it now (warmUp in app.ts runs those of chosen routes after a server starts listening).
 */
export function lazyValidator(compile: () => ValidateFunction, pending?: PendingCompilations, route?: RouteKey): ValidateFunction {
  let compiled: ValidateFunction | undefined;
  const validate = ((data: unknown) => {
    compiled ??= compile();
    const ok = compiled(data);
    validate.errors = compiled.errors;
    return ok;
  }) as ValidateFunction;
  if (pending && route) {
    pending.push({
      ...route,
      compile: () => {
        compiled ??= compile();
      },
    });
  }
  return validate;
}
