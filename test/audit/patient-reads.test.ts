// The audit of patient data reads (issue 16, Operations): who read which patients, when; admins list it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { closeTestApp, firstIssue, newOrg, testPool, type Client } from '../helpers.ts';
import { makePractice, makeUserToken, seedOneOfEach } from '../factories.ts';

after(closeTestApp);

const READS = '/audit/patient-reads';

async function readsOf(c: Client, query: string) {
  const res = await c.get(`${READS}?${query}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

describe('audit of patient data reads', () => {
  let c: Client & { adminUserId: string };
  let patientId: string;
  before(async () => {
    c = await newOrg();
    patientId = (await c.post('/patients', { first_name: 'Ann', last_name: 'Smith', birth_date: '1984-07-21' })).body.id;
  });

  it('reading a patient as user A then as user B: the admin lists both reads of that patient, newest first, with who and when', async () => {
    const a = await makeUserToken(c.orgId, 'staff');
    const b = await makeUserToken(c.orgId, 'viewer');
    assert.equal((await c.as(a.token).get(`/patients/${patientId}`)).status, 200);
    assert.equal((await c.as(b.token).get(`/patients/${patientId}`)).status, 200);
    const page = await readsOf(c, `patient_uuid=${patientId}`);
    assert.equal(page.total, 2);
    assert.deepEqual(page.items.map((r: any) => r.user.id), [b.userId, a.userId]);
    const [second, first] = page.items;
    assert.deepEqual({ ...second, id: undefined, read_at: undefined, token_uuid: undefined, request_id: undefined }, {
      id: undefined, read_at: undefined, token_uuid: undefined, request_id: undefined,
      user: { id: b.userId, name: 'viewer user' }, method: 'GET', route: '/api/v1/{org_id}/patients/{patient_uuid}',
      record_kind: 'patient', record_uuid: patientId, patient_uuids: [patientId],
    });
    assert.ok(Date.parse(second.read_at) >= Date.parse(first.read_at));
    assert.ok(Math.abs(Date.parse(second.read_at) - Date.now()) < 60_000, 'read_at is the real time of the read');
    assert.match(second.token_uuid, /^[0-9a-f-]{36}$/);
    assert.notEqual(second.token_uuid, first.token_uuid);
    // Per user: A's read only.
    const byA = await readsOf(c, `user_uuid=${a.userId}`);
    assert.deepEqual(byA.items.map((r: any) => [r.user.id, r.patient_uuids]), [[a.userId, [patientId]]]);
  });

  it('a list records every patient it returned, and its request id; the admin\'s own listing is not recorded', async () => {
    const other = (await c.post('/patients', { first_name: 'Bob', last_name: 'Smith' })).body.id;
    const res = await c.request('GET', '/patients?q=Smith', undefined, { 'x-request-id': 'audit-trace-1' });
    assert.equal(res.status, 200);
    const mine = await readsOf(c, `user_uuid=${c.adminUserId}`);
    assert.equal(mine.total, 1);
    assert.deepEqual([mine.items[0].route, mine.items[0].record_uuid, mine.items[0].request_id], ['/api/v1/{org_id}/patients', null, 'audit-trace-1']);
    assert.deepEqual(new Set(mine.items[0].patient_uuids), new Set([patientId, other]));
    assert.equal((await readsOf(c, `patient_uuid=${other}`)).total, 1);
  });

  it('a cursor page records its patients in order of first appearance, in the statement that reads them, never the row past the page', async () => {
    const { c: p, loc, ops, patient, body } = await makePractice();
    const bo = (await p.post('/patients', { first_name: 'Bo', last_name: 'Quist' })).body.id;
    const cy = (await p.post('/patients', { first_name: 'Cy', last_name: 'Quist' })).body.id;
    // In start order: Bo, Ann, Bo, Cy.
    for (const [who, hh, op] of [[bo, '08', 0], [patient.id, '09', 0], [bo, '10', 1], [cy, '11', 0]] as const) {
      const res = await p.post('/appointments', body({ patient_uuid: who, operatory_uuid: ops[op]!.id, start_time: `${hh}:00`, end_time: `${hh}:30` }));
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    const res = await p.request('GET', `/appointments/cursor?first=3&location_uuid=${loc.id}`, undefined, { 'x-request-id': 'cursor-trace' });
    assert.equal(res.status, 200);
    assert.equal(res.body.page_info.has_next_page, true);
    const reads = await readsOf(p, `user_uuid=${p.adminUserId}`);
    assert.equal(reads.total, 1, 'one record, made once');
    const r = reads.items[0];
    assert.deepEqual([r.route, r.record_kind, r.record_uuid, r.request_id], ['/api/v1/{org_id}/appointments/cursor', 'appointment', null, 'cursor-trace']);
    assert.deepEqual(r.patient_uuids, [bo, patient.id], 'Cy is only in the row that says another page follows');
    // A page that names nobody records nothing.
    assert.equal((await p.get(`/appointments/cursor?location_uuid=${loc.id}&date_from=2030-01-01T00:00:00Z`)).body.data.length, 0);
    assert.equal((await readsOf(p, `user_uuid=${p.adminUserId}`)).total, 1, 'neither the empty page nor the listings of the log are recorded');
  });

  it('a 404 read, a refused read and an answer that names nobody record nothing', async () => {
    const d = await newOrg();
    const viewer = await makeUserToken(d.orgId, 'viewer');
    assert.equal((await d.as(viewer.token).get(`/patients/${randomUUID()}`)).status, 404);
    assert.equal((await d.as(viewer.token).get(`/appointments/${randomUUID()}`)).status, 404);
    assert.equal((await d.as(viewer.token).get('/patients?page_size=0')).status, 422);
    assert.equal((await d.as(viewer.token).get('/patients')).body.total, 0);
    // Another organisation's patient is a 404 too, and is recorded in neither organisation.
    assert.equal((await d.as(viewer.token).get(`/patients/${patientId}`)).status, 404);
    assert.equal((await readsOf(d, `user_uuid=${viewer.userId}`)).total, 0);
    assert.equal((await readsOf(c, `user_uuid=${viewer.userId}`)).total, 0);
  });

  it('a read\'s record skips its own WAL flush without leaving synchronous_commit off on the pool\'s connections', async () => {
    // Every connection the pool may hand out has served audited reads; each must still commit durably.
    await Promise.all(Array.from({ length: 12 }, () => c.get(`/patients/${patientId}`)));
    // A cursor page records its read in its own statement, with the same setting for that statement only.
    const { c: p } = await makePractice();
    assert.equal((await p.post('/appointments', { patient_uuid: (await p.get('/patients')).body.items[0].id,
      location_uuid: (await p.get('/locations')).body.items[0].id })).status, 201);
    await Promise.all(Array.from({ length: 12 }, async () => assert.equal((await p.get('/appointments/cursor')).status, 200)));
    const clients = await Promise.all(Array.from({ length: 5 }, () => testPool().connect()));
    try {
      for (const client of clients) assert.equal((await client.query('SHOW synchronous_commit')).rows[0].synchronous_commit, 'on');
    } finally {
      for (const client of clients) client.release();
    }
    const page = await readsOf(c, `patient_uuid=${patientId}`);
    assert.ok(page.total >= 12, `every read recorded (${page.total})`);
  });

  it('the audit table refuses UPDATE, DELETE and TRUNCATE, even for its owner', async () => {
    const count = async () => (await testPool().query('SELECT count(*)::int AS n FROM audit.patient_reads WHERE org_id = $1', [c.orgId])).rows[0].n;
    const n = await count();
    assert.ok(n > 0);
    for (const sql of [
      'UPDATE audit.patient_reads SET user_id = gen_random_uuid() WHERE org_id = $1',
      'DELETE FROM audit.patient_reads WHERE org_id = $1',
    ]) {
      await assert.rejects(testPool().query(sql, [c.orgId]), (err: any) => err.code === '42501' && /append-only/.test(err.message), sql);
    }
    await assert.rejects(testPool().query('TRUNCATE audit.patient_reads'), (err: any) => err.code === '42501');
    assert.equal(await count(), n);
  });

  it('a read whose record cannot be written answers 500 without the patient\'s data (fail closed)', async () => {
    const e = await newOrg();
    const p = (await e.post('/patients', { first_name: 'Dora', last_name: 'Secret' })).body.id;
    const location = (await e.post('/locations', { name: 'Hidden', timezone: 'America/New_York' })).body.id;
    assert.equal((await e.post('/appointments', { patient_uuid: p, location_uuid: location })).status, 201);
    // A trigger refusing this organisation's audit rows only (other test files share the table).
    const trigger = `refuse_${e.orgId.replaceAll('-', '')}`;
    await testPool().query(`CREATE SCHEMA IF NOT EXISTS test_refs;
      CREATE OR REPLACE FUNCTION test_refs.refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit down'; END $$;
      CREATE TRIGGER ${trigger} BEFORE INSERT ON audit.patient_reads FOR EACH ROW
        WHEN (NEW.org_id = '${e.orgId}') EXECUTE FUNCTION test_refs.refuse_audit()`);
    try {
      for (const path of [`/patients/${p}`, '/patients', '/appointments/cursor']) {
        const res = await e.request('GET', path);
        assert.equal(res.status, 500, path);
        assert.deepEqual(res.body, { detail: [{ loc: [], msg: 'Internal server error', type: 'internal_error' }] });
      }
    } finally {
      await testPool().query(`DROP TRIGGER ${trigger} ON audit.patient_reads`);
    }
    assert.equal((await e.get(`/patients/${p}`)).status, 200);
    assert.equal((await readsOf(e, `patient_uuid=${p}`)).total, 1);
  });

  it('GET /audit/patient-reads returns 403 to staff and viewers, and 422 for a malformed filter', async () => {
    for (const role of ['staff', 'viewer'] as const) {
      const u = await makeUserToken(c.orgId, role);
      const res = await c.as(u.token).get(`${READS}?patient_uuid=${patientId}`);
      assert.equal(res.status, 403, role);
      assert.equal(firstIssue(res).type, 'forbidden');
    }
    const bad = await c.get(`${READS}?patient_uuid=not-a-uuid`);
    assert.equal(bad.status, 422);
    assert.deepEqual(firstIssue(bad).loc, ['query', 'patient_uuid']);
  });

  it('pages newest first, and an unknown patient is an empty list (the log outlives the records)', async () => {
    const e = await newOrg();
    const p = (await e.post('/patients', { first_name: 'Cy', last_name: 'Page' })).body.id;
    for (let i = 0; i < 3; i++) assert.equal((await e.get(`/patients/${p}`)).status, 200);
    const all = await readsOf(e, `patient_uuid=${p}&page_size=2`);
    const rest = await readsOf(e, `patient_uuid=${p}&page_size=2&page=2`);
    assert.deepEqual([all.total, all.items.length, rest.items.length, all.page_size, rest.page], [3, 2, 1, 2, 2]);
    const times = [...all.items, ...rest.items].map((r: any) => Date.parse(r.read_at));
    assert.deepEqual(times, [...times].sort((x, y) => y - x));
    assert.deepEqual(await readsOf(e, `patient_uuid=${randomUUID()}`), { items: [], page: 1, page_size: 50, total: 0 });
  });
});

describe('every audited route records the patient it answers with', () => {
  it('patients, appointments, calendar days and weeks, recalls, the due list, ASAP entries, quick-fill and preferences', async () => {
    const o = await newOrg();
    const ids = await seedOneOfEach(o);
    const loc = ids.location_uuid!;
    const reads: [string, string, object?][] = [
      ['GET', '/patients'],
      ['GET', `/patients/${ids.patient_uuid}`],
      ['GET', '/appointments'],
      ['GET', `/appointments/${ids.appointment_uuid}`],
      ['GET', '/appointments/cursor'],
      ['GET', `/schedule/calendar/daily?location_uuid=${loc}&target_date=2026-03-10`],
      ['GET', `/schedule/calendar/weekly?location_uuid=${loc}&week_start=2026-03-09`],
      ['GET', '/recalls/patient-recalls'],
      ['GET', '/recalls/patient-recalls/due'],
      ['GET', `/recalls/patient-recalls/${ids.recall_uuid}`],
      ['GET', '/waitlist/entries'],
      ['GET', `/waitlist/entries/${ids.entry_uuid}`],
      ['POST', '/waitlist/quick-fill', { location_uuid: loc, slot_date: '2026-03-12', slot_start_time: '08:00', slot_end_time: '09:00' }],
      ['GET', '/schedule/patient-preferences'],
      ['GET', `/schedule/patient-preferences/${ids.preference_uuid}`],
      ['GET', `/schedule/patient-preferences/by-patient/${ids.patient_uuid}`],
    ];
    let version = 0;
    for (const [method, path, body] of reads) {
      const res = await o.request(method, path, body);
      assert.equal(res.status, 200, `${method} ${path}: ${JSON.stringify(res.body).slice(0, 300)}`);
      if (path === `/appointments/${ids.appointment_uuid}`) version = res.body.version;
    }
    // The pinboard names the appointment's patient once it is there.
    assert.equal((await o.post(`/appointments/${ids.appointment_uuid}/pinboard`, { base_version: version })).status, 200);
    assert.equal((await o.get(`/appointments/pinboard?location_uuid=${loc}`)).status, 200);

    const page = await readsOf(o, `patient_uuid=${ids.patient_uuid}&page_size=200`);
    const recorded = page.items.map((r: any) => `${r.method} ${r.route}`).reverse();
    const expected = [...reads.map(([m, p]) => `${m} /api/v1/{org_id}${p.split('?')[0]!.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '{id}')}`),
      'GET /api/v1/{org_id}/appointments/pinboard'];
    assert.deepEqual(recorded.map((r: string) => r.replace(/\{[a-z_]+_uuid\}/g, '{id}')), expected);
    const one = page.items.find((r: any) => r.route === '/api/v1/{org_id}/appointments/{appointment_uuid}');
    assert.deepEqual([one.record_kind, one.record_uuid], ['appointment', ids.appointment_uuid]);
  });
});
