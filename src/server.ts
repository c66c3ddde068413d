import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { dataDir, openDatabase } from './core/db/open.ts';
import { buildApp, warmUp } from './core/http/app.ts';
import { parseTrustProxy, type Api } from './core/http/deps.ts';
import { ensureDemo, printDemoCredentials } from './demo/load-demo.ts';
import { isPageRoute, offerDemoOnPage } from './web/index.ts';
import { startWebhookWorker, type WebhookWorker } from './webhooks/index.ts';

export interface ServeOptions {
  /** Load the demo practice when the database has no organisation yet. */
  demo: boolean;
}

/**
 * How long a stopping process waits for its clients (a proxy's keep-alive pool) to close the connections
 * that sit idle: a proxy may be sending a request on one at the very moment the server closes it, and would
 * not resend a POST, so the server leaves that to the client. A proxy's upstream `keepalive_timeout` must be
 * shorter. Well under docker's 10 s between SIGTERM and SIGKILL.
 */
const IDLE_DRAIN_MS = 5_000;
/** How long it then waits for requests in flight (bounded by the request and statement timeouts, 30 s each). */
const IN_FLIGHT_MS = 35_000;

interface ConnectionDrain {
  /**
   * Stops accepting connections (a proxy's connect is refused, so it tries another instance: nothing was
   * sent) and makes every answer not yet started say `Connection: close`; resolves when the last
   * connection has closed.
   */
  stopAccepting(): Promise<void>;
  /** Resolves once no connection is idle (each carries a request whose answer closes it), after `ms`, or on hurry(). */
  idleGone(ms: number): Promise<boolean>;
  /** Stops waiting for idle connections (a second Ctrl+C). */
  hurry(): void;
}

/** Follows `server`'s connections and the requests on each, for a drain that never closes a connection a request may be on. */
function trackConnections(server: HttpServer): ConnectionDrain {
  const sockets = new Set<Socket>();
  const busy = new Map<Socket, number>();
  const answering = new Set<ServerResponse>();
  let draining = false;
  let hurried = false;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // Ahead of Fastify's own listener, so the header is set before any answer starts.
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    busy.set(socket, (busy.get(socket) ?? 0) + 1);
    answering.add(res);
    if (draining) res.setHeader('connection', 'close');
    res.once('close', () => {
      answering.delete(res);
      const left = (busy.get(socket) ?? 1) - 1;
      if (left > 0) busy.set(socket, left);
      else busy.delete(socket);
    });
  });
  return {
    stopAccepting() {
      draining = true;
      for (const res of answering) if (!res.headersSent) res.setHeader('connection', 'close');
      // net's close, not http's: since Node 19 http.Server#close also closes idle connections at once.
      return new Promise((resolve) => NetServer.prototype.close.call(server, () => resolve()));
    },
    async idleGone(ms) {
      const until = Date.now() + ms;
      while ([...sockets].some((s) => !busy.has(s))) {
        if (hurried || Date.now() >= until) return false;
        await new Promise((r) => setTimeout(r, 50));
      }
      return true;
    },
    hurry() {
      hurried = true;
    },
  };
}

/**
 * Stops `app` without failing a request: refuses new connections, waits (up to IDLE_DRAIN_MS) for idle
 * connections to be closed by their clients, ends the live event streams (app.close), then waits (up to
 * IN_FLIGHT_MS) for every request in flight to be answered.
 */
async function drainApp(app: Api, connections: ConnectionDrain, logger: FastifyBaseLogger): Promise<void> {
  const allClosed = connections.stopAccepting();
  if (!(await connections.idleGone(IDLE_DRAIN_MS))) {
    logger.warn('closing idle connections their clients kept open (behind a proxy, its keepalive_timeout should be shorter '
      + `than ${IDLE_DRAIN_MS / 1000} s)`);
    app.server.closeIdleConnections();
  }
  // No request can arrive any more: every connection left carries one whose answer closes it.
  await app.close();
  const drained = await Promise.race([allClosed.then(() => true), new Promise<false>((r) => setTimeout(r, IN_FLIGHT_MS, false).unref())]);
  if (!drained) {
    logger.warn(`requests still in flight after ${IN_FLIGHT_MS / 1000} s; closing their connections`);
    app.server.closeAllConnections();
  }
}

/**
 * env → database (embedded or DATABASE_URL) → migrations → app → listen on HOST:PORT. SIGTERM/SIGINT drain:
 * stop accepting, answer every request sent on an open connection (with `Connection: close`), wait for idle
 * keep-alive connections to be closed by their client (a second signal stops waiting), end live event streams,
 * then stop the webhook worker, close the pool and stop an embedded server.
 */
export async function serve(opts: ServeOptions, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const logger = pino({ level: env.LOG_LEVEL ?? 'info' });
  const db = await openDatabase(env, (msg) => logger.info(msg));
  const app = await buildApp({
    db: db.pool, clock: () => new Date(), adminToken: env.CHAIRTIME_ADMIN_TOKEN || undefined, metricsToken: env.METRICS_TOKEN || undefined,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
  }, logger);
  const port = Number(env.PORT ?? 8080);
  const host = env.HOST ?? '127.0.0.1';

  const demo = opts.demo ? await ensureDemo(db.pool, dataDir(env)) : null;
  // The page's "open the demo practice" button (loopback callers only).
  offerDemoOnPage(demo);

  // Webhook deliveries: every process runs a worker unless CHAIRTIME_WEBHOOK_WORKER=off; they share the work.
  let webhookWorker: WebhookWorker | null = null;
  const connections = trackConnections(app.server);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) {
      connections.hurry();
      return;
    }
    closing = true;
    logger.info({ signal }, `shutting down: refusing new connections, finishing requests in flight, waiting up to ${IDLE_DRAIN_MS / 1000} s `
      + 'for clients to close idle connections (a second signal: close them now)');
    await drainApp(app, connections, logger);
    await webhookWorker?.stop();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    await app.listen({ port, host });
  } catch (err) {
    logger.error({ err }, 'could not listen');
    await db.close();
    process.exit(1);
  }
  if (closing) return;
  if (env.CHAIRTIME_WEBHOOK_WORKER !== 'off') webhookWorker = startWebhookWorker(db.pool, { log: logger });
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (demo) printDemoCredentials(demo, base, dataDir(env));
  logger.info(`chairtime ready: the front desk page at ${base}/ and the API reference at ${base}/docs`);
  // Routes compile their serializers and validators on first use; the page's are compiled now, between requests,
  // so its first visitor does not wait for them.
  const warming = performance.now();
  void warmUp(app, isPageRoute).then(() => logger.debug(`the page's routes compiled in ${Math.round(performance.now() - warming)} ms`));
}
