// The test command: gives the suite a fresh database, runs every test file with Node's test runner,
// then drops the database. Uses DATABASE_URL's server when set, else an embedded PostgreSQL.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/core/db/embedded.ts';
import { createPool } from '../src/core/db/client.ts';
import { migrate } from '../src/core/db/migrate.ts';

function testFiles(args: string[]): string[] {
  if (args.length) return args;
  return readdirSync('test', { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join('test', f))
    .sort();
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = '/' + db;
  return u.toString();
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

let embedded: EmbeddedPostgres | undefined;
let serverUrl = process.env.DATABASE_URL;
if (!serverUrl) {
  embedded = await startEmbeddedPostgres(process.env.CHAIRTIME_TEST_DATA ?? path.join('data', 'test'), (m) => console.error(m));
  serverUrl = embedded.url;
}
const dbName = `chairtime_test_${randomBytes(4).toString('hex')}`;
await admin(serverUrl, `CREATE DATABASE ${dbName}`);
const testUrl = withDatabase(serverUrl, dbName);
let code = 1;
try {
  const pool = createPool(testUrl, 1);
  await migrate(pool);
  await pool.end();
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=3', ...testFiles(process.argv.slice(2))], {
    stdio: 'inherit',
    env: { ...process.env, TEST_DATABASE_URL: testUrl },
  });
  code = await new Promise<number>((resolve) => child.on('exit', (c, sig) => resolve(c ?? (sig ? 1 : 0))));
} finally {
  await admin(serverUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch((e) => console.error('drop failed:', e));
  await embedded?.stop();
}
process.exit(code);
