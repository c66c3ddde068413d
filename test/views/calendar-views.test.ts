import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, type Client } from '../helpers.ts';
import { makeBlockoutType, makeLocation, makeOperatory } from '../factories.ts';
import { MISSING, viewPractice } from './view-fixture.ts';

after(closeTestApp);

const TUESDAY = 1;
const ids = (xs: { id: string }[]) => xs.map((x) => x.id);

/** The view practice with helpers to book, block and schedule on 2026-03-10 (a Tuesday) through the API. */
async function calendarViewPractice() {
  const p = await viewPractice();
  const { c, loc } = p;
  const book = async (op: number, start: string, end: string, date = '2026-03-10') => {
    const res = await c.post('/appointments', p.body({ operatory_uuid: p.ops[op]!.id, schedule_date: date, start_time: start, end_time: end }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };
  const lunch = await makeBlockoutType(c.orgId);
  const block = async (op: number | null, start: string, end: string, date = '2026-03-10') => {
    const res = await c.post('/blockouts/instances', {
      blockout_type_uuid: lunch.id, location_uuid: loc.id, schedule_date: date, start_time: start, end_time: end,
      ...(op === null ? {} : { operatory_uuids: [p.ops[op]!.id] }),
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.items[0];
  };
  const template = async (providerId: string, op: number | null, day = TUESDAY) => {
    const res = await c.post('/schedule/templates', {
      provider_uuid: providerId, location_uuid: loc.id, day_of_week: day, start_time: '08:00', end_time: '17:00', effective_from: '2026-01-01',
      ...(op === null ? {} : { operatory_uuid: p.ops[op]!.id }),
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  };
  const daily = (client: Client, viewId: string, date = '2026-03-10') =>
    client.get(`/schedule/calendar/daily?location_uuid=${loc.id}&target_date=${date}&view_uuid=${viewId}`);
  return { ...p, book, block, template, daily };
}

describe('calendar through a schedule view', () => {
  it('shows only the view\'s chairs, providers and hours; overlapping counts as inside; whole-location blockouts stay', async () => {
    const { ann, ops, dentist, hygienist, create, book, block, template, daily } = await calendarViewPractice();
    const inChair = await book(0, '09:00', '10:00');
    await book(1, '09:00', '10:00'); // Op 2: not in the view
    const straddlesStart = await book(2, '07:30', '08:30'); // partly inside → inside
    await book(0, '07:00', '08:00'); // ends as the view starts: [start, end) touches, no overlap
    await book(0, '12:00', '12:30'); // starts as the view ends
    const straddlesEnd = await book(2, '11:45', '12:15');
    const wholeLocation = await block(null, '11:30', '13:00');
    await block(1, '10:00', '11:00'); // Op 2
    await block(0, '13:00', '14:00'); // after hours
    const opBlock = await block(2, '10:00', '10:30');
    await template(dentist.id, 0);
    await template(hygienist.id, 1);
    const view = await create(ann.c, {
      operatory_uuids: [ops[2]!.id, ops[0]!.id], provider_uuids: [hygienist.id], start_time: '08:00', end_time: '12:00',
    });
    const res = await daily(ann.c, view.id);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const d = res.body;
    assert.deepEqual(ids(d.appointments), [straddlesStart.id, inChair.id, straddlesEnd.id]);
    assert.deepEqual(ids(d.blockouts), [opBlock.id, wholeLocation.id]);
    assert.deepEqual(d.provider_schedules.map((s: any) => s.provider.id), [hygienist.id]);
    assert.deepEqual(d.operatory_uuids, [ops[2]!.id, ops[0]!.id], 'the view\'s chairs in its order');
    assert.equal(d.location_timezone, 'America/New_York');
  });

  it('without view_uuid the day is unchanged and has no operatory_uuids; a view naming nothing keeps every chair and provider', async () => {
    const { c, ann, loc, ops, create, book, template, daily, dentist } = await calendarViewPractice();
    const spare = await makeOperatory(c.orgId, loc.id, { name: 'Spare', item_order: -1 });
    await book(1, '09:00', '10:00');
    await template(dentist.id, null);
    const plain = (await c.get(`/schedule/calendar/daily?location_uuid=${loc.id}&target_date=2026-03-10`)).body;
    assert.equal('operatory_uuids' in plain, false);
    const all = await create(ann.c, { start_time: '00:00', end_time: '23:59:59' });
    const viewed = (await daily(ann.c, all.id)).body;
    const { operatory_uuids, ...rest } = viewed;
    assert.deepEqual(rest, plain);
    assert.deepEqual(operatory_uuids, [spare.id, ...ids(ops)], 'the location\'s active chairs in display order');
  });

  it('with dynamic_op_filtering hides chairs with no scheduled provider of the view and no appointment, with their blockouts', async () => {
    const { ann, ops, dentist, hygienist, create, book, block, template, daily } = await calendarViewPractice();
    await template(dentist.id, 0); // Dana in Op 1 on Tuesdays
    await template(hygienist.id, 1); // Hal in Op 2
    const op3Block = await block(2, '09:00', '10:00');
    const everyone = await create(ann.c, { name: 'All', dynamic_op_filtering: true });
    const d = (await daily(ann.c, everyone.id)).body;
    assert.deepEqual(d.operatory_uuids, [ops[0]!.id, ops[1]!.id]);
    assert.deepEqual(d.blockouts, [], 'the hidden chair\'s blockout goes with it');
    const dentistOnly = await create(ann.c, { name: 'Dana', dynamic_op_filtering: true, provider_uuids: [dentist.id] });
    assert.deepEqual((await daily(ann.c, dentistOnly.id)).body.operatory_uuids, [ops[0]!.id], 'only the view\'s providers staff chairs');
    const booked = await book(2, '11:00', '11:30');
    const withPatient = (await daily(ann.c, everyone.id)).body;
    assert.deepEqual(withPatient.operatory_uuids, ids(ops), 'a chair holding an appointment is never hidden');
    assert.deepEqual([ids(withPatient.appointments), ids(withPatient.blockouts)], [[booked.id], [op3Block.id]]);
    const wednesday = (await daily(ann.c, everyone.id, '2026-03-11')).body;
    assert.deepEqual(wednesday.operatory_uuids, [], 'nobody is scheduled on Wednesday');
    await template(hygienist.id, null, 2); // Hal on Wednesdays, no chair named: he may work in any chair
    assert.deepEqual((await daily(ann.c, everyone.id, '2026-03-11')).body.operatory_uuids, ids(ops));
  });

  it('the weekly calendar applies the view to each day', async () => {
    const { ann, loc, ops, create, book } = await calendarViewPractice();
    const tue = await book(0, '09:00', '10:00');
    await book(1, '09:00', '10:00');
    const thu = await book(0, '09:00', '10:00', '2026-03-12');
    await book(0, '20:00', '21:00', '2026-03-12');
    const view = await create(ann.c, { view_type: 'weekly', operatory_uuids: [ops[0]!.id], end_time: '18:00' });
    const res = await ann.c.get(`/schedule/calendar/weekly?location_uuid=${loc.id}&week_start=2026-03-09&view_uuid=${view.id}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.days.map((d: any) => ids(d.appointments)), [[], [tue.id], [], [thu.id], [], [], []]);
    assert.ok(res.body.days.every((d: any) => d.operatory_uuids.length === 1));
  });

  it('returns 404 for a view the caller cannot see and 422 for a view of another location', async () => {
    const { c, ann, bob, create, daily } = await calendarViewPractice();
    const personal = await create(ann.c);
    const uptown = await makeLocation(c.orgId, { name: 'Uptown' });
    const elsewhere = await create(ann.c, { location_uuid: uptown.id, visibility: 'shared' });
    for (const [client, id] of [[ann.c, MISSING], [bob.c, personal.id]] as const) {
      const res = await daily(client, id);
      assert.deepEqual([res.status, firstIssue(res).loc], [404, ['query', 'view_uuid']]);
    }
    const wrong = await daily(bob.c, elsewhere.id);
    assert.deepEqual([wrong.status, firstIssue(wrong).loc], [422, ['query', 'view_uuid']]);
    assert.match(firstIssue(wrong).msg, /another location \(Uptown\)/);
    assert.equal((await daily(ann.c, 'nope')).status, 422);
  });
});
