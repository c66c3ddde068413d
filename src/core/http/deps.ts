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
}

/** A Fastify instance whose route schemas are TypeBox schemas (validation, types and OpenAPI from one definition). */
export type Api = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;
