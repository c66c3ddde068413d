import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { AUTH_FAILURE_LIMIT } from '../../src/core/http/auth.ts';
import { recordAuthFailure } from '../../src/core/db/auth-failures.ts';
import { outcomeForStatus, operationOutcome } from '../../src/fhir/domain/outcome.ts';
import { fhirErrorHandler } from '../../src/fhir/routes/outcomes.ts';
import { closeTestApp, newOrg, testApp, testPool } from '../helpers.ts';
import { FHIR_JSON, fhirGet, outcomeText } from './fhir-client.ts';
import { assertValidFhir } from './fhir-validator.ts';

after(closeTestApp);

describe('FHIR OperationOutcomes', () => {
  const cases: [number, string][] = [[400, 'invalid'], [401, 'login'], [403, 'forbidden'], [404, 'not-found'], [429, 'throttled'], [500, 'exception']];
  for (const [status, code] of cases) {
    it(`${status} is an error of code ${code}, valid FHIR R4`, () => {
      const outcome = assertValidFhir(outcomeForStatus(status, ['Something named']));
      assert.deepEqual(outcome, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, details: { text: 'Something named' } }] });
    });
  }

  it('a refusal without text still has one issue; a warning outcome is valid too', () => {
    assert.equal(assertValidFhir(outcomeForStatus(418, [])).issue.length, 1);
    assertValidFhir(operationOutcome('warning', 'not-found', 'No such schedule'));
  });

  it('too many invalid tokens from one address → 429 throttled with Retry-After for the next invalid one; a valid token still passes', async () => {
    const c = await newOrg();
    const ip = '198.51.100.77'; // a documentation address no other test uses
    const { rows: [clock] } = await testPool().query(`SELECT extract(epoch FROM date_trunc('minute', now()) + interval '1 minute' - now())::float8 AS left`);
    if (clock.left < 5) await new Promise((resolve) => setTimeout(resolve, clock.left * 1000 + 100));
    for (let i = 0; i < AUTH_FAILURE_LIMIT; i++) await recordAuthFailure(testPool(), ip, false);
    const forged = `ct_${c.orgId.replace(/-/g, '')}_${'A'.repeat(43)}`;
    const res = await fhirGet(await testApp(), c.orgId, '/metadata', forged, ip);
    outcomeText(res, 429, 'throttled');
    assert.match(String(res.headers['retry-after']), /^\d+$/);
    assert.equal((await fhirGet(await testApp(), c.orgId, '/metadata', c.token, ip)).status, 200);
  });

  it('an unexpected failure → 500 exception that tells nothing of its cause', async () => {
    const app = Fastify({ logger: false });
    app.setErrorHandler(fhirErrorHandler);
    app.get('/boom', async () => {
      throw new Error('connection to 10.0.0.5 refused: password authentication failed for user "chairtime"');
    });
    const res = await app.inject({ method: 'GET', url: '/boom' });
    await app.close();
    assert.equal(res.statusCode, 500);
    assert.equal(res.headers['content-type'], FHIR_JSON);
    const body = assertValidFhir(res.json());
    assert.deepEqual(body, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception', details: { text: 'Internal server error' } }] });
  });
});
