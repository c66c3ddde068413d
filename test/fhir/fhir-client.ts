// Shared by the FHIR API tests: a GET against an organisation's FHIR base, and a provider working at a location.
import assert from 'node:assert/strict';
import type { Api } from '../../src/core/http/deps.ts';
import { encodeScheduleId } from '../../src/fhir/domain/ids.ts';
import type { Client } from '../helpers.ts';
import { makeLocation, makeOperatory, makeProvider } from '../factories.ts';
import { assertValidFhir } from './fhir-validator.ts';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

export interface FhirRes {
  status: number;
  body: any;
  headers: Record<string, unknown>;
}

/**
 * GET `/fhir/{orgId}{path}` with `token` (none when null) from `ip`; asserts the FHIR media type and that
 * the body is a valid FHIR R4 resource, then returns the answer.
 */
export async function fhirGet(app: Api, orgId: string, path: string, token: string | null, ip?: string): Promise<FhirRes> {
  const res = await app.inject({
    method: 'GET', url: `/fhir/${orgId}${path}`,
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
    ...(ip ? { remoteAddress: ip } : {}),
  });
  assert.equal(res.headers['content-type'], FHIR_JSON, `${path}: ${res.body}`);
  const body = res.json();
  assertValidFhir(body);
  return { status: res.statusCode, body, headers: res.headers };
}

/** Asserts an error OperationOutcome of one issue with `code` and returns its text. */
export function outcomeText(res: FhirRes, status: number, code: string): string {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(res.body.resourceType, 'OperationOutcome');
  assert.equal(res.body.issue.length, 1, JSON.stringify(res.body));
  assert.equal(res.body.issue[0].severity, 'error');
  assert.equal(res.body.issue[0].code, code);
  return res.body.issue[0].details.text;
}

/** A provider with a chair at a new location of `c`'s organisation, and writers for their templates and overrides. */
export async function workingProvider(c: Client, zone = 'America/New_York', name = 'Main Street') {
  const loc = await makeLocation(c.orgId, { name, timezone: zone });
  const op = await makeOperatory(c.orgId, loc.id, 'Op 1');
  const provider = await makeProvider(c.orgId);
  const scheduleId = encodeScheduleId({ locationId: loc.id, providerId: provider.id });
  /** A weekly template from 2026-01-01 on `day` (0 = Monday), wall clock at the location. */
  const template = async (day: number, start: string, end: string, providerId = provider.id) => {
    const res = await c.post('/schedule/templates', {
      provider_uuid: providerId, location_uuid: loc.id, day_of_week: day, start_time: start, end_time: end, effective_from: '2026-01-01',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  };
  /** Every weekday, Monday to Sunday, from `start` to `end`. */
  const everyDay = async (start: string, end: string) => {
    for (let day = 0; day < 7; day++) await template(day, start, end);
  };
  return { loc, op, provider, scheduleId, template, everyDay };
}
