import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, newOrg, type Client } from '../helpers.ts';
import { makeBlockoutType, makeLocation, makeOperatory, makeUserToken } from '../factories.ts';

after(closeTestApp);

/** An org with a New York location, one chair, and Lunch, Meeting (do-not-copy) and Holiday types. */
async function practice() {
  const c = await newOrg();
  const loc = await makeLocation(c.orgId, { name: 'Main Street' });
  const op1 = await makeOperatory(c.orgId, loc.id, 'Op 1');
  const op2 = await makeOperatory(c.orgId, loc.id, 'Op 2');
  const lunch = await makeBlockoutType(c.orgId);
  const meeting = await makeBlockoutType(c.orgId, { name: 'Meeting', is_do_not_copy: true });
  const holiday = await makeBlockoutType(c.orgId, { name: 'Holiday', is_holiday: true });
  const add = async (date: string, start: string, end: string, over: Record<string, unknown> = {}) => {
    const res = await c.post('/blockouts/instances', {
      blockout_type_uuid: lunch.id, location_uuid: loc.id, schedule_date: date, start_time: start, end_time: end, ...over,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.items[0];
  };
  return { c, loc, op1, op2, lunch, meeting, holiday, add };
}

/** "date start-end type operatory" of each blockout on the given dates, ordered. */
async function day(c: Client, from: string, to = from): Promise<string[]> {
  const res = await c.get(`/blockouts/instances?date_from=${from}&date_to=${to}&page_size=200`);
  return res.body.items.map((b: any) => `${b.schedule_date} ${b.start_time.slice(0, 5)}-${b.end_time.slice(0, 5)} ${b.blockout_type.name} ${b.operatory?.name ?? 'all'}`);
}

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';

describe('copy-day', () => {
  it('copy-day returns 200 with count, copying every blockout but do-not-copy ones, keeping operatory and note', async () => {
    const { c, loc, op1, meeting, add } = await practice();
    await add('2026-06-01', '12:00', '13:00', { note: 'Lunch break' });
    await add('2026-06-01', '08:00', '09:00', { operatory_uuids: [op1.id] });
    await add('2026-06-01', '16:00', '17:00', { blockout_type_uuid: meeting.id });
    const res = await c.post('/blockouts/instances/copy-day', { location_uuid: loc.id, source_date: '2026-06-01', target_date: '2026-06-03' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { count: 2, warnings: [] });
    assert.deepEqual(await day(c, '2026-06-03'), ['2026-06-03 08:00-09:00 Lunch Op 1', '2026-06-03 12:00-13:00 Lunch all']);
    const copy = (await c.get('/blockouts/instances?date_from=2026-06-03&date_to=2026-06-03')).body.items[1];
    assert.equal(copy.note, 'Lunch break');
    assert.equal(copy.version, 1);
  });

  it('copy-day onto a day with blockouts adds: exact twins and overlapping copies are skipped with warnings, never duplicated', async () => {
    const { c, loc, op1, op2, add } = await practice();
    await add('2026-06-01', '12:00', '13:00', { operatory_uuids: [op1.id] });
    await add('2026-06-01', '08:00', '09:00', { operatory_uuids: [op2.id] });
    await add('2026-06-01', '15:00', '16:00', { operatory_uuids: [op1.id] });
    await add('2026-06-02', '12:00', '13:00', { operatory_uuids: [op1.id] }); // exact twin of the first
    await add('2026-06-02', '08:30', '09:30'); // location-wide: overlaps the op2 copy
    const res = await c.post('/blockouts/instances/copy-day', { location_uuid: loc.id, source_date: '2026-06-01', target_date: '2026-06-02' });
    assert.equal(res.status, 200);
    assert.equal(res.body.count, 1);
    assert.deepEqual(res.body.warnings, [
      'Skipped Lunch 08:00–09:00 (Op 2) on 2026-06-02: it would overlap Lunch 08:30–09:30 (whole location)',
      'Skipped Lunch 12:00–13:00 (Op 1) on 2026-06-02: the same blockout already exists there',
    ]);
    assert.deepEqual(await day(c, '2026-06-02'),
      ['2026-06-02 08:30-09:30 Lunch all', '2026-06-02 12:00-13:00 Lunch Op 1', '2026-06-02 15:00-16:00 Lunch Op 1']);
    // Copying again changes nothing: every source now has its twin.
    const again = await c.post('/blockouts/instances/copy-day', { location_uuid: loc.id, source_date: '2026-06-01', target_date: '2026-06-02' });
    assert.equal(again.body.count, 0);
    assert.equal(again.body.warnings.length, 3);
  });

  it('copy-day onto a holiday copies nothing and warns with the date', async () => {
    const { c, loc, holiday, add } = await practice();
    await add('2026-12-24', '12:00', '13:00');
    await add('2026-12-25', '00:00', '01:00', { blockout_type_uuid: holiday.id });
    const res = await c.post('/blockouts/instances/copy-day', { location_uuid: loc.id, source_date: '2026-12-24', target_date: '2026-12-25' });
    assert.deepEqual(res.body, { count: 0, warnings: ['2026-12-25 is a holiday at this location: nothing was added on it'] });
    // A holiday blockout is a date, not a pattern: copying the holiday itself away does not make another holiday.
    const back = await c.post('/blockouts/instances/copy-day', { location_uuid: loc.id, source_date: '2026-12-25', target_date: '2026-12-26' });
    assert.deepEqual(back.body, { count: 0, warnings: [] });
  });

  it('copies of blockouts that share a group share one new group', async () => {
    const { c, loc, op1, op2, add } = await practice();
    const source = await add('2026-06-01', '12:00', '13:00', { operatory_uuids: [op1.id, op2.id] });
    await c.post('/blockouts/instances/copy-day', { location_uuid: loc.id, source_date: '2026-06-01', target_date: '2026-06-08' });
    const copies = (await c.get('/blockouts/instances?date_from=2026-06-08&date_to=2026-06-08')).body.items;
    assert.equal(copies.length, 2);
    assert.ok(copies[0].blockout_group_uuid);
    assert.equal(copies[0].blockout_group_uuid, copies[1].blockout_group_uuid);
    assert.notEqual(copies[0].blockout_group_uuid, source.blockout_group_uuid);
  });

  it('copy-day returns 404 for an unknown, foreign or out-of-scope location, 422 for bad bodies, 403 for a viewer, and writes nothing', async () => {
    const { c, loc, add } = await practice();
    await add('2026-06-01', '12:00', '13:00');
    const other = await newOrg();
    const foreign = await makeLocation(other.orgId);
    const far = await makeLocation(c.orgId, { name: 'Far' });
    const limited = c.as((await makeUserToken(c.orgId, 'staff', [far.id])).token);
    const body = { source_date: '2026-06-01', target_date: '2026-06-02' };
    for (const [client, location_uuid] of [[c, MISSING], [c, foreign.id], [limited, loc.id]] as const) {
      const res = await client.post('/blockouts/instances/copy-day', { ...body, location_uuid });
      assert.equal(res.status, 404);
      assert.deepEqual(firstIssue(res).loc, ['body', 'location_uuid']);
    }
    assert.equal(firstIssue(await c.post('/blockouts/instances/copy-day', { location_uuid: loc.id, source_date: '2026-06-01' })).type, 'missing');
    assert.equal(firstIssue(await c.post('/blockouts/instances/copy-day', { ...body, location_uuid: loc.id, force: true })).type, 'extra_forbidden');
    const viewer = c.as((await makeUserToken(c.orgId, 'viewer')).token);
    assert.equal((await viewer.post('/blockouts/instances/copy-day', { ...body, location_uuid: loc.id })).status, 403);
    assert.deepEqual(await day(c, '2026-06-02'), []);
  });
});

describe('copy-week', () => {
  it('copy-week returns 422 unless both week starts are Mondays, and writes nothing', async () => {
    const { c, loc, add } = await practice();
    await add('2026-06-01', '12:00', '13:00');
    for (const [field, body] of [
      ['source_week_start', { source_week_start: '2026-06-02', target_week_start: '2026-06-08' }],
      ['target_week_start', { source_week_start: '2026-06-01', target_week_start: '2026-06-07' }],
    ] as const) {
      const res = await c.post('/blockouts/instances/copy-week', { location_uuid: loc.id, ...body });
      assert.equal(res.status, 422);
      assert.deepEqual(firstIssue(res).loc, ['body', field]);
    }
    assert.deepEqual(await day(c, '2026-06-02', '2026-06-14'), []);
  });

  it('copy-week from a normal week onto the week of 2026-03-08 keeps wall-clock times across the spring-forward change', async () => {
    const { c, loc, op1, add } = await practice();
    // Week of Monday 2026-02-23 (EST throughout): lunch every weekday, and Sunday lunch plus a 02:30 chair block.
    for (const d of ['2026-02-23', '2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27', '2026-03-01']) await add(d, '12:00', '13:00');
    await add('2026-03-01', '02:30', '03:00', { operatory_uuids: [op1.id] });
    const res = await c.post('/blockouts/instances/copy-week', { location_uuid: loc.id, source_week_start: '2026-02-23', target_week_start: '2026-03-02' });
    assert.equal(res.status, 200);
    assert.equal(res.body.count, 6);
    // 02:30 does not exist on 2026-03-08 in New York.
    assert.deepEqual(res.body.warnings, ['Skipped Lunch 02:30–03:00 (Op 1) on 2026-03-08: 02:30 does not exist on 2026-03-08 (daylight-saving gap)']);
    const copies = (await c.get('/blockouts/instances?date_from=2026-03-02&date_to=2026-03-08')).body.items;
    assert.deepEqual(copies.map((b: any) => [b.schedule_date, b.start_time, b.start_at]), [
      ['2026-03-02', '12:00:00', '2026-03-02T12:00:00-05:00'],
      ['2026-03-03', '12:00:00', '2026-03-03T12:00:00-05:00'],
      ['2026-03-04', '12:00:00', '2026-03-04T12:00:00-05:00'],
      ['2026-03-05', '12:00:00', '2026-03-05T12:00:00-05:00'],
      ['2026-03-06', '12:00:00', '2026-03-06T12:00:00-05:00'],
      // Sunday 2026-03-08 is after the change: the same local lunch is now EDT.
      ['2026-03-08', '12:00:00', '2026-03-08T12:00:00-04:00'],
    ]);
  });

  it('copy-week onto the fall-back week keeps the ambiguous 01:00–01:30 as the earlier (EDT) instant', async () => {
    const { c, loc, add } = await practice();
    await add('2026-10-25', '01:00', '01:30');
    const res = await c.post('/blockouts/instances/copy-week', { location_uuid: loc.id, source_week_start: '2026-10-19', target_week_start: '2026-10-26' });
    assert.deepEqual(res.body, { count: 1, warnings: [] });
    const copy = (await c.get('/blockouts/instances?date_from=2026-11-01&date_to=2026-11-01')).body.items[0];
    assert.deepEqual([copy.start_at, copy.end_at], ['2026-11-01T01:00:00-04:00', '2026-11-01T01:30:00-04:00']);
  });

  it('copy-week skips a holiday in the target week and names it in warnings', async () => {
    const { c, loc, holiday, add } = await practice();
    for (const d of ['2026-12-14', '2026-12-15', '2026-12-16', '2026-12-17', '2026-12-18']) await add(d, '12:00', '13:00');
    await add('2026-12-25', '00:00', '23:59', { blockout_type_uuid: holiday.id });
    const res = await c.post('/blockouts/instances/copy-week', { location_uuid: loc.id, source_week_start: '2026-12-14', target_week_start: '2026-12-21' });
    assert.deepEqual(res.body, { count: 4, warnings: ['2026-12-25 is a holiday at this location: nothing was added on it'] });
    assert.deepEqual((await day(c, '2026-12-25')), ['2026-12-25 00:00-23:59 Holiday all']);
  });
});

describe('repeat-weeks', () => {
  it('repeat-weeks returns 422 for num_weeks outside 1–52 or a non-Monday start, and writes nothing', async () => {
    const { c, loc, add } = await practice();
    await add('2026-06-01', '12:00', '13:00');
    for (const num_weeks of [0, 53, 1.5]) {
      const res = await c.post('/blockouts/instances/repeat-weeks', { location_uuid: loc.id, source_week_start: '2026-06-01', num_weeks });
      assert.equal(res.status, 422, String(num_weeks));
      assert.deepEqual(firstIssue(res).loc, ['body', 'num_weeks']);
    }
    const sunday = await c.post('/blockouts/instances/repeat-weeks', { location_uuid: loc.id, source_week_start: '2026-06-07', num_weeks: 2 });
    assert.deepEqual(firstIssue(sunday).loc, ['body', 'source_week_start']);
    assert.equal((await c.get('/blockouts/instances')).body.total, 1);
  });

  it('repeat-weeks copies the week onto the next weeks, skipping holidays with a warning per date', async () => {
    const { c, loc, holiday, meeting, add } = await practice();
    for (const d of ['2026-12-14', '2026-12-15', '2026-12-16', '2026-12-17', '2026-12-18']) await add(d, '12:00', '13:00');
    await add('2026-12-18', '16:00', '17:00', { blockout_type_uuid: meeting.id });
    await add('2026-12-25', '00:00', '23:59', { blockout_type_uuid: holiday.id });
    await add('2027-01-01', '00:00', '23:59', { blockout_type_uuid: holiday.id });
    const res = await c.post('/blockouts/instances/repeat-weeks', { location_uuid: loc.id, source_week_start: '2026-12-14', num_weeks: 3 });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {
      count: 13,
      warnings: ['2026-12-25 is a holiday at this location: nothing was added on it', '2027-01-01 is a holiday at this location: nothing was added on it'],
    });
    const lunches = (await day(c, '2026-12-21', '2027-01-08')).filter((s) => s.includes('Lunch'));
    assert.equal(lunches.length, 13);
    assert.ok(!(await day(c, '2026-12-21', '2027-01-08')).some((s) => s.includes('Meeting')), 'do-not-copy meetings stay behind');
  });

  it('copies made by repeat-weeks share the source\'s group: apply_to_group changes the series, DELETE removes one', async () => {
    const { c, loc, add } = await practice();
    const source = await add('2026-06-01', '12:00', '13:00');
    assert.equal(source.blockout_group_uuid, null);
    const res = await c.post('/blockouts/instances/repeat-weeks', { location_uuid: loc.id, source_week_start: '2026-06-01', num_weeks: 3 });
    assert.deepEqual(res.body, { count: 3, warnings: [] });
    const joined = (await c.get(`/blockouts/instances/${source.id}`)).body;
    assert.ok(joined.blockout_group_uuid, 'the source gets a group');
    assert.equal(joined.version, 2);
    const series = (await c.get('/blockouts/instances')).body.items;
    assert.deepEqual(series.map((b: any) => b.schedule_date), ['2026-06-01', '2026-06-08', '2026-06-15', '2026-06-22']);
    assert.ok(series.every((b: any) => b.blockout_group_uuid === joined.blockout_group_uuid));

    assert.equal((await c.delete(`/blockouts/instances/${series[2].id}`)).status, 204);
    const patched = await c.patch(`/blockouts/instances/${series[1].id}`, { base_version: 1, apply_to_group: true, start_time: '12:30', end_time: '13:15' });
    assert.equal(patched.status, 200);
    const after = (await c.get('/blockouts/instances')).body.items;
    assert.deepEqual(after.map((b: any) => [b.schedule_date, b.start_time, b.end_time]), [
      ['2026-06-01', '12:30:00', '13:15:00'], ['2026-06-08', '12:30:00', '13:15:00'], ['2026-06-22', '12:30:00', '13:15:00'],
    ]);
    // Repeating again only adds the weeks that are missing: the others have exact twins.
    const again = await c.post('/blockouts/instances/repeat-weeks', { location_uuid: loc.id, source_week_start: '2026-06-01', num_weeks: 3 });
    assert.equal(again.body.count, 1);
    assert.equal(again.body.warnings.length, 2);
  });
});
