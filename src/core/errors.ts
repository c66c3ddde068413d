/**
 * The closed set of error codes chairtime answers with. Each code is the `type` of an entry in the
 * FastAPI-style error body; `http/errors.ts` alone maps codes to HTTP status.
 */
export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'version_conflict'
  | 'already_exists'
  | 'in_use'
  | 'state_conflict'
  | 'slot_conflict'
  | 'hold_expired'
  | 'hold_invalid'
  | 'slot_full'
  | 'slot_disabled'
  | 'slot_locked'
  | 'overlap'
  | 'idempotency_in_progress'
  | 'idempotency_key_reused'
  | 'payload_too_large'
  | 'rate_limited'
  | 'value_error'
  | 'missing'
  | 'extra_forbidden'
  | 'unknown_timezone'
  | 'dst_gap'
  | 'time_pattern_mismatch'
  | 'unknown_procedure_code';

/** One entry of the error body: where (`loc`), what (`msg`), and the machine-readable `type`. */
export interface Issue {
  loc: (string | number)[];
  msg: string;
  type: ErrorCode | string;
  /** Machine-readable particulars, e.g. the id of the conflicting appointment. */
  ctx?: Record<string, unknown>;
}

/** An expected failure carrying a code and one or more issues; never used for programming errors. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: Issue[];

  constructor(code: ErrorCode, msg: string, loc: (string | number)[] = [], more: Issue[] = [], ctx?: Record<string, unknown>) {
    super(msg);
    this.code = code;
    this.issues = [{ loc, msg, type: code, ...(ctx ? { ctx } : {}) }, ...more];
  }
}

/** The record addressed by `loc` does not exist in the caller's organisation (or is hidden from them). */
export function notFound(what: string, loc: (string | number)[] = []): AppError {
  return new AppError('not_found', `${what} not found`, loc);
}

/** A write named a `base_version` that is no longer current. */
export function versionConflict(current: number, loc: (string | number)[] = ['body', 'base_version']): AppError {
  return new AppError('version_conflict', `base_version is stale: the current version is ${current}`, loc);
}

/** A 422 for one field that failed a business rule. */
export function invalid(loc: (string | number)[], msg: string, code: ErrorCode = 'value_error'): AppError {
  return new AppError(code, msg, loc);
}

/**
 * A 422 made of issues already built, each keeping its own `type` (e.g. a schema check of parameters that
 * did not come in the request itself, such as a saved search's criteria). `issues` must not be empty.
 */
export function invalidIssues(issues: Issue[]): AppError {
  const [first, ...more] = issues;
  const error = new AppError('value_error', first!.msg, first!.loc, more);
  error.issues[0] = first!;
  return error;
}
