import pino from 'pino';
import { dataDir, openDatabase } from './core/db/open.ts';
import { buildApp } from './core/http/app.ts';
import { parseTrustProxy } from './core/http/deps.ts';
import { ensureDemo, printDemoCredentials } from './demo/load-demo.ts';
import { offerDemoOnPage } from './web/index.ts';
import { startWebhookWorker, type WebhookWorker } from './webhooks/index.ts';

export interface ServeOptions {
  /** Load the demo practice when the database has no organisation yet. */
  demo: boolean;
}

/**
 * env → database (embedded or DATABASE_URL) → migrations → app → listen on HOST:PORT; SIGINT/SIGTERM
 * drain requests, close the pool and stop an embedded server.
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
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    await app.close();
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
  if (env.CHAIRTIME_WEBHOOK_WORKER !== 'off') webhookWorker = startWebhookWorker(db.pool, { log: logger });
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (demo) printDemoCredentials(demo, base, dataDir(env));
  logger.info(`chairtime ready: the front desk page at ${base}/ and the API reference at ${base}/docs`);
}
