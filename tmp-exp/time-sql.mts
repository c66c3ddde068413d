import { createPool } from '../src/core/db/client.ts';
import { readFileSync } from 'node:fs';
const pool = createPool('postgres://postgres@127.0.0.1:5432/chairtime_bench', 1);
const files = process.argv.slice(2);
const texts = files.map((f) => { const s = readFileSync(f, 'utf8'); const i = s.indexOf('EXPLAIN'); const body = s.slice(i).replace(/^EXPLAIN \([^)]*\) /, ''); const e = body.indexOf(';\n'); return e < 0 ? body.replace(/;\s*$/, '') : body.slice(0, e); });
for (let round = 0; round < 3; round++) for (const [k, text] of texts.entries()) {
  const t: number[] = [];
  for (let i = 0; i < 300; i++) { const s = performance.now(); await pool.query({ name: 'q' + k, text }); if (i >= 50) t.push(performance.now() - s); }
  t.sort((a, b) => a - b);
  console.log(files[k], 'p50', t[125]!.toFixed(3));
}
await pool.end();
