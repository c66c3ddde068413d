import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, testPool } from '../helpers.ts';
import { makeLocation, makePractice, makeProvider, makeUserToken } from '../factories.ts';

after(closeTestApp);

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';

async function goalsInDb(orgId: string): Promise<{ goal_amount: string; version: number }[]> {
  return (await testPool().query('SELECT goal_amount::text, version FROM production_goals WHERE org_id = $1 ORDER BY goal_date, id', [orgId])).rows;
}

async function practiceWithGoalBody() {
  const p = await makePractice();
  const goal = (over: Record<string, unknown> = {}) => ({
    provider_uuid: p.dentist.id, location_uuid: p.loc.id, goal_date: '2026-03-10', goal_amount: 1250.5, ...over,
  });
  return { ...p, goal };
}

describe('production goals', () => {
  it('POST returns 201 with references, a decimal amount and version 1; GET returns the same goal', async () => {
    const { c, goal, dentist, loc } = await practiceWithGoalBody();
    const res = await c.post('/schedule/production-goals', goal());
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const g = res.body;
    assert.deepEqual(g.provider, { id: dentist.id, name: 'Dana Molar' });
    assert.deepEqual(g.location, { id: loc.id, name: 'Main Street' });
    assert.equal(g.goal_date, '2026-03-10');
    assert.equal(g.goal_amount, '1250.50');
    assert.equal(g.version, 1);
    assert.deepEqual((await c.get(`/schedule/production-goals/${g.id}`)).body, g);
  });

  it('POST returns 422 naming the existing goal when the provider already has one at the location that date, and changes nothing', async () => {
    const { c, goal } = await practiceWithGoalBody();
    const first = (await c.post('/schedule/production-goals', goal())).body;
    const dup = await c.post('/schedule/production-goals', goal({ goal_amount: 99 }));
    assert.equal(dup.status, 422);
    assert.equal(firstIssue(dup).type, 'value_error');
    assert.match(firstIssue(dup).msg, /upsert/);
    assert.deepEqual(dup.body.detail[0].ctx, { id: first.id });
    assert.deepEqual(await goalsInDb(c.orgId), [{ goal_amount: '1250.50', version: 1 }]);
    assert.equal((await c.post('/schedule/production-goals', goal({ goal_date: '2026-03-11' }))).status, 201, 'another date is another goal');
  });

  it('concurrent creates of one goal give exactly one 201 and 422 for the rest', async () => {
    const { c, goal } = await practiceWithGoalBody();
    const codes = (await Promise.all(Array.from({ length: 10 }, () => c.post('/schedule/production-goals', goal())))).map((r) => r.status);
    assert.equal(codes.filter((s) => s === 201).length, 1, JSON.stringify(codes));
    assert.equal(codes.filter((s) => s === 422).length, 9, JSON.stringify(codes));
    assert.equal((await goalsInDb(c.orgId)).length, 1);
  });

  it('POST returns 404 for an unknown provider or location and 422 for a bad amount, writing nothing', async () => {
    const { c, goal } = await practiceWithGoalBody();
    for (const field of ['provider_uuid', 'location_uuid']) {
      const res = await c.post('/schedule/production-goals', goal({ [field]: MISSING }));
      assert.equal(res.status, 404, field);
      assert.deepEqual(firstIssue(res).loc, ['body', field]);
    }
    for (const amount of [-1, 10.005, '100']) {
      assert.equal((await c.post('/schedule/production-goals', goal({ goal_amount: amount }))).status, 422, String(amount));
    }
    const { goal_date: _, ...noDate } = goal();
    assert.deepEqual(firstIssue(await c.post('/schedule/production-goals', noDate)).loc, ['body', 'goal_date']);
    assert.equal((await c.post('/schedule/production-goals', goal({ version: 3 }))).status, 422, 'server-owned fields are refused');
    assert.deepEqual(await goalsInDb(c.orgId), []);
  });

  it('PUT upsert creates the goal, then updates its amount with 200 both times and version + 1', async () => {
    const { c, goal } = await practiceWithGoalBody();
    const created = await c.put('/schedule/production-goals/upsert', goal());
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.version, 1);
    const updated = await c.put('/schedule/production-goals/upsert', goal({ goal_amount: 2000 }));
    assert.equal(updated.status, 200);
    assert.equal(updated.body.id, created.body.id);
    assert.equal(updated.body.goal_amount, '2000.00');
    assert.equal(updated.body.version, 2);
    assert.deepEqual(await goalsInDb(c.orgId), [{ goal_amount: '2000.00', version: 2 }]);
  });

  it('concurrent upserts of one goal all succeed and leave one goal', async () => {
    const { c, goal } = await practiceWithGoalBody();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => c.put('/schedule/production-goals/upsert', goal({ goal_amount: 100 + i }))));
    assert.deepEqual(results.map((r) => r.status), Array(10).fill(200));
    assert.equal(new Set(results.map((r) => r.body.id)).size, 1);
    const rows = await goalsInDb(c.orgId);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.version, 10);
  });

  it('PUT upsert returns 404 for an unknown provider or location and writes nothing', async () => {
    const { c, goal } = await practiceWithGoalBody();
    for (const field of ['provider_uuid', 'location_uuid']) {
      const res = await c.put('/schedule/production-goals/upsert', goal({ [field]: MISSING }));
      assert.equal(res.status, 404, field);
      assert.deepEqual(firstIssue(res).loc, ['body', field]);
    }
    assert.deepEqual(await goalsInDb(c.orgId), []);
  });

  it('PATCH sets the amount and bumps the version; a stale optional base_version returns 409 and changes nothing', async () => {
    const { c, goal } = await practiceWithGoalBody();
    const g = (await c.post('/schedule/production-goals', goal())).body;
    const res = await c.patch(`/schedule/production-goals/${g.id}`, { goal_amount: 900 });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.goal_amount, '900.00');
    assert.equal(res.body.version, 2);
    const stale = await c.patch(`/schedule/production-goals/${g.id}`, { goal_amount: 1, base_version: 1 });
    assert.equal(stale.status, 409);
    assert.equal(firstIssue(stale).type, 'version_conflict');
    assert.match(firstIssue(stale).msg, /current version is 2/);
    assert.deepEqual(await goalsInDb(c.orgId), [{ goal_amount: '900.00', version: 2 }]);
    const fresh = await c.patch(`/schedule/production-goals/${g.id}`, { goal_amount: 1, base_version: 2 });
    assert.equal(fresh.status, 200);
    assert.equal(fresh.body.version, 3);
  });

  it('PATCH returns 404 for an unknown goal and 422 for fields other than the amount', async () => {
    const { c, goal } = await practiceWithGoalBody();
    const g = (await c.post('/schedule/production-goals', goal())).body;
    const missing = await c.patch(`/schedule/production-goals/${MISSING}`, { goal_amount: 1 });
    assert.equal(missing.status, 404);
    assert.deepEqual(firstIssue(missing).loc, ['path', 'goal_uuid']);
    const extra = await c.patch(`/schedule/production-goals/${g.id}`, { goal_amount: 1, goal_date: '2026-03-12' });
    assert.equal(extra.status, 422);
    assert.equal(firstIssue(extra).type, 'extra_forbidden');
    assert.equal((await c.patch(`/schedule/production-goals/${g.id}`, {})).status, 422, 'goal_amount is required');
    assert.deepEqual(await goalsInDb(c.orgId), [{ goal_amount: '1250.50', version: 1 }]);
  });

  it('DELETE removes the goal for good with 204; then GET and DELETE return 404', async () => {
    const { c, goal } = await practiceWithGoalBody();
    const g = (await c.post('/schedule/production-goals', goal())).body;
    assert.equal((await c.delete(`/schedule/production-goals/${g.id}`)).status, 204);
    assert.equal((await c.get(`/schedule/production-goals/${g.id}`)).status, 404);
    const again = await c.delete(`/schedule/production-goals/${g.id}`);
    assert.equal(again.status, 404);
    assert.deepEqual(firstIssue(again).loc, ['path', 'goal_uuid']);
    assert.deepEqual(await goalsInDb(c.orgId), []);
  });

  it('GET list filters by location, provider and inclusive dates, pages, and returns 422 when date_to is before date_from', async () => {
    const { c, goal, hygienist } = await practiceWithGoalBody();
    const uptown = await makeLocation(c.orgId, { name: 'Uptown' });
    for (const date of ['2026-03-09', '2026-03-10', '2026-03-11']) await c.post('/schedule/production-goals', goal({ goal_date: date }));
    await c.post('/schedule/production-goals', goal({ provider_uuid: hygienist.id }));
    await c.post('/schedule/production-goals', goal({ location_uuid: uptown.id }));
    const all = (await c.get('/schedule/production-goals')).body;
    assert.equal(all.total, 5);
    assert.deepEqual(all.items.map((g: any) => g.goal_date), ['2026-03-09', '2026-03-10', '2026-03-10', '2026-03-10', '2026-03-11']);
    assert.deepEqual(all.items.slice(1, 4).map((g: any) => `${g.provider.name} @ ${g.location.name}`),
      ['Hal Hygiene @ Main Street', 'Dana Molar @ Main Street', 'Dana Molar @ Uptown'], 'by provider last name, then location name');
    assert.equal((await c.get(`/schedule/production-goals?location_uuid=${uptown.id}`)).body.total, 1);
    assert.equal((await c.get(`/schedule/production-goals?provider_uuid=${hygienist.id}`)).body.total, 1);
    assert.equal((await c.get('/schedule/production-goals?date_from=2026-03-10&date_to=2026-03-10')).body.total, 3);
    assert.equal((await c.get('/schedule/production-goals?date_from=2026-03-11')).body.total, 1);
    const page = (await c.get('/schedule/production-goals?page=2&page_size=2')).body;
    assert.deepEqual([page.page, page.page_size, page.total, page.items.length], [2, 2, 5, 2]);
    assert.equal((await c.get(`/schedule/production-goals?location_uuid=${MISSING}`)).body.total, 0, 'an unknown filter gives an empty page');
    const bad = await c.get('/schedule/production-goals?date_from=2026-03-11&date_to=2026-03-10');
    assert.equal(bad.status, 422);
    assert.deepEqual(firstIssue(bad).loc, ['query', 'date_to']);
    assert.equal((await c.get('/schedule/production-goals?page_size=201')).status, 422);
  });

  it('a location-limited user sees and writes only their locations\' goals; a viewer reads but writes get 403', async () => {
    const { c, goal, loc } = await practiceWithGoalBody();
    const uptown = await makeLocation(c.orgId, { name: 'Uptown' });
    const mine = (await c.post('/schedule/production-goals', goal())).body;
    const theirs = (await c.post('/schedule/production-goals', goal({ location_uuid: uptown.id }))).body;
    const limited = c.as((await makeUserToken(c.orgId, 'staff', [loc.id])).token);
    assert.deepEqual((await limited.get('/schedule/production-goals')).body.items.map((g: any) => g.id), [mine.id]);
    assert.equal((await limited.get(`/schedule/production-goals/${theirs.id}`)).status, 404);
    assert.equal((await limited.patch(`/schedule/production-goals/${theirs.id}`, { goal_amount: 1 })).status, 404);
    assert.equal((await limited.delete(`/schedule/production-goals/${theirs.id}`)).status, 404);
    assert.equal((await limited.put('/schedule/production-goals/upsert', goal({ location_uuid: uptown.id }))).status, 404);
    assert.equal((await limited.post('/schedule/production-goals', goal({ location_uuid: uptown.id, goal_date: '2026-03-12' }))).status, 404);
    const viewer = c.as((await makeUserToken(c.orgId, 'viewer')).token);
    assert.equal((await viewer.get(`/schedule/production-goals/${mine.id}`)).status, 200);
    assert.equal((await viewer.post('/schedule/production-goals', goal({ goal_date: '2026-03-12' }))).status, 403);
    assert.equal((await viewer.put('/schedule/production-goals/upsert', goal())).status, 403);
    assert.equal((await viewer.patch(`/schedule/production-goals/${mine.id}`, { goal_amount: 1 })).status, 403);
    assert.equal((await viewer.delete(`/schedule/production-goals/${mine.id}`)).status, 403);
    assert.deepEqual((await goalsInDb(c.orgId)).map((g) => g.version), [1, 1]);
  });
});

/** A practice whose appointments carry production: Exam adds D0120 ($58.00), Cleaning D1110 ($100.00). */
async function productionPractice() {
  const p = await makePractice();
  const { c } = p;
  await c.post('/procedure-codes', { code: 'D0120', description: 'Periodic evaluation', default_fee: 58 });
  await c.post('/procedure-codes', { code: 'D1110', description: 'Prophylaxis', default_fee: 100 });
  await c.patch(`/appointment-types/${p.type.id}`, { base_version: 1, procedure_codes_to_add: ['D0120'] });
  const cleaning = (await c.post('/appointment-types', { name: 'Cleaning', time_pattern: '/XXXXXX/', procedure_codes_to_add: ['D1110'] })).body;
  let minute = 0;
  /** Books a 30-minute appointment on `date` in the next free half hour of Op 1. */
  const book = async (date: string, over: Record<string, unknown> = {}) => {
    const start = 8 * 60 + 30 * minute++;
    const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const res = await c.post('/appointments', p.body({
      schedule_date: date, start_time: hhmm(start), end_time: hhmm(start + 30), appointment_type_uuid: p.type.id, allow_overlap: true, ...over,
    }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };
  const complete = async (a: any) => assert.equal((await c.post(`/appointments/${a.id}/transition`, { base_version: a.version, status: 'complete' })).status, 200);
  const breakIt = async (a: any) => assert.equal((await c.post(`/appointments/${a.id}/break`, { base_version: a.version })).status, 200);
  const cancel = async (a: any) => assert.equal((await c.post(`/appointments/${a.id}/cancel`, { base_version: a.version })).status, 200);
  return { ...p, cleaning, book, complete, breakIt, cancel };
}

describe('production summary', () => {
  it('sums scheduled, completed and lost production per primary provider against goals, with unassigned production in the totals only', async () => {
    const { c, loc, dentist, hygienist, cleaning, book, complete, breakIt, cancel } = await productionPractice();
    const zed = await makeProvider(c.orgId, { first_name: 'Zed', last_name: 'Zulu' });
    await book('2026-03-02', { provider_uuid: dentist.id }); // scheduled 58
    await complete(await book('2026-03-03', { provider_uuid: dentist.id, appointment_type_uuid: cleaning.id })); // complete 100
    await complete(await book('2026-03-03', { provider_uuid: dentist.id })); // complete 58
    await breakIt(await book('2026-03-04', { provider_uuid: dentist.id })); // lost 58
    await cancel(await book('2026-03-04', { provider_uuid: dentist.id, appointment_type_uuid: cleaning.id })); // lost 100
    const explicit = await book('2026-03-05', { provider_uuid: hygienist.id });
    const patched = await c.patch(`/appointments/${explicit.id}`, { base_version: 1, production_amount: 80.25 });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    await complete(patched.body); // complete 80.25, the explicit amount
    await complete(await book('2026-03-05')); // no provider: complete 58, totals only
    await book('2026-03-06', { provider_uuid: dentist.id, status: 'planned', operatory_uuid: null, schedule_date: null, start_time: null, end_time: null }); // counts nowhere
    await book('2026-03-08', { provider_uuid: dentist.id }); // after date_to
    for (const [provider, date, amount] of [[dentist.id, '2026-03-02', 200], [dentist.id, '2026-03-03', 200], [hygienist.id, '2026-03-05', 100],
      [zed.id, '2026-03-06', 50], [dentist.id, '2026-03-08', 999]] as const) {
      await c.post('/schedule/production-goals', { provider_uuid: provider, location_uuid: loc.id, goal_date: date, goal_amount: amount });
    }
    const res = await c.get(`/schedule/production-goals/production-summary?location_uuid=${loc.id}&date_from=2026-03-01&date_to=2026-03-07`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const s = res.body;
    assert.deepEqual(s.providers, [
      { provider: { id: hygienist.id, name: 'Hal Hygiene' }, scheduled: '0.00', completed: '80.25', lost: '0.00', goal: '100.00', attainment_pct: 80.3 },
      { provider: { id: dentist.id, name: 'Dana Molar' }, scheduled: '58.00', completed: '158.00', lost: '158.00', goal: '400.00', attainment_pct: 39.5 },
      { provider: { id: zed.id, name: 'Zed Zulu' }, scheduled: '0.00', completed: '0.00', lost: '0.00', goal: '50.00', attainment_pct: 0 },
    ]);
    assert.deepEqual([s.date_from, s.date_to, s.location_timezone], ['2026-03-01', '2026-03-07', 'America/New_York']);
    assert.deepEqual([s.total_scheduled, s.total_completed, s.total_lost, s.total_goal], ['58.00', '296.25', '158.00', '550.00']);
    assert.equal(s.overall_attainment_pct, 53.9); // 296.25 / 550 = 53.86…
  });

  it('bounds the range by local days on a spring-forward date_to', async () => {
    const { loc, c, dentist, book } = await productionPractice();
    // 2026-03-08 23:30 EDT is 03:30Z on the 9th: still inside date_to; 2026-03-09 00:00 EDT is outside.
    await book('2026-03-08', { provider_uuid: dentist.id, start_time: '23:30', end_time: '23:59' });
    await book('2026-03-09', { provider_uuid: dentist.id, start_time: '00:00', end_time: '00:30' });
    // 2026-03-07 00:00 EST is the first instant of date_from.
    await book('2026-03-07', { provider_uuid: dentist.id, start_time: '00:00', end_time: '00:30' });
    await book('2026-03-06', { provider_uuid: dentist.id, start_time: '23:30', end_time: '23:59' });
    const s = (await c.get(`/schedule/production-goals/production-summary?location_uuid=${loc.id}&date_from=2026-03-07&date_to=2026-03-08`)).body;
    assert.equal(s.total_scheduled, '116.00');
    assert.equal(s.providers[0].scheduled, '116.00');
  });

  it('an empty range gives no providers, zero totals and 0.0 attainment', async () => {
    const { c, loc } = await productionPractice();
    const s = (await c.get(`/schedule/production-goals/production-summary?location_uuid=${loc.id}&date_from=2026-03-01&date_to=2026-03-01`)).body;
    assert.deepEqual(s.providers, []);
    assert.deepEqual([s.total_scheduled, s.total_completed, s.total_lost, s.total_goal, s.overall_attainment_pct], ['0.00', '0.00', '0.00', '0.00', 0]);
  });

  it('returns 404 for an unknown or invisible location and 422 when date_from is after date_to or a date is missing', async () => {
    const { c, loc } = await productionPractice();
    const unknown = await c.get(`/schedule/production-goals/production-summary?location_uuid=${MISSING}&date_from=2026-03-01&date_to=2026-03-07`);
    assert.equal(unknown.status, 404);
    assert.deepEqual(firstIssue(unknown).loc, ['query', 'location_uuid']);
    const uptown = await makeLocation(c.orgId, { name: 'Uptown' });
    const limited = c.as((await makeUserToken(c.orgId, 'staff', [uptown.id])).token);
    assert.equal((await limited.get(`/schedule/production-goals/production-summary?location_uuid=${loc.id}&date_from=2026-03-01&date_to=2026-03-07`)).status, 404);
    const reversed = await c.get(`/schedule/production-goals/production-summary?location_uuid=${loc.id}&date_from=2026-03-08&date_to=2026-03-07`);
    assert.equal(reversed.status, 422);
    assert.deepEqual(firstIssue(reversed).loc, ['query', 'date_from']);
    assert.equal((await c.get(`/schedule/production-goals/production-summary?location_uuid=${loc.id}&date_from=2026-03-08`)).status, 422);
  });
});
