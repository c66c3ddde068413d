import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { insertAppointmentRule } from '../../src/schedule/db/appointment-rules.ts';
import { closeTestApp, firstIssue, newOrg, testPool, type Client, loseRaceAtUniqueKey } from '../helpers.ts';
import { makeLocation, makeUserToken } from '../factories.ts';

after(closeTestApp);

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';

/** An appointment type created through the API; returns its id. */
async function makeType(c: Client, name: string): Promise<string> {
  const res = await c.post('/appointment-types', { name, duration_minutes: 30 });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

/** A rule created through the API (fields override the body). */
async function makeRule(c: Client, a: string, b: string, fields: Record<string, unknown> = {}) {
  const res = await c.post('/schedule/appointment-rules', { appointment_type_uuid_a: a, appointment_type_uuid_b: b, allow_overlap: false, ...fields });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

const pairs = (res: { body: { items: any[] } }) =>
  res.body.items.map((r) => `${r.appointment_type_a.name}+${r.appointment_type_b.name}@${r.location?.name ?? '*'}`);

describe('appointment rules', () => {
  it('create returns 201 with both types and the location as references, allow_overlap and version 1', async () => {
    const c = await newOrg();
    const loc = await makeLocation(c.orgId, { name: 'Downtown' });
    const exam = await makeType(c, 'Exam');
    const clean = await makeType(c, 'Cleaning');
    const res = await c.post('/schedule/appointment-rules', {
      appointment_type_uuid_a: exam, appointment_type_uuid_b: clean, location_uuid: loc.id, allow_overlap: true,
    });
    assert.equal(res.status, 201);
    assert.deepEqual(Object.keys(res.body).sort(),
      ['allow_overlap', 'appointment_type_a', 'appointment_type_b', 'created_at', 'id', 'location', 'updated_at', 'version']);
    assert.deepEqual(res.body.appointment_type_a, { id: exam, name: 'Exam' });
    assert.deepEqual(res.body.appointment_type_b, { id: clean, name: 'Cleaning' });
    assert.deepEqual(res.body.location, { id: loc.id, name: 'Downtown' });
    assert.equal(res.body.allow_overlap, true);
    assert.equal(res.body.version, 1);
    const got = await c.get(`/schedule/appointment-rules/${res.body.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, res.body);
  });

  it('create without location_uuid, or with null, makes an org-wide rule (location null)', async () => {
    const c = await newOrg();
    const exam = await makeType(c, 'Exam');
    const clean = await makeType(c, 'Cleaning');
    const crown = await makeType(c, 'Crown');
    assert.equal((await makeRule(c, exam, clean)).location, null);
    const explicit = await makeRule(c, exam, crown, { location_uuid: null });
    assert.equal(explicit.location, null);
    assert.equal((await c.get(`/schedule/appointment-rules/${explicit.id}`)).body.location, null);
  });

  it('create returns 409 already_exists naming the existing rule for the same pair in either order at the same location, and writes nothing', async () => {
    const c = await newOrg();
    const loc = await makeLocation(c.orgId);
    const exam = await makeType(c, 'Exam');
    const clean = await makeType(c, 'Cleaning');
    const atLoc = await makeRule(c, exam, clean, { location_uuid: loc.id });
    const orgWide = await makeRule(c, exam, clean);
    for (const [a, b, location, existing] of [
      [exam, clean, loc.id, atLoc.id], [clean, exam, loc.id, atLoc.id], [clean, exam, undefined, orgWide.id], [exam, clean, null, orgWide.id],
    ] as const) {
      const res = await c.post('/schedule/appointment-rules', { appointment_type_uuid_a: a, appointment_type_uuid_b: b, location_uuid: location, allow_overlap: true });
      assert.equal(res.status, 409, `${a} ${b} ${location}`);
      assert.equal(firstIssue(res).type, 'already_exists');
      assert.deepEqual(firstIssue(res).loc, ['body']);
      assert.match(firstIssue(res).msg, new RegExp(existing));
    }
    const listed = [...(await c.get(`/schedule/appointment-rules?location_uuid=${loc.id}`)).body.items,
      ...(await c.get('/schedule/appointment-rules')).body.items];
    assert.deepEqual(listed.map((r: any) => [r.id, r.allow_overlap, r.version]), [[atLoc.id, false, 1], [orgWide.id, false, 1]]);
    const elsewhere = await makeLocation(c.orgId, { name: 'Elsewhere' });
    assert.equal((await makeRule(c, clean, exam, { location_uuid: elsewhere.id })).location.id, elsewhere.id);
  });

  it('a type paired with itself is allowed once per location (two recalls may overlap)', async () => {
    const c = await newOrg();
    const recall = await makeType(c, 'Recall');
    const rule = await makeRule(c, recall, recall, { allow_overlap: true });
    assert.deepEqual([rule.appointment_type_a.id, rule.appointment_type_b.id, rule.allow_overlap], [recall, recall, true]);
    const again = await c.post('/schedule/appointment-rules', { appointment_type_uuid_a: recall, appointment_type_uuid_b: recall, allow_overlap: false });
    assert.equal(again.status, 409);
    assert.match(firstIssue(again).msg, new RegExp(rule.id));
  });

  it('a create that loses the race at the unique pair index still returns 409 already_exists naming the winner', async () => {
    const c = await newOrg();
    const exam = await makeType(c, 'Exam');
    const clean = await makeType(c, 'Cleaning');
    const { winner, res } = await loseRaceAtUniqueKey(
      (tx) => insertAppointmentRule(tx, c.orgId, { appointment_type_a_id: exam, appointment_type_b_id: clean, location_id: null, allow_overlap: true }),
      () => c.post('/schedule/appointment-rules', { appointment_type_uuid_a: clean, appointment_type_uuid_b: exam, allow_overlap: false }));
    assert.equal(res.status, 409);
    assert.equal(firstIssue(res).type, 'already_exists');
    assert.match(firstIssue(res).msg, new RegExp(winner.id));
    assert.equal((await c.get('/schedule/appointment-rules')).body.total, 1);
  });

  it('create returns 404 at the body field for an unknown or another organisation\'s type or location, accepts archived types, and writes nothing', async () => {
    const c = await newOrg();
    const other = await newOrg();
    const exam = await makeType(c, 'Exam');
    const foreignType = await makeType(other, 'Theirs');
    const foreignLoc = await makeLocation(other.orgId);
    const cases: [Record<string, unknown>, string][] = [
      [{ appointment_type_uuid_a: MISSING }, 'appointment_type_uuid_a'], [{ appointment_type_uuid_b: foreignType }, 'appointment_type_uuid_b'],
      [{ location_uuid: MISSING }, 'location_uuid'], [{ location_uuid: foreignLoc.id }, 'location_uuid'],
    ];
    for (const [bad, field] of cases) {
      const res = await c.post('/schedule/appointment-rules', { appointment_type_uuid_a: exam, appointment_type_uuid_b: exam, allow_overlap: false, ...bad });
      assert.equal(res.status, 404, JSON.stringify(bad));
      assert.equal(firstIssue(res).type, 'not_found');
      assert.deepEqual(firstIssue(res).loc, ['body', field]);
    }
    assert.equal((await c.get('/schedule/appointment-rules')).body.total, 0);
    assert.equal((await c.post(`/appointment-types/${exam}/archive`)).status, 200);
    assert.equal((await makeRule(c, exam, exam)).appointment_type_a.name, 'Exam');
  });

  it('create returns 422 for missing, unknown and malformed fields, and writes nothing', async () => {
    const c = await newOrg();
    const exam = await makeType(c, 'Exam');
    const ok = { appointment_type_uuid_a: exam, appointment_type_uuid_b: exam, allow_overlap: false };
    for (const field of ['appointment_type_uuid_a', 'appointment_type_uuid_b', 'allow_overlap'] as const) {
      const { [field]: _gone, ...rest } = ok;
      assert.deepEqual(firstIssue(await c.post('/schedule/appointment-rules', rest)), { loc: ['body', field], msg: 'Field required', type: 'missing' });
    }
    for (const extra of [{ id: MISSING }, { version: 1 }, { location_id: MISSING }, { appointment_type_a: exam }]) {
      const res = await c.post('/schedule/appointment-rules', { ...ok, ...extra });
      assert.equal(res.status, 422, JSON.stringify(extra));
      assert.equal(firstIssue(res).type, 'extra_forbidden');
    }
    const cases: [Record<string, unknown>, string][] = [
      [{ allow_overlap: 'true' }, 'bool_type'], [{ allow_overlap: null }, 'bool_type'], [{ appointment_type_uuid_a: 'nope' }, 'uuid_parsing'],
      [{ location_uuid: 'nope' }, 'uuid_parsing'], [{ location_uuid: 5 }, 'string_type'],
    ];
    for (const [bad, type] of cases) {
      const res = await c.post('/schedule/appointment-rules', { ...ok, ...bad });
      assert.equal(res.status, 422, JSON.stringify(bad));
      assert.equal(firstIssue(res).type, type, JSON.stringify(bad));
    }
    assert.equal((await c.get('/schedule/appointment-rules')).body.total, 0);
  });

  it('list gives a location\'s rules with location_uuid and only the org-wide rules without it; appointment_type_uuid matches either side', async () => {
    const c = await newOrg();
    const west = await makeLocation(c.orgId, { name: 'West' });
    const east = await makeLocation(c.orgId, { name: 'East' });
    const exam = await makeType(c, 'Exam');
    const clean = await makeType(c, 'Cleaning');
    const crown = await makeType(c, 'Crown');
    await makeRule(c, exam, clean);
    await makeRule(c, crown, exam);
    await makeRule(c, clean, clean);
    await makeRule(c, exam, clean, { location_uuid: west.id });
    await makeRule(c, crown, clean, { location_uuid: west.id });
    const orgWide = await c.get('/schedule/appointment-rules');
    assert.equal(orgWide.status, 200);
    assert.deepEqual(pairs(orgWide), ['Cleaning+Cleaning@*', 'Crown+Exam@*', 'Exam+Cleaning@*']);
    assert.equal(orgWide.body.total, 3);
    assert.deepEqual(pairs(await c.get(`/schedule/appointment-rules?location_uuid=${west.id}`)), ['Crown+Cleaning@West', 'Exam+Cleaning@West']);
    assert.equal((await c.get(`/schedule/appointment-rules?location_uuid=${east.id}`)).body.total, 0);
    assert.deepEqual(pairs(await c.get(`/schedule/appointment-rules?appointment_type_uuid=${exam}`)), ['Crown+Exam@*', 'Exam+Cleaning@*']);
    assert.deepEqual(pairs(await c.get(`/schedule/appointment-rules?appointment_type_uuid=${clean}&location_uuid=${west.id}`)),
      ['Crown+Cleaning@West', 'Exam+Cleaning@West']);
    const p2 = await c.get('/schedule/appointment-rules?page=2&page_size=2');
    assert.deepEqual(pairs(p2), ['Exam+Cleaning@*']);
    assert.deepEqual([p2.body.page, p2.body.page_size, p2.body.total], [2, 2, 3]);
    for (const qs of ['location_uuid=nope', 'appointment_type_uuid=nope', 'page=0', 'page_size=201']) {
      const res = await c.get(`/schedule/appointment-rules?${qs}`);
      assert.equal(res.status, 422, qs);
      assert.equal(firstIssue(res).loc[0], 'query');
    }
  });

  it('get returns 404 for an unknown id or another organisation\'s rule, and 422 for a malformed id', async () => {
    const c = await newOrg();
    const other = await newOrg();
    const theirs = await makeType(other, 'Theirs');
    const foreign = await makeRule(other, theirs, theirs);
    for (const id of [MISSING, foreign.id]) {
      const res = await c.get(`/schedule/appointment-rules/${id}`);
      assert.equal(res.status, 404);
      assert.deepEqual(firstIssue(res).loc, ['path', 'rule_uuid']);
    }
    assert.equal(firstIssue(await c.get('/schedule/appointment-rules/nope')).type, 'uuid_parsing');
  });

  it('patch sets allow_overlap with the current base_version (version 2); a stale one returns 409 naming the current version', async () => {
    const c = await newOrg();
    const loc = await makeLocation(c.orgId);
    const exam = await makeType(c, 'Exam');
    const rule = await makeRule(c, exam, exam, { location_uuid: loc.id });
    const ok = await c.patch(`/schedule/appointment-rules/${rule.id}`, { base_version: 1, allow_overlap: true });
    assert.equal(ok.status, 200);
    assert.deepEqual([ok.body.allow_overlap, ok.body.version], [true, 2]);
    assert.deepEqual([ok.body.appointment_type_a, ok.body.appointment_type_b, ok.body.location], [rule.appointment_type_a, rule.appointment_type_b, rule.location]);
    const stale = await c.patch(`/schedule/appointment-rules/${rule.id}`, { base_version: 1, allow_overlap: false });
    assert.equal(stale.status, 409);
    assert.equal(firstIssue(stale).type, 'version_conflict');
    assert.match(firstIssue(stale).msg, /current version is 2/);
    assert.equal((await c.get(`/schedule/appointment-rules/${rule.id}`)).body.allow_overlap, true);
  });

  it('patch returns 422 for the immutable pair or location, a missing allow_overlap or base_version, and changes nothing', async () => {
    const c = await newOrg();
    const loc = await makeLocation(c.orgId);
    const exam = await makeType(c, 'Exam');
    const clean = await makeType(c, 'Cleaning');
    const rule = await makeRule(c, exam, clean);
    for (const extra of [{ location_uuid: loc.id }, { appointment_type_uuid_a: clean }, { appointment_type_uuid_b: exam }]) {
      const res = await c.patch(`/schedule/appointment-rules/${rule.id}`, { base_version: 1, allow_overlap: true, ...extra });
      assert.equal(res.status, 422, JSON.stringify(extra));
      assert.deepEqual(firstIssue(res), { loc: ['body', Object.keys(extra)[0]], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' });
    }
    assert.deepEqual(firstIssue(await c.patch(`/schedule/appointment-rules/${rule.id}`, { base_version: 1 })).loc, ['body', 'allow_overlap']);
    assert.deepEqual(firstIssue(await c.patch(`/schedule/appointment-rules/${rule.id}`, { allow_overlap: true })).loc, ['body', 'base_version']);
    const got = (await c.get(`/schedule/appointment-rules/${rule.id}`)).body;
    assert.deepEqual([got.allow_overlap, got.version, got.location], [false, 1, null]);
  });

  it('patch and delete return 404 for an unknown id or another organisation\'s rule, and change nothing', async () => {
    const c = await newOrg();
    const other = await newOrg();
    const theirs = await makeType(other, 'Theirs');
    const foreign = await makeRule(other, theirs, theirs);
    for (const id of [MISSING, foreign.id]) {
      const patched = await c.patch(`/schedule/appointment-rules/${id}`, { base_version: 1, allow_overlap: true });
      assert.equal(patched.status, 404);
      assert.deepEqual(firstIssue(patched).loc, ['path', 'rule_uuid']);
      assert.equal((await c.delete(`/schedule/appointment-rules/${id}`)).status, 404);
    }
    const untouched = (await other.get(`/schedule/appointment-rules/${foreign.id}`)).body;
    assert.deepEqual([untouched.allow_overlap, untouched.version], [false, 1]);
  });

  it('delete removes the rule for good (204, then 404) and frees the pair for a new rule', async () => {
    const c = await newOrg();
    const exam = await makeType(c, 'Exam');
    const clean = await makeType(c, 'Cleaning');
    const rule = await makeRule(c, exam, clean);
    assert.equal((await c.delete(`/schedule/appointment-rules/${rule.id}`)).status, 204);
    assert.equal((await c.get(`/schedule/appointment-rules/${rule.id}`)).status, 404);
    assert.equal((await c.delete(`/schedule/appointment-rules/${rule.id}`)).status, 404);
    const { rows } = await testPool().query('SELECT 1 FROM appointment_rules WHERE org_id = $1', [c.orgId]);
    assert.equal(rows.length, 0);
    assert.equal((await makeRule(c, clean, exam, { allow_overlap: true })).allow_overlap, true);
  });

  it('a viewer may read rules but every write returns 403 and changes nothing', async () => {
    const c = await newOrg();
    const exam = await makeType(c, 'Exam');
    const rule = await makeRule(c, exam, exam);
    const viewer = c.as((await makeUserToken(c.orgId, 'viewer')).token);
    assert.equal((await viewer.get(`/schedule/appointment-rules/${rule.id}`)).status, 200);
    assert.equal((await viewer.get('/schedule/appointment-rules')).body.total, 1);
    const res = await viewer.post('/schedule/appointment-rules', { appointment_type_uuid_a: exam, appointment_type_uuid_b: exam, allow_overlap: true });
    assert.equal(res.status, 403);
    assert.equal(firstIssue(res).type, 'forbidden');
    assert.equal((await viewer.patch(`/schedule/appointment-rules/${rule.id}`, { base_version: 1, allow_overlap: true })).status, 403);
    assert.equal((await viewer.delete(`/schedule/appointment-rules/${rule.id}`)).status, 403);
    const got = (await c.get(`/schedule/appointment-rules/${rule.id}`)).body;
    assert.deepEqual([got.allow_overlap, got.version], [false, 1]);
  });

  it('a location-limited staff user sees their locations\' and the org-wide rules, may not write org-wide ones (403), and cannot see others (404)', async () => {
    const c = await newOrg();
    const mine = await makeLocation(c.orgId, { name: 'Mine' });
    const theirs = await makeLocation(c.orgId, { name: 'Theirs' });
    const exam = await makeType(c, 'Exam');
    const clean = await makeType(c, 'Cleaning');
    const orgWide = await makeRule(c, exam, clean);
    const otherRule = await makeRule(c, exam, clean, { location_uuid: theirs.id });
    const limited = c.as((await makeUserToken(c.orgId, 'staff', [mine.id])).token);

    assert.deepEqual((await limited.get('/schedule/appointment-rules')).body.items.map((r: any) => r.id), [orgWide.id]);
    assert.equal((await limited.get(`/schedule/appointment-rules/${orgWide.id}`)).status, 200);
    assert.equal((await limited.get(`/schedule/appointment-rules?location_uuid=${theirs.id}`)).body.total, 0);
    assert.equal((await limited.get(`/schedule/appointment-rules/${otherRule.id}`)).status, 404);
    assert.equal((await limited.patch(`/schedule/appointment-rules/${otherRule.id}`, { base_version: 1, allow_overlap: true })).status, 404);
    assert.equal((await limited.delete(`/schedule/appointment-rules/${otherRule.id}`)).status, 404);
    const sneaky = await limited.post('/schedule/appointment-rules', { appointment_type_uuid_a: clean, appointment_type_uuid_b: clean, location_uuid: theirs.id, allow_overlap: true });
    assert.equal(sneaky.status, 404);
    assert.deepEqual(firstIssue(sneaky).loc, ['body', 'location_uuid']);

    for (const res of [
      await limited.post('/schedule/appointment-rules', { appointment_type_uuid_a: clean, appointment_type_uuid_b: clean, allow_overlap: true }),
      await limited.patch(`/schedule/appointment-rules/${orgWide.id}`, { base_version: 1, allow_overlap: true }),
      await limited.delete(`/schedule/appointment-rules/${orgWide.id}`),
    ]) {
      assert.equal(res.status, 403);
      assert.equal(firstIssue(res).type, 'forbidden');
    }
    assert.deepEqual(pairs(await c.get('/schedule/appointment-rules')), ['Exam+Cleaning@*']);
    assert.deepEqual((await c.get(`/schedule/appointment-rules/${orgWide.id}`)).body.version, 1);
    assert.deepEqual((await c.get(`/schedule/appointment-rules/${otherRule.id}`)).body.version, 1);

    const own = await makeRule(limited, clean, exam, { location_uuid: mine.id });
    assert.deepEqual(pairs(await limited.get(`/schedule/appointment-rules?location_uuid=${mine.id}`)), ['Cleaning+Exam@Mine']);
    assert.equal((await limited.patch(`/schedule/appointment-rules/${own.id}`, { base_version: 1, allow_overlap: true })).status, 200);
    assert.equal((await limited.delete(`/schedule/appointment-rules/${own.id}`)).status, 204);
  });
});
