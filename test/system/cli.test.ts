// The chairtime CLI as users run it (bin/chairtime.js), against the test database.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { closeTestApp, Client, testApp } from '../helpers.ts';

after(closeTestApp);
const run = promisify(execFile);

function chairtime(...args: string[]) {
  return run(process.execPath, ['bin/chairtime.js', ...args], {
    env: { ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL },
  });
}

describe('chairtime CLI', () => {
  it('--help lists every command, and each command has its own --help', async () => {
    const { stdout } = await chairtime('--help');
    for (const cmd of ['serve', 'migrate', 'org create', 'demo', 'token create']) assert.match(stdout, new RegExp(cmd));
    for (const cmd of ['serve', 'migrate', 'org', 'demo', 'token']) {
      assert.match((await chairtime(cmd, '--help')).stdout, new RegExp(`Usage: chairtime ${cmd}`));
    }
  });

  it('migrate reports an up-to-date database', async () => {
    assert.match((await chairtime('migrate')).stdout, /up to date/);
  });

  it('org create --json prints an org id and an admin token that works; token create issues another', async () => {
    const { stdout } = await chairtime('org', 'create', '--name', 'CLI Dental', '--admin-email', 'boss@cli.test', '--json');
    const out = JSON.parse(stdout);
    assert.equal(out.name, 'CLI Dental');
    const app = await testApp();
    assert.equal((await new Client(app, out.org_id, out.token).get('/locations')).status, 200);
    const second = (await chairtime('token', 'create', '--org', out.org_id, '--user', 'BOSS@cli.test')).stdout.trim();
    assert.notEqual(second, out.token);
    assert.equal((await new Client(app, out.org_id, second).get('/definitions')).status, 200);
  });

  it('exits 2 with usage on a missing option or unknown command, and 1 for an unknown user', async () => {
    await assert.rejects(chairtime('org', 'create'), (e: { code: number; stderr: string }) => e.code === 2 && /--name is required/.test(e.stderr));
    await assert.rejects(chairtime('frobnicate'), (e: { code: number }) => e.code === 2);
    await assert.rejects(
      chairtime('token', 'create', '--org', '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11', '--user', 'nobody@x.test'),
      (e: { code: number; stderr: string }) => e.code === 1 && /no user/.test(e.stderr),
    );
  });
});
