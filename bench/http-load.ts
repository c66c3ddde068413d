// Load on chairtime over real HTTP with autocannon's programmatic API. The server is another
// process (bench/server-process.ts); this one only generates requests and times them.
import autocannon from 'autocannon';
import { summarize, tally, type Measurement } from './stats.ts';
import { cpuPerRequest, sampleCpu } from './cpu.ts';

export interface HttpRequest {
  method: 'GET' | 'POST';
  /** Path under /api/v1/{org_id}, with its query string; or from the root when `root` (the FHIR base). */
  path: string;
  root?: boolean;
  body?: unknown;
}

export interface HttpPhase {
  baseUrl: string;
  orgId: string;
  token: string;
  connections: number;
  seconds: number;
  /** Called once per request: what to send next; `context` belongs to the connection (for request chains). */
  next: (context: Record<string, unknown>) => HttpRequest;
  /** Sees every response's status and body (costs a buffered body per response; only where needed). */
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
  /** The server's pid: the measured phase then also reports CPU per request (bench/cpu.ts). */
  serverPid?: number;
}

async function drive(p: HttpPhase, seconds: number, connections: number): Promise<Measurement> {
  const latencies: number[] = [];
  const outcomes: Record<string, number> = {};
  const instance = autocannon({
    url: p.baseUrl, connections, duration: seconds, timeout: 30,
    headers: { authorization: `Bearer ${p.token}` },
    requests: [{
      setupRequest: (req, context) => {
        const r = p.next(context);
        const headers = r.body === undefined ? req.headers : { ...req.headers, 'content-type': 'application/json' };
        return { ...req, method: r.method, path: r.root ? r.path : `/api/v1/${p.orgId}${r.path}`, headers, body: r.body === undefined ? undefined : JSON.stringify(r.body) };
      },
      ...(p.onResponse ? { onResponse: p.onResponse } : {}),
    }],
  });
  // autocannon's own histogram keeps whole milliseconds and only 2xx; these keep every response, exactly.
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
    tally(outcomes, String(status));
  });
  const result = await instance;
  return summarize(latencies, result.duration, outcomes, result.errors + result.timeouts,
    Math.max(0, result.requests.sent - latencies.length - result.errors - result.timeouts));
}

/**
 * Runs `warmup` seconds unmeasured (JIT, pools, caches), then `seconds` measured. The warm-up uses at
 * most two clients: requests still in flight when it stops are finished by the server anyway, and a
 * backlog of slow ones would otherwise eat into the measured phase.
 */
export async function measureHttp(p: HttpPhase, warmup = 2): Promise<Measurement> {
  if (warmup > 0) await drive(p, warmup, Math.min(2, p.connections));
  if (!p.serverPid) return drive(p, p.seconds, p.connections);
  const before = await sampleCpu(p.serverPid);
  const m = await drive(p, p.seconds, p.connections);
  return { ...m, cpu: cpuPerRequest(before, await sampleCpu(p.serverPid), m.requests) };
}
