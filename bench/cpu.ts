// CPU time of the chairtime process and of PostgreSQL's processes, read from /proc (Linux), so a
// scenario can say how much of a request is ours and how much is the database's.
import { readdir, readFile } from 'node:fs/promises';

const TICK_MS = 10; // USER_HZ is 100 on every Linux this runs on

/** utime + stime of `pid` in ms, or 0 when it is gone. */
async function processCpuMs(pid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at ") "; utime and stime are the 12th and 13th of them.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** PIDs of every process whose command is `postgres` (the server and its backends; run on the database's machine). */
async function postgresPids(): Promise<number[]> {
  const out: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const comm = await readFile(`/proc/${name}/comm`, 'utf8').catch(() => '');
    if (comm.trim() === 'postgres') out.push(Number(name));
  }
  return out;
}

export interface CpuSample {
  nodeMs: number;
  postgresMs: number;
  byPid: Map<number, number>;
}

/** CPU used so far by chairtime (`serverPid`) and by every PostgreSQL process. */
export async function sampleCpu(serverPid: number): Promise<CpuSample> {
  const byPid = new Map<number, number>();
  for (const pid of await postgresPids()) byPid.set(pid, await processCpuMs(pid));
  return { nodeMs: await processCpuMs(serverPid), postgresMs: [...byPid.values()].reduce((s, x) => s + x, 0), byPid };
}

/**
 * CPU between two samples per request, in ms: chairtime's, and PostgreSQL's (backends that ended between
 * the samples are counted up to the first; new ones from zero). Only meaningful when nothing else loads
 * the machine's PostgreSQL, as in `npm run bench`.
 */
export function cpuPerRequest(before: CpuSample, after: CpuSample, requests: number): { nodeMs: number; postgresMs: number } {
  let pg = 0;
  for (const [pid, ms] of after.byPid) pg += ms - (before.byPid.get(pid) ?? 0);
  const per = (x: number) => (requests > 0 ? Math.round((x / requests) * 100) / 100 : NaN);
  return { nodeMs: per(after.nodeMs - before.nodeMs), postgresMs: per(pg) };
}
