import { createHash } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { AppError } from '../errors.ts';
import {
  beginRequestTransaction, endRequestTransaction, requestTransactionFailed, runInRequestTransaction, type RequestTransaction,
} from '../db/client.ts';
import {
  deleteExpiredIdempotencyKeys, findIdempotencyKey, insertIdempotencyKey, tryLockIdempotencyKey, type IdempotencyKeyRow,
} from '../db/idempotency-keys.ts';
import type { Api, Deps } from './deps.ts';

/** The API description's paragraph on idempotency keys. */
export const IDEMPOTENCY_DESCRIPTION = `**Idempotency.** Every \`POST\` under \`/api/v1\` takes an optional \`Idempotency-Key\` header (1–255 printable
ASCII characters, else 422 at \`["header", "idempotency-key"]\`; a random UUID makes a good key), so that a request can be
retried safely after a lost answer. The first answer is kept with the key for 24 hours, per user (all of the user's
tokens share their keys), in the same transaction as the request's effect. Retrying with the same key and the same
request (method, URL and JSON body; the order of object keys does not matter) writes nothing and gets that answer
again — status, body and \`Content-Type\` — with \`Idempotent-Replayed: true\`. The same key with another request →
422 \`idempotency_key_reused\`; while the first is still running → 409 \`idempotency_in_progress\` (retry shortly).
2xx and 4xx answers are kept, a 409 \`slot_conflict\` too; 5xx answers and a 409 \`state_conflict\` caused by a
concurrent change are not (nothing was written: retry with the same key). A request refused before it runs (401, 403,
404 for another organisation, 413, 415, a 422 of schema validation) keeps nothing either. After 24 hours a key
may be used again. The header is ignored on other methods and outside \`/api/v1\`; on the services surface the 422s
are 400s, as its other bad input.`;

const HEADER = 'idempotency-key';
const KEY = /^[\x20-\x7e]{1,255}$/;
const KEPT_MS = 24 * 60 * 60 * 1000;
// What http/errors.ts answers with 409 state_conflict: a concurrent change interfered, and the same request may succeed.
const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);
// Share of stored keys that also delete a batch of expired ones, so the table stays small without a scheduled job.
const SWEEP_SHARE = 0.01;

interface Running {
  rt: RequestTransaction;
  orgId: string;
  userId: string;
  key: string;
  fingerprint: string;
  /** The handler failed with an error that a retry may not meet: keep nothing. */
  retryable: boolean;
}

const running = new WeakMap<FastifyRequest, Running>();

/**
 * Idempotency keys on every POST route of `app` (the /api/v1 scope, after tenantAuth, so org and user are known;
 * call before its routes are registered): a POST bearing `Idempotency-Key` runs in one request transaction, every
 * statement of its handler included, that ends with its answer kept under the key (see IDEMPOTENCY_DESCRIPTION).
 * Other methods get no hook; a POST without the header passes through each one at once.
 */
export function idempotencyKeys(app: Api, deps: Deps): void {
  // Callback style: the handler runs inside `done`, so inside the request transaction's async context.
  const preHandler = (req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const header = req.headers[HEADER];
    if (header === undefined) return done();
    start(req, reply, header, deps).then(
      (run) => (run ? runInRequestTransaction(run.rt, done) : undefined),
      (err: FastifyError) => done(err),
    );
  };
  const onError = (req: FastifyRequest, _reply: FastifyReply, err: FastifyError, done: () => void) => {
    const run = running.get(req);
    if (run && RETRYABLE_SQLSTATES.has(err.code)) run.retryable = true;
    done();
  };
  const onSend = (req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: Error | null, payload?: unknown) => void) => {
    const run = running.get(req);
    if (!run) return done(null, payload);
    running.delete(req);
    finish(run, req, reply, payload, deps).then((sent) => done(null, sent), done);
  };
  // An answer written without onSend (Fastify's last-resort error handler) still ends the transaction.
  const onResponse = (req: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const run = running.get(req);
    if (!run) return done();
    running.delete(req);
    endRequestTransaction(run.rt, 'ROLLBACK').catch((err: Error) => req.log.error({ err }, 'idempotency rollback failed')).finally(done);
  };
  app.addHook('onRoute', (route) => {
    if (![route.method].flat().includes('POST')) return;
    // Route hooks run after the scope's: the audit's onSend records an audited read inside the transaction.
    const r = route as unknown as Record<'preHandler' | 'onError' | 'onSend' | 'onResponse', unknown>;
    r.preHandler = [r.preHandler ?? []].flat().concat(preHandler);
    r.onError = [r.onError ?? []].flat().concat(onError);
    r.onSend = [r.onSend ?? []].flat().concat(onSend);
    r.onResponse = [r.onResponse ?? []].flat().concat(onResponse);
  });
}

/**
 * Opens the request transaction and takes the key's lock; answers a replay itself (null). Throws 422 for a bad
 * key or a key reused with another request, 409 while another request with the key runs.
 */
async function start(req: FastifyRequest, reply: FastifyReply, header: string | string[], deps: Deps): Promise<Running | null> {
  if (typeof header !== 'string' || !KEY.test(header)) {
    throw new AppError('value_error', 'Idempotency-Key must be 1 to 255 printable ASCII characters', ['header', HEADER]);
  }
  const { orgId, userId } = req.auth;
  const fingerprint = fingerprintOf(req);
  const rt = await beginRequestTransaction(deps.db);
  try {
    if (!(await tryLockIdempotencyKey(rt.client!, orgId, userId, header))) {
      throw new AppError('idempotency_in_progress', 'A request with this Idempotency-Key is still running; retry shortly', ['header', HEADER]);
    }
    // A statement of its own, after the lock: its snapshot sees what a request that held the lock committed.
    const kept = await findIdempotencyKey(rt.client!, orgId, userId, header, keptAfter(deps));
    if (!kept) {
      const run = { rt, orgId, userId, key: header, fingerprint, retryable: false };
      running.set(req, run);
      return run;
    }
    await endRequestTransaction(rt, 'ROLLBACK');
    if (kept.fingerprint !== fingerprint) {
      throw new AppError('idempotency_key_reused', 'This Idempotency-Key was used with another request in the last 24 hours', ['header', HEADER]);
    }
    replay(reply, kept);
    return null;
  } catch (err) {
    await endRequestTransaction(rt, 'ROLLBACK').catch(() => undefined);
    throw err;
  }
}

function replay(reply: FastifyReply, kept: IdempotencyKeyRow): void {
  reply.code(kept.status).header('idempotent-replayed', 'true');
  if (kept.content_type) reply.header('content-type', kept.content_type);
  // A JSON text with its content type set is sent as it is, not serialized again.
  reply.send(kept.body ?? undefined);
}

/**
 * Ends the request transaction as the answer says: a 5xx or a retryable conflict rolls back and keeps nothing;
 * any other answer is kept under the key and committed before it goes out. When that fails, the answer becomes
 * a 500 and nothing of the request is kept.
 */
async function finish(run: Running, req: FastifyRequest, reply: FastifyReply, payload: unknown, deps: Deps): Promise<unknown> {
  if (reply.statusCode >= 500 || run.retryable) {
    await endRequestTransaction(run.rt, 'ROLLBACK').catch((err: Error) => req.log.error({ err }, 'idempotency rollback failed'));
    return payload;
  }
  try {
    await keep(run, reply, payload, deps);
  } catch (err) {
    await endRequestTransaction(run.rt, 'ROLLBACK').catch(() => undefined);
    req.log.error({ err }, 'the answer of an idempotent request could not be kept; the request was rolled back');
    reply.code(500).header('content-type', 'application/json; charset=utf-8');
    return JSON.stringify({ detail: [{ loc: [], msg: 'Internal server error', type: 'internal_error' }] });
  }
  if (Math.random() < SWEEP_SHARE) {
    await deleteExpiredIdempotencyKeys(deps.db, keptAfter(deps)).catch((err: Error) => req.log.warn({ err }, 'idempotency key sweep failed'));
  }
  return payload;
}

/** Stores the answer under the key and commits the request transaction; throws when either fails. */
async function keep(run: Running, reply: FastifyReply, payload: unknown, deps: Deps): Promise<void> {
  const body = payload === undefined || payload === null ? null
    : typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
  // A stream cannot be kept for a replay, so the request cannot count as done.
  if (body === undefined) throw new Error('an idempotent POST answered with a stream');
  const k = {
    orgId: run.orgId, userId: run.userId, key: run.key, fingerprint: run.fingerprint, status: reply.statusCode, body,
    content_type: reply.hasHeader('content-type') ? String(reply.getHeader('content-type')) : null,
  };
  // Asked of refusals only (it costs a round trip): a 2xx built on a failed statement fails at the key's INSERT
  // below, in the aborted transaction (500, nothing kept).
  if (reply.statusCode >= 400 && await requestTransactionFailed(run.rt)) {
    // A statement of the handler failed. Nothing of the transaction can commit, so the refusal (a 4xx, which by the
    // house rule changed nothing) is kept on its own.
    await endRequestTransaction(run.rt, 'ROLLBACK');
    await insertIdempotencyKey(deps.db, k, deps.clock(), keptAfter(deps));
    return;
  }
  // Under the key's lock no other request can have stored it since the lookup; the primary key is the backstop.
  if (!(await insertIdempotencyKey(run.rt.client!, k, deps.clock(), keptAfter(deps)))) {
    throw new Error('the key was stored meanwhile: its lock was not held');
  }
  await endRequestTransaction(run.rt, 'COMMIT');
}

/** Answers stored at or before this instant have expired. */
function keptAfter(deps: Deps): Date {
  return new Date(deps.clock().getTime() - KEPT_MS);
}

/** sha256 of the method, the URL (path and query) and the body as canonical JSON (object keys sorted). */
function fingerprintOf(req: FastifyRequest): string {
  return createHash('sha256').update(`${req.method} ${req.url}\n${canonicalJson(req.body)}`).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
