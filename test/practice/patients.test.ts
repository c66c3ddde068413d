import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, newOrg, type Client } from '../helpers.ts';
import { makeLocation, makeUserToken, referenceRow } from '../factories.ts';

after(closeTestApp);

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';

/** A patient created through the API (fields override the defaults). */
async function makePatient(c: Client, fields: Record<string, unknown> = {}) {
  const res = await c.post('/patients', { first_name: 'Ann', last_name: 'Smith', ...fields });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

const names = (res: { body: { items: { name: string }[] } }) => res.body.items.map((p) => p.name);

describe('patients', () => {
  it('create returns 201 with defaults, "First Last" name and version 1', async () => {
    const c = await newOrg();
    const res = await c.post('/patients', { first_name: 'Ann', last_name: 'Smith' });
    assert.equal(res.status, 201);
    assert.equal(res.body.name, 'Ann Smith');
    assert.equal(res.body.balance_due, '0.00');
    assert.equal(res.body.is_active, true);
    assert.equal(res.body.version, 1);
    for (const f of ['preferred_name', 'birth_date', 'chart_number', 'mobile_phone', 'email']) assert.equal(res.body[f], null, f);
    const got = await c.get(`/patients/${res.body.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, res.body);
  });

  it('create stores every field and returns balance_due as a decimal string, negative for a credit', async () => {
    const c = await newOrg();
    const p = await makePatient(c, {
      preferred_name: 'Annie', birth_date: '1984-07-21', chart_number: 'A1024', mobile_phone: '555-0101',
      email: 'ann@example.test', balance_due: -40.25, is_active: false,
    });
    assert.equal(p.balance_due, '-40.25');
    assert.equal(p.birth_date, '1984-07-21');
    assert.equal(p.chart_number, 'A1024');
    assert.equal(p.preferred_name, 'Annie');
    assert.equal(p.email, 'ann@example.test');
    assert.equal(p.is_active, false);
    assert.equal((await makePatient(c, { balance_due: 125.5 })).balance_due, '125.50');
  });

  it('create accepts a birth date of today and of 1900-01-01', async () => {
    const c = await newOrg();
    assert.equal((await makePatient(c, { birth_date: '2026-03-10' })).birth_date, '2026-03-10');
    assert.equal((await makePatient(c, { birth_date: '1900-01-01' })).birth_date, '1900-01-01');
  });

  it('create returns 422 for a birth date after today (by the clock, UTC), before 1900 or not a real date, and writes nothing', async () => {
    const c = await newOrg();
    for (const birth_date of ['2026-03-11', '1899-12-31', '2023-02-29', '21/07/1984']) {
      const res = await c.post('/patients', { first_name: 'Ann', last_name: 'Smith', birth_date });
      assert.equal(res.status, 422, birth_date);
      assert.deepEqual(firstIssue(res).loc, ['body', 'birth_date'], birth_date);
    }
    assert.equal((await c.get('/patients')).body.total, 0);
  });

  it('create returns 409 already_exists for a chart number used in the organisation, and writes nothing', async () => {
    const c = await newOrg();
    await makePatient(c, { chart_number: 'A1024' });
    const res = await c.post('/patients', { first_name: 'Bob', last_name: 'Jones', chart_number: 'A1024' });
    assert.equal(res.status, 409);
    assert.equal(firstIssue(res).type, 'already_exists');
    assert.deepEqual(firstIssue(res).loc, ['body', 'chart_number']);
    assert.equal((await c.get('/patients')).body.total, 1);
    const other = await newOrg();
    assert.equal((await other.post('/patients', { first_name: 'Bob', last_name: 'Jones', chart_number: 'A1024' })).status, 201);
  });

  it('create returns 422 for unknown and server-owned fields', async () => {
    const c = await newOrg();
    for (const extra of [{ id: MISSING }, { version: 3 }, { org_id: c.orgId }, { name: 'Ann Smith' }, { created_at: '2026-01-01T00:00:00Z' }]) {
      const res = await c.post('/patients', { first_name: 'Ann', last_name: 'Smith', ...extra });
      assert.equal(res.status, 422, JSON.stringify(extra));
      assert.equal(firstIssue(res).type, 'extra_forbidden');
      assert.deepEqual(firstIssue(res).loc, ['body', Object.keys(extra)[0]]);
    }
    assert.equal((await c.get('/patients')).body.total, 0);
  });

  it('create returns 422 for missing names, wrong types, a bad email or chart number, without coercing', async () => {
    const c = await newOrg();
    const missing = await c.post('/patients', { first_name: 'Ann' });
    assert.equal(missing.status, 422);
    assert.deepEqual(firstIssue(missing), { loc: ['body', 'last_name'], msg: 'Field required', type: 'missing' });
    const cases: [Record<string, unknown>, string][] = [
      [{ balance_due: '12.00' }, 'balance_due'],
      [{ balance_due: 1.005 }, 'balance_due'],
      [{ is_active: 'true' }, 'is_active'],
      [{ email: 'not-an-email' }, 'email'],
      [{ chart_number: ' A1' }, 'chart_number'],
      [{ chart_number: '' }, 'chart_number'],
      [{ first_name: '' }, 'first_name'],
    ];
    for (const [extra, field] of cases) {
      const res = await c.post('/patients', { first_name: 'Ann', last_name: 'Smith', ...extra });
      assert.equal(res.status, 422, JSON.stringify(extra));
      assert.deepEqual(firstIssue(res).loc, ['body', field], JSON.stringify(extra));
    }
    assert.equal((await c.get('/patients')).body.total, 0);
  });

  it('list orders by last name, first name, paginates with total and filters by is_active', async () => {
    const c = await newOrg();
    await makePatient(c, { first_name: 'Zoe', last_name: 'Adams' });
    await makePatient(c, { first_name: 'bob', last_name: 'smith' });
    await makePatient(c, { first_name: 'Ann', last_name: 'Smith' });
    await makePatient(c, { first_name: 'Carl', last_name: 'Baker', is_active: false });
    const all = await c.get('/patients');
    assert.equal(all.status, 200);
    assert.deepEqual(names(all), ['Zoe Adams', 'Carl Baker', 'Ann Smith', 'bob smith']);
    const p2 = await c.get('/patients?page=2&page_size=3');
    assert.deepEqual(names(p2), ['bob smith']);
    assert.equal(p2.body.total, 4);
    assert.equal(p2.body.page, 2);
    assert.equal(p2.body.page_size, 3);
    assert.deepEqual(names(await c.get('/patients?is_active=false')), ['Carl Baker']);
    assert.equal((await c.get('/patients?is_active=true')).body.total, 3);
  });

  it('list q matches name substrings case-insensitively, "First Last" word by word, and chart number prefixes', async () => {
    const c = await newOrg();
    await makePatient(c, { first_name: 'Ann', last_name: 'Smith', chart_number: 'A1024' });
    await makePatient(c, { first_name: 'Annabel', last_name: 'Jones', preferred_name: 'Bella', chart_number: 'B2048' });
    await makePatient(c, { first_name: 'Joe', last_name: 'Hannity', chart_number: 'X_1' });
    const search = async (q: string) => names(await c.get(`/patients?q=${encodeURIComponent(q)}`));
    assert.deepEqual(await search('ann'), ['Joe Hannity', 'Annabel Jones', 'Ann Smith']);
    assert.deepEqual(await search('Ann Smi'), ['Ann Smith']);
    assert.deepEqual(await search('  smith   ANN '), ['Ann Smith']);
    assert.deepEqual(await search('bella'), ['Annabel Jones']);
    assert.deepEqual(await search('a10'), ['Ann Smith']);
    assert.deepEqual(await search('1024'), []);
    assert.deepEqual(await search('X_'), ['Joe Hannity']);
    assert.deepEqual(await search('%'), []);
    assert.deepEqual(await search('_'), []);
    assert.equal((await c.get('/patients?q=')).body.total, 3);
  });

  it('list returns 422 for page_size 0 or 201 and page 0', async () => {
    const c = await newOrg();
    for (const qs of ['page_size=0', 'page_size=201', 'page=0', 'is_active=maybe']) {
      const res = await c.get(`/patients?${qs}`);
      assert.equal(res.status, 422, qs);
      assert.equal(firstIssue(res).loc[0], 'query');
    }
  });

  it('get returns 404 for an unknown id or another organisation\'s patient and 422 for a malformed id', async () => {
    const c = await newOrg();
    const foreign = await makePatient(await newOrg());
    for (const id of [MISSING, foreign.id]) {
      const res = await c.get(`/patients/${id}`);
      assert.equal(res.status, 404);
      assert.deepEqual(firstIssue(res), { loc: ['path', 'patient_uuid'], msg: 'Patient not found', type: 'not_found' });
    }
    const bad = await c.get('/patients/not-a-uuid');
    assert.equal(bad.status, 422);
    assert.equal(firstIssue(bad).type, 'uuid_parsing');
  });

  it('patch with the current base_version changes the fields, clears nulls and bumps version; a stale one returns 409 naming the current version', async () => {
    const c = await newOrg();
    const p = await makePatient(c, { preferred_name: 'Annie', email: 'ann@example.test' });
    const ok = await c.patch(`/patients/${p.id}`, { base_version: 1, last_name: 'Jones', preferred_name: null, balance_due: 99.99 });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.version, 2);
    assert.equal(ok.body.name, 'Ann Jones');
    assert.equal(ok.body.preferred_name, null);
    assert.equal(ok.body.email, 'ann@example.test');
    assert.equal(ok.body.balance_due, '99.99');
    const stale = await c.patch(`/patients/${p.id}`, { base_version: 1, last_name: 'Lost' });
    assert.equal(stale.status, 409);
    assert.equal(firstIssue(stale).type, 'version_conflict');
    assert.match(firstIssue(stale).msg, /current version is 2/);
    assert.equal((await c.get(`/patients/${p.id}`)).body.last_name, 'Jones');
  });

  it('patch returns 409 already_exists for another patient\'s chart number and changes nothing; keeping its own is fine', async () => {
    const c = await newOrg();
    await makePatient(c, { chart_number: 'A1' });
    const p = await makePatient(c, { first_name: 'Bob', chart_number: 'B1' });
    const res = await c.patch(`/patients/${p.id}`, { base_version: 1, chart_number: 'A1', first_name: 'Robert' });
    assert.equal(res.status, 409);
    assert.equal(firstIssue(res).type, 'already_exists');
    assert.deepEqual(firstIssue(res).loc, ['body', 'chart_number']);
    const after = (await c.get(`/patients/${p.id}`)).body;
    assert.deepEqual([after.chart_number, after.first_name, after.version], ['B1', 'Bob', 1]);
    assert.equal((await c.patch(`/patients/${p.id}`, { base_version: 1, chart_number: 'B1' })).status, 200);
  });

  it('patch returns 422 for a future birth date, a null name, a missing base_version or a server-owned field, and changes nothing', async () => {
    const c = await newOrg();
    const p = await makePatient(c);
    for (const body of [
      { base_version: 1, birth_date: '2026-03-11' }, { base_version: 1, first_name: null }, { base_version: 1, balance_due: null },
      { last_name: 'Jones' }, { base_version: 1, name: 'Ann Jones' }, { base_version: 0 },
    ]) {
      const res = await c.patch(`/patients/${p.id}`, body);
      assert.equal(res.status, 422, JSON.stringify(body));
    }
    assert.equal((await c.get(`/patients/${p.id}`)).body.version, 1);
  });

  it('patch returns 404 for an unknown id or another organisation\'s patient and changes nothing', async () => {
    const c = await newOrg();
    const other = await newOrg();
    const foreign = await makePatient(other);
    assert.equal((await c.patch(`/patients/${MISSING}`, { base_version: 1 })).status, 404);
    const res = await c.patch(`/patients/${foreign.id}`, { base_version: 1, first_name: 'Hijacked' });
    assert.equal(res.status, 404);
    assert.deepEqual(firstIssue(res).loc, ['path', 'patient_uuid']);
    assert.equal((await other.get(`/patients/${foreign.id}`)).body.first_name, 'Ann');
  });

  it('delete removes an unreferenced patient (204, then 404)', async () => {
    const c = await newOrg();
    const p = await makePatient(c);
    assert.equal((await c.delete(`/patients/${p.id}`)).status, 204);
    assert.equal((await c.get(`/patients/${p.id}`)).status, 404);
    assert.equal((await c.delete(`/patients/${p.id}`)).status, 404);
  });

  it('delete archives a patient still referenced by another record and keeps it readable', async () => {
    const c = await newOrg();
    const p = await makePatient(c);
    await referenceRow('patients', c.orgId, p.id);
    assert.equal((await c.delete(`/patients/${p.id}`)).status, 204);
    const got = await c.get(`/patients/${p.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.is_active, false);
    assert.equal(got.body.version, 2);
  });

  it('delete returns 404 for another organisation\'s patient and leaves it in place', async () => {
    const c = await newOrg();
    const other = await newOrg();
    const foreign = await makePatient(other);
    assert.equal((await c.delete(`/patients/${foreign.id}`)).status, 404);
    assert.equal((await other.get(`/patients/${foreign.id}`)).status, 200);
  });

  it('patients are organisation-wide: a location-limited staff user reads and writes all of them', async () => {
    const c = await newOrg();
    const loc = await makeLocation(c.orgId);
    const limited = c.as((await makeUserToken(c.orgId, 'staff', [loc.id])).token);
    const p = await makePatient(c);
    assert.equal((await limited.get(`/patients/${p.id}`)).status, 200);
    assert.equal((await limited.get('/patients')).body.total, 1);
    assert.equal((await limited.patch(`/patients/${p.id}`, { base_version: 1, mobile_phone: '555-0199' })).status, 200);
    assert.equal((await limited.post('/patients', { first_name: 'Bob', last_name: 'Jones' })).status, 201);
    assert.equal((await limited.delete(`/patients/${p.id}`)).status, 204);
  });

  it('a viewer may read but every write returns 403 and changes nothing', async () => {
    const c = await newOrg();
    const p = await makePatient(c);
    const viewer = c.as((await makeUserToken(c.orgId, 'viewer')).token);
    assert.equal((await viewer.get(`/patients/${p.id}`)).status, 200);
    assert.equal((await viewer.get('/patients?q=ann')).status, 200);
    const res = await viewer.post('/patients', { first_name: 'Bob', last_name: 'Jones' });
    assert.equal(res.status, 403);
    assert.equal(firstIssue(res).type, 'forbidden');
    assert.equal((await viewer.patch(`/patients/${p.id}`, { base_version: 1, first_name: 'X' })).status, 403);
    assert.equal((await viewer.delete(`/patients/${p.id}`)).status, 403);
    const after = await c.get('/patients');
    assert.equal(after.body.total, 1);
    assert.equal(after.body.items[0].version, 1);
  });
});
