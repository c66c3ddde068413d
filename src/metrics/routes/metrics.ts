import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type pg from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Api, Deps } from '../../core/http/deps.ts';
import { bookingsTotal, slotConflictsTotal } from '../commands/count-bookings.ts';
import { providedGauges } from '../queries/provided-gauges.ts';

// Requests that matched no route share one label, so scanners cannot grow the series without bound.
const UNMATCHED = 'unmatched';

/** The pool's connections in use and idle, its size limit and the queries waiting for a connection, read on scrape. */
function poolGauges(registry: Registry, db: pg.Pool): void {
  new Gauge({
    name: 'chairtime_db_pool_connections', help: 'Connections of this process\'s PostgreSQL pool, by state (in_use, idle)',
    labelNames: ['state'], registers: [registry],
    collect() {
      this.set({ state: 'in_use' }, db.totalCount - db.idleCount);
      this.set({ state: 'idle' }, db.idleCount);
    },
  });
  new Gauge({
    name: 'chairtime_db_pool_max_connections', help: 'The pool\'s size limit (DATABASE_POOL_SIZE)', registers: [registry],
    collect() { this.set(db.options.max ?? 10); },
  });
  new Gauge({
    name: 'chairtime_db_pool_waiting', help: 'Queries waiting for a free connection of the pool', registers: [registry],
    collect() { this.set(db.waitingCount); },
  });
}

/** How long a provided gauge may take to read: a scrape must answer even when every pool connection is busy. */
const READ_TIMEOUT_MS = 1000;

function withTimeout<T>(read: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms (is the pool exhausted?)`)), ms);
  });
  return Promise.race([read, late]).finally(() => clearTimeout(timer));
}

/**
 * Adds the gauges other areas provided since the last scrape (provideGauge may run after the app was built).
 * A read that fails or takes over READ_TIMEOUT_MS leaves the last value (logged), so a scrape never hangs.
 */
function addProvidedGauges(app: Api, registry: Registry, db: pg.Pool): void {
  for (const g of providedGauges()) {
    if (registry.getSingleMetric(g.name)) continue;
    new Gauge({
      name: g.name, help: g.help, registers: [registry],
      async collect() {
        try {
          this.set(await withTimeout(g.read(db), READ_TIMEOUT_MS));
        } catch (err) {
          app.log.warn({ err, metric: g.name }, 'could not read a metric; its last value stays');
        }
      },
    });
  }
}

/** Request count and latency by method, route pattern (never the raw URL with its ids) and status. */
function requestMetrics(app: Api, registry: Registry): void {
  const labelNames = ['method', 'route', 'status_code'] as const;
  const requests = new Counter({ name: 'chairtime_http_requests_total', help: 'HTTP requests answered', labelNames, registers: [registry] });
  const duration = new Histogram({
    name: 'chairtime_http_request_duration_seconds', help: 'Time from receiving a request to the end of its answer',
    labelNames, registers: [registry],
  });
  app.addHook('onResponse', async (req, reply) => {
    const labels = { method: req.method, route: req.routeOptions.url ?? UNMATCHED, status_code: String(reply.statusCode) };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
  });
  // Every refusal for a taken chair or provider, whichever route and whether our check or the exclusion constraint found it.
  app.addHook('onSend', async (_req, reply, payload) => {
    if (reply.statusCode === 409 && typeof payload === 'string' && payload.includes('"type":"slot_conflict"')) slotConflictsTotal.inc();
    return payload;
  });
}

/** Whether the request bears `Authorization: Bearer <token>`, compared in constant time. */
function bearsToken(expected: Buffer) {
  return (req: FastifyRequest): boolean => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    return !!m && timingSafeEqual(createHash('sha256').update(m[1]!).digest(), expected);
  };
}

/**
 * `GET /metrics` in Prometheus text format, off the public API: only when `deps.metricsToken` (METRICS_TOKEN) is set,
 * and only for a request bearing it; any other request gets the 404 of a route that does not exist. Without a token
 * nothing is installed. The registry is the app's own (never prom-client's global one): request metrics, pool gauges,
 * provided gauges, the process-wide booking counters and Node's process metrics. Call before the routes are registered.
 */
export function metricsRoutes(app: Api, deps: Deps): void {
  if (!deps.metricsToken) return;
  const authorized = bearsToken(createHash('sha256').update(deps.metricsToken).digest());
  const registry = new Registry();
  registry.registerMetric(bookingsTotal);
  registry.registerMetric(slotConflictsTotal);
  poolGauges(registry, deps.db);
  collectDefaultMetrics({ register: registry });
  requestMetrics(app, registry);

  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (!authorized(req)) return reply.callNotFound();
    addProvidedGauges(app, registry, deps.db);
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
