// The page's routes that a served process compiles ahead (warmUp) must be routes the API has: a renamed route
// would silently stop being warmed.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { registeredRoutes } from '../../src/core/http/app.ts';
import { PAGE_API_ROUTES } from '../../src/web/index.ts';
import { closeTestApp, testApp } from '../helpers.ts';

after(closeTestApp);

describe('the page\'s API routes', () => {
  it('every route the page is warmed for is a registered route', async () => {
    const registered = new Set(registeredRoutes(await testApp()).map((r) => `${r.method} ${r.url}`));
    assert.deepEqual(PAGE_API_ROUTES.filter((r) => !registered.has(r)), []);
  });
});
