// The page's hand-written API types (web/src/types.ts) against the committed openapi.json: every type names
// what it stands for there (@schema, @body, @response, @enum), and every field it declares must exist with
// the same JSON type and nullability; a field the page reads as always present must be required in a
// response, and a body must send every field its operation requires. So the API cannot change a name, a type
// or a nullability the page relies on without this test failing (the page is typed from openapi.json without
// a code generator in the build).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

type Schema = Record<string, any>;
const doc = JSON.parse(readFileSync('openapi.json', 'utf8'));
const source = readFileSync('web/src/types.ts', 'utf8');
const PREFIX = '/api/v1/{org_id}';

interface Field { name: string; optional: boolean; type: string }
interface Decl { name: string; tag: string; target: string; extends: string | null; fields: Field[] | null; alias: string | null }

/** Splits `text` at `sep` outside brackets, braces, parentheses and quotes. */
function splitTop(text: string, seps: string[]): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let cur = '';
  for (const ch of text) {
    if (quote) { cur += ch; if (ch === quote) quote = ''; continue; }
    if (ch === '\'' || ch === '"') { quote = ch; cur += ch; continue; }
    if ('{[(<'.includes(ch)) depth++;
    if ('}])>'.includes(ch)) depth--;
    if (depth === 0 && seps.includes(ch)) { out.push(cur); cur = ''; continue; }
    cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter(Boolean);
}

function fieldsOf(body: string): Field[] {
  return splitTop(body, [';', '\n']).map((part) => {
    const m = /^(\w+)(\?)?\s*:\s*([\s\S]+)$/.exec(part);
    if (!m) throw new Error(`cannot read the field "${part}"`);
    return { name: m[1]!, optional: m[2] === '?', type: m[3]!.trim() };
  });
}

/** The declarations of types.ts, each with its JSDoc tag. */
function declarations(): Decl[] {
  const out: Decl[] = [];
  const re = /\/\*\*\s*@(schema|body|response|enum)\s+([^*]+?)\s*\*\/\s*export\s+(interface|type)\s+(\w+)(?:<\w+>)?\s*(?:extends\s+(\w+)\s*)?(=|\{)/g;
  for (let m; (m = re.exec(source));) {
    const [, tag, target, kind, name, ext, open] = m;
    if (kind === 'type') {
      const end = source.indexOf(';', re.lastIndex);
      out.push({ name: name!, tag: tag!, target: target!, extends: null, fields: null, alias: source.slice(re.lastIndex, end).trim() });
      continue;
    }
    assert.equal(open, '{');
    let depth = 1;
    let i = re.lastIndex;
    for (; depth > 0; i++) depth += source[i] === '{' ? 1 : source[i] === '}' ? -1 : 0;
    out.push({ name: name!, tag: tag!, target: target!, extends: ext ?? null, fields: fieldsOf(source.slice(re.lastIndex, i - 1)), alias: null });
  }
  return out;
}

const decls = declarations();
const byName = new Map(decls.map((d) => [d.name, d]));

function resolve(s: Schema): Schema {
  if (s.$ref) return resolve(doc.components.schemas[s.$ref.split('/').pop()]);
  if (s.allOf?.length === 1) return resolve(s.allOf[0]);
  return s;
}

/** What a declaration stands for in openapi.json. */
function targetSchema(d: Decl): Schema {
  if (d.tag === 'schema') return doc.components.schemas[d.target] ?? assert.fail(`${d.name}: no schema ${d.target}`);
  if (d.tag === 'enum') {
    const [schema, prop] = d.target.split('.');
    return doc.components.schemas[schema!]?.properties?.[prop!] ?? assert.fail(`${d.name}: no property ${d.target}`);
  }
  const [method, path] = d.target.split(' ');
  const op = doc.paths[PREFIX + path!]?.[method!.toLowerCase()] ?? assert.fail(`${d.name}: no operation ${d.target}`);
  const s = d.tag === 'body' ? op.requestBody?.content?.['application/json']?.schema : op.responses?.['200']?.content?.['application/json']?.schema;
  return s ?? assert.fail(`${d.name}: ${d.target} has no ${d.tag}`);
}

/** The alternatives a schema allows, as { kind, schema }: kinds string, number, boolean, null, array, object. */
function alternatives(s: Schema): { kind: string; schema: Schema; literals?: unknown[] }[] {
  if (s.$ref || s.allOf) return alternatives(resolve(s));
  if (s.anyOf || s.oneOf) return (s.anyOf ?? s.oneOf).flatMap(alternatives);
  const types: string[] = Array.isArray(s.type) ? s.type : s.type ? [s.type] : s.properties ? ['object'] : [];
  return types.map((t) => ({
    kind: t === 'integer' ? 'number' : t, schema: s,
    literals: s.enum ? s.enum.filter((v: unknown) => v !== null && typeof v === (t === 'integer' ? 'number' : t)) : undefined,
  }));
}

/** Compares a TypeScript type (the text of types.ts) with a schema; returns what differs. */
function compare(where: string, ts: string, schema: Schema, mode: 'response' | 'body'): string[] {
  // Named aliases (e.g. AppointmentStatus) stand for their members.
  const members = splitTop(ts, ['|']).flatMap((m) => splitTop(byName.get(m)?.alias ?? m, ['|']))
    .map((m) => m.replace(/^\((.*)\)(\[\])?$/s, (_, inner, arr) => (arr ? `(${inner})[]` : inner)));
  const alts = alternatives(schema);
  if (!alts.length) return []; // an unconstrained schema
  const problems: string[] = [];
  const tsKinds = new Set<string>();
  const literals: string[] = [];
  for (const m of members) {
    if (m === 'T') return []; // a generic item
    if (/^'[^']*'$/.test(m)) { tsKinds.add('string'); literals.push(m.slice(1, -1)); continue; }
    if (['string', 'number', 'boolean', 'null'].includes(m)) { tsKinds.add(m); continue; }
    if (m.endsWith('[]')) {
      tsKinds.add('array');
      const inner = m.slice(0, -2).replace(/^\((.*)\)$/s, '$1');
      const arr = alts.find((a) => a.kind === 'array');
      if (arr) problems.push(...compare(`${where}[]`, inner, arr.schema.items ?? {}, mode));
      continue;
    }
    tsKinds.add('object');
    const obj = alts.find((a) => a.kind === 'object');
    if (!obj) continue;
    if (m.startsWith('{')) problems.push(...compareFields(where, fieldsOf(m.slice(1, -1)), obj.schema, mode));
    else {
      const d = byName.get(m);
      if (!d) { problems.push(`${where}: ${m} is not declared in types.ts`); continue; }
      problems.push(...compareFields(where, allFields(d), obj.schema, mode));
    }
  }
  const schemaKinds = new Set(alts.map((a) => a.kind));
  const a = [...tsKinds].sort().join('|');
  const b = [...schemaKinds].sort().join('|');
  // The page must expect every kind a response can hold; a body may send fewer than the operation takes.
  const differ = mode === 'response' ? a !== b : [...tsKinds].some((k) => !schemaKinds.has(k));
  if (differ) problems.push(`${where}: types.ts says ${a}, openapi.json ${b}`);
  const enumAlt = alts.find((x) => x.kind === 'string' && x.literals);
  if (literals.length || enumAlt) {
    const want = (enumAlt?.literals as string[] | undefined)?.slice().sort();
    const have = [...literals].sort();
    if (!literals.length) {
      if (mode === 'body') problems.push(`${where}: any string is sent, openapi.json takes only ${want?.join(', ')}`);
    } else if (!want) problems.push(`${where}: types.ts lists ${have.join(', ')}, openapi.json takes any string`);
    else if (mode === 'response' ? want.join() !== have.join() : have.some((v) => !want.includes(v))) {
      problems.push(`${where}: types.ts lists ${have.join(', ')}, openapi.json ${want.join(', ')}`);
    }
  }
  return problems;
}

function allFields(d: Decl): Field[] {
  const own = d.fields ?? [];
  const parent = d.extends ? byName.get(d.extends) : undefined;
  return parent ? [...allFields(parent), ...own] : own;
}

function compareFields(where: string, fields: Field[], schema: Schema, mode: 'response' | 'body'): string[] {
  const s = resolve(schema);
  const props: Record<string, Schema> = s.properties ?? {};
  const required = new Set<string>(s.required ?? []);
  const problems: string[] = [];
  for (const f of fields) {
    const at = `${where}.${f.name}`;
    const p = props[f.name];
    if (!p) { problems.push(`${at}: not in openapi.json`); continue; }
    if (mode === 'response' && !f.optional && !required.has(f.name)) problems.push(`${at}: the page reads it as always there, openapi.json may leave it out`);
    problems.push(...compare(at, f.type, p, mode));
  }
  if (mode === 'body') {
    for (const r of required) {
      const f = fields.find((x) => x.name === r);
      if (!f || f.optional) problems.push(`${where}.${r}: openapi.json requires it, the page may not send it`);
    }
  }
  return problems;
}

describe('the page\'s API types (web/src/types.ts) against openapi.json', () => {
  it('tags every exported type with what it stands for in openapi.json', () => {
    const exported = [...source.matchAll(/export\s+(?:interface|type)\s+(\w+)/g)].map((m) => m[1]);
    assert.deepEqual(exported.filter((n) => !byName.has(n!)), [], 'exported types without a @schema/@body/@response/@enum tag');
    assert.ok(decls.length >= 30, `only ${decls.length} tagged types read`);
  });

  for (const d of decls) {
    it(`${d.name} matches ${d.tag} ${d.target}`, () => {
      const schema = targetSchema(d);
      const mode = d.tag === 'body' ? 'body' : 'response';
      const problems = d.alias !== null ? compare(d.name, d.alias, schema, mode) : compareFields(d.name, allFields(d), schema, mode);
      assert.deepEqual(problems, []);
    });
  }

  it('finds drift: a renamed field, a lost null, an optional field read as always there and a missing required body field', () => {
    const ref = doc.components.schemas.Ref;
    assert.deepEqual(compareFields('X', [{ name: 'nom', optional: false, type: 'string' }], ref, 'response'), ['X.nom: not in openapi.json']);
    assert.deepEqual(compareFields('X', [{ name: 'name', optional: false, type: 'string' }], ref, 'response'),
      ['X.name: types.ts says string, openapi.json null|string']);
    assert.match(compareFields('X', [{ name: 'operatory_uuids', optional: false, type: 'string[]' }], doc.components.schemas.CalendarDay, 'response')[0]!,
      /may leave it out/);
    const move = doc.paths[`${PREFIX}/appointments/{appointment_uuid}/move`].post.requestBody.content['application/json'].schema;
    assert.ok(compareFields('M', [{ name: 'base_version', optional: false, type: 'number' }], move, 'body').some((p) => /requires it/.test(p)));
    assert.deepEqual(compare('S', "'planned' | 'done'", doc.components.schemas.Appointment.properties.status, 'response').length, 1);
  });
});
