// The server as users run it (`chairtime serve --demo`, what `npm start` runs) on the embedded
// PostgreSQL: a SIGKILL loses nothing that was acknowledged, and SIGTERM stops the database too.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const dataDir = await mkdtemp(path.join(tmpdir(), 'chairtime-crash-'));
const port = await new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = (s.address() as { port: number }).port;
    s.close(() => resolve(p));
  });
});
const base = `http://127.0.0.1:${port}`;
const children: ChildProcess[] = [];

after(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

function start(): ChildProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, CHAIRTIME_DATA: dataDir, PORT: String(port), LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['bin/chairtime.js', 'serve', '--demo'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  return child;
}

async function waitReady(child: ChildProcess): Promise<void> {
  const until = Date.now() + 90_000;
  while (Date.now() < until) {
    assert.equal(child.exitCode, null, 'server exited during start');
    const ok = await fetch(`${base}/readyz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server not ready within 90 s');
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function postmasterPid(): Promise<number | null> {
  const text = await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').catch(() => null);
  return text ? Number(text.split('\n')[0]) : null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('crash safety of the embedded server', { timeout: 240_000 }, () => {
  it('SIGKILL followed by a restart loses no acknowledged write, and SIGTERM stops PostgreSQL', async () => {
    const first = start();
    await waitReady(first);
    const creds = JSON.parse(await readFile(path.join(dataDir, 'demo-credentials.json'), 'utf8'));
    const headers = { authorization: `Bearer ${creds.token}`, 'content-type': 'application/json' };
    const acknowledged: string[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await fetch(`${base}/api/v1/${creds.org_id}/locations`, {
        method: 'POST', headers, body: JSON.stringify({ name: `Crash test ${i}`, timezone: 'Europe/Berlin' }),
      });
      assert.equal(res.status, 201);
      acknowledged.push(((await res.json()) as { id: string }).id);
    }
    first.kill('SIGKILL');
    await exited(first);

    const second = start();
    await waitReady(second);
    const list = await fetch(`${base}/api/v1/${creds.org_id}/locations?q=Crash%20test&page_size=200`, { headers });
    const body = (await list.json()) as { items: { id: string }[]; total: number };
    assert.equal(body.total, acknowledged.length);
    assert.deepEqual(new Set(body.items.map((l) => l.id)), new Set(acknowledged));
    const demoOrgs = await fetch(`${base}/api/v1/${creds.org_id}/locations?q=Riverside`, { headers }).then((r) => r.json()) as { total: number };
    assert.equal(demoOrgs.total, 2, 'the demo was loaded once, not again on restart');

    const pid = await postmasterPid();
    assert.ok(pid && alive(pid), 'embedded PostgreSQL runs while the server runs');
    second.kill('SIGTERM');
    assert.equal(await exited(second), 0);
    assert.equal(alive(pid!), false, 'SIGTERM stopped the embedded PostgreSQL');
  });
});
