// The server as users run it (`node bin/chairtime.js serve …`) in a child process, for system tests that
// kill and restart it. Every process started here is remembered so `stopStarted` can clean up after a failure.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';

const started: ChildProcess[] = [];
const clusters = new Set<string>();

/** A loopback port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

/**
 * Starts `chairtime <args>` with `env` (stderr shown, stdout dropped). Without DATABASE_URL in `env` the
 * server starts an embedded PostgreSQL in CHAIRTIME_DATA, which `stopStarted` also stops.
 */
export function startServer(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['bin/chairtime.js', ...args], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  started.push(child);
  if (!env.DATABASE_URL && env.CHAIRTIME_DATA) clusters.add(env.CHAIRTIME_DATA);
  return child;
}

/** Waits until `base`/readyz answers 200; fails when the process exits first or after `ms`. */
export async function waitReady(child: ChildProcess, base: string, ms = 90_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    assert.equal(child.exitCode, null, 'server exited during start');
    const ok = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server not ready within ${ms / 1000} s`);
}

/** Resolves with the exit code (null when killed by a signal) once the process has exited. */
export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** The pid of the embedded PostgreSQL running on the cluster in `dataDir`, from its postmaster.pid. */
export async function postmasterPid(dataDir: string): Promise<number | null> {
  const text = await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').catch(() => null);
  return text ? Number(text.split('\n')[0]) : null;
}

/** A connection URL for the embedded cluster in `dataDir` while it runs (its port and password are in the data directory). */
export async function embeddedUrl(dataDir: string): Promise<string> {
  const pid = (await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n');
  const password = (await readFile(path.join(dataDir, 'embedded-password'), 'utf8')).trim();
  return `postgres://postgres:${password}@127.0.0.1:${pid[3]}/chairtime`;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGKILLs every server started here that still runs, then stops the embedded PostgreSQL they left behind. */
export async function stopStarted(): Promise<void> {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await Promise.all(started.map(exited));
  for (const dir of clusters) {
    const pid = await postmasterPid(dir);
    if (!pid || !alive(pid)) continue;
    // Only the postmaster of this cluster, never a process that reused its pid.
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (!cmdline.includes(path.resolve(dir, 'pg'))) continue;
    process.kill(pid, 'SIGQUIT');
    for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  }
}
