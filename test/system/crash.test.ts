// The server as users run it (`chairtime serve --demo`, what `npm start` runs) on the embedded
// PostgreSQL: a SIGKILL loses nothing that was acknowledged, and SIGTERM stops the database too.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { alive, exited, freePort, postmasterPid, startServer, stopStarted, waitReady } from './server-process.ts';

const dataDir = await mkdtemp(path.join(tmpdir(), 'chairtime-crash-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;

after(async () => {
  await stopStarted();
  await rm(dataDir, { recursive: true, force: true });
});

function start() {
  const env: NodeJS.ProcessEnv = { ...process.env, CHAIRTIME_DATA: dataDir, PORT: String(port), LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  return startServer(['serve', '--demo'], env);
}

describe('crash safety of the embedded server', { timeout: 240_000 }, () => {
  it('SIGKILL followed by a restart loses no acknowledged write, and SIGTERM stops PostgreSQL', async () => {
    const first = start();
    await waitReady(first, base);
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
    await waitReady(second, base);
    const list = await fetch(`${base}/api/v1/${creds.org_id}/locations?q=Crash%20test&page_size=200`, { headers });
    const body = (await list.json()) as { items: { id: string }[]; total: number };
    assert.equal(body.total, acknowledged.length);
    assert.deepEqual(new Set(body.items.map((l) => l.id)), new Set(acknowledged));
    const demoOrgs = await fetch(`${base}/api/v1/${creds.org_id}/locations?q=Riverside`, { headers }).then((r) => r.json()) as { total: number };
    assert.equal(demoOrgs.total, 2, 'the demo was loaded once, not again on restart');

    const pid = await postmasterPid(dataDir);
    assert.ok(pid && alive(pid), 'embedded PostgreSQL runs while the server runs');
    second.kill('SIGTERM');
    assert.equal(await exited(second), 0);
    assert.equal(alive(pid!), false, 'SIGTERM stopped the embedded PostgreSQL');
  });
});
