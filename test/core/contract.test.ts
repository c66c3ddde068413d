// Every endpoint of the contract (../shared/spec/endpoints.json) that chairtime serves matches it:
// same path and method, every catalogued body field accepted (required where catalogued), every
// catalogued response field present in the response schema. Additions beyond the contract are allowed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openApiDocument } from '../../src/core/http/openapi-document.ts';

interface Field { name: string; required: boolean }
interface Endpoint { method: string; path: string; body: Field[]; response: Field[]; query_params: Field[] }
type Schema = { $ref?: string; type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; anyOf?: Schema[] };
type Doc = {
  paths: Record<string, Record<string, {
    parameters?: { name: string; in: string; required?: boolean }[];
    requestBody?: { content: Record<string, { schema: Schema }> };
    responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
  }>>;
  components: { schemas: Record<string, Schema> };
};

const catalogue = JSON.parse(await readFile(new URL('../../../shared/spec/endpoints.json', import.meta.url), 'utf8')) as Endpoint[];
const doc = (await openApiDocument()) as Doc;

function resolve(s: Schema | undefined): Schema | undefined {
  if (!s?.$ref) return s;
  return resolve(doc.components.schemas[s.$ref.split('/').pop()!]);
}

function successSchema(op: Doc['paths'][string][string]): Schema | undefined {
  const code = Object.keys(op.responses).find((c) => c.startsWith('2'));
  return resolve(code ? op.responses[code]?.content?.['application/json']?.schema : undefined);
}

const served = catalogue.filter((e) => doc.paths[e.path]?.[e.method.toLowerCase()]);

describe('contract conformance', () => {
  it('serves every catalogued endpoint', () => {
    const missing = catalogue.filter((e) => !served.includes(e)).map((e) => `${e.method} ${e.path}`);
    assert.deepEqual(missing, [], `${served.length} of ${catalogue.length} catalogued endpoints are served`);
  });

  for (const e of served) {
    const op = doc.paths[e.path]![e.method.toLowerCase()]!;
    it(`${e.method} ${e.path} accepts the catalogued body and query and returns the catalogued fields`, () => {
      const body = resolve(op.requestBody?.content['application/json']?.schema);
      for (const f of e.body) {
        assert.ok(body?.properties?.[f.name], `body field ${f.name} missing`);
        if (f.required) assert.ok(body?.required?.includes(f.name), `body field ${f.name} should be required`);
      }
      for (const q of e.query_params) {
        const p = op.parameters?.find((x) => x.in === 'query' && x.name === q.name);
        assert.ok(p, `query parameter ${q.name} missing`);
        if (q.required) assert.equal(p.required, true, `query parameter ${q.name} should be required`);
      }
      if (e.response.length === 0) return;
      const schema = successSchema(op);
      for (const f of e.response) assert.ok(schema?.properties?.[f.name], `response field ${f.name} missing`);
    });
  }
});
