import type pg from 'pg';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from '../domain/backoff.ts';
import { signMessage } from '../domain/webhook-message.ts';
import { claimDueDeliveries, finishAttempt, type AttemptOutcome, type ClaimedDelivery } from '../db/webhook-deliveries.ts';
import { listenOn } from '../../core/db/listen.ts';
import { WEBHOOK_CHANNEL } from '../db/webhook-outbox.ts';
import { pruneWebhookEvents, webhookRetentionDays } from './prune-webhook-events.ts';

/** Where the worker reports trouble (pino's logger fits). */
export interface WorkerLog {
  warn(obj: object, msg: string): void;
  info?(obj: object, msg: string): void;
}

export interface WebhookWorkerOptions extends Partial<RetryPolicy> {
  /** Longest wait between two looks for due deliveries, in ms (default 1000); a NOTIFY wakes it sooner. */
  pollMs?: number;
  /** Deliveries claimed and sent at once (default 10). */
  batchSize?: number;
  /** How long a receiver may take to answer, in ms (default 10 s); slower is a failed attempt. */
  timeoutMs?: number;
  /** How long a claimed delivery is not claimed again, in ms (default timeoutMs + 30 s): a dead worker's claims wait this long. */
  leaseMs?: number;
  /** LISTEN for queued deliveries (default true); without it the worker only polls. */
  listen?: boolean;
  /** Only deliveries of these organisations (default: all); tests run workers side by side with this. */
  orgIds?: string[];
  /** Days finished events and their delivery log are kept (default WEBHOOK_RETENTION_DAYS, else 30; 0: for ever). */
  retentionDays?: number;
  /** How often the worker deletes finished events past retention, in ms (default an hour; the first time a minute after start). */
  pruneEveryMs?: number;
  /** The instant written into `webhook-timestamp` (default the real time: receivers compare it with theirs). */
  clock?: () => Date;
  log?: WorkerLog;
}

export interface WebhookWorker {
  /** Looks for due deliveries now. */
  wake(): void;
  /** Stops looking, waits for the attempts in flight to finish (each bounded by timeoutMs), closes the LISTEN connection. */
  stop(): Promise<void>;
}

/**
 * Starts a delivery worker on `pool`: it claims due deliveries (FOR UPDATE SKIP LOCKED, so any number of
 * workers in any number of processes share the work and never send one attempt twice), POSTs each signed
 * per Standard Webhooks, logs the attempt, and retries failures with exponential backoff until maxAttempts.
 * It looks when woken by NOTIFY (a change committed with deliveries), after a full batch, and every pollMs. Every
 * pruneEveryMs it deletes finished events older than retentionDays, in small batches (pruneWebhookEvents).
 */
export function startWebhookWorker(pool: pg.Pool, options: WebhookWorkerOptions = {}): WebhookWorker {
  const o = {
    pollMs: 1000, batchSize: 10, timeoutMs: 10_000, listen: true, clock: () => new Date(), pruneEveryMs: 3_600_000, ...DEFAULT_RETRY_POLICY, ...options,
  };
  const retentionDays = options.retentionDays ?? webhookRetentionDays(process.env);
  const leaseMs = options.leaseMs ?? o.timeoutMs + 30_000;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  const listener = listenOn(pool, WEBHOOK_CHANNEL, () => wake(), (err) => o.log?.warn({ err: err.message }, 'webhooks: LISTEN connection lost; polling'));

  const round = async () => {
    if (o.listen && !listener.listening) {
      await listener.start().catch((err: Error) => o.log?.warn({ err: err.message }, 'webhooks: cannot LISTEN; polling'));
    }
    while (!stopped) {
      const batch = await claimDueDeliveries(pool, o.batchSize, leaseMs, o.orgIds ?? null);
      await Promise.all(batch.map((d) => deliver(pool, d, o, o.clock)));
      if (batch.length < o.batchSize) return;
    }
  };
  const wake = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    if (timer) clearTimeout(timer);
    timer = null;
    running = round()
      .catch((err: Error) => o.log?.warn({ err: err.message }, 'webhooks: delivery round failed'))
      .finally(() => {
        running = null;
        if (stopped) return;
        if (again) {
          again = false;
          wake();
        } else {
          timer = setTimeout(wake, o.pollMs);
        }
      });
  };
  let pruneTimer: NodeJS.Timeout | null = null;
  let pruning: Promise<void> | null = null;
  const schedulePrune = (ms: number) => {
    if (stopped || retentionDays === 0) return;
    pruneTimer = setTimeout(prune, ms).unref();
  };
  const prune = () => {
    // A pause between batches keeps a long backlog from crowding the deliveries.
    pruning = pruneWebhookEvents(pool, { retentionDays, orgIds: o.orgIds ?? null, pauseMs: 50, stopped: () => stopped })
      .then((n) => {
        if (n > 0) o.log?.info?.({ events: n, retention_days: retentionDays }, 'webhooks: deleted finished events past retention');
      })
      .catch((err: Error) => o.log?.warn({ err: err.message }, 'webhooks: pruning failed'))
      .finally(() => {
        pruning = null;
        schedulePrune(o.pruneEveryMs);
      });
  };
  wake();
  schedulePrune(Math.min(60_000, o.pruneEveryMs));
  return {
    wake,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (pruneTimer) clearTimeout(pruneTimer);
      await running;
      await pruning;
      await listener.stop();
    },
  };
}

/** Sends one claimed delivery and records how it went; never throws for the receiver's sake. */
async function deliver(pool: pg.Pool, d: ClaimedDelivery, policy: RetryPolicy & { timeoutMs: number; log?: WorkerLog }, clock: () => Date): Promise<void> {
  const secrets = d.previous_secret ? [d.secret, d.previous_secret] : [d.secret];
  const message = signMessage({ id: d.event_id, type: d.event_type, created_at: d.event_created_at, data: d.event_data }, secrets, clock());
  const started = performance.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    // Redirects are not followed: the registered URL is the only place a delivery goes.
    const res = await fetch(d.url, {
      method: 'POST', headers: message.headers, body: message.body, redirect: 'manual', signal: AbortSignal.timeout(policy.timeoutMs),
    });
    statusCode = res.status;
    await res.body?.cancel().catch(() => undefined);
    if (res.status < 200 || res.status > 299) error = `HTTP ${res.status}`;
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    error = e.name === 'TimeoutError' ? `No answer within ${policy.timeoutMs} ms` : (e.cause?.code ?? e.message);
  }
  const outcome: AttemptOutcome = { durationMs: Math.round(performance.now() - started), statusCode, error, status: 'delivered', retryDelayMs: 0 };
  if (error !== null) {
    const delay = retryDelayMs(d.failures + 1, policy);
    Object.assign(outcome, delay === null ? { status: 'failed' } : { status: 'pending', retryDelayMs: delay });
  }
  await finishAttempt(pool, d.org_id, d.id, d.attempts, outcome)
    .catch((err: Error) => policy.log?.warn({ err: err.message, delivery: d.id }, 'webhooks: could not record an attempt'));
}
