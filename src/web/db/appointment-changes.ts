import pg from 'pg';
import type { Db } from '../../core/db/client.ts';

/** The PostgreSQL channel that carries appointment changes to every server process. */
export const APPOINTMENT_CHANNEL = 'chairtime_appointment_changes';

/** What a page hears about one appointment change: enough to know whether the day it shows is touched. */
export interface AppointmentChangeNotice {
  org_id: string;
  location_id: string;
  appointment_id: string;
  /** Local date of the appointment at its location; null for one without a date (pinboard, unscheduled). */
  date: string | null;
  action: string;
}

/**
 * Queues a notice on APPOINTMENT_CHANNEL inside the caller's transaction: PostgreSQL delivers it only
 * when that transaction commits, and never when it rolls back.
 */
export async function notifyAppointmentChange(db: Db, notice: AppointmentChangeNotice): Promise<void> {
  await db.query({ name: 'notify-appointment-change', text: 'SELECT pg_notify($1, $2)', values: [APPOINTMENT_CHANNEL, JSON.stringify(notice)] });
}

export interface ChangeListener {
  /** Connects and LISTENs if not yet done; resolves once notices are being received. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * One dedicated connection (outside the pool, with the pool's settings) that LISTENs on
 * APPOINTMENT_CHANNEL and hands every notice to `onNotice`. A lost connection is dropped and the next
 * `start()` reconnects; `onLost` is told so callers can retry.
 */
export function createChangeListener(
  pool: pg.Pool, onNotice: (notice: AppointmentChangeNotice) => void, onLost: (err: Error) => void,
): ChangeListener {
  let client: pg.Client | null = null;
  let connecting: Promise<void> | null = null;
  const lost = (c: pg.Client, err: Error) => {
    if (client !== c) return;
    client = null;
    c.end().catch(() => undefined);
    onLost(err);
  };
  return {
    start() {
      if (client) return Promise.resolve();
      connecting ??= (async () => {
        const c = new pg.Client((pool as unknown as { options: pg.ClientConfig }).options);
        c.on('error', (err) => lost(c, err));
        c.on('end', () => lost(c, new Error('listen connection ended')));
        c.on('notification', (msg) => {
          if (msg.channel !== APPOINTMENT_CHANNEL || !msg.payload) return;
          onNotice(JSON.parse(msg.payload) as AppointmentChangeNotice);
        });
        try {
          await c.connect();
          await c.query(`LISTEN ${APPOINTMENT_CHANNEL}`);
          client = c;
        } catch (err) {
          await c.end().catch(() => undefined);
          throw err;
        }
      })().finally(() => { connecting = null; });
      return connecting;
    },
    async stop() {
      await connecting?.catch(() => undefined);
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
