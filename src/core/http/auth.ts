import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { parseToken } from '../tokens.ts';
import { countAuthFailures, recordAuthFailure } from '../db/auth-failures.ts';
import { authenticate } from '../db/authenticate.ts';
import type { Issue } from '../errors.ts';
import { sendIssues } from './errors.ts';

export type Role = 'admin' | 'staff' | 'viewer';

/**
 * Scopes a token can be limited to; a token without scopes has its user's full rights. `availability:read`:
 * the availability faces; `booking:write`: holds and bookings (what an online-booking widget needs besides).
 */
export const SCOPES = ['availability:read', 'booking:write'] as const;
export type Scope = (typeof SCOPES)[number];

/** Writes an auth refusal in the face's own error shape (the house body by default). */
export type RefusalRenderer = (reply: FastifyReply, status: number, issues: Issue[]) => FastifyReply;

/** Who is calling: set on every /api/v1 request by `tenantAuth`. */
export interface AuthContext {
  orgId: string;
  userId: string;
  tokenId: string;
  role: Role;
  /** null: every location of the organisation; otherwise the only locations this user may see. */
  locationIds: string[] | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext;
  }
  interface FastifyContextConfig {
    /** Roles allowed on this route; default: every role may read, admin and staff may write. */
    roles?: Role[];
    /** The scope a scoped token needs for this route; a route without one refuses every scoped token. */
    scope?: Scope;
  }
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Rejected tokens one client address may present per minute of the database clock; from then until the
 * minute ends, every request from it that carries a token gets 429, valid tokens included, so a guesser
 * learns nothing more. Only tokens that could have been valid count: a missing header or a token of the
 * wrong shape can never succeed and costs no query, so it gets its 401 without touching the counter.
 */
export const AUTH_FAILURE_LIMIT = 20;
// Share of failures that also delete windows older than an hour.
const SWEEP_SHARE = 0.01;

function unauthorized(reply: FastifyReply, msg: string, send: RefusalRenderer = sendIssues) {
  reply.header('WWW-Authenticate', 'Bearer');
  return send(reply, 401, [{ loc: ['header', 'authorization'], msg, type: 'unauthorized' }]);
}

function rateLimited(reply: FastifyReply, secondsLeft: number, send: RefusalRenderer = sendIssues) {
  reply.header('Retry-After', String(secondsLeft));
  return send(reply, 429, [{
    loc: ['header', 'authorization'], msg: `Too many invalid tokens from this address; retry in ${secondsLeft} s`, type: 'rate_limited',
  }]);
}

/** Counts the failure against the caller's address, then answers 401. */
async function rejected(db: pg.Pool, req: FastifyRequest, reply: FastifyReply, msg: string, send: RefusalRenderer = sendIssues) {
  await recordAuthFailure(db, req.ip, Math.random() < SWEEP_SHARE);
  return unauthorized(reply, msg, send);
}

function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1]! : '';
}

/**
 * onRequest hook for `/api/v1/{org_id}/…` (and the FHIR base): 401 without a valid token; 429 instead for
 * an invalid one while the caller's address is throttled (AUTH_FAILURE_LIMIT); 404 when `{org_id}` is not the token's organisation
 * (indistinguishable from a missing record); 403 when the role, or a scoped token's scopes, may not do
 * this. Runs before body validation, so a foreign caller learns nothing from 422s either. `send` writes
 * the refusals in the face's error shape.
 */
export function tenantAuth(db: pg.Pool, send: RefusalRenderer = sendIssues) {
  return async function (req: FastifyRequest, reply: FastifyReply) {
    const text = bearer(req);
    if (text === null) return unauthorized(reply, 'Missing bearer token', send);
    const parsed = parseToken(text);
    if (!parsed) return unauthorized(reply, 'Invalid or revoked token', send);
    // One statement reads both. A valid token always passes: an address shared by many (a proxy, a clinic's
    // NAT) that sent bad tokens must not lock out everyone behind it. Only further bad tokens get 429.
    const { window, identity } = await authenticate(db, req.ip, parsed.orgId, parsed.hash);
    if (!identity) {
      if (window.failures >= AUTH_FAILURE_LIMIT) return rateLimited(reply, window.seconds_left, send);
      return rejected(db, req, reply, 'Invalid or revoked token', send);
    }
    const orgParam = (req.params as { org_id?: string }).org_id;
    if (orgParam?.toLowerCase() !== parsed.orgId) {
      return send(reply, 404, [{ loc: ['path', 'org_id'], msg: 'Organization not found', type: 'not_found' }]);
    }
    req.auth = {
      orgId: parsed.orgId,
      userId: identity.user_id,
      tokenId: identity.token_id,
      role: identity.role,
      locationIds: identity.location_ids,
    };
    const { roles, scope } = req.routeOptions.config;
    const allowed = roles ? roles.includes(identity.role) : READ_METHODS.has(req.method) || identity.role !== 'viewer';
    if (!allowed) {
      return send(reply, 403, [{ loc: [], msg: `Role '${identity.role}' may not do this`, type: 'forbidden' }]);
    }
    if (identity.scopes !== null && !(scope && identity.scopes.includes(scope))) {
      return send(reply, 403, [{ loc: [], msg: `This token is limited to ${identity.scopes.join(', ')}, which does not cover this route`, type: 'forbidden' }]);
    }
  };
}

/**
 * onRequest hook for `/admin/v1`: the platform token from CHAIRTIME_ADMIN_TOKEN, compared in constant
 * time. Any presented token may be a guess (it has no fixed shape), so every wrong one counts towards
 * the same per-address throttle as tenant tokens; the right one is never refused.
 */
export function platformAuth(adminToken: string, db: pg.Pool) {
  const expected = createHash('sha256').update(adminToken).digest();
  return async function (req: FastifyRequest, reply: FastifyReply) {
    const text = bearer(req);
    if (!text) return unauthorized(reply, 'Missing bearer token');
    const given = createHash('sha256').update(text).digest();
    if (timingSafeEqual(given, expected)) return;
    const window = await countAuthFailures(db, req.ip);
    if (window.failures >= AUTH_FAILURE_LIMIT) return rateLimited(reply, window.seconds_left);
    return rejected(db, req, reply, 'Invalid platform admin token');
  };
}

/**
 * Who acts, where they may act, and when, for a command called from a tenant route: the caller's organisation,
 * user and visible locations, and `clock()`'s instant (the app's injected clock).
 */
export function requestActor(req: { auth: Pick<AuthContext, 'orgId' | 'userId' | 'locationIds'> }, clock: () => Date) {
  return { orgId: req.auth.orgId, userId: req.auth.userId, scope: req.auth.locationIds, now: clock() };
}
