import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, newOrg, testPool, type Client } from '../helpers.ts';
import { makeLocation, makeUserToken } from '../factories.ts';

after(closeTestApp);

/** Procedure codes written straight through SQL (the procedure-codes API is built elsewhere). */
async function makeProcedureCodes(orgId: string, codes: string[]): Promise<void> {
  await testPool().query(`
    INSERT INTO procedure_codes (org_id, code, description)
    SELECT $1, c, 'Procedure ' || c FROM unnest($2::text[]) AS c`, [orgId, codes]);
}

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';

async function makeType(c: Client, body: Record<string, unknown> = {}): Promise<any> {
  const res = await c.post('/appointment-types', { name: 'Exam', ...body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

async function countTypes(c: Client): Promise<number> {
  return (await c.get('/appointment-types?status=all')).body.total;
}

describe('appointment types: create and get', () => {
  it('create returns 201 with defaults: 30 minutes, no pattern, all-X effective pattern, active, version 1', async () => {
    const c = await newOrg();
    const res = await c.post('/appointment-types', { name: 'Exam' });
    assert.equal(res.status, 201);
    assert.deepEqual(Object.keys(res.body).sort(), [
      'abbrev', 'blockout_only', 'color', 'created_at', 'deleted_at', 'duration_minutes', 'effective_time_pattern', 'id',
      'is_hidden', 'item_order', 'locations', 'name', 'procedure_codes_to_add', 'require_all', 'required_procedure_codes',
      'status', 'time_pattern', 'updated_at', 'version',
    ]);
    assert.deepEqual({ ...res.body, id: undefined, created_at: undefined, updated_at: undefined }, {
      id: undefined, name: 'Exam', abbrev: null, color: null, duration_minutes: 30, time_pattern: null,
      effective_time_pattern: 'XXXXXX', blockout_only: false, is_hidden: false, item_order: 0, require_all: false,
      locations: [], required_procedure_codes: [], procedure_codes_to_add: [], status: 'active', deleted_at: null,
      version: 1, created_at: undefined, updated_at: undefined,
    });
    const got = await c.get(`/appointment-types/${res.body.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, res.body);
  });

  it('create with every field stores codes in the given order as stored and locations by name', async () => {
    const c = await newOrg();
    await makeProcedureCodes(c.orgId, ['D0120', 'D1110', 'D0274', 'D1206']);
    const uptown = await makeLocation(c.orgId, { name: 'Uptown' });
    const bay = await makeLocation(c.orgId, { name: 'Bayside' });
    const res = await c.post('/appointment-types', {
      name: 'Recall', abbrev: 'RC', color: '#42A5F5', time_pattern: '//XX//', blockout_only: true, is_hidden: true,
      item_order: 3, require_all: true, location_uuids: [uptown.id, bay.id.toUpperCase()],
      required_procedure_codes: ['d1110', 'D0120'], procedure_codes_to_add: ['D1206', 'd0274'],
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.duration_minutes, 30);
    assert.equal(res.body.time_pattern, '//XX//');
    assert.equal(res.body.effective_time_pattern, '//XX//');
    assert.deepEqual(res.body.locations, [{ id: bay.id, name: 'Bayside' }, { id: uptown.id, name: 'Uptown' }]);
    assert.deepEqual(res.body.required_procedure_codes, ['D1110', 'D0120']);
    assert.deepEqual(res.body.procedure_codes_to_add, ['D1206', 'D0274']);
    assert.deepEqual([res.body.abbrev, res.body.color, res.body.item_order], ['RC', '#42A5F5', 3]);
    assert.deepEqual([res.body.blockout_only, res.body.is_hidden, res.body.require_all], [true, true, true]);
    assert.deepEqual((await c.get(`/appointment-types/${res.body.id}`)).body, res.body);
  });

  it('create with only a duration keeps time_pattern null and derives an all-X pattern', async () => {
    const c = await newOrg();
    const t = await makeType(c, { duration_minutes: 45 });
    assert.equal(t.time_pattern, null);
    assert.equal(t.effective_time_pattern, 'XXXXXXXXX');
  });

  it('create accepts a pattern and duration that agree', async () => {
    const c = await newOrg();
    const t = await makeType(c, { time_pattern: 'X/', duration_minutes: 10 });
    assert.deepEqual([t.time_pattern, t.duration_minutes], ['X/', 10]);
  });

  it('create returns 422 time_pattern_mismatch when pattern and duration disagree, and writes nothing', async () => {
    const c = await newOrg();
    const res = await c.post('/appointment-types', { name: 'Crown', time_pattern: 'XXXX', duration_minutes: 30 });
    assert.equal(res.status, 422);
    assert.equal(firstIssue(res).type, 'time_pattern_mismatch');
    assert.deepEqual(firstIssue(res).loc, ['body', 'duration_minutes']);
    assert.equal(await countTypes(c), 0);
  });

  it('create returns 422 for invalid patterns, durations, colours and item orders', async () => {
    const c = await newOrg();
    const cases: [Record<string, unknown>, string][] = [
      [{ time_pattern: 'XOX' }, 'time_pattern'],
      [{ time_pattern: 'xx' }, 'time_pattern'],
      [{ time_pattern: '' }, 'time_pattern'],
      [{ time_pattern: 'X'.repeat(145) }, 'time_pattern'],
      [{ duration_minutes: 32 }, 'duration_minutes'],
      [{ duration_minutes: 0 }, 'duration_minutes'],
      [{ duration_minutes: 725 }, 'duration_minutes'],
      [{ duration_minutes: '30' }, 'duration_minutes'],
      [{ color: 'blue' }, 'color'],
      [{ item_order: -1 }, 'item_order'],
      [{ name: '' }, 'name'],
      [{ location_uuids: ['not-a-uuid'] }, 'location_uuids'],
      [{ required_procedure_codes: 'D0120' }, 'required_procedure_codes'],
    ];
    for (const [body, field] of cases) {
      const res = await c.post('/appointment-types', { name: 'X', ...body });
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.deepEqual(firstIssue(res).loc.slice(0, 2), ['body', field], JSON.stringify(body));
    }
    assert.equal(await countTypes(c), 0);
  });

  it('create returns 422 for a missing name, unknown fields and server-owned fields', async () => {
    const c = await newOrg();
    const missing = await c.post('/appointment-types', { duration_minutes: 30 });
    assert.equal(missing.status, 422);
    assert.deepEqual(firstIssue(missing), { loc: ['body', 'name'], msg: 'Field required', type: 'missing' });
    for (const extra of [{ id: MISSING }, { version: 3 }, { status: 'archived' }, { deleted_at: '2026-01-01T00:00:00Z' }, { effective_time_pattern: 'X' }]) {
      const res = await c.post('/appointment-types', { name: 'X', ...extra });
      assert.equal(res.status, 422, JSON.stringify(extra));
      assert.equal(firstIssue(res).type, 'extra_forbidden');
      assert.deepEqual(firstIssue(res).loc, ['body', Object.keys(extra)[0]]);
    }
    assert.equal(await countTypes(c), 0);
  });

  it('create returns 422 unknown_procedure_code at the index of each unknown code, and writes nothing', async () => {
    const c = await newOrg();
    await makeProcedureCodes(c.orgId, ['D0120']);
    const other = await newOrg();
    await makeProcedureCodes(other.orgId, ['D9999']);
    const res = await c.post('/appointment-types', { name: 'X', procedure_codes_to_add: ['D0120', 'D9999', 'D4321'] });
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.detail.map((d: any) => [d.loc, d.type]), [
      [['body', 'procedure_codes_to_add', 1], 'unknown_procedure_code'],
      [['body', 'procedure_codes_to_add', 2], 'unknown_procedure_code'],
    ]);
    assert.equal(await countTypes(c), 0);
  });

  it('create returns 422 for a code repeated in one list (case-insensitively) but accepts it in both lists', async () => {
    const c = await newOrg();
    await makeProcedureCodes(c.orgId, ['D0120', 'D1110']);
    const dup = await c.post('/appointment-types', { name: 'X', required_procedure_codes: ['D0120', 'D1110', 'd0120'] });
    assert.equal(dup.status, 422);
    assert.deepEqual(firstIssue(dup).loc, ['body', 'required_procedure_codes', 2]);
    assert.equal(await countTypes(c), 0);
    const both = await makeType(c, { required_procedure_codes: ['D0120'], procedure_codes_to_add: ['D0120'] });
    assert.deepEqual([both.required_procedure_codes, both.procedure_codes_to_add], [['D0120'], ['D0120']]);
  });

  it('create returns 404 at the index of an unknown or other organisation\'s location, and writes nothing', async () => {
    const c = await newOrg();
    const mine = await makeLocation(c.orgId);
    const other = await newOrg();
    const theirs = await makeLocation(other.orgId);
    for (const bad of [MISSING, theirs.id]) {
      const res = await c.post('/appointment-types', { name: 'X', location_uuids: [mine.id, bad] });
      assert.equal(res.status, 404);
      assert.equal(firstIssue(res).type, 'not_found');
      assert.deepEqual(firstIssue(res).loc, ['body', 'location_uuids', 1]);
    }
    const dup = await c.post('/appointment-types', { name: 'X', location_uuids: [mine.id, mine.id] });
    assert.equal(dup.status, 422);
    assert.deepEqual(firstIssue(dup).loc, ['body', 'location_uuids', 1]);
    assert.equal(await countTypes(c), 0);
  });

  it('get returns 404 for an unknown id or another organisation\'s type and 422 for a malformed id', async () => {
    const c = await newOrg();
    const other = await newOrg();
    const theirs = await makeType(other);
    for (const id of [MISSING, theirs.id]) {
      const res = await c.get(`/appointment-types/${id}`);
      assert.equal(res.status, 404);
      assert.deepEqual(firstIssue(res).loc, ['path', 'appointment_type_uuid']);
    }
    const bad = await c.get('/appointment-types/nope');
    assert.equal(bad.status, 422);
    assert.equal(firstIssue(bad).type, 'uuid_parsing');
  });
});

describe('appointment types: list', () => {
  it('list orders by item_order then name, paginates with total, and loads each item\'s links', async () => {
    const c = await newOrg();
    await makeProcedureCodes(c.orgId, ['D0120', 'D1110']);
    const loc = await makeLocation(c.orgId, { name: 'Main' });
    await makeType(c, { name: 'Zeta', item_order: 0, required_procedure_codes: ['D0120'] });
    await makeType(c, { name: 'alpha', item_order: 1, location_uuids: [loc.id] });
    await makeType(c, { name: 'Beta', item_order: 1, procedure_codes_to_add: ['D1110', 'D0120'] });
    await makeType(c, { name: 'Last', item_order: 2 });
    const all = await c.get('/appointment-types');
    assert.equal(all.status, 200);
    assert.deepEqual(all.body.items.map((t: any) => t.name), ['Zeta', 'alpha', 'Beta', 'Last']);
    assert.deepEqual(all.body.items.map((t: any) => [t.required_procedure_codes, t.procedure_codes_to_add, t.locations.length]), [
      [['D0120'], [], 0], [[], [], 1], [[], ['D1110', 'D0120'], 0], [[], [], 0],
    ]);
    const p2 = await c.get('/appointment-types?page=2&page_size=2');
    assert.deepEqual(p2.body.items.map((t: any) => t.name), ['Beta', 'Last']);
    assert.deepEqual([p2.body.page, p2.body.page_size, p2.body.total], [2, 2, 4]);
  });

  it('list shows active types by default and filters by status archived or all', async () => {
    const c = await newOrg();
    await makeType(c, { name: 'Active' });
    const old = await makeType(c, { name: 'Old' });
    assert.equal((await c.post(`/appointment-types/${old.id}/archive`)).status, 200);
    const names = async (qs: string) => (await c.get(`/appointment-types${qs}`)).body.items.map((t: any) => t.name);
    assert.deepEqual(await names(''), ['Active']);
    assert.deepEqual(await names('?status=active'), ['Active']);
    assert.deepEqual(await names('?status=archived'), ['Old']);
    assert.deepEqual(await names('?status=all'), ['Active', 'Old']);
  });

  it('list search matches a case-insensitive substring of name or abbrev, taken literally', async () => {
    const c = await newOrg();
    await makeType(c, { name: 'Crown Prep', abbrev: 'CrPrep' });
    await makeType(c, { name: 'Prophy', abbrev: 'PRO' });
    await makeType(c, { name: 'Emergency 100%' });
    const names = async (q: string) => (await c.get(`/appointment-types?search=${encodeURIComponent(q)}`)).body.items.map((t: any) => t.name);
    assert.deepEqual(await names('PREP'), ['Crown Prep']);
    assert.deepEqual(await names('pro'), ['Prophy']);
    assert.deepEqual(await names('crp'), ['Crown Prep']);
    assert.deepEqual(await names('%'), ['Emergency 100%']);
    assert.deepEqual(await names('_'), []);
  });

  it('list returns 422 for an unknown status and out-of-range paging', async () => {
    const c = await newOrg();
    for (const qs of ['status=deleted', 'page_size=0', 'page_size=201', 'page=0']) {
      const res = await c.get(`/appointment-types?${qs}`);
      assert.equal(res.status, 422, qs);
      assert.equal(firstIssue(res).loc[0], 'query');
    }
  });
});

describe('appointment types: update', () => {
  it('patch with the current base_version changes the given fields only and bumps version', async () => {
    const c = await newOrg();
    const t = await makeType(c, { abbrev: 'EX', color: '#000000', item_order: 4 });
    const res = await c.patch(`/appointment-types/${t.id}`, { base_version: 1, name: 'Periodic Exam', color: null, is_hidden: true });
    assert.equal(res.status, 200);
    assert.equal(res.body.version, 2);
    assert.deepEqual([res.body.name, res.body.abbrev, res.body.color, res.body.is_hidden, res.body.item_order], ['Periodic Exam', 'EX', null, true, 4]);
    assert.deepEqual((await c.get(`/appointment-types/${t.id}`)).body, res.body);
  });

  it('patch with only a pattern re-derives the duration; with null goes back to a derived pattern', async () => {
    const c = await newOrg();
    const t = await makeType(c, { duration_minutes: 60 });
    const withPattern = await c.patch(`/appointment-types/${t.id}`, { base_version: 1, time_pattern: '/XX/' });
    assert.equal(withPattern.status, 200);
    assert.deepEqual([withPattern.body.duration_minutes, withPattern.body.effective_time_pattern], [20, '/XX/']);
    const cleared = await c.patch(`/appointment-types/${t.id}`, { base_version: 2, time_pattern: null });
    assert.deepEqual([cleared.body.time_pattern, cleared.body.duration_minutes, cleared.body.effective_time_pattern], [null, 20, 'XXXX']);
    const longer = await c.patch(`/appointment-types/${t.id}`, { base_version: 3, duration_minutes: 40 });
    assert.deepEqual([longer.body.time_pattern, longer.body.effective_time_pattern], [null, 'XXXXXXXX']);
  });

  it('patch of only duration_minutes on a type with an explicit pattern returns 422 time_pattern_mismatch and changes nothing', async () => {
    const c = await newOrg();
    const t = await makeType(c, { time_pattern: '/XX/' });
    const res = await c.patch(`/appointment-types/${t.id}`, { base_version: 1, duration_minutes: 30, name: 'Renamed' });
    assert.equal(res.status, 422);
    assert.equal(firstIssue(res).type, 'time_pattern_mismatch');
    assert.deepEqual((await c.get(`/appointment-types/${t.id}`)).body, t);
    const both = await c.patch(`/appointment-types/${t.id}`, { base_version: 1, duration_minutes: 30, time_pattern: 'XXXXXX' });
    assert.equal(both.status, 200);
  });

  it('patch replaces the lists it is given and keeps the others', async () => {
    const c = await newOrg();
    await makeProcedureCodes(c.orgId, ['D0120', 'D1110', 'D0274']);
    const a = await makeLocation(c.orgId, { name: 'A' });
    const b = await makeLocation(c.orgId, { name: 'B' });
    const t = await makeType(c, { location_uuids: [a.id], required_procedure_codes: ['D0120'], procedure_codes_to_add: ['D1110'] });
    const res = await c.patch(`/appointment-types/${t.id}`, { base_version: 1, location_uuids: [b.id], procedure_codes_to_add: ['D0274', 'D0120'] });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.locations, [{ id: b.id, name: 'B' }]);
    assert.deepEqual(res.body.required_procedure_codes, ['D0120']);
    assert.deepEqual(res.body.procedure_codes_to_add, ['D0274', 'D0120']);
    const cleared = await c.patch(`/appointment-types/${t.id}`, { base_version: 2, location_uuids: [], required_procedure_codes: [] });
    assert.deepEqual([cleared.body.locations, cleared.body.required_procedure_codes, cleared.body.version], [[], [], 3]);
    const nulled = await c.patch(`/appointment-types/${t.id}`, { base_version: 3, location_uuids: null });
    assert.deepEqual(nulled.body.locations, []);
  });

  it('patch with an unknown code or location returns 422 / 404 and changes nothing', async () => {
    const c = await newOrg();
    await makeProcedureCodes(c.orgId, ['D0120']);
    const a = await makeLocation(c.orgId, { name: 'A' });
    const t = await makeType(c, { location_uuids: [a.id], required_procedure_codes: ['D0120'] });
    const code = await c.patch(`/appointment-types/${t.id}`, { base_version: 1, name: 'New', location_uuids: [], required_procedure_codes: ['D0000'] });
    assert.equal(code.status, 422);
    assert.deepEqual(firstIssue(code).loc, ['body', 'required_procedure_codes', 0]);
    assert.equal(firstIssue(code).type, 'unknown_procedure_code');
    const loc = await c.patch(`/appointment-types/${t.id}`, { base_version: 1, name: 'New', required_procedure_codes: [], location_uuids: [MISSING] });
    assert.equal(loc.status, 404);
    assert.deepEqual(firstIssue(loc).loc, ['body', 'location_uuids', 0]);
    assert.deepEqual((await c.get(`/appointment-types/${t.id}`)).body, t);
  });

  it('patch with a stale base_version returns 409 naming the current version and changes nothing', async () => {
    const c = await newOrg();
    const t = await makeType(c, { time_pattern: 'XX' });
    assert.equal((await c.patch(`/appointment-types/${t.id}`, { base_version: 1, name: 'Second' })).status, 200);
    // The duration would also disagree with the pattern: the stale version is reported first.
    const stale = await c.patch(`/appointment-types/${t.id}`, { base_version: 1, name: 'Lost update', duration_minutes: 30 });
    assert.equal(stale.status, 409);
    assert.equal(firstIssue(stale).type, 'version_conflict');
    assert.match(firstIssue(stale).msg, /current version is 2/);
    const got = (await c.get(`/appointment-types/${t.id}`)).body;
    assert.deepEqual([got.name, got.version], ['Second', 2]);
  });

  it('patch returns 404 for an unknown or other organisation\'s type and 422 without base_version or with unknown fields', async () => {
    const c = await newOrg();
    const other = await newOrg();
    const theirs = await makeType(other);
    for (const id of [MISSING, theirs.id]) {
      const res = await c.patch(`/appointment-types/${id}`, { base_version: 1, name: 'Hijack' });
      assert.equal(res.status, 404);
      assert.deepEqual(firstIssue(res).loc, ['path', 'appointment_type_uuid']);
    }
    assert.equal((await other.get(`/appointment-types/${theirs.id}`)).body.name, 'Exam');
    const t = await makeType(c);
    const noVersion = await c.patch(`/appointment-types/${t.id}`, { name: 'B' });
    assert.equal(noVersion.status, 422);
    assert.deepEqual(firstIssue(noVersion).loc, ['body', 'base_version']);
    const extra = await c.patch(`/appointment-types/${t.id}`, { base_version: 1, status: 'active' });
    assert.equal(extra.status, 422);
    assert.equal(firstIssue(extra).type, 'extra_forbidden');
    assert.equal((await c.get(`/appointment-types/${t.id}`)).body.version, 1);
  });
});

describe('appointment types: archive, roles and locations', () => {
  it('archive returns 200 with status archived, deleted_at set and version bumped; again returns it unchanged', async () => {
    const c = await newOrg();
    const t = await makeType(c);
    const res = await c.post(`/appointment-types/${t.id}/archive`);
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'archived');
    assert.match(res.body.deleted_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(res.body.version, 2);
    const again = await c.post(`/appointment-types/${t.id}/archive`);
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, res.body);
    assert.deepEqual((await c.get(`/appointment-types/${t.id}`)).body, res.body);
  });

  it('archive returns 404 for an unknown or other organisation\'s type and archives nothing', async () => {
    const c = await newOrg();
    const other = await newOrg();
    const theirs = await makeType(other);
    for (const id of [MISSING, theirs.id]) {
      const res = await c.post(`/appointment-types/${id}/archive`);
      assert.equal(res.status, 404);
      assert.deepEqual(firstIssue(res).loc, ['path', 'appointment_type_uuid']);
    }
    assert.equal((await other.get(`/appointment-types/${theirs.id}`)).body.status, 'active');
  });

  it('patch of an archived type returns 200 and the type stays archived', async () => {
    const c = await newOrg();
    const t = await makeType(c, { name: 'Exma' });
    const archived = (await c.post(`/appointment-types/${t.id}/archive`)).body;
    const res = await c.patch(`/appointment-types/${t.id}`, { base_version: 2, name: 'Exam' });
    assert.equal(res.status, 200);
    assert.deepEqual([res.body.name, res.body.status, res.body.deleted_at, res.body.version], ['Exam', 'archived', archived.deleted_at, 3]);
  });

  it('a viewer may read but every write returns 403 and changes nothing', async () => {
    const c = await newOrg();
    const t = await makeType(c);
    const viewer = c.as((await makeUserToken(c.orgId, 'viewer')).token);
    assert.equal((await viewer.get('/appointment-types')).status, 200);
    assert.equal((await viewer.get(`/appointment-types/${t.id}`)).status, 200);
    const create = await viewer.post('/appointment-types', { name: 'X' });
    assert.equal(create.status, 403);
    assert.equal(firstIssue(create).type, 'forbidden');
    assert.equal((await viewer.patch(`/appointment-types/${t.id}`, { base_version: 1, name: 'Y' })).status, 403);
    assert.equal((await viewer.post(`/appointment-types/${t.id}/archive`)).status, 403);
    assert.deepEqual((await c.get(`/appointment-types/${t.id}`)).body, t);
    assert.equal(await countTypes(c), 1);
  });

  it('a location-limited user reads every type but may only name their own locations (404 otherwise)', async () => {
    const c = await newOrg();
    const mine = await makeLocation(c.orgId, { name: 'Mine' });
    const other = await makeLocation(c.orgId, { name: 'Other' });
    const elsewhere = await makeType(c, { name: 'Elsewhere', location_uuids: [other.id] });
    const limited = c.as((await makeUserToken(c.orgId, 'staff', [mine.id])).token);
    assert.deepEqual((await limited.get('/appointment-types')).body.items.map((t: any) => t.name), ['Elsewhere']);
    assert.equal((await limited.get(`/appointment-types/${elsewhere.id}`)).status, 200);
    const outside = await limited.post('/appointment-types', { name: 'X', location_uuids: [mine.id, other.id] });
    assert.equal(outside.status, 404);
    assert.deepEqual(firstIssue(outside).loc, ['body', 'location_uuids', 1]);
    const patchOutside = await limited.patch(`/appointment-types/${elsewhere.id}`, { base_version: 1, location_uuids: [other.id] });
    assert.equal(patchOutside.status, 404);
    assert.equal(await countTypes(c), 1);
    const own = await limited.post('/appointment-types', { name: 'Mine only', location_uuids: [mine.id] });
    assert.equal(own.status, 201);
    assert.deepEqual(own.body.locations, [{ id: mine.id, name: 'Mine' }]);
    assert.equal((await limited.patch(`/appointment-types/${elsewhere.id}`, { base_version: 1, name: 'Renamed' })).status, 200);
    assert.equal((await limited.post(`/appointment-types/${elsewhere.id}/archive`)).status, 200);
  });
});
