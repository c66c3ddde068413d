// bench/results/<scenario>.json and the table between the README's bench markers.
import { execFileSync } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { REPO_DIR, RESULTS_DIR } from './config.ts';
import type { Run, ScenarioResult, Target } from './scenario.ts';

export interface Machine {
  cpus: number;
  model: string;
  memoryGb: number;
  platform: string;
  node: string;
  postgres: string;
}

export interface ResultFile extends ScenarioResult {
  command: string;
  pass: boolean;
  measuredAt: string;
  commit: string;
  /** True when the working tree had uncommitted changes (besides the bench's own outputs: results and README): the figures are of commit + those changes. */
  dirty: boolean;
  machine: Machine;
}

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

export async function machineInfo(db: pg.Pool): Promise<Machine> {
  const { rows } = await db.query<{ server_version: string }>('SHOW server_version');
  return {
    cpus: os.cpus().length, model: os.cpus()[0]?.model.trim() ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`, node: process.version, postgres: rows[0]?.server_version ?? 'unknown',
  };
}

function git(...args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: REPO_DIR, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

export function commandFor(id: string): string {
  return `npm run bench -- --only ${id}`;
}

/** Writes bench/results/<id>.json: the figures, targets and verdict, the machine and the commit. */
export async function writeResult(r: ScenarioResult, machine: Machine): Promise<ResultFile> {
  const all: Target[] = [...r.runs.flatMap((x) => x.targets), ...r.targets];
  const file: ResultFile = {
    ...r, command: commandFor(r.id), pass: all.every((t) => t.met), measuredAt: new Date().toISOString(),
    commit: git('rev-parse', 'HEAD') || 'unknown', dirty: git('status', '--porcelain', '--', '.', ':!bench/results', ':!README.md').length > 0, machine,
  };
  await writeFile(path.join(RESULTS_DIR, `${r.id}.json`), JSON.stringify(file, null, 2) + '\n');
  return file;
}

// Percentiles of a phase without a single answer are NaN (null in JSON): shown as a dash.
const fmt = (x: number | null | undefined) => (x == null || !Number.isFinite(x) ? '—' : x >= 100 ? x.toFixed(0) : x.toFixed(2));
const cpu = (m: Run['chairtime']) => (m?.cpu ? `${fmt(m.cpu.nodeMs)} / ${fmt(m.cpu.postgresMs)}` : '—');
const verdicts = (ts: Target[]) => ts.map((t) => `${t.text}: ${t.met ? 'met' : `**missed** (${t.measured})`}`).join('; ') || '—';

function row(f: ResultFile, r: Run): string {
  const lat = (m: Run['chairtime']) => (m ? `${fmt(m.p50)} / ${fmt(m.p99)}` : '—');
  const chairtime = r.perCall ? `${fmt(r.perCall.p50)} / ${fmt(r.perCall.p99)} per call` : lat(r.chairtime);
  return `| ${f.id} | ${r.label} | ${fmt(r.chairtime?.rps)} | ${fmt(r.minimal?.rps)} | ${fmt(r.minimalRatio)} | ${fmt(r.floor?.rps)} | ${fmt(r.ratio)} `
    + `| ${chairtime} | ${lat(r.minimal)} | ${lat(r.floor)} | ${cpu(r.chairtime)} | ${verdicts(r.targets)} | \`${f.command}\` |`;
}

/** The results table in markdown, one line per run plus one with a scenario's whole-run targets. */
export function resultsTable(files: ResultFile[]): string {
  const lines = [
    '| scenario | load | chairtime req/s | minimal floor req/s | ratio to minimal | own-statements floor req/s | ratio to own | '
      + 'chairtime p50 / p99 ms | minimal p50 / p99 ms | own floor p50 / p99 ms | CPU ms per request: chairtime / PostgreSQL | targets | reproduce |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const f of files) {
    for (const r of f.runs) lines.push(row(f, r));
    if (f.targets.length) {
      const checks = f.targets.map((t) => `${t.text}: ${t.met ? `met (${t.measured})` : `**missed** (${t.measured})`}`).join('; ');
      lines.push(`| ${f.id} | whole scenario | | | | | | | | | | ${checks} | \`${f.command}\` |`);
    }
  }
  const runs = [...new Set(files.map((f) => `${f.commit.slice(0, 10)}${f.dirty ? ' with uncommitted changes' : ''}`))];
  const m = files[0]?.machine;
  const when = files.map((f) => f.measuredAt.slice(0, 10)).sort();
  if (m) {
    lines.push('', `Measured ${when[0]}${when[0] !== when.at(-1) ? ` to ${when.at(-1)}` : ''} at commit ${runs.join(', ')} on ${m.cpus} × ${m.model}, `
      + `${m.memoryGb} GB, ${m.platform}, Node ${m.node}, PostgreSQL ${m.postgres}. Scenarios that missed a target: `
      + `${files.filter((f) => !f.pass).map((f) => f.id).join(', ') || 'none'}.`);
  }
  return lines.join('\n');
}

/** Reads every results file, in `order`, skipping scenarios that have none yet. */
export async function readResults(order: string[]): Promise<ResultFile[]> {
  const names = new Set(await readdir(RESULTS_DIR).catch(() => [] as string[]));
  const out: ResultFile[] = [];
  for (const id of order) {
    if (names.has(`${id}.json`)) out.push(JSON.parse(await readFile(path.join(RESULTS_DIR, `${id}.json`), 'utf8')) as ResultFile);
  }
  return out;
}

/** Replaces what lies between the README's bench markers with the table; false when the markers are missing. */
export async function updateReadme(files: ResultFile[]): Promise<boolean> {
  const readme = path.join(REPO_DIR, 'README.md');
  const text = await readFile(readme, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) return false;
  await writeFile(readme, `${text.slice(0, start + START.length)}\n${resultsTable(files)}\n${text.slice(end)}`);
  return true;
}
