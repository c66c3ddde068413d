// The central list of audited routes (src/audit/domain/audited-reads.ts) stays complete: every GET under /api/v1
// whose answer can name a patient is on it, and everything on it is a registered route.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openApiDocument } from '../../src/core/http/openapi-document.ts';
import { auditedRead, auditedRoutes, openApiPath, patientIdsIn } from '../../src/audit/domain/audited-reads.ts';

type Schema = { $ref?: string; properties?: Record<string, Schema>; [k: string]: unknown };
type Doc = {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>>;
  components: { schemas: Record<string, Schema> };
};

/** Whether a schema can carry a patient: the Patient record, or a `patient` / `patient_uuid` property at any depth. */
function namesPatients(doc: Doc, s: unknown, seen = new Set<string>()): boolean {
  if (s === null || typeof s !== 'object') return false;
  const { $ref, properties } = s as Schema;
  if ($ref) {
    const name = $ref.split('/').pop()!;
    if (name === 'Patient') return true;
    if (seen.has(name)) return false;
    seen.add(name);
    return namesPatients(doc, doc.components.schemas[name], seen);
  }
  if (properties && ('patient' in properties || 'patient_uuid' in properties)) return true;
  return Object.values(s).some((v) => namesPatients(doc, v, seen));
}

describe('audited routes', () => {
  it('every GET under /api/v1 whose answer can name a patient is audited, and every audited route exists', async () => {
    const doc = (await openApiDocument()) as Doc;
    const naming: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      const op = methods.get;
      if (!path.startsWith('/api/v1/') || !op) continue;
      if (namesPatients(doc, op.responses['200']?.content?.['application/json']?.schema)) naming.push(`GET ${path}`);
    }
    assert.ok(naming.length >= 15, naming.join('\n'));
    const audited = new Set(auditedRoutes().map((r) => `${r.method} ${openApiPath(r.url)}`));
    assert.deepEqual(naming.filter((r) => !audited.has(r)), [], 'routes that answer with patients but are not audited');
    const served = new Set(Object.entries(doc.paths).flatMap(([p, ms]) => Object.keys(ms).map((m) => `${m.toUpperCase()} ${p}`)));
    assert.deepEqual([...audited].filter((r) => !served.has(r)), [], 'audited routes that do not exist');
  });

  it('knows a route by method and pattern only under /api/v1/{org_id}', () => {
    assert.equal(auditedRead('GET', '/api/v1/:org_id/patients/:patient_uuid'), 'patient');
    assert.equal(auditedRead('HEAD', '/api/v1/:org_id/patients/:patient_uuid'), null);
    assert.equal(auditedRead('PATCH', '/api/v1/:org_id/patients/:patient_uuid'), null);
    assert.equal(auditedRead('GET', '/api/v1/:org_id/locations'), null);
    assert.equal(auditedRead('GET', undefined), null);
  });

  it('finds the patients an answer names', () => {
    const p1 = '11111111-1111-4111-8111-111111111111';
    const p2 = '22222222-2222-4222-8222-222222222222';
    assert.deepEqual(patientIdsIn('patient', { id: p1, name: 'Ann' }), [p1]);
    assert.deepEqual(patientIdsIn('patient', { items: [{ id: p1 }, { id: p2 }], total: 2 }), [p1, p2]);
    assert.deepEqual(patientIdsIn('calendar_day', {
      operatories: [{ appointments: [{ patient: { id: p2, name: 'B' }, provider: { id: p1 } }, { patient: { id: p2, name: 'B' } }] }],
    }), [p2]);
    assert.deepEqual(patientIdsIn('patient_preference', { items: [{ id: p2, patient: { id: p1, name: 'A' } }] }), [p1]);
    assert.deepEqual(patientIdsIn('asap_entry', [{ entry: { patient: { id: p1 } } }, { patient_uuid: p2 }]), [p1, p2]);
    assert.deepEqual(patientIdsIn('appointment', { items: [], total: 0 }), []);
    assert.deepEqual(patientIdsIn('patient_recall', { items: [{ patient: null }] }), []);
  });
});
