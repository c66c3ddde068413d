import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type pg from 'pg';

/** What the HTTP layer is given: the database and an injectable clock. */
export interface Deps {
  db: pg.Pool;
  /** Current instant; injected so tests can fix it. */
  clock: () => Date;
  /** Enables the platform admin API when set. */
  adminToken?: string;
  /** Enables `GET /metrics` (Prometheus) for requests bearing this token when set (METRICS_TOKEN). */
  metricsToken?: string;
  /**
   * Which proxies' X-Forwarded-For to believe for the client address (the bad-token throttle keys on it):
   * Fastify's `trustProxy` (true: any; a number: that many hops; a list of addresses or CIDRs). Default: none.
   */
  trustProxy?: boolean | number | string;
}

/**
 * TRUST_PROXY as Fastify's trustProxy: unset or "false" → false, "true" → true, a whole number → hops,
 * anything else → the comma-separated addresses/CIDRs as given (e.g. "127.0.0.1,10.0.0.0/8").
 */
export function parseTrustProxy(text: string | undefined): boolean | number | string {
  const t = text?.trim() ?? '';
  if (t === '' || t === 'false') return false;
  if (t === 'true') return true;
  return /^\d+$/.test(t) ? Number(t) : t;
}

/** A Fastify instance whose route schemas are TypeBox schemas (validation, types and OpenAPI from one definition). */
export type Api = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;
