// The layout's rules (STYLE.md §1), checked on every import of src/: areas talk through their index.ts,
// layers import only downward, core never reaches into an area, and areas do not depend on each other in a cycle.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

// An area is a folder of src/ with an index.ts: what other areas may import of it.
const AREAS = readdirSync('src', { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join('src', d.name, 'index.ts'))).map((d) => d.name);
const LAYERS = ['domain', 'db', 'commands', 'queries', 'routes', 'schemas'] as const;
type Layer = (typeof LAYERS)[number] | 'index';

// Within an area, what each layer may import of its own area (core is checked separately).
const ALLOWED: Record<Layer, Layer[]> = {
  domain: ['domain'],
  db: ['domain', 'db'],
  queries: ['domain', 'db', 'queries', 'schemas'],
  commands: ['domain', 'db', 'commands', 'queries'],
  schemas: ['domain', 'db', 'schemas'],
  routes: ['domain', 'db', 'commands', 'queries', 'routes', 'schemas'],
  index: ['domain', 'db', 'commands', 'queries', 'routes', 'schemas'],
};

interface Place { file: string; top: string; layer: string; typeOnly?: boolean }

function place(file: string): Place {
  const parts = path.relative('src', file).split(path.sep);
  const top = parts.length > 1 ? parts[0]! : '(root)';
  if (top === 'core') return { file, top, layer: parts.length === 2 ? 'pure' : parts[1]! };
  if (AREAS.includes(top)) return { file, top, layer: parts.length === 2 ? (parts[1] === 'index.ts' ? 'index' : 'loose') : parts[1]! };
  return { file, top, layer: top };
}

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f));
}

/** Every relative import of src/, as [importer, imported] places. */
function imports(): [Place, Place][] {
  const edges: [Place, Place][] = [];
  for (const file of sources('src')) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(import type [^;]*?from|from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      edges.push([place(file), { ...place(path.join(path.dirname(file), m[2]!)), typeOnly: m[1]!.startsWith('import type') }]);
    }
  }
  return edges;
}

/** The rule an import breaks, or null. */
function violation(from: Place, to: Place): string | null {
  if (from.top === 'core') {
    if (to.top !== 'core' && !(from.file === path.join('src', 'core', 'http', 'app.ts') && to.layer === 'index')) {
      return 'core reaches into an area (only core/http/app.ts, the composition root, may, through index.ts)';
    }
    if (from.layer === 'pure' && to.layer !== 'pure') return 'a pure core module imports I/O';
    if (from.layer === 'db' && to.layer === 'http') return 'core db imports core http';
    return null;
  }
  if (!AREAS.includes(from.top)) {
    return to.top === 'core' || to.layer === 'index' || !AREAS.includes(to.top) ? null : 'imports an area other than through its index.ts';
  }
  if (from.layer === 'loose') return 'a file outside the area\'s layer folders';
  if (to.top === 'core') {
    const layer = from.layer as Layer;
    if (layer === 'domain' && to.layer !== 'pure') return 'domain imports core I/O';
    if ((layer === 'db' || layer === 'commands' || layer === 'queries') && to.layer === 'http') return `${layer} imports HTTP`;
    return null;
  }
  if (to.top !== from.top) {
    if (!AREAS.includes(to.top) || to.layer !== 'index') return 'imports another area other than through its index.ts';
    if (from.layer === 'domain') return 'domain imports another area';
    return null;
  }
  // A presenter may name the type of a command's result.
  if (from.layer === 'schemas' && to.layer === 'commands' && to.typeOnly) return null;
  return (ALLOWED[from.layer as Layer] ?? []).includes(to.layer as Layer) ? null : `${from.layer} imports ${to.layer}`;
}

describe('layout boundaries', () => {
  const edges = imports();

  it('finds the imports it checks', () => {
    assert.ok(edges.length > 300);
    for (const area of ['practice', 'schedule', 'blockouts', 'appointments', 'availability']) assert.ok(AREAS.includes(area), area);
    for (const area of AREAS) assert.ok(edges.some(([f]) => f.top === area), `no imports seen from src/${area}`);
  });

  it('every import follows the layering rules', () => {
    const bad = edges.flatMap(([f, t]) => {
      const why = violation(f, t);
      return why ? [`${f.file} → ${t.file}: ${why}`] : [];
    });
    assert.deepEqual(bad, []);
  });

  it('areas depend on each other without a cycle', () => {
    const deps = new Map(AREAS.map((a) => [a, new Set<string>()]));
    for (const [f, t] of edges) if (AREAS.includes(f.top) && AREAS.includes(t.top) && f.top !== t.top) deps.get(f.top)!.add(t.top);
    const cycle = (start: string, at: string, seen: string[]): string[] | null => {
      for (const next of deps.get(at)!) {
        if (next === start) return [...seen, next];
        if (!seen.includes(next)) {
          const found = cycle(start, next, [...seen, next]);
          if (found) return found;
        }
      }
      return null;
    };
    for (const a of AREAS) assert.equal(cycle(a, a, [a])?.join(' → ') ?? null, null);
  });

  it('refuses what it is meant to refuse', () => {
    const p = (file: string) => place(path.join('src', file));
    assert.match(violation(p('schedule/queries/calendar.ts'), p('appointments/db/appointments.ts'))!, /index/);
    assert.match(violation(p('appointments/domain/slot.ts'), p('core/db/client.ts'))!, /domain/);
    assert.match(violation(p('appointments/db/appointments.ts'), p('appointments/commands/book-appointment.ts'))!, /db imports commands/);
    assert.match(violation(p('core/http/auth.ts'), p('practice/index.ts'))!, /core reaches/);
    assert.match(violation(p('core/time.ts'), p('core/db/client.ts'))!, /pure core/);
    assert.equal(violation(p('core/http/app.ts'), p('practice/index.ts')), null);
    assert.equal(violation(p('schedule/queries/calendar.ts'), p('appointments/index.ts')), null);
  });
});
