// Malformed and boundary requests generated from the OpenAPI document: for one operation, a valid-looking
// base request and many variants that each break exactly one thing, so every variant should be refused.
// Pure: ids of real records and the random generator come from the caller.

export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxLength?: number;
  examples?: unknown[];
}

export interface Operation {
  method: string;
  /** OpenAPI path template, e.g. `/api/v1/{org_id}/locations/{location_uuid}`. */
  path: string;
  params: { name: string; in: 'path' | 'query'; required?: boolean; schema: Schema }[];
  body?: Schema;
}

export interface Case {
  label: string;
  path: Record<string, string>;
  query: Record<string, string>;
  body?: unknown;
}

export interface Context {
  /** Picks a uniformly random element; seeded by the caller so a failing run replays. */
  pick<T>(xs: readonly T[]): T;
  /** A real record id for a path parameter or body field name (`location_uuid`, `appointment_uuids` …), if any. */
  idFor(name: string): string | undefined;
  /** A syntactically valid id of no record. */
  unknownId: string;
  /** The current version of the record the operation writes (its `base_version`). */
  version: number;
}

const HUGE = 'ä\'"\\<x>'.repeat(100 * 1024 / 8);
const BAD_UUIDS = [
  'not-a-uuid', '123', '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a1', '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11x',
  '\' OR \'1\'=\'1', 'ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ', '3f0b3c3631c44a579a8c2a1c7d6f0a11', '%00',
];
const BAD_DATES = ['2026-02-30', 'yesterday', '2026-13-01', '2026-3-1', '', '20260310', '+002026-03-10'];
const BAD_TIMES = ['25:00', '08:60', '24:00', '8:00', '08:00:60', 'noon'];
const BAD_INSTANTS = ['2026-03-10T25:00:00Z', 'yesterday', '2026-03-10 09:00', '2026-02-30T09:00:00Z'];
const WRONG: [string, unknown][] = [['string', 'fuzz'], ['integer', 7], ['number', 1.5], ['boolean', true], ['array', []], ['object', {}], ['null', null]];
const SERVER_OWNED = ['id', 'org_id', 'version', 'created_at', 'updated_at'];

const typesOf = (s: Schema): string[] => (s.type === undefined ? [] : [s.type].flat());
const accepts = (s: Schema, t: string) => typesOf(s).includes(t) || (t === 'integer' && typesOf(s).includes('number'));
const isTime = (name: string, s: Schema) => /_time$|^time$/.test(name) && !!s.pattern?.includes('[0-5]');

/** A value the schema accepts for a field called `name`, preferring real ids and plausible clinic times. */
export function validValue(name: string, s: Schema, ctx: Context): unknown {
  if (s.enum) return s.enum.find((v) => v !== null);
  const t = typesOf(s).find((x) => x !== 'null');
  if (t === 'integer' || t === 'number') return name === 'base_version' ? ctx.version : Math.max(s.minimum ?? 1, Math.min(s.maximum ?? 100, t === 'integer' ? 1 : 100));
  if (t === 'boolean') return false;
  if (t === 'array') return [validValue(name.replace(/s$/, ''), s.items ?? {}, ctx)];
  if (t === 'object') return validObject(s, ctx);
  if (s.format === 'uuid') return ctx.idFor(name) ?? ctx.unknownId;
  if (s.format === 'date') return name === 'week_start' ? '2026-03-09' : '2026-03-10';
  if (s.format === 'date-time') return '2026-03-10T09:00:00Z';
  if (s.format === 'email') return 'fuzz@example.test';
  if (isTime(name, s)) return name.startsWith('end') ? '10:00' : '09:00';
  if (name === 'timezone') return 'America/New_York';
  if (name === 'month') return '2026-03';
  if (typeof s.examples?.[0] === 'string') return s.examples[0];
  return 'Fuzz';
}

function validObject(s: Schema, ctx: Context): Record<string, unknown> {
  return Object.fromEntries((s.required ?? []).map((k) => [k, validValue(k, s.properties?.[k] ?? {}, ctx)]));
}

/** Values that break `s` for a field called `name`: wrong types, bad formats, out-of-range numbers, 100 kB strings. */
function badValues(name: string, s: Schema, ctx: Context): [string, unknown][] {
  const wrong = WRONG.filter(([t]) => !accepts(s, t));
  const out: [string, unknown][] = [ctx.pick(wrong)].map(([t, v]) => [`wrong type ${t}`, v]);
  if (accepts(s, 'string')) {
    out.push(['100 kB string', HUGE], ['NUL character', 'A\u0000']);
    if (s.format === 'uuid') out.push(...[ctx.pick(BAD_UUIDS), ctx.pick(BAD_UUIDS)].map((v): [string, unknown] => [`bad uuid ${v}`, v]), ['unknown id', ctx.unknownId]);
    if (s.format === 'date') out.push(...BAD_DATES.map((v): [string, unknown] => [`bad date ${v}`, v]));
    if (s.format === 'date-time') out.push(...BAD_INSTANTS.map((v): [string, unknown] => [`bad instant ${v}`, v]));
    if (isTime(name, s)) out.push(...BAD_TIMES.map((v): [string, unknown] => [`bad time ${v}`, v]));
    if (s.enum) out.push(['not in enum', 'not_a_value']);
    if (s.format === 'email') out.push(['bad email', 'not-an-email']);
  }
  if (accepts(s, 'integer') || accepts(s, 'number')) {
    if (s.minimum !== undefined) out.push(['below minimum', s.minimum - 1]);
    if (s.maximum !== undefined) out.push(['above maximum', s.maximum + 1]);
    // 2^31 overflows a PostgreSQL integer; as money it is a valid amount.
    if (accepts(s, 'integer') && !accepts(s, 'number')) out.push(['2^31', 2 ** 31]);
    out.push(['1e300', 1e300], ['-2^53', -(2 ** 53)]);
  }
  if (accepts(s, 'array')) {
    if (s.minItems) out.push(['empty list', []]);
    out.push(...badValues(name.replace(/s$/, ''), s.items ?? {}, ctx).slice(0, 3).map(([l, v]): [string, unknown] => [`item ${l}`, [v]]));
  }
  return out;
}

function setIn(body: unknown, path: (string | number)[], value: unknown, remove = false): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (remove) delete node[last];
  else node[last] = value;
  return copy;
}

/** Body variants: each field broken (recursing into objects and the first item of lists), each required field missing, unknown and server-owned fields, a non-object body, and a spring-forward gap time. */
function bodyCases(s: Schema, base: unknown, ctx: Context, at: (string | number)[] = []): [string, unknown][] {
  const out: [string, unknown][] = [];
  const where = (k: string | number) => [...at, k].join('.');
  for (const [k, p] of Object.entries(s.properties ?? {})) {
    for (const [label, v] of badValues(k, p, ctx)) out.push([`${where(k)}: ${label}`, setIn(base, [...at, k], v)]);
    if (accepts(p, 'object') && p.properties) {
      const withIt = setIn(base, [...at, k], validValue(k, p, ctx));
      out.push(...bodyCases(p, withIt, ctx, [...at, k]));
    }
    if (accepts(p, 'array') && p.items?.properties) {
      const withIt = setIn(base, [...at, k], [validObject(p.items, ctx)]);
      out.push(...bodyCases(p.items, withIt, ctx, [...at, k, 0]));
    }
  }
  for (const k of s.required ?? []) out.push([`${where(k)}: missing`, setIn(base, [...at, k], undefined, true)]);
  out.push([`${where('zz_unknown')}: unknown field`, setIn(base, [...at, 'zz_unknown'], 1)]);
  for (const k of SERVER_OWNED.filter((f) => !s.properties?.[f])) out.push([`${where(k)}: server-owned`, setIn(base, [...at, k], k === 'version' ? 2 : ctx.unknownId)]);
  if (at.length === 0) out.push(['body not an object', ctx.pick([[], 'text', 42, null])]);
  const gap = dstGap(s, base, at);
  if (gap) out.push([`${where('*')}: DST gap 2026-03-08 02:30 America/New_York`, gap]);
  return out;
}

/** The base with every date at the spring-forward day and its times inside the gap (02:00–03:00 does not exist), or null without a date and a time. */
function dstGap(s: Schema, base: unknown, at: (string | number)[]): unknown {
  const props = Object.entries(s.properties ?? {});
  const dates = props.filter(([, p]) => p.format === 'date').map(([k]) => k);
  const times = props.filter(([k, p]) => isTime(k, p)).map(([k]) => k);
  if (!dates.length || !times.length) return null;
  let out = base;
  for (const k of dates) out = setIn(out, [...at, k], '2026-03-08');
  for (const k of times) out = setIn(out, [...at, k], k.startsWith('end') ? '02:45' : '02:30');
  return out;
}

/** Query variants: each parameter broken (as text), each required one missing, and the paging bounds. */
function queryCases(op: Operation, base: Record<string, string>, ctx: Context): [string, Record<string, string>][] {
  const out: [string, Record<string, string>][] = [];
  for (const p of op.params.filter((x) => x.in === 'query')) {
    const s = p.schema;
    const bad: string[] = [];
    if (accepts(s, 'integer') || accepts(s, 'number')) bad.push('abc', '1.5', '-1', '0', '99999999999999999999', '');
    if (p.name === 'page_size' || p.name === 'first') bad.push('201');
    if (p.name === 'page') bad.push('9007199254740993');
    if (accepts(s, 'string') || accepts(s, 'array')) bad.push('a\u0000b');
    if (accepts(s, 'boolean')) bad.push('maybe', '2');
    if (s.format === 'uuid') bad.push(ctx.pick(BAD_UUIDS), ctx.pick(BAD_UUIDS), ctx.unknownId);
    if (s.format === 'date') bad.push(...BAD_DATES);
    if (s.format === 'date-time') bad.push(...BAD_INSTANTS, '2026-03-10T09:00:00');
    if (s.enum || s.pattern) bad.push('not_a_value', '');
    if (s.maxLength !== undefined) bad.push('x'.repeat(s.maxLength + 1));
    for (const v of bad) out.push([`query ${p.name}=${v.slice(0, 30)}`, { ...base, [p.name]: v }]);
    if (p.required) {
      const rest = { ...base };
      delete rest[p.name];
      out.push([`query ${p.name}: missing`, rest]);
    }
  }
  out.push(['query zz_unknown: unknown parameter', { ...base, zz_unknown: '1' }]);
  return out;
}

/** Every variant of one operation; `realPath` holds a real id for each path parameter. */
export function casesFor(op: Operation, realPath: Record<string, string>, ctx: Context, bodySchema = op.body): Case[] {
  const query = Object.fromEntries(op.params.filter((p) => p.in === 'query' && p.required)
    .map((p) => [p.name, String(validValue(p.name, p.schema, ctx))]));
  const body = bodySchema ? validObject(bodySchema, ctx) : undefined;
  const cases: Case[] = [];
  for (const p of op.params.filter((x) => x.in === 'path')) {
    const values = p.name === 'org_id' ? ['not-an-org'] : [ctx.pick(BAD_UUIDS), ctx.pick(BAD_UUIDS), ctx.unknownId];
    for (const v of values) cases.push({ label: `path ${p.name}=${v}`, path: { ...realPath, [p.name]: v }, query, body });
  }
  for (const [label, q] of queryCases(op, query, ctx)) cases.push({ label, path: realPath, query: q, body });
  if (bodySchema) for (const [label, b] of bodyCases(bodySchema, body, ctx)) cases.push({ label, path: realPath, query, body: b });
  return cases;
}
