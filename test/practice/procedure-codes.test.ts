import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { insertProcedureCode, type NewProcedureCode, type ProcedureCodeRow } from '../../src/practice/db/procedure-codes.ts';
import { closeTestApp, firstIssue, newOrg, testPool } from '../helpers.ts';
import { makeUserToken } from '../factories.ts';

after(closeTestApp);

/** A procedure code written straight through db/ (code given in its stored, upper-case form). */
function makeProcedureCode(orgId: string, over: Partial<NewProcedureCode> = {}): Promise<ProcedureCodeRow> {
  return insertProcedureCode(testPool(), orgId, {
    code: 'D0120', description: 'Periodic oral evaluation', default_fee: 55, default_minutes: 15, ...over,
  });
}

/** An appointment type that requires `procedureCodeId`, written in SQL so this file does not depend on the appointment-types module. */
async function makeTypeRequiring(orgId: string, procedureCodeId: string): Promise<void> {
  const { rows } = await testPool().query<{ id: string }>(
    `INSERT INTO appointment_types (org_id, name, duration_minutes) VALUES ($1, 'Recall', 30) RETURNING id`, [orgId]);
  await testPool().query(`INSERT INTO appointment_type_procedure_codes (org_id, appointment_type_id, kind, position, procedure_code_id)
    VALUES ($1, $2, 'required', 0, $3)`, [orgId, rows[0]!.id, procedureCodeId]);
}

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';

describe('procedure codes', () => {
  it('create returns 201 with the code trimmed and upper-cased and the fee as a decimal string', async () => {
    const c = await newOrg();
    const res = await c.post('/procedure-codes', { code: ' d0150 ', description: 'Comprehensive oral evaluation', default_fee: 125.5, default_minutes: 30 });
    assert.equal(res.status, 201);
    assert.equal(res.body.code, 'D0150');
    assert.equal(res.body.default_fee, '125.50');
    assert.equal(res.body.default_minutes, 30);
    assert.equal(res.body.version, 1);
    const got = await c.get(`/procedure-codes/${res.body.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, res.body);
    const bare = await c.post('/procedure-codes', { code: 'X1', description: 'Practice code' });
    assert.equal(bare.body.default_fee, '0.00');
    assert.equal(bare.body.default_minutes, null);
  });

  it('create returns 409 already_exists at body.code for a code the organisation has (in any case), and writes nothing', async () => {
    const c = await newOrg();
    await makeProcedureCode(c.orgId, { code: 'D0120' });
    const res = await c.post('/procedure-codes', { code: 'd0120 ', description: 'Duplicate' });
    assert.equal(res.status, 409);
    assert.equal(firstIssue(res).type, 'already_exists');
    assert.deepEqual(firstIssue(res).loc, ['body', 'code']);
    assert.match(firstIssue(res).msg, /D0120/);
    assert.equal((await c.get('/procedure-codes')).body.total, 1);
    const other = await newOrg();
    assert.equal((await other.post('/procedure-codes', { code: 'D0120', description: 'Same code, other organisation' })).status, 201);
  });

  it('concurrent creates of one code give one 201 and 409 already_exists for the rest', async () => {
    const c = await newOrg();
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => c.post('/procedure-codes', { code: 'D1110', description: 'Prophylaxis' })));
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) assert.deepEqual(firstIssue(r).loc, ['body', 'code']);
    assert.equal((await c.get('/procedure-codes')).body.total, 1);
  });

  it('create returns 422 for missing, unknown and out-of-range fields, and writes nothing', async () => {
    const c = await newOrg();
    const missing = await c.post('/procedure-codes', { code: 'D0120' });
    assert.equal(missing.status, 422);
    assert.deepEqual(firstIssue(missing), { loc: ['body', 'description'], msg: 'Field required', type: 'missing' });
    const cases: [Record<string, unknown>, string, string][] = [
      [{ code: 'D-0120' }, 'code', 'string_pattern_mismatch'],
      [{ code: 'D0120456789' }, 'code', 'string_pattern_mismatch'],
      [{ code: '  ' }, 'code', 'string_pattern_mismatch'],
      [{ description: '' }, 'description', 'string_too_short'],
      [{ default_fee: -1 }, 'default_fee', 'greater_than_equal'],
      [{ default_fee: 0.001 }, 'default_fee', 'value_error'],
      [{ default_fee: '10' }, 'default_fee', 'float_type'],
      [{ default_minutes: 7 }, 'default_minutes', 'value_error'],
      [{ default_minutes: 0 }, 'default_minutes', 'greater_than_equal'],
      [{ default_minutes: 725 }, 'default_minutes', 'less_than_equal'],
      [{ default_minutes: 30.5 }, 'default_minutes', 'int_type'],
      [{ id: MISSING }, 'id', 'extra_forbidden'],
      [{ version: 2 }, 'version', 'extra_forbidden'],
      [{ fee: 10 }, 'fee', 'extra_forbidden'],
    ];
    for (const [bad, field, type] of cases) {
      const res = await c.post('/procedure-codes', { code: 'D0120', description: 'Exam', ...bad });
      assert.equal(res.status, 422, JSON.stringify(bad));
      assert.deepEqual(firstIssue(res).loc, ['body', field], JSON.stringify(bad));
      assert.ok(res.body.detail.some((d: any) => d.type === type), `${JSON.stringify(bad)}: ${JSON.stringify(res.body)}`);
    }
    assert.equal((await c.get('/procedure-codes')).body.total, 0);
  });

  it('list orders by code, paginates, and q matches a code prefix or a description substring case-insensitively', async () => {
    const c = await newOrg();
    await makeProcedureCode(c.orgId, { code: 'D1110', description: 'Prophylaxis - adult' });
    await makeProcedureCode(c.orgId, { code: 'D0150', description: 'Comprehensive oral evaluation' });
    await makeProcedureCode(c.orgId, { code: 'D0120', description: 'Periodic oral evaluation' });
    await makeProcedureCode(c.orgId, { code: 'D2140', description: 'Amalgam - one surface (D01 style)' });
    const all = await c.get('/procedure-codes');
    assert.equal(all.status, 200);
    assert.deepEqual(all.body.items.map((p: any) => p.code), ['D0120', 'D0150', 'D1110', 'D2140']);
    const p2 = await c.get('/procedure-codes?page=2&page_size=3');
    assert.deepEqual(p2.body.items.map((p: any) => p.code), ['D2140']);
    assert.equal(p2.body.total, 4);
    assert.deepEqual((await c.get('/procedure-codes?q=d01')).body.items.map((p: any) => p.code), ['D0120', 'D0150', 'D2140']);
    assert.deepEqual((await c.get('/procedure-codes?q=ORAL%20EVAL')).body.items.map((p: any) => p.code), ['D0120', 'D0150']);
    assert.equal((await c.get('/procedure-codes?q=110')).body.total, 0, 'the code matches by prefix only');
    assert.equal((await c.get('/procedure-codes?q=_')).body.total, 0, 'q is literal: _ is no wildcard');
  });

  it('list returns 422 for a bad page or page_size', async () => {
    const c = await newOrg();
    for (const qs of ['page_size=0', 'page_size=201', 'page=0']) {
      const res = await c.get(`/procedure-codes?${qs}`);
      assert.equal(res.status, 422, qs);
      assert.equal(firstIssue(res).loc[0], 'query');
    }
  });

  it('get returns 404 for an unknown id or another organisation\'s code, and 422 for a malformed id', async () => {
    const c = await newOrg();
    const other = await newOrg();
    const foreign = await makeProcedureCode(other.orgId);
    for (const id of [MISSING, foreign.id]) {
      const res = await c.get(`/procedure-codes/${id}`);
      assert.equal(res.status, 404);
      assert.deepEqual(firstIssue(res).loc, ['path', 'procedure_code_uuid']);
    }
    assert.equal(firstIssue(await c.get('/procedure-codes/D0120')).type, 'uuid_parsing');
  });

  it('patch with the current base_version normalises the code, clears default_minutes and bumps version; a stale one returns 409 naming the current version', async () => {
    const c = await newOrg();
    const pc = await makeProcedureCode(c.orgId);
    const ok = await c.patch(`/procedure-codes/${pc.id}`, { base_version: 1, code: 'd0121', default_minutes: null, default_fee: 19.99 });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.version, 2);
    assert.equal(ok.body.code, 'D0121');
    assert.equal(ok.body.default_minutes, null);
    assert.equal(ok.body.default_fee, '19.99');
    assert.equal(ok.body.description, 'Periodic oral evaluation');
    const same = await c.patch(`/procedure-codes/${pc.id}`, { base_version: 2, code: 'D0121' });
    assert.equal(same.status, 200, 'keeping its own code is no clash');
    const stale = await c.patch(`/procedure-codes/${pc.id}`, { base_version: 1, description: 'Lost update' });
    assert.equal(stale.status, 409);
    assert.equal(firstIssue(stale).type, 'version_conflict');
    assert.match(firstIssue(stale).msg, /current version is 3/);
    assert.equal((await c.get(`/procedure-codes/${pc.id}`)).body.description, 'Periodic oral evaluation');
  });

  it('patch returns 409 already_exists for another record\'s code and 422 for bad values, and changes nothing', async () => {
    const c = await newOrg();
    await makeProcedureCode(c.orgId, { code: 'D0150' });
    const pc = await makeProcedureCode(c.orgId, { code: 'D0120' });
    const clash = await c.patch(`/procedure-codes/${pc.id}`, { base_version: 1, code: ' d0150', description: 'Changed' });
    assert.equal(clash.status, 409);
    assert.equal(firstIssue(clash).type, 'already_exists');
    assert.deepEqual(firstIssue(clash).loc, ['body', 'code']);
    for (const body of [{ base_version: 1, default_minutes: 3 }, { base_version: 1, default_fee: -5 }, { base_version: 1, org_id: c.orgId }, { code: 'D9' }]) {
      assert.equal((await c.patch(`/procedure-codes/${pc.id}`, body)).status, 422, JSON.stringify(body));
    }
    const got = (await c.get(`/procedure-codes/${pc.id}`)).body;
    assert.deepEqual([got.code, got.description, got.version], ['D0120', 'Periodic oral evaluation', 1]);
  });

  it('patch and delete return 404 for an unknown id or another organisation\'s code, and change nothing there', async () => {
    const c = await newOrg();
    const other = await newOrg();
    const foreign = await makeProcedureCode(other.orgId);
    for (const id of [MISSING, foreign.id]) {
      assert.equal((await c.patch(`/procedure-codes/${id}`, { base_version: 1, description: 'X' })).status, 404);
      assert.equal((await c.delete(`/procedure-codes/${id}`)).status, 404);
    }
    const untouched = (await other.get(`/procedure-codes/${foreign.id}`)).body;
    assert.deepEqual([untouched.description, untouched.version], ['Periodic oral evaluation', 1]);
  });

  it('delete removes an unreferenced code (204, then 404)', async () => {
    const c = await newOrg();
    const pc = await makeProcedureCode(c.orgId);
    assert.equal((await c.delete(`/procedure-codes/${pc.id}`)).status, 204);
    assert.equal((await c.get(`/procedure-codes/${pc.id}`)).status, 404);
    assert.equal((await c.delete(`/procedure-codes/${pc.id}`)).status, 404);
  });

  it('delete returns 409 in_use naming the code when an appointment type references it, and deletes nothing', async () => {
    const c = await newOrg();
    const pc = await makeProcedureCode(c.orgId, { code: 'D0274' });
    await makeTypeRequiring(c.orgId, pc.id);
    const res = await c.delete(`/procedure-codes/${pc.id}`);
    assert.equal(res.status, 409);
    assert.equal(firstIssue(res).type, 'in_use');
    assert.deepEqual(firstIssue(res).loc, ['path', 'procedure_code_uuid']);
    assert.match(firstIssue(res).msg, /D0274 is in use/);
    const got = await c.get(`/procedure-codes/${pc.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.version, 1);
  });

  it('a viewer may read procedure codes but every write returns 403 and changes nothing', async () => {
    const c = await newOrg();
    const pc = await makeProcedureCode(c.orgId);
    const viewer = c.as((await makeUserToken(c.orgId, 'viewer')).token);
    assert.equal((await viewer.get(`/procedure-codes/${pc.id}`)).status, 200);
    const res = await viewer.post('/procedure-codes', { code: 'D9999', description: 'X' });
    assert.equal(res.status, 403);
    assert.equal(firstIssue(res).type, 'forbidden');
    assert.equal((await viewer.patch(`/procedure-codes/${pc.id}`, { base_version: 1, description: 'Y' })).status, 403);
    assert.equal((await viewer.delete(`/procedure-codes/${pc.id}`)).status, 403);
    assert.equal((await c.get('/procedure-codes')).body.total, 1);
    assert.equal((await c.get(`/procedure-codes/${pc.id}`)).body.version, 1);
  });
});
