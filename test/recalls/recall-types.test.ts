import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, newOrg } from '../helpers.ts';
import { makePractice, makeUserToken } from '../factories.ts';

after(closeTestApp);

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';

describe('recall types', () => {
  it('create returns 201 with defaults, get returns it, and the list is ordered by item_order and filters is_active', async () => {
    const c = await newOrg();
    const made = await c.post('/recalls/types', { name: 'Prophy' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.deepEqual({ ...made.body, id: undefined, created_at: undefined, updated_at: undefined }, {
      id: undefined, name: 'Prophy', description: '', default_interval: { months: 6 }, appointment_type: null, is_active: true,
      item_order: 0, version: 1, created_at: undefined, updated_at: undefined,
    });
    assert.deepEqual((await c.get(`/recalls/types/${made.body.id}`)).body, made.body);
    await c.post('/recalls/types', { name: 'Bitewings', default_interval: { years: 1 }, item_order: -1 });
    await c.post('/recalls/types', { name: 'Perio', default_interval: { weeks: 13 }, item_order: 5, is_active: false });
    const all = await c.get('/recalls/types');
    assert.deepEqual(all.body.items.map((t: { name: string }) => t.name), ['Bitewings', 'Prophy', 'Perio']);
    assert.equal(all.body.total, 3);
    const active = await c.get('/recalls/types?is_active=true&page_size=1&page=2');
    assert.deepEqual([active.body.items.map((t: { name: string }) => t.name), active.body.total], [['Prophy'], 2]);
  });

  it('an interval is validated: zero units → 422 value_error, unknown keys → 422, over the maximum → 422, and stored without zero units', async () => {
    const c = await newOrg();
    for (const [interval, type] of [[{ months: 0 }, 'value_error'], [{ fortnights: 2 }, 'extra_forbidden'], [{}, undefined],
      [{ months: 121 }, undefined], [{ months: -1 }, undefined], [{ months: 1.5 }, undefined]] as const) {
      const res = await c.post('/recalls/types', { name: 'X', default_interval: interval });
      assert.equal(res.status, 422, JSON.stringify(interval));
      if (type) assert.equal(firstIssue(res).type, type);
      assert.deepEqual(firstIssue(res).loc.slice(0, 2), ['body', 'default_interval']);
    }
    const ok = await c.post('/recalls/types', { name: 'X', default_interval: { weeks: 26, days: 0 } });
    assert.deepEqual(ok.body.default_interval, { weeks: 26 });
    assert.equal((await c.get('/recalls/types')).body.total, 1);
  });

  it('an unknown appointment type returns 404, an archived one 422, and a known one is referenced by name', async () => {
    const p = await makePractice();
    const unknown = await p.c.post('/recalls/types', { name: 'X', appointment_type_uuid: MISSING });
    assert.deepEqual([unknown.status, firstIssue(unknown).loc], [404, ['body', 'appointment_type_uuid']]);
    const ok = await p.c.post('/recalls/types', { name: 'X', appointment_type_uuid: p.type.id });
    assert.deepEqual(ok.body.appointment_type, { id: p.type.id, name: 'Exam' });
    const old = (await p.c.post('/appointment-types', { name: 'Old', duration_minutes: 30 })).body;
    assert.equal((await p.c.post(`/appointment-types/${old.id}/archive`, { base_version: old.version })).status, 200);
    const archived = await p.c.patch(`/recalls/types/${ok.body.id}`, { base_version: 1, appointment_type_uuid: old.id });
    assert.deepEqual([archived.status, firstIssue(archived).loc], [422, ['body', 'appointment_type_uuid']]);
  });

  it('PATCH changes the fields given with base_version; stale → 409, omitted → 422 missing, unknown → 404', async () => {
    const p = await makePractice();
    const t = (await p.c.post('/recalls/types', { name: 'Prophy', appointment_type_uuid: p.type.id })).body;
    const changed = await p.c.patch(`/recalls/types/${t.id}`, { base_version: 1, name: 'Cleaning', default_interval: { months: 4 }, appointment_type_uuid: null });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.deepEqual([changed.body.name, changed.body.default_interval, changed.body.appointment_type, changed.body.version],
      ['Cleaning', { months: 4 }, null, 2]);
    const stale = await p.c.patch(`/recalls/types/${t.id}`, { base_version: 1, name: 'Y' });
    assert.deepEqual([stale.status, firstIssue(stale).type], [409, 'version_conflict']);
    assert.match(firstIssue(stale).msg, /current version is 2/);
    const missing = await p.c.patch(`/recalls/types/${t.id}`, { name: 'Y' });
    assert.deepEqual([missing.status, firstIssue(missing).type], [422, 'missing']);
    const unknown = await p.c.patch(`/recalls/types/${MISSING}`, { base_version: 1 });
    assert.deepEqual([unknown.status, firstIssue(unknown).loc], [404, ['path', 'recall_type_uuid']]);
    assert.equal((await p.c.get(`/recalls/types/${MISSING}`)).status, 404);
    assert.equal((await p.c.get(`/recalls/types/${t.id}`)).body.name, 'Cleaning');
  });

  it('DELETE removes an unused type with its triggers (204, then 404), and archives a type patients have recalls of', async () => {
    const p = await makePractice();
    const code = (await p.c.post('/procedure-codes', { code: 'D1110', description: 'Prophylaxis' })).body;
    const unused = (await p.c.post('/recalls/types', { name: 'Unused' })).body;
    const trigger = (await p.c.post('/recalls/triggers', { recall_type_uuid: unused.id, procedure_code_uuid: code.id })).body;
    assert.equal((await p.c.delete(`/recalls/types/${unused.id}`)).status, 204);
    assert.equal((await p.c.get(`/recalls/types/${unused.id}`)).status, 404);
    assert.equal((await p.c.delete(`/recalls/triggers/${trigger.id}`)).status, 404);
    assert.equal((await p.c.delete(`/recalls/types/${unused.id}`)).status, 404);
    const used = (await p.c.post('/recalls/types', { name: 'Used' })).body;
    await p.c.post('/recalls/patient-recalls', { patient_uuid: p.patient.id, recall_type_uuid: used.id });
    assert.equal((await p.c.delete(`/recalls/types/${used.id}`)).status, 204);
    const archived = (await p.c.get(`/recalls/types/${used.id}`)).body;
    assert.deepEqual([archived.is_active, archived.version], [false, 2]);
    const recalls = (await p.c.get(`/recalls/patient-recalls?recall_type_uuid=${used.id}`)).body;
    assert.deepEqual(recalls.items.map((r: { status: string }) => r.status), ['completed']);
  });

  it('a viewer may read recall types but not write them (403)', async () => {
    const c = await newOrg();
    const { token } = await makeUserToken(c.orgId, 'viewer');
    assert.equal((await c.as(token).get('/recalls/types')).status, 200);
    assert.equal((await c.as(token).post('/recalls/types', { name: 'X' })).status, 403);
  });
});

describe('recall triggers', () => {
  it('create returns 201 naming the type and code; list per type; duplicate → 409 already_exists; delete → 204 then 404', async () => {
    const c = await newOrg();
    const type = (await c.post('/recalls/types', { name: 'Prophy' })).body;
    const other = (await c.post('/recalls/types', { name: 'Exam' })).body;
    const d1110 = (await c.post('/procedure-codes', { code: 'D1110', description: 'Prophylaxis - adult' })).body;
    const d0120 = (await c.post('/procedure-codes', { code: 'D0120', description: 'Periodic oral evaluation' })).body;
    const made = await c.post('/recalls/triggers', { recall_type_uuid: type.id, procedure_code_uuid: d1110.id });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.deepEqual([made.body.recall_type, made.body.procedure_code, made.body.procedure_code_description],
      [{ id: type.id, name: 'Prophy' }, { id: d1110.id, name: 'D1110' }, 'Prophylaxis - adult']);
    await c.post('/recalls/triggers', { recall_type_uuid: type.id, procedure_code_uuid: d0120.id });
    await c.post('/recalls/triggers', { recall_type_uuid: other.id, procedure_code_uuid: d0120.id });
    const list = await c.get(`/recalls/triggers?recall_type_uuid=${type.id}`);
    assert.deepEqual(list.body.items.map((t: { procedure_code: { name: string } }) => t.procedure_code.name), ['D0120', 'D1110']);
    assert.equal(list.body.total, 2);
    const dup = await c.post('/recalls/triggers', { recall_type_uuid: type.id, procedure_code_uuid: d1110.id });
    assert.deepEqual([dup.status, firstIssue(dup).type, firstIssue(dup).loc], [409, 'already_exists', ['body', 'procedure_code_uuid']]);
    assert.equal(dup.body.detail[0].ctx.id, made.body.id);
    // A code used by a trigger cannot be deleted.
    assert.equal((await c.delete(`/procedure-codes/${d1110.id}`)).status, 409);
    assert.equal((await c.delete(`/recalls/triggers/${made.body.id}`)).status, 204);
    assert.equal((await c.delete(`/recalls/triggers/${made.body.id}`)).status, 404);
    assert.equal((await c.get(`/recalls/triggers?recall_type_uuid=${type.id}`)).body.total, 1);
  });

  it('an unknown recall type or procedure code returns 404 at the field; the list needs a known recall_type_uuid', async () => {
    const c = await newOrg();
    const type = (await c.post('/recalls/types', { name: 'Prophy' })).body;
    const code = (await c.post('/procedure-codes', { code: 'D1110', description: 'Prophylaxis' })).body;
    const noType = await c.post('/recalls/triggers', { recall_type_uuid: MISSING, procedure_code_uuid: code.id });
    assert.deepEqual([noType.status, firstIssue(noType).loc], [404, ['body', 'recall_type_uuid']]);
    const noCode = await c.post('/recalls/triggers', { recall_type_uuid: type.id, procedure_code_uuid: MISSING });
    assert.deepEqual([noCode.status, firstIssue(noCode).loc], [404, ['body', 'procedure_code_uuid']]);
    const list = await c.get(`/recalls/triggers?recall_type_uuid=${MISSING}`);
    assert.deepEqual([list.status, firstIssue(list).loc], [404, ['query', 'recall_type_uuid']]);
    assert.equal((await c.get('/recalls/triggers')).status, 422);
    // Another organisation's type is unknown here.
    const other = await newOrg();
    assert.equal((await other.get(`/recalls/types/${type.id}`)).status, 404);
    assert.equal((await other.post('/recalls/triggers', { recall_type_uuid: type.id, procedure_code_uuid: code.id })).status, 404);
    assert.equal((await other.patch(`/recalls/types/${type.id}`, { base_version: 1, name: 'Z' })).status, 404);
    assert.equal((await other.delete(`/recalls/types/${type.id}`)).status, 404);
    const trigger = (await c.post('/recalls/triggers', { recall_type_uuid: type.id, procedure_code_uuid: code.id })).body;
    assert.equal((await other.delete(`/recalls/triggers/${trigger.id}`)).status, 404);
    assert.equal((await other.get(`/recalls/triggers?recall_type_uuid=${type.id}`)).status, 404);
    assert.equal((await c.get(`/recalls/types/${type.id}`)).body.version, 1);
  });
});
