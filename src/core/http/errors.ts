import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorObject } from 'ajv';
import { AppError, type ErrorCode, type Issue } from '../errors.ts';

/** The one place that knows HTTP status: every error code of the domain maps here. */
export const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  version_conflict: 409,
  already_exists: 409,
  in_use: 409,
  state_conflict: 409,
  slot_conflict: 409,
  hold_expired: 409,
  hold_invalid: 409,
  slot_full: 409,
  slot_disabled: 409,
  slot_locked: 409,
  overlap: 409,
  idempotency_in_progress: 409,
  idempotency_key_reused: 422,
  payload_too_large: 413,
  rate_limited: 429,
  value_error: 422,
  missing: 422,
  extra_forbidden: 422,
  unknown_timezone: 422,
  dst_gap: 422,
  time_pattern_mismatch: 422,
  unknown_procedure_code: 422,
};

// PostgreSQL errors the schema raises as a backstop, by SQLSTATE (never by message text).
const SQLSTATE: Record<string, { status: number; type: string; msg: string }> = {
  '23505': { status: 409, type: 'already_exists', msg: 'A record with the same unique value already exists' },
  '23503': { status: 409, type: 'in_use', msg: 'The record is referenced by other records' },
  '23P01': { status: 409, type: 'slot_conflict', msg: 'The time overlaps an existing booking' },
  '40001': { status: 409, type: 'state_conflict', msg: 'A concurrent change interfered; retry the request' },
  '40P01': { status: 409, type: 'state_conflict', msg: 'A concurrent change interfered; retry the request' },
  '23514': { status: 422, type: 'value_error', msg: 'A value is outside its allowed range' },
  '22P02': { status: 422, type: 'value_error', msg: 'A value has an invalid format' },
  '22003': { status: 422, type: 'value_error', msg: 'A number is out of range' },
  '22007': { status: 422, type: 'value_error', msg: 'A date or time is invalid' },
  '22008': { status: 422, type: 'value_error', msg: 'A date or time is out of range' },
  // Text PostgreSQL cannot store (U+0000); requests are checked for it first, this is the backstop.
  '22P05': { status: 422, type: 'value_error', msg: 'Text holds a character that cannot be stored (U+0000)' },
  '22021': { status: 422, type: 'value_error', msg: 'Text holds a character that cannot be stored' },
  // statement_timeout (STATEMENT_TIMEOUT_MS) cancelled a statement: the request did not happen.
  '57014': { status: 503, type: 'timeout', msg: 'The request took too long and was cancelled; nothing was changed, retry it' },
};

/** Sends the FastAPI-style error body `{"detail": [...]}` with `status`. */
export function sendIssues(reply: FastifyReply, status: number, issues: Issue[]): FastifyReply {
  if (status === 401) reply.header('WWW-Authenticate', 'Bearer');
  return reply.code(status).type('application/json').send({ detail: issues });
}

const TYPE_NAMES: Record<string, string> = {
  string: 'string', integer: 'int', number: 'float', boolean: 'bool', array: 'list', object: 'dict', null: 'none',
};
const FORMAT_TYPES: Record<string, string> = {
  uuid: 'uuid_parsing', date: 'date_parsing', time: 'time_parsing', 'date-time': 'datetime_parsing',
};

/** Turns Ajv errors into pydantic-like issues: `missing`, `extra_forbidden`, `int_type`, `uuid_parsing` … */
export function issuesFromAjv(errors: ErrorObject[], part: string): Issue[] {
  const seen = new Set<string>();
  const issues: Issue[] = [];
  for (const e of errors) {
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'if') continue;
    const path = e.instancePath.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
    const issue = issueFor(e, [part, ...path]);
    const key = JSON.stringify(issue.loc) + issue.type;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}

function issueFor(e: ErrorObject, loc: (string | number)[]): Issue {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { loc: [...loc, String(p.missingProperty)], msg: 'Field required', type: 'missing' };
    case 'additionalProperties':
      return { loc: [...loc, String(p.additionalProperty)], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' };
    case 'type': {
      const t = String(p.type).split(',')[0] ?? 'value';
      return { loc, msg: `Input should be a valid ${t}`, type: `${TYPE_NAMES[t] ?? t}_type` };
    }
    case 'format':
      return { loc, msg: `Input should be a valid ${String(p.format)}`, type: FORMAT_TYPES[String(p.format)] ?? 'value_error' };
    case 'enum':
      return { loc, msg: `Input should be ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`, type: 'enum' };
    case 'minLength':
      return { loc, msg: `String should have at least ${String(p.limit)} characters`, type: 'string_too_short' };
    case 'maxLength':
      return { loc, msg: `String should have at most ${String(p.limit)} characters`, type: 'string_too_long' };
    case 'minimum':
      return { loc, msg: `Input should be greater than or equal to ${String(p.limit)}`, type: 'greater_than_equal' };
    case 'maximum':
      return { loc, msg: `Input should be less than or equal to ${String(p.limit)}`, type: 'less_than_equal' };
    case 'pattern':
      return { loc, msg: `String should match pattern '${String(p.pattern)}'`, type: 'string_pattern_mismatch' };
    case 'minItems':
      return { loc, msg: `List should have at least ${String(p.limit)} items`, type: 'too_short' };
    case 'maxItems':
      return { loc, msg: `List should have at most ${String(p.limit)} items`, type: 'too_long' };
    case 'uniqueItems':
      return { loc, msg: 'List items must be unique', type: 'value_error' };
    default:
      return { loc, msg: e.message ?? 'Invalid value', type: 'value_error' };
  }
}

/** Installs the single error handler and the 404 handler on `app`. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler((_req, reply) => sendIssues(reply, 404, [{ loc: [], msg: 'Not Found', type: 'not_found' }]));
  app.setErrorHandler((err: FastifyError & { code?: string }, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof AppError) return sendIssues(reply, STATUS[err.code], err.issues);
    if (err.validation) return sendIssues(reply, 422, issuesFromAjv(err.validation as ErrorObject[], partName(err.validationContext)));
    const pgErr = err.code ? SQLSTATE[err.code] : undefined;
    if (pgErr && 'severity' in err) return sendIssues(reply, pgErr.status, [{ loc: [], msg: pgErr.msg, type: pgErr.type }]);
    switch (err.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendIssues(reply, 413, [{ loc: ['body'], msg: 'Request body exceeds 1 MiB', type: 'payload_too_large' }]);
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendIssues(reply, 415, [{ loc: ['header', 'content-type'], msg: 'Content-Type must be application/json', type: 'unsupported_media_type' }]);
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return sendIssues(reply, 422, [{ loc: ['body'], msg: 'Body is not valid JSON', type: 'json_invalid' }]);
    }
    if (err.statusCode === 400 && err.message.includes('JSON')) {
      return sendIssues(reply, 422, [{ loc: ['body'], msg: 'Body is not valid JSON', type: 'json_invalid' }]);
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return sendIssues(reply, err.statusCode, [{ loc: [], msg: err.message, type: 'value_error' }]);
    }
    req.log.error({ err }, 'unhandled error');
    return sendIssues(reply, 500, [{ loc: [], msg: 'Internal server error', type: 'internal_error' }]);
  });
}

function partName(ctx: string | undefined): string {
  if (ctx === 'querystring') return 'query';
  if (ctx === 'params') return 'path';
  if (ctx === 'headers') return 'header';
  return 'body';
}
