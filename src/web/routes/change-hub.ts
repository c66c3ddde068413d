import type pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';
import { listenOn } from '../../core/db/listen.ts';
import { APPOINTMENT_CHANNEL, type AppointmentChangeNotice } from '../db/appointment-changes.ts';

/** One connected page: its organisation, the locations it may see (null = all) and where to send. */
export interface Subscriber {
  orgId: string;
  locationIds: string[] | null;
  send(notice: AppointmentChangeNotice): void;
  /** Finishes the page's stream (the server is closing). */
  end(): void;
}

export interface ChangeHub {
  /** Adds a subscriber once the LISTEN connection is up; returns its removal. */
  subscribe(sub: Subscriber): Promise<() => void>;
  /** Ends every subscriber's stream and the LISTEN connection. */
  close(): Promise<void>;
  /** How many pages are connected. */
  readonly size: number;
}

const RETRY_MS = 1000;

/**
 * The fan-out of appointment notices for one server process: a single LISTEN connection (opened with the
 * first subscriber, so building an app costs no connection) and, per organisation, the pages listening.
 * A notice goes to the pages of its organisation whose user may see its location.
 */
export function createChangeHub(pool: pg.Pool, log: FastifyBaseLogger): ChangeHub {
  const byOrg = new Map<string, Set<Subscriber>>();
  let retry: NodeJS.Timeout | null = null;
  let closed = false;
  const deliver = (notice: AppointmentChangeNotice) => {
    for (const sub of byOrg.get(notice.org_id) ?? []) {
      if (sub.locationIds === null || sub.locationIds.includes(notice.location_id)) sub.send(notice);
    }
  };
  const count = () => [...byOrg.values()].reduce((n, s) => n + s.size, 0);
  const listener = listenOn(pool, APPOINTMENT_CHANNEL, (payload) => deliver(JSON.parse(payload) as AppointmentChangeNotice), (err) => {
    log.warn({ err: err.message }, 'live updates: LISTEN connection lost; reconnecting');
    const again = () => {
      retry = null;
      if (closed || count() === 0) return;
      listener.start().catch(() => { retry = setTimeout(again, RETRY_MS); });
    };
    retry ??= setTimeout(again, RETRY_MS);
  });
  return {
    async subscribe(sub) {
      await listener.start();
      let set = byOrg.get(sub.orgId);
      if (!set) byOrg.set(sub.orgId, (set = new Set()));
      set.add(sub);
      return () => {
        set.delete(sub);
        if (set.size === 0) byOrg.delete(sub.orgId);
      };
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      for (const set of byOrg.values()) for (const sub of set) sub.end();
      byOrg.clear();
      await listener.stop();
    },
    get size() {
      return count();
    },
  };
}
