// Where the benchmark database lives and what bench:seed leaves behind for the scenarios.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The dedicated database, on the server of DATABASE_URL; never the one the app or the tests use. */
export const BENCH_DATABASE = 'chairtime_bench';
const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export const BENCH_DIR = fileURLToPath(new URL('./', import.meta.url));
export const SEED_FILE = fileURLToPath(new URL('./.seed.json', import.meta.url));
export const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));
export const REPO_DIR = fileURLToPath(new URL('../', import.meta.url));

/** The server to create the bench database on: DATABASE_URL's, or the local one. */
export function serverUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL || DEFAULT_SERVER_URL;
}

/** `url` pointing at database `name` on the same server. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = '/' + name;
  return u.toString();
}

export function benchDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return withDatabase(serverUrl(env), BENCH_DATABASE);
}

/** What the seed made: enough for every scenario to find its data. */
export interface SeedInfo {
  orgId: string;
  token: string;
  /** Inclusive local dates of the seeded appointments. */
  firstDate: string;
  lastDate: string;
  appointments: number;
  seededAt: string;
}

export async function writeSeedInfo(info: SeedInfo): Promise<void> {
  await writeFile(SEED_FILE, JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
}

export async function readSeedInfo(): Promise<SeedInfo> {
  try {
    return JSON.parse(await readFile(SEED_FILE, 'utf8')) as SeedInfo;
  } catch {
    throw new Error(`${SEED_FILE} is missing: run \`npm run bench:seed\` first`);
  }
}
