// Clients of the API through a load balancer, for the multi-instance test: one request (with the instance
// that answered, from nginx's X-Upstream), a practice to book in, a live event stream, and a steady load.
import assert from 'node:assert/strict';
import { seededRandom } from '../../src/core/random.ts';
import { takeEventFrames } from '../helpers.ts';

export interface Answer {
  /** What the load meant by it: `book`, `patient`, `read`; empty outside the load. */
  kind: string;
  method: string;
  status: number;
  body: any;
  /** nginx's $upstream_addr: the instances tried, comma-separated, the one that answered last. */
  upstream: string;
  /** A network error instead of an answer. */
  error?: string;
  /** When the answer came (ms since the epoch). */
  at: number;
}

export interface Practice { orgId: string; api: string; token: string; location: string; chairs: string[]; patient: string }

/** One JSON request; rejects only when no answer came (connection refused or reset, timeout). */
export async function call(base: string, token: string, method: string, url: string, body?: unknown): Promise<Answer> {
  const res = await fetch(base + url, {
    method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }), signal: AbortSignal.timeout(30_000),
  });
  return {
    kind: '', method, status: res.status, body: await res.json().catch(() => undefined),
    upstream: res.headers.get('x-upstream') ?? '', at: Date.now(),
  };
}

/** A new organisation (platform admin API) with a location, three chairs and a patient. */
export async function setUpPractice(base: string, adminToken: string, name = 'Two Instances Dental'): Promise<Practice> {
  const org = await call(base, adminToken, 'POST', '/admin/v1/organizations', { name });
  assert.equal(org.status, 201, JSON.stringify(org.body));
  const api = `/api/v1/${org.body.id}`;
  const token: string = org.body.token;
  const made = async (url: string, body: unknown) => {
    const res = await call(base, token, 'POST', api + url, body);
    assert.equal(res.status, 201, `${url}: ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };
  const location = await made('/locations', { name: 'Main Street', timezone: 'America/New_York' });
  const chairs: string[] = [];
  for (const name of ['Op 1', 'Op 2', 'Op 3']) chairs.push(await made('/operatories', { location_uuid: location, name }));
  const patient = await made('/patients', { first_name: 'Ann', last_name: 'Smith' });
  return { orgId: org.body.id, api, token, location, chairs, patient };
}

/** A POST /appointments body for the practice's patient and location with `fields` (chair, date, times). */
export function bookingBody(p: Practice, fields: Record<string, string>): Record<string, string> {
  return { patient_uuid: p.patient, location_uuid: p.location, ...fields };
}

/** Opens GET /events and collects its events until `stop()` or its end (`ended`); resolves once the stream said `ready`. */
export async function openStream(base: string, p: Practice) {
  const abort = new AbortController();
  const res = await fetch(`${base}${p.api}/events`, {
    headers: { authorization: `Bearer ${p.token}`, accept: 'text/event-stream' }, signal: abort.signal,
  });
  assert.equal(res.status, 200);
  const events: { event: string; data: any }[] = [];
  let ready!: () => void;
  const isReady = new Promise<void>((r) => { ready = r; });
  const ended = (async () => {
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for await (const chunk of res.body!) {
        buf = takeEventFrames(buf + decoder.decode(chunk as Uint8Array, { stream: true }), (event, data) => {
          if (event === 'ready') ready();
          else events.push({ event, data });
        });
      }
    } catch { /* stopped */ }
  })();
  await Promise.race([isReady, new Promise((_, reject) => setTimeout(() => reject(new Error('the stream never said ready')), 15_000).unref())]);
  return { upstream: res.headers.get('x-upstream') ?? '', events, ended, stop: () => abort.abort() };
}

const wall = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * `clients` clients each sending, until stop(), one request after another with a short pause: reads of an
 * appointment and of the locations, bookings at random chair times over a month (some collide: 409), and new
 * patients. Every answer, or the network error instead of one, is kept.
 */
export async function startLoad(base: string, p: Practice, clients: number) {
  const first = await call(base, p.token, 'POST', `${p.api}/appointments`,
    bookingBody(p, { operatory_uuid: p.chairs[0]!, schedule_date: '2026-07-01', start_time: '07:00', end_time: '07:30' }));
  assert.equal(first.status, 201, JSON.stringify(first.body));
  const answers: Answer[] = [];
  const rnd = seededRandom(20260601);
  let stopped = false;
  const request = (n: number): [string, string, string, unknown?] => {
    switch (n % 4) {
      case 0: return ['read', 'GET', `/appointments/${first.body.id}`];
      case 1: return ['read', 'GET', '/locations'];
      case 2: {
        const start = 8 * 60 + 20 * Math.floor(rnd() * 27);
        return ['book', 'POST', '/appointments', bookingBody(p, {
          operatory_uuid: p.chairs[Math.floor(rnd() * 3)]!, schedule_date: `2026-07-${String(2 + Math.floor(rnd() * 28)).padStart(2, '0')}`,
          start_time: wall(start), end_time: wall(start + 20),
        })];
      }
      default: return ['patient', 'POST', '/patients', { first_name: 'Load', last_name: `Patient ${n}` }];
    }
  };
  const loops = Array.from({ length: clients }, async (_, c) => {
    for (let n = c; !stopped; n++) {
      const [kind, method, url, body] = request(n);
      try {
        answers.push({ ...(await call(base, p.token, method, p.api + url, body)), kind });
      } catch (err) {
        const e = err as Error & { cause?: { code?: string } };
        answers.push({ kind, method, status: 0, body: undefined, upstream: '', error: e.cause?.code ?? e.message, at: Date.now() });
      }
      await new Promise((r) => setTimeout(r, 60));
    }
  });
  return {
    answers,
    /** The appointment the load reads (booked before it started). */
    seeded: [first.body.id as string, p.patient],
    async stop() {
      stopped = true;
      await Promise.all(loops);
      return answers;
    },
  };
}
