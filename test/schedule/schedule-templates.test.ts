import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, newOrg, testPool, type Client } from '../helpers.ts';
import { makeLocation, makeOperatory, makeProvider, makeUserToken } from '../factories.ts';

after(closeTestApp);

/** An org with a New York location, a provider and a body builder for templates of that pair. */
async function setup() {
  const c = await newOrg();
  const loc = await makeLocation(c.orgId, { name: 'Main Street' });
  const provider = await makeProvider(c.orgId);
  const body = (over: Record<string, unknown> = {}) => ({
    provider_uuid: provider.id, location_uuid: loc.id, day_of_week: 0, start_time: '08:00', end_time: '12:00',
    effective_from: '2026-01-01', ...over,
  });
  return { c, loc, provider, body };
}

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';
const total = async (c: Client) => (await c.get('/schedule/templates')).body.total;

describe('schedule templates', () => {
  it('create returns 201 with HH:MM:SS times, references, note "" and operatory null; get returns the same', async () => {
    const { c, loc, provider, body } = await setup();
    const res = await c.post('/schedule/templates', body());
    assert.equal(res.status, 201);
    assert.deepEqual(res.body.provider, { id: provider.id, name: 'Dana Molar' });
    assert.deepEqual(res.body.location, { id: loc.id, name: 'Main Street' });
    assert.equal(res.body.operatory, null);
    assert.equal(res.body.day_of_week, 0);
    assert.equal(res.body.start_time, '08:00:00');
    assert.equal(res.body.end_time, '12:00:00');
    assert.equal(res.body.effective_from, '2026-01-01');
    assert.equal(res.body.effective_to, null);
    assert.equal(res.body.note, '');
    assert.equal(res.body.version, 1);
    assert.match(res.body.created_at, /Z$/);
    const got = await c.get(`/schedule/templates/${res.body.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, res.body);
  });

  it('create with an operatory of the location returns it as a reference; one of another location returns 422 and writes nothing', async () => {
    const { c, loc, body } = await setup();
    const op = await makeOperatory(c.orgId, loc.id, 'Chair 3');
    const ok = await c.post('/schedule/templates', body({ operatory_uuid: op.id, effective_to: '2026-06-30', note: 'mornings' }));
    assert.equal(ok.status, 201);
    assert.deepEqual(ok.body.operatory, { id: op.id, name: 'Chair 3' });
    assert.equal(ok.body.effective_to, '2026-06-30');
    assert.equal(ok.body.note, 'mornings');
    const elsewhere = await makeOperatory(c.orgId, (await makeLocation(c.orgId, { name: 'Uptown' })).id);
    const res = await c.post('/schedule/templates', body({ day_of_week: 1, operatory_uuid: elsewhere.id }));
    assert.equal(res.status, 422);
    assert.deepEqual(firstIssue(res).loc, ['body', 'operatory_uuid']);
    assert.equal(await total(c), 1);
  });

  it('create returns 404 at the body field for an unknown or another organisation\'s provider, location or operatory', async () => {
    const { c, body } = await setup();
    const other = await newOrg();
    const foreignLoc = await makeLocation(other.orgId);
    const foreignProvider = await makeProvider(other.orgId);
    const foreignOp = await makeOperatory(other.orgId, foreignLoc.id);
    const cases: [Record<string, unknown>, string][] = [
      [{ provider_uuid: MISSING }, 'provider_uuid'], [{ provider_uuid: foreignProvider.id }, 'provider_uuid'],
      [{ location_uuid: MISSING }, 'location_uuid'], [{ location_uuid: foreignLoc.id }, 'location_uuid'],
      [{ operatory_uuid: MISSING }, 'operatory_uuid'], [{ operatory_uuid: foreignOp.id }, 'operatory_uuid'],
    ];
    for (const [over, field] of cases) {
      const res = await c.post('/schedule/templates', body(over));
      assert.equal(res.status, 404, JSON.stringify(over));
      assert.deepEqual(firstIssue(res).loc, ['body', field]);
      assert.equal(firstIssue(res).type, 'not_found');
    }
    assert.equal(await total(c), 0);
  });

  it('create returns 422 for a day_of_week outside 0–6, an end not after the start, effective_to before effective_from, bad or unknown fields', async () => {
    const { c, body } = await setup();
    const cases: [Record<string, unknown>, (string | number)[], string][] = [
      [{ day_of_week: 7 }, ['body', 'day_of_week'], 'less_than_equal'],
      [{ day_of_week: -1 }, ['body', 'day_of_week'], 'greater_than_equal'],
      [{ day_of_week: '1' }, ['body', 'day_of_week'], 'int_type'],
      [{ start_time: '12:00', end_time: '08:00' }, ['body', 'end_time'], 'value_error'],
      [{ start_time: '08:00', end_time: '08:00:00' }, ['body', 'end_time'], 'value_error'],
      [{ effective_from: '2026-05-01', effective_to: '2026-04-30' }, ['body', 'effective_to'], 'value_error'],
      [{ start_time: '24:00' }, ['body', 'start_time'], 'string_pattern_mismatch'],
      [{ effective_from: '2026-02-30' }, ['body', 'effective_from'], 'date_parsing'],
      [{ provider_uuid: 'nope' }, ['body', 'provider_uuid'], 'uuid_parsing'],
      [{ version: 2 }, ['body', 'version'], 'extra_forbidden'],
      [{ provider_id: MISSING }, ['body', 'provider_id'], 'extra_forbidden'],
    ];
    for (const [over, loc, type] of cases) {
      const res = await c.post('/schedule/templates', body(over));
      assert.equal(res.status, 422, JSON.stringify(over));
      assert.deepEqual(firstIssue(res).loc, loc, JSON.stringify(over));
      assert.equal(firstIssue(res).type, type, JSON.stringify(over));
    }
    const missing = await c.post('/schedule/templates', { provider_uuid: MISSING });
    assert.equal(missing.status, 422);
    assert.equal(firstIssue(missing).type, 'missing');
    assert.equal(await total(c), 0);
  });

  it('a time in a DST gap is accepted: templates are recurring wall-clock rules, resolved per date', async () => {
    const { c, body } = await setup();
    // 02:30 does not exist on 2026-03-08 in New York, but exists on every other Sunday.
    const res = await c.post('/schedule/templates', body({ day_of_week: 6, start_time: '02:30', end_time: '04:00' }));
    assert.equal(res.status, 201);
    assert.equal(res.body.start_time, '02:30:00');
  });

  it('split shifts, back-to-back times, other weekdays and disjoint effective periods do not overlap (201)', async () => {
    const { c, body } = await setup();
    for (const over of [
      {}, { start_time: '13:00', end_time: '17:00' }, { start_time: '12:00', end_time: '13:00' }, { day_of_week: 1 },
      { start_time: '09:00', end_time: '10:00', effective_from: '2025-01-01', effective_to: '2025-12-31' },
    ]) {
      const res = await c.post('/schedule/templates', body(over));
      assert.equal(res.status, 201, JSON.stringify(over));
    }
    const elsewhere = await makeLocation(c.orgId, { name: 'Uptown' });
    assert.equal((await c.post('/schedule/templates', body({ location_uuid: elsewhere.id }))).status, 201);
    assert.equal(await total(c), 6);
  });

  it('create returns 409 overlap naming the other template when times and effective periods overlap, and writes nothing', async () => {
    const { c, body } = await setup();
    const first = (await c.post('/schedule/templates', body({ effective_to: '2026-06-30' }))).body;
    for (const over of [
      { start_time: '11:59', end_time: '13:00' }, { start_time: '07:00', end_time: '08:01' },
      { start_time: '09:00', end_time: '10:00', effective_from: '2026-06-30' },
      { effective_from: '2025-01-01', effective_to: '2026-01-01' },
    ]) {
      const res = await c.post('/schedule/templates', body(over));
      assert.equal(res.status, 409, JSON.stringify(over));
      assert.equal(firstIssue(res).type, 'overlap');
      assert.match(firstIssue(res).msg, new RegExp(`${first.id}.*Monday 08:00:00–12:00:00, effective 2026-01-01 to 2026-06-30`));
    }
    assert.equal(await total(c), 1);
  });

  it('concurrent overlapping creates for one provider: exactly one returns 201, the others 409 overlap', async () => {
    const { c, body } = await setup();
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => c.post('/schedule/templates', body({ start_time: `0${8 + (i % 2)}:00` }))));
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 409, 409, 409, 409]);
    assert.ok(results.filter((r) => r.status === 409).every((r) => firstIssue(r).type === 'overlap'));
    assert.equal(await total(c), 1);
  });

  it('the exclusion constraint backstops a writer that skips the lock: the blocked create returns 409 overlap naming its template', async () => {
    const { c, loc, provider, body } = await setup();
    const raw = await testPool().connect();
    try {
      await raw.query('BEGIN');
      const { rows } = await raw.query(`INSERT INTO provider_schedule_templates
        (org_id, provider_id, location_id, day_of_week, start_time, end_time, effective_from)
        VALUES ($1, $2, $3, 0, '10:00', '11:00', '2026-01-01') RETURNING id`, [c.orgId, provider.id, loc.id]);
      const pending = c.post('/schedule/templates', body());
      await new Promise((resolve) => setTimeout(resolve, 200)); // the create passes its check, then waits on the constraint
      await raw.query('COMMIT');
      const res = await pending;
      assert.equal(res.status, 409);
      assert.equal(firstIssue(res).type, 'overlap');
      assert.match(firstIssue(res).msg, new RegExp(rows[0].id));
    } finally {
      raw.release();
    }
    assert.equal(await total(c), 1);
  });

  it('list orders by weekday, start time and provider last name, filters, paginates, and returns 404 for an unknown provider or location filter', async () => {
    const { c, loc, provider, body } = await setup();
    const adams = await makeProvider(c.orgId, { first_name: 'Zed', last_name: 'Adams' });
    const uptown = await makeLocation(c.orgId, { name: 'Uptown' });
    await c.post('/schedule/templates', body({ day_of_week: 2 }));
    await c.post('/schedule/templates', body({ start_time: '13:00', end_time: '17:00' }));
    await c.post('/schedule/templates', body());
    await c.post('/schedule/templates', body({ provider_uuid: adams.id }));
    await c.post('/schedule/templates', body({ provider_uuid: adams.id, location_uuid: uptown.id, day_of_week: 2 }));
    const all = (await c.get('/schedule/templates')).body;
    assert.deepEqual(all.items.map((t: any) => `${t.day_of_week} ${t.start_time} ${t.provider.name}`), [
      '0 08:00:00 Zed Adams', '0 08:00:00 Dana Molar', '0 13:00:00 Dana Molar', '2 08:00:00 Zed Adams', '2 08:00:00 Dana Molar',
    ]);
    assert.equal((await c.get(`/schedule/templates?provider_uuid=${provider.id}`)).body.total, 3);
    assert.equal((await c.get(`/schedule/templates?location_uuid=${loc.id}&day_of_week=0`)).body.total, 3);
    assert.equal((await c.get(`/schedule/templates?location_uuid=${uptown.id}`)).body.total, 1);
    const p2 = (await c.get('/schedule/templates?page=2&page_size=2')).body;
    assert.deepEqual([p2.items.length, p2.page, p2.page_size, p2.total], [2, 2, 2, 5]);
    for (const field of ['provider_uuid', 'location_uuid']) {
      const res = await c.get(`/schedule/templates?${field}=${MISSING}`);
      assert.equal(res.status, 404);
      assert.deepEqual(firstIssue(res).loc, ['query', field]);
    }
    for (const qs of ['day_of_week=7', 'day_of_week=x', 'provider_uuid=nope', 'page_size=201']) {
      assert.equal((await c.get(`/schedule/templates?${qs}`)).status, 422, qs);
    }
  });

  it('get returns 404 for an unknown id or another organisation\'s template', async () => {
    const { c } = await setup();
    const other = await setup();
    const foreign = (await other.c.post('/schedule/templates', other.body())).body;
    for (const id of [MISSING, foreign.id]) {
      const res = await c.get(`/schedule/templates/${id}`);
      assert.equal(res.status, 404);
      assert.deepEqual(firstIssue(res).loc, ['path', 'template_uuid']);
    }
  });

  it('patch merges with the stored template, bumps version, clears operatory and effective_to with null', async () => {
    const { c, loc, body } = await setup();
    const op = await makeOperatory(c.orgId, loc.id);
    const t = (await c.post('/schedule/templates', body({ operatory_uuid: op.id, effective_to: '2026-12-31', note: 'x' }))).body;
    const res = await c.patch(`/schedule/templates/${t.id}`, { base_version: 1, end_time: '11:30', operatory_uuid: null, effective_to: null, note: null });
    assert.equal(res.status, 200);
    assert.equal(res.body.version, 2);
    assert.equal(res.body.start_time, '08:00:00');
    assert.equal(res.body.end_time, '11:30:00');
    assert.equal(res.body.operatory, null);
    assert.equal(res.body.effective_to, null);
    assert.equal(res.body.note, '');
    // Moving within its own old range is no overlap with itself.
    const moved = await c.patch(`/schedule/templates/${t.id}`, { base_version: 2, start_time: '09:00', end_time: '12:00', day_of_week: 0 });
    assert.equal(moved.status, 200);
    assert.equal(moved.body.version, 3);
  });

  it('patch returns 409 for a stale base_version or an overlap with another template, 422 for an invalid merge, and changes nothing', async () => {
    const { c, loc, body } = await setup();
    const a = (await c.post('/schedule/templates', body())).body;
    const b = (await c.post('/schedule/templates', body({ start_time: '13:00', end_time: '17:00' }))).body;
    const stale = await c.patch(`/schedule/templates/${b.id}`, { base_version: 2, note: 'lost' });
    assert.equal(stale.status, 409);
    assert.equal(firstIssue(stale).type, 'version_conflict');
    assert.match(firstIssue(stale).msg, /current version is 1/);
    const overlap = await c.patch(`/schedule/templates/${b.id}`, { base_version: 1, start_time: '11:00' });
    assert.equal(overlap.status, 409);
    assert.equal(firstIssue(overlap).type, 'overlap');
    assert.match(firstIssue(overlap).msg, new RegExp(a.id));
    const elsewhere = await makeOperatory(c.orgId, (await makeLocation(c.orgId, { name: 'Uptown' })).id);
    const cases: [Record<string, unknown>, string, number][] = [
      [{ end_time: '12:30' }, 'end_time', 422], // merged with stored start 13:00
      [{ effective_from: '2027-01-01', effective_to: '2026-12-31' }, 'effective_to', 422],
      [{ day_of_week: 9 }, 'day_of_week', 422],
      [{ provider_uuid: MISSING }, 'provider_uuid', 422], [{ location_uuid: loc.id }, 'location_uuid', 422],
      [{ operatory_uuid: elsewhere.id }, 'operatory_uuid', 422], [{ operatory_uuid: MISSING }, 'operatory_uuid', 404],
    ];
    for (const [over, field, status] of cases) {
      const res = await c.patch(`/schedule/templates/${b.id}`, { base_version: 1, ...over });
      assert.equal(res.status, status, JSON.stringify(over));
      assert.deepEqual(firstIssue(res).loc, ['body', field], JSON.stringify(over));
    }
    assert.deepEqual(firstIssue(await c.patch(`/schedule/templates/${b.id}`, { note: 'x' })).loc, ['body', 'base_version']);
    const got = (await c.get(`/schedule/templates/${b.id}`)).body;
    assert.deepEqual([got.version, got.start_time, got.end_time, got.note], [1, '13:00:00', '17:00:00', '']);
  });

  it('patch and delete return 404 for an unknown id or another organisation\'s template; delete is hard (204, then 404)', async () => {
    const { c, body } = await setup();
    const other = await setup();
    const foreign = (await other.c.post('/schedule/templates', other.body())).body;
    for (const id of [MISSING, foreign.id]) {
      assert.equal((await c.patch(`/schedule/templates/${id}`, { base_version: 1, note: 'x' })).status, 404);
      assert.equal((await c.delete(`/schedule/templates/${id}`)).status, 404);
    }
    assert.equal((await other.c.get(`/schedule/templates/${foreign.id}`)).body.version, 1);
    const t = (await c.post('/schedule/templates', body())).body;
    assert.equal((await c.delete(`/schedule/templates/${t.id}`)).status, 204);
    assert.equal((await c.get(`/schedule/templates/${t.id}`)).status, 404);
    assert.equal((await c.delete(`/schedule/templates/${t.id}`)).status, 404);
    assert.equal((await testPool().query('SELECT 1 FROM provider_schedule_templates WHERE id = $1', [t.id])).rowCount, 0);
  });

  it('a viewer may read templates but every write returns 403 and changes nothing', async () => {
    const { c, body } = await setup();
    const t = (await c.post('/schedule/templates', body())).body;
    const viewer = c.as((await makeUserToken(c.orgId, 'viewer')).token);
    assert.equal((await viewer.get(`/schedule/templates/${t.id}`)).status, 200);
    assert.equal((await viewer.get('/schedule/templates')).body.total, 1);
    const res = await viewer.post('/schedule/templates', body({ day_of_week: 3 }));
    assert.equal(res.status, 403);
    assert.equal(firstIssue(res).type, 'forbidden');
    assert.equal((await viewer.patch(`/schedule/templates/${t.id}`, { base_version: 1, note: 'y' })).status, 403);
    assert.equal((await viewer.delete(`/schedule/templates/${t.id}`)).status, 403);
    assert.equal(await total(c), 1);
    assert.equal((await c.get(`/schedule/templates/${t.id}`)).body.version, 1);
  });

  it('a location-limited user cannot see or write templates of another location (404) but may manage their own', async () => {
    const { c, loc, body } = await setup();
    const theirs = await makeLocation(c.orgId, { name: 'Theirs' });
    const theirOp = await makeOperatory(c.orgId, theirs.id);
    const mine = (await c.post('/schedule/templates', body())).body;
    const other = (await c.post('/schedule/templates', body({ location_uuid: theirs.id }))).body;
    const limited = c.as((await makeUserToken(c.orgId, 'staff', [loc.id])).token);
    assert.deepEqual((await limited.get('/schedule/templates')).body.items.map((t: any) => t.id), [mine.id]);
    assert.equal((await limited.get(`/schedule/templates?location_uuid=${theirs.id}`)).status, 404);
    assert.equal((await limited.get(`/schedule/templates/${other.id}`)).status, 404);
    assert.equal((await limited.patch(`/schedule/templates/${other.id}`, { base_version: 1, note: 'x' })).status, 404);
    assert.equal((await limited.delete(`/schedule/templates/${other.id}`)).status, 404);
    const create = await limited.post('/schedule/templates', body({ location_uuid: theirs.id, day_of_week: 4 }));
    assert.equal(create.status, 404);
    assert.deepEqual(firstIssue(create).loc, ['body', 'location_uuid']);
    const op = await limited.post('/schedule/templates', body({ day_of_week: 4, operatory_uuid: theirOp.id }));
    assert.equal(op.status, 404);
    assert.deepEqual(firstIssue(op).loc, ['body', 'operatory_uuid']);
    assert.equal((await c.get(`/schedule/templates/${other.id}`)).body.version, 1);
    assert.equal(await total(c), 2);
    assert.equal((await limited.patch(`/schedule/templates/${mine.id}`, { base_version: 1, note: 'ok' })).status, 200);
    assert.equal((await limited.delete(`/schedule/templates/${mine.id}`)).status, 204);
  });
});
