import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, newOrg, testApp } from '../helpers.ts';
import { tenantFingerprint } from '../core/tenant-snapshot.ts';
import { bad, makeService, saveSlots, servicePractice, slot } from './service-fixture.ts';

after(closeTestApp);

async function setup() {
  const p = await servicePractice(await testApp(), { providers: 1, chairs: 1 });
  const service = await makeService(p.c, { location_uuid: p.loc.id });
  return { ...p, service };
}

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('time slots', () => {
  it('PATCH /time-slots creates time slots and answers the seed\'s shape, times on the placeholder date', async () => {
    const p = await setup();
    const res = await p.c.patch('/time-slots', {
      service_id: p.service.id,
      time_slots: [
        { day_of_week: 1, start_time: '2030-06-15 09:00:00', end_time: '2030-06-15 17:00:00', max_bookings: 8 },
        { day_of_week: 3, start_time: '2023-01-01 10:00:00', end_time: '2023-01-01 15:00:00', max_bookings: 5 },
      ],
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const [a, b] = res.body.data;
    assert.deepEqual(Object.keys(a), ['id', 'service_id', 'day_of_week', 'start_time', 'end_time', 'max_bookings', 'created_at', 'updated_at']);
    assert.ok(Number.isInteger(a.id) && b.id > a.id);
    assert.deepEqual({ ...a, id: 0, created_at: '', updated_at: '' }, {
      id: 0, service_id: p.service.id, day_of_week: 1, start_time: '2023-01-01 09:00:00', end_time: '2023-01-01 17:00:00',
      max_bookings: 8, created_at: '', updated_at: '',
    });
    assert.match(a.created_at, TIMESTAMP);
    assert.deepEqual([b.day_of_week, b.start_time, b.end_time, b.max_bookings], [3, '2023-01-01 10:00:00', '2023-01-01 15:00:00', 5]);
  });

  it('PATCH /time-slots updates by id and creates in one batch, answering in the order given', async () => {
    const p = await setup();
    const [first] = await saveSlots(p.c, p.service.id, [slot(1, '09:00', '17:00', 8)]);
    const res = await p.c.patch('/time-slots', { service_id: p.service.id, time_slots: [slot(5, '09:00', '14:00', 6), slot(1, '08:00', '16:00', 10, first.id)] });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.data[1].id, first.id);
    assert.deepEqual([res.body.data[1].start_time, res.body.data[1].end_time, res.body.data[1].max_bookings], ['2023-01-01 08:00:00', '2023-01-01 16:00:00', 10]);
    assert.equal(res.body.data[0].day_of_week, 5);
    assert.equal((await p.c.get(`/services/${p.service.id}/time-slots`)).body.data.length, 2);
  });

  it('PATCH /time-slots may move windows past each other in one batch; back-to-back windows do not overlap', async () => {
    const p = await setup();
    const [x, y] = await saveSlots(p.c, p.service.id, [slot(0, '09:00', '10:00'), slot(0, '10:00', '11:00')]);
    const swapped = await saveSlots(p.c, p.service.id, [slot(0, '10:00', '11:00', 5, x.id), slot(0, '09:00', '10:00', 5, y.id)]);
    assert.deepEqual(swapped.map((s: { start_time: string }) => s.start_time), ['2023-01-01 10:00:00', '2023-01-01 09:00:00']);
  });

  it('PATCH /time-slots is all or nothing: one bad entry → 400 naming it, and nothing is written', async () => {
    const p = await setup();
    const [kept] = await saveSlots(p.c, p.service.id, [slot(1, '09:00', '12:00', 4)]);
    const before = await tenantFingerprint(p.c.orgId);
    const cases: [object, (string | number)[]][] = [
      [slot(2, '12:00', '11:00'), ['body', 'time_slots', 2, 'end_time']],
      [slot(2, '09:00', '09:00'), ['body', 'time_slots', 2, 'end_time']],
      [{ ...slot(2, '09:00', '10:00'), start_time: '2023-02-30 09:00:00' }, ['body', 'time_slots', 2, 'start_time']],
      [{ ...slot(2, '09:00', '10:00'), start_time: '2023-01-01 09:00:30' }, ['body', 'time_slots', 2, 'start_time']],
      [{ ...slot(2, '09:00', '10:00'), start_time: '09:00:00' }, ['body', 'time_slots', 2, 'start_time']],
      [{ ...slot(2, '09:00', '10:00'), day_of_week: 7 }, ['body', 'time_slots', 2, 'day_of_week']],
      [{ ...slot(2, '09:00', '10:00'), max_bookings: 0 }, ['body', 'time_slots', 2, 'max_bookings']],
      [slot(1, '09:00', '12:00', 4, kept.id), ['body', 'time_slots', 2, 'id']],
    ];
    for (const [entry, loc] of cases) {
      const res = await p.c.patch('/time-slots', {
        service_id: p.service.id, time_slots: [slot(1, '09:00', '12:00', 9, kept.id), slot(4, '09:00', '12:00'), entry],
      });
      assert.deepEqual(bad(res).loc, loc, JSON.stringify(entry));
    }
    assert.deepEqual(await tenantFingerprint(p.c.orgId), before);
    assert.equal((await p.c.get(`/services/${p.service.id}/time-slots`)).body.data[0].max_bookings, 4);
  });

  it('PATCH /time-slots refuses overlapping windows on a weekday with 400 naming the other time slot', async () => {
    const p = await setup();
    const [stored] = await saveSlots(p.c, p.service.id, [slot(2, '09:00', '12:00')]);
    const res = await p.c.patch('/time-slots', { service_id: p.service.id, time_slots: [slot(3, '11:00', '13:00'), slot(2, '11:00', '13:00')] });
    const issue = bad(res);
    assert.deepEqual(issue.loc, ['body', 'time_slots', 1]);
    assert.match(issue.msg, new RegExp(`time slot ${stored.id}\\b`));
    assert.equal(res.body.detail[0].ctx.id, stored.id);
    const inBatch = bad(await p.c.patch('/time-slots', { service_id: p.service.id, time_slots: [slot(4, '09:00', '10:30'), slot(4, '10:00', '11:00')] }));
    assert.match(inBatch.msg, /time_slots\[1\]/);
    assert.equal((await p.c.get(`/services/${p.service.id}/time-slots`)).body.data.length, 1);
  });

  it('PATCH /time-slots returns 404 for an unknown service and for an id of another service or organisation', async () => {
    const p = await setup();
    const otherService = await makeService(p.c, { name: 'Other', location_uuid: p.loc.id });
    const [foreign] = await saveSlots(p.c, otherService.id, [slot(1, '09:00', '10:00')]);
    const unknown = await p.c.patch('/time-slots', { service_id: 987654321, time_slots: [slot(1, '09:00', '10:00')] });
    assert.equal(unknown.status, 404);
    assert.deepEqual(firstIssue(unknown).loc, ['body', 'service_id']);
    const stranger = await p.c.patch('/time-slots', { service_id: p.service.id, time_slots: [slot(1, '09:00', '10:00', 5, foreign.id)] });
    assert.equal(stranger.status, 404);
    assert.deepEqual(firstIssue(stranger).loc, ['body', 'time_slots', 0, 'id']);
    const other = await newOrg('Other');
    assert.equal((await other.patch('/time-slots', { service_id: p.service.id, time_slots: [] })).status, 404);
    assert.equal((await p.c.get(`/services/${otherService.id}/time-slots`)).body.data[0].start_time, '2023-01-01 09:00:00');
  });

  it('GET /time-slots filters by service and pages with the seed\'s pagination; no_pagination returns all', async () => {
    const p = await setup();
    const other = await makeService(p.c, { name: 'Other', location_uuid: p.loc.id });
    await saveSlots(p.c, p.service.id, [slot(3, '10:00', '15:00'), slot(1, '09:00', '17:00'), slot(1, '17:00', '18:00')]);
    await saveSlots(p.c, other.id, [slot(0, '09:00', '10:00')]);
    const page = await p.c.get(`/time-slots?service_id=${p.service.id}&page=1&page_size=2`);
    assert.equal(page.status, 200);
    assert.deepEqual(Object.keys(page.body.data), ['time_slots', 'pagination']);
    assert.deepEqual(page.body.data.time_slots.map((s: { day_of_week: number; start_time: string }) => `${s.day_of_week} ${s.start_time}`),
      ['1 2023-01-01 09:00:00', '1 2023-01-01 17:00:00']);
    assert.deepEqual(page.body.data.pagination, { current_page: 1, total_pages: 2, total_count: 3, page_size: 2 });
    const all = await p.c.get(`/time-slots?service_id=${p.service.id}&page=1&page_size=2&no_pagination=true`);
    assert.equal(all.body.data.time_slots.length, 3);
    assert.deepEqual(all.body.data.pagination, { current_page: 1, total_pages: 1, total_count: 3, page_size: 3 });
    assert.equal((await p.c.get('/time-slots?no_pagination=true')).body.data.time_slots.length, 4);
    assert.equal((await p.c.get('/time-slots?service_id=987654321')).status, 404);
    assert.deepEqual(bad(await p.c.get('/time-slots?page_size=201')).loc, ['query', 'page_size']);
  });

  it('GET /services/{id}/time-slots answers {data: [...]} by weekday and start; 404 for an unknown service', async () => {
    const p = await setup();
    await saveSlots(p.c, p.service.id, [slot(3, '10:00', '15:00'), slot(1, '09:00', '17:00')]);
    const res = await p.c.get(`/services/${p.service.id}/time-slots`);
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), ['data']);
    assert.deepEqual(res.body.data.map((s: { day_of_week: number }) => s.day_of_week), [1, 3]);
    assert.equal((await p.c.get('/services/987654321/time-slots')).status, 404);
  });

  it('DELETE /time-slots/{id} answers {data: "ok"}, then 404', async () => {
    const p = await setup();
    const [a, b] = await saveSlots(p.c, p.service.id, [slot(1, '09:00', '10:00'), slot(2, '09:00', '10:00')]);
    const res = await p.c.delete(`/time-slots/${a.id}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { data: 'ok' });
    assert.equal((await p.c.delete(`/time-slots/${a.id}`)).status, 404);
    assert.deepEqual((await p.c.get(`/services/${p.service.id}/time-slots`)).body.data.map((s: { id: number }) => s.id), [b.id]);
    assert.equal((await (await newOrg()).delete(`/time-slots/${b.id}`)).status, 404);
  });

  it('DELETE /time-slots?service_id&day_of_week deletes that weekday\'s time slots and answers {data: "ok"}', async () => {
    const p = await setup();
    await saveSlots(p.c, p.service.id, [slot(1, '09:00', '10:00'), slot(1, '11:00', '12:00'), slot(2, '09:00', '10:00')]);
    const res = await p.c.delete(`/time-slots?service_id=${p.service.id}&day_of_week=1`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { data: 'ok' });
    assert.deepEqual((await p.c.get(`/services/${p.service.id}/time-slots`)).body.data.map((s: { day_of_week: number }) => s.day_of_week), [2]);
    assert.deepEqual((await p.c.delete(`/time-slots?service_id=${p.service.id}&day_of_week=1`)).body, { data: 'ok' });
    assert.equal((await p.c.delete('/time-slots?service_id=987654321&day_of_week=1')).status, 404);
    assert.deepEqual(bad(await p.c.delete(`/time-slots?service_id=${p.service.id}`)).loc, ['query', 'day_of_week']);
    assert.equal(bad(await p.c.delete(`/time-slots?service_id=${p.service.id}&day_of_week=7`)).type, 'less_than_equal');
  });
});
