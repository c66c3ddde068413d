import type pg from 'pg';
import { createPool } from '../src/core/db/client.ts';
import { buildApp } from '../src/core/http/app.ts';
import type { Api } from '../src/core/http/deps.ts';
import { createOrganization } from '../src/practice/commands/create-organization.ts';

/** The instant every test app believes it is: 2026-03-10 14:00 UTC. */
export const FIXED_NOW = new Date('2026-03-10T14:00:00Z');
export const ADMIN_TOKEN = 'test-platform-admin-token';

let pool: pg.Pool | undefined;
let app: Api | undefined;

/** The pool on the per-run test database made by `npm test` (scripts/test.ts). */
export function testPool(): pg.Pool {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the suite with `npm test`');
  pool ??= createPool(url, 5);
  return pool;
}

/** One app per test file, on the test database, with a fixed clock and the platform admin API on. */
export async function testApp(): Promise<Api> {
  app ??= await buildApp({ db: testPool(), clock: () => FIXED_NOW, adminToken: ADMIN_TOKEN });
  return app;
}

const clockApps: Api[] = [];

/** Another app on the test database whose clock says `now` (DST days ahead of it, say); closed by closeTestApp. */
export async function testAppAt(now: Date): Promise<Api> {
  const other = await buildApp({ db: testPool(), clock: () => now });
  clockApps.push(other);
  return other;
}

/** Closes the app, any testAppAt apps and the pool; call from `after()` in each test file. */
export async function closeTestApp(): Promise<void> {
  for (const other of clockApps.splice(0)) await other.close();
  await app?.close();
  await pool?.end();
  app = undefined;
  pool = undefined;
}

export interface Res<T = any> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
}

/** A client bound to one organisation and token: `c.get('/locations')` hits `/api/v1/{org}/locations`. */
export class Client {
  constructor(readonly app: Api, readonly orgId: string, readonly token: string) {}

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res<T>> {
    const res = await this.app.inject({
      method: method as 'GET',
      url: path.startsWith('/') && !path.startsWith('/api/') && !path.startsWith('/admin/') ? `/api/v1/${this.orgId}${path}` : path,
      headers: { authorization: `Bearer ${this.token}`, ...headers },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    const text = res.body;
    return { status: res.statusCode, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  }

  get<T = any>(path: string) { return this.request<T>('GET', path); }
  post<T = any>(path: string, body?: unknown) { return this.request<T>('POST', path, body ?? {}); }
  patch<T = any>(path: string, body: unknown) { return this.request<T>('PATCH', path, body); }
  put<T = any>(path: string, body: unknown) { return this.request<T>('PUT', path, body); }
  delete<T = any>(path: string) { return this.request<T>('DELETE', path); }

  /** The same organisation seen through another token. */
  as(token: string): Client {
    return new Client(this.app, this.orgId, token);
  }
}

let orgCounter = 0;

/** A fresh organisation (test isolation) with its admin client. */
export async function newOrg(name = 'Test Practice'): Promise<Client & { adminUserId: string }> {
  const app = await testApp();
  const n = ++orgCounter;
  const { org, admin, token } = await createOrganization(testPool(), {
    name: `${name} ${n}`, adminName: 'Ada Admin', adminEmail: `admin${n}@example.test`,
  });
  return Object.assign(new Client(app, org.id, token), { adminUserId: admin.id });
}

/** Asserts the FastAPI error body and returns its first issue. */
export function firstIssue(res: Res): { loc: (string | number)[]; msg: string; type: string } {
  if (!res.body || !Array.isArray(res.body.detail) || res.body.detail.length === 0) {
    throw new Error(`expected an error body, got ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body.detail[0];
}

/**
 * Inserts a row through `insert` in a transaction left open, starts `request`, waits until the request is
 * blocked behind that transaction (its own check could not see the row; its insert waits on the unique key),
 * then commits: the request loses the race at the schema's backstop.
 */
export async function loseRaceAtUniqueKey<T>(insert: (tx: pg.PoolClient) => Promise<T>, request: () => Promise<Res>): Promise<{ winner: T; res: Res }> {
  const tx = await testPool().connect();
  try {
    await tx.query('BEGIN');
    const winner = await insert(tx);
    const { rows: [me] } = await tx.query('SELECT pg_backend_pid() AS pid');
    const pending = request();
    for (let i = 0; ; i++) {
      const { rows } = await testPool().query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1::int = ANY(pg_blocking_pids(pid))', [me.pid]);
      if (rows[0].n > 0) break;
      if (i === 3000) throw new Error('the request never waited for the open transaction');
      await new Promise((r) => setTimeout(r, 10));
    }
    await tx.query('COMMIT');
    return { winner, res: await pending };
  } catch (err) {
    await tx.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    tx.release();
  }
}

/**
 * Takes every complete server-sent-events frame (`event: …` / `data: …`, ended by a blank line) off the front of
 * `buf`, calls `each` with its event name and parsed data, and returns what is left (a frame still arriving).
 */
export function takeEventFrames(buf: string, each: (event: string, data: any) => void): string {
  for (let cut = buf.indexOf('\n\n'); cut >= 0; cut = buf.indexOf('\n\n')) {
    const frame = buf.slice(0, cut);
    buf = buf.slice(cut + 2);
    const event = /^event: (.*)$/m.exec(frame)?.[1];
    const data = /^data: (.*)$/m.exec(frame)?.[1];
    if (event) each(event, data === undefined ? undefined : JSON.parse(data));
  }
  return buf;
}
