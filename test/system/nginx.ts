// Debian's nginx as a load balancer in front of several `chairtime serve` processes, for system tests: its own
// configuration, pid file, logs and temporary files in a directory of the test's, nothing from /etc/nginx.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exited } from './server-process.ts';

export interface Nginx {
  base: string;
  /** The error log so far (connect failures to a stopped instance are expected there). */
  errorLog(): Promise<string>;
  stop(): Promise<void>;
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The nginx binary: /usr/sbin/nginx or on PATH; when missing and running as root, `apt-get install nginx`
 * (as `.ci/run` does). Null when it cannot be found nor installed, with the reason.
 */
export function findNginx(): { bin: string } | { bin: null; why: string } {
  const candidates = () => ['/usr/sbin/nginx', ...(process.env.PATH ?? '').split(':').filter(Boolean).map((d) => path.join(d, 'nginx'))];
  const found = () => candidates().find(executable);
  let bin = found();
  if (bin) return { bin };
  if (process.getuid?.() !== 0) return { bin: null, why: 'nginx is not installed and this user cannot install it (apt-get install nginx)' };
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '-qq', 'nginx'], { env, stdio: 'ignore', timeout: 180_000 }).status === 0;
  if (!install()) {
    spawnSync('apt-get', ['update', '-qq'], { env, stdio: 'ignore', timeout: 180_000 });
    install();
  }
  bin = found();
  return bin ? { bin } : { bin: null, why: 'nginx is not installed and `apt-get install nginx` failed' };
}

/**
 * The configuration this suite tests, and the one to copy: round robin over `upstreams`, connections to them
 * kept alive (and closed by nginx after 2 s idle, well before a stopping instance gives up waiting, 5 s), a
 * request passed to the next instance only when it could not have reached the first (`error`/`timeout` before
 * sending; nginx never resends a POST once sent), and `X-Upstream` naming which instance answered.
 */
export function nginxConfig(dir: string, port: number, upstreams: number[]): string {
  // As root the master hands workers to `nobody`, who cannot enter the test's private directory.
  const user = process.getuid?.() === 0 ? 'user root;' : '';
  return `daemon off;
master_process on;
worker_processes 1;
${user}
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  log_format upstream '$request_method $uri $status upstream=$upstream_addr upstream_status=$upstream_status';
  access_log ${dir}/access.log upstream;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream chairtime {
${upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=2s;`).join('\n')}
    keepalive 32;
    keepalive_timeout 2s;
  }
  server {
    listen 127.0.0.1:${port};
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host $http_host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_next_upstream error timeout http_502 http_503;
    proxy_connect_timeout 2s;
    add_header X-Upstream $upstream_addr always;
    location / {
      proxy_pass http://chairtime;
    }
    # The live event stream says X-Accel-Buffering: no itself; this keeps it unbuffered whatever it says.
    location ~ ^/api/v1/[^/]+/events$ {
      proxy_pass http://chairtime;
      proxy_buffering off;
      proxy_read_timeout 1h;
    }
  }
}
`;
}

/** Starts `bin` in the foreground on `port` with nginxConfig in `dir`; resolves once it answers /healthz through an upstream. */
export async function startNginx(bin: string, dir: string, port: number, upstreams: number[]): Promise<Nginx> {
  const conf = path.join(dir, 'nginx.conf');
  await writeFile(conf, nginxConfig(dir, port, upstreams));
  const child: ChildProcess = spawn(bin, ['-e', path.join(dir, 'error.log'), '-p', dir, '-c', conf], { stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  const errorLog = () => readFile(path.join(dir, 'error.log'), 'utf8').catch(() => '');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited(child);
  };
  for (const until = Date.now() + 30_000; ;) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}): ${await errorLog()}`);
    const ok = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok, () => false);
    if (ok) return { base, errorLog, stop };
    if (Date.now() > until) {
      await stop();
      throw new Error(`nginx did not answer within 30 s: ${await errorLog()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
