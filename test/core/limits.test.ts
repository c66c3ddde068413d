// Size limits: batches over their maximum are refused whole, bodies over 1 MiB are refused before they are
// parsed (413 with the error body, streamed or not), and a body just under the limit is parsed and validated.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { ADMIN_TOKEN, closeTestApp, firstIssue, testApp } from '../helpers.ts';
import { makePractice } from '../factories.ts';
import { changedTables, tenantFingerprint } from './tenant-snapshot.ts';

after(closeTestApp);

const MiB = 1024 * 1024;

/** A JSON object body of exactly `bytes` bytes: `fields` plus a padding string field named `pad`. */
function bodyOfSize(bytes: number, fields: Record<string, unknown> = {}, pad = 'name'): string {
  const shell = JSON.stringify({ ...fields, [pad]: '' });
  return JSON.stringify({ ...fields, [pad]: 'x'.repeat(bytes - Buffer.byteLength(shell)) });
}

async function send(method: string, url: string, token: string, payload: string | Readable) {
  const app = await testApp();
  const res = await app.inject({
    method: method as 'POST', url, payload,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined, headers: res.headers };
}

describe('limits', () => {
  it('501 items in a batch return 422 at the list and write nothing, on every batch route', async () => {
    const { c, body, ops, loc } = await makePractice();
    const appt = (await c.post('/appointments', body())).body;
    const [confirmed] = (await c.get('/appointments/confirmation-statuses')).body.items;
    const lunch = (await c.post('/blockouts/types', { name: 'Lunch' })).body;
    const before = await tenantFingerprint(c.orgId);
    // 501 rows that would each be valid alone: 167 days × 3 chairs.
    const rows = Array.from({ length: 501 }, (_, i) => body({
      operatory_uuid: ops[i % 3]!.id, schedule_date: new Date(Date.UTC(2026, 3, 1 + Math.floor(i / 3))).toISOString().slice(0, 10),
    }));
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `3f0b3c36-31c4-4a57-9a8c-${String(i).padStart(12, '0')}`);
    const cases: [string, string, unknown, (string | number)[]][] = [
      ['POST', '/appointments/bulk', { rows }, ['body', 'rows']],
      ['POST', '/appointments/bulk', { rows, meta: { dry_run: true } }, ['body', 'rows']],
      ['POST', '/appointments/bulk-confirm', { appointment_uuids: [appt.id, ...ids(500)], confirmation_status_uuid: confirmed.id }, ['body', 'appointment_uuids']],
      ['POST', '/users', { name: 'Limited', email: 'limited@example.test', role: 'staff', location_uuids: [loc.id, ...ids(500)] }, ['body', 'location_uuids']],
      ['POST', '/blockouts/instances', {
        blockout_type_uuid: lunch.id, location_uuid: loc.id, schedule_date: '2026-03-10', start_time: '12:00', end_time: '13:00', operatory_uuids: ids(201),
      }, ['body', 'operatory_uuids']],
    ];
    for (const [method, path, payload, loc] of cases) {
      const res = await c.request(method, path, payload);
      assert.equal(res.status, 422, `${method} ${path}: ${JSON.stringify(res.body).slice(0, 300)}`);
      assert.deepEqual(firstIssue(res).loc, loc, `${method} ${path}`);
      assert.equal(firstIssue(res).type, 'too_long');
    }
    assert.deepEqual(changedTables(before, await tenantFingerprint(c.orgId)), []);
  });

  it('a 2 MiB body returns 413 payload_too_large with the error body on every kind of write, and writes nothing', async () => {
    const { c, body } = await makePractice();
    const appt = (await c.post('/appointments', body())).body;
    const before = await tenantFingerprint(c.orgId);
    const api = `/api/v1/${c.orgId}`;
    const cases: [string, string, string, Record<string, unknown>][] = [
      ['POST', `${api}/locations`, c.token, { timezone: 'Europe/Berlin' }],
      ['POST', `${api}/appointments`, c.token, body()],
      ['POST', `${api}/appointments/bulk`, c.token, { rows: [body()] }],
      ['PATCH', `${api}/appointments/${appt.id}`, c.token, { base_version: 1 }],
      ['PUT', `${api}/appointments/${appt.id}/providers`, c.token, { base_version: 1 }],
      ['PUT', `${api}/schedule/production-goals/upsert`, c.token, {}],
      ['POST', '/admin/v1/organizations', ADMIN_TOKEN, {}],
    ];
    for (const [method, url, token, fields] of cases) {
      const res = await send(method, url, token, bodyOfSize(2 * MiB, fields, 'note'));
      assert.equal(res.status, 413, `${method} ${url}`);
      assert.deepEqual(res.body, { detail: [{ loc: ['body'], msg: 'Request body exceeds 1 MiB', type: 'payload_too_large' }] });
    }
    assert.deepEqual(changedTables(before, await tenantFingerprint(c.orgId)), []);
  });

  it('a 2 MiB body streamed without Content-Length returns 413 too', async () => {
    const { c } = await makePractice();
    const before = await tenantFingerprint(c.orgId);
    const chunks = Array.from({ length: 32 }, (_, i) => (i === 0 ? '{"name": "' : '') + 'x'.repeat(64 * 1024));
    const res = await send('POST', `/api/v1/${c.orgId}/locations`, c.token, Readable.from(chunks));
    assert.equal(res.status, 413);
    assert.equal(firstIssue(res).type, 'payload_too_large');
    assert.deepEqual(changedTables(before, await tenantFingerprint(c.orgId)), []);
  });

  it('the limit is exactly 1 MiB: 1 MiB + 1 byte returns 413, 1 MiB is parsed and then refused by validation (422 string_too_long)', async () => {
    const { c } = await makePractice();
    const url = `/api/v1/${c.orgId}/locations`;
    const over = await send('POST', url, c.token, bodyOfSize(MiB + 1, { timezone: 'Europe/Berlin' }));
    assert.equal(over.status, 413);
    const at = await send('POST', url, c.token, bodyOfSize(MiB, { timezone: 'Europe/Berlin' }));
    assert.equal(at.status, 422);
    assert.deepEqual(firstIssue(at), { loc: ['body', 'name'], msg: at.body.detail[0].msg, type: 'string_too_long' });
  });

  it('a valid body of 1 MiB - 1 kB is accepted: a dry-run bulk import of long-noted rows answers 200 and writes nothing', async () => {
    const { c, body, ops } = await makePractice();
    const before = await tenantFingerprint(c.orgId);
    // ~205 rows with notes near the 5,000-character limit, lengthened one by one to the exact size.
    const size = MiB - 1024;
    const rows: Record<string, unknown>[] = Array.from({ length: 205 }, (_, i) => body({
      operatory_uuid: ops[i % 3]!.id, schedule_date: new Date(Date.UTC(2026, 3, 1 + Math.floor(i / 3))).toISOString().slice(0, 10),
      note: 'n'.repeat(4800),
    }));
    const envelope = () => JSON.stringify({ rows, meta: { dry_run: true } });
    for (const row of rows) {
      const missing = size - Buffer.byteLength(envelope());
      if (missing <= 0) break;
      row.note = 'n'.repeat(4800 + Math.min(200, missing));
    }
    const payload = envelope();
    assert.equal(Buffer.byteLength(payload), size);
    const res = await send('POST', `/api/v1/${c.orgId}/appointments/bulk`, c.token, payload);
    assert.equal(res.status, 200, JSON.stringify(res.body).slice(0, 500));
    assert.deepEqual([res.body.total, res.body.validated, res.body.failed], [205, 205, 0]);
    assert.deepEqual(changedTables(before, await tenantFingerprint(c.orgId)), []);
  });
});
