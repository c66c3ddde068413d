import pg from 'pg';

/** A LISTEN connection for one channel. */
export interface ChannelListener {
  /** Connects and LISTENs unless already done (concurrent calls share one attempt); rejects when the database cannot be reached. */
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly listening: boolean;
}

/**
 * One dedicated connection (outside the pool, with the pool's settings) that hands the payload of every
 * notice on `channel` to `onNotice`. A lost connection is dropped and reported to `onLost`; the next
 * start() reconnects.
 */
export function listenOn(pool: pg.Pool, channel: string, onNotice: (payload: string) => void, onLost: (err: Error) => void): ChannelListener {
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
        c.on('end', () => lost(c, new Error(`LISTEN connection for ${channel} ended`)));
        c.on('notification', (msg) => {
          if (msg.channel === channel) onNotice(msg.payload ?? '');
        });
        try {
          await c.connect();
          await c.query(`LISTEN ${channel}`);
          client = c;
        } catch (err) {
          await c.end().catch(() => undefined);
          throw err;
        }
      })().finally(() => {
        connecting = null;
      });
      return connecting;
    },
    async stop() {
      await connecting?.catch(() => undefined);
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
    get listening() {
      return client !== null;
    },
  };
}
