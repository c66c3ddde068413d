import type pg from 'pg';

/** A gauge another area owns (the webhook backlog), read from the database when Prometheus scrapes. */
export interface ProvidedGauge {
  /** Prometheus metric name, e.g. `chairtime_webhook_backlog`. */
  name: string;
  help: string;
  /** The current value; an error leaves the last value in place (and is logged), the scrape goes on. */
  read: (db: pg.Pool) => Promise<number>;
}

const provided = new Map<string, ProvidedGauge>();

/** Adds a gauge to every app's `/metrics` (registering a name again replaces it); call it from app.ts's wireAreas. */
export function provideGauge(gauge: ProvidedGauge): void {
  provided.set(gauge.name, gauge);
}

/** The gauges provided so far. */
export function providedGauges(): ProvidedGauge[] {
  return [...provided.values()];
}
