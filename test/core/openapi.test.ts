import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { Validator } from '@seriousme/openapi-schema-validator';
import { registeredRoutes } from '../../src/core/http/app.ts';
import { openApiDocument } from '../../src/core/http/openapi-document.ts';
import { closeTestApp, testApp } from '../helpers.ts';

after(closeTestApp);

type Doc = { openapi: string; paths: Record<string, Record<string, { responses?: object; summary?: string }>> };

describe('OpenAPI document', () => {
  it('is served at /openapi.json and equals the committed openapi.json (run `npm run openapi` after changing routes)', async () => {
    const app = await testApp();
    const res = await app.inject({ method: 'GET', url: '/openapi.json' });
    assert.equal(res.statusCode, 200);
    const committed = JSON.parse(await readFile('openapi.json', 'utf8'));
    assert.deepEqual(res.json(), committed);
    assert.deepEqual(await openApiDocument(), committed);
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const doc = (await openApiDocument()) as Doc;
    assert.equal(doc.openapi, '3.1.0');
    const result = await new Validator().validate(doc as never);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2)?.slice(0, 2000));
  });

  it('lists every registered route with a summary and its responses', async () => {
    const app = await testApp();
    const doc = (await openApiDocument()) as Doc;
    const routes = registeredRoutes(app).filter((r) => !r.hidden && !r.url.startsWith('/docs'));
    assert.ok(routes.length > 10);
    for (const r of routes) {
      const path = r.url.replace(/:([a-z_]+)/g, '{$1}');
      const op = doc.paths[path]?.[r.method.toLowerCase()];
      assert.ok(op, `${r.method} ${path} missing from the document`);
      assert.ok(op.summary, `${r.method} ${path} has no summary`);
      assert.ok(op.responses && Object.keys(op.responses).length > 0, `${r.method} ${path} has no responses`);
    }
  });

  it('the reference page is served at /docs', async () => {
    const app = await testApp();
    const res = await app.inject({ method: 'GET', url: '/docs/' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /swagger/i);
  });
});
