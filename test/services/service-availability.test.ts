import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Api } from '../../src/core/http/deps.ts';
import { closeTestApp, firstIssue, testAppAt } from '../helpers.ts';
import { bad, makeService, saveSlots, servicePractice, slot, type PracticeOptions } from './service-fixture.ts';

// A clock before the DST Sundays of 2026: Sunday 2026-03-01 07:00 in New York. 2026-03-02 is a Monday (day 0).
const NOW = new Date('2026-03-01T12:00:00Z');
let app: Api;

before(async () => {
  app = await testAppAt(NOW);
});
after(closeTestApp);

type Start = { start: string; end: string; date: string; time_slot_id: number; places_left: number };

/** A practice with a 60-minute service and its time slots. */
async function offered(slots: object[], service: Record<string, unknown> = {}, o: PracticeOptions = {}) {
  const p = await servicePractice(app, o);
  const s = await makeService(p.c, { location_uuid: p.loc.id, ...service });
  const windows = await saveSlots(p.c, s.id, slots);
  const search = async (q: string): Promise<Start[]> => {
    const res = await p.c.get(`/services/${s.id}/availability?${q}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.data;
  };
  const book = (date: string, time: string) => p.c.post(`/services/${s.id}/bookings`, { patient_uuid: p.patient.id, date, time });
  return { ...p, service: s, windows, search, book };
}

const starts = (xs: Start[]) => xs.map((x) => `${x.start} ${x.places_left}`);

describe('GET /services/{id}/availability', () => {
  it('returns the engine\'s starts in each window, every service length from its start, with places left', async () => {
    const p = await offered([slot(0, '09:00', '12:00', 2)]);
    const res = await p.search('date_from=2026-03-02&date_to=2026-03-08');
    assert.deepEqual(res, [
      { start: '2026-03-02T09:00:00-05:00', end: '2026-03-02T10:00:00-05:00', date: '2026-03-02', time_slot_id: p.windows[0].id, places_left: 2 },
      { start: '2026-03-02T10:00:00-05:00', end: '2026-03-02T11:00:00-05:00', date: '2026-03-02', time_slot_id: p.windows[0].id, places_left: 2 },
      { start: '2026-03-02T11:00:00-05:00', end: '2026-03-02T12:00:00-05:00', date: '2026-03-02', time_slot_id: p.windows[0].id, places_left: 2 },
    ]);
  });

  it('places_left decreases as bookings are made, and an occurrence at its cap offers nothing', async () => {
    const p = await offered([slot(0, '09:00', '12:00', 2)]);
    assert.equal((await p.book('2026-03-02', '09:00')).status, 201);
    assert.deepEqual(starts(await p.search('date_from=2026-03-02&date_to=2026-03-02')),
      ['2026-03-02T09:00:00-05:00 1', '2026-03-02T10:00:00-05:00 1', '2026-03-02T11:00:00-05:00 1']);
    assert.equal((await p.book('2026-03-02', '11:00')).status, 201);
    assert.deepEqual(await p.search('date_from=2026-03-02&date_to=2026-03-02'), []);
    // The next Monday is another occurrence.
    assert.deepEqual(starts(await p.search('date_from=2026-03-02&date_to=2026-03-09')),
      ['2026-03-09T09:00:00-04:00 2', '2026-03-09T10:00:00-04:00 2', '2026-03-09T11:00:00-04:00 2']);
  });

  it('sessions start every service length from the window\'s start and end by its end', async () => {
    const p = await offered([slot(1, '09:10', '11:00', 3)], { duration_minutes: 45 });
    assert.deepEqual((await p.search('date_from=2026-03-03&date_to=2026-03-03')).map((x) => [x.start, x.end]), [
      ['2026-03-03T09:10:00-05:00', '2026-03-03T09:55:00-05:00'], ['2026-03-03T09:55:00-05:00', '2026-03-03T10:40:00-05:00'],
    ]);
  });

  it('offers only the service\'s providers: a start where they are all busy is not offered', async () => {
    const p = await offered([slot(0, '09:00', '11:00', 5)]);
    const mine = await makeService(p.c, { name: 'Only P00', location_uuid: p.loc.id, provider_uuids: [p.providers[0]!.id] });
    const [w] = await saveSlots(p.c, mine.id, [slot(0, '09:00', '11:00', 5)]);
    const appt = await p.c.post('/appointments', {
      patient_uuid: p.patient.id, location_uuid: p.loc.id, operatory_uuid: p.ops[0]!.id, provider_uuid: p.providers[0]!.id,
      schedule_date: '2026-03-02', start_time: '09:00', end_time: '10:00',
    });
    assert.equal(appt.status, 201);
    const res = await p.c.get(`/services/${mine.id}/availability?date_from=2026-03-02&date_to=2026-03-02`);
    assert.deepEqual(res.body.data.map((x: Start) => [x.start, x.time_slot_id]), [['2026-03-02T10:00:00-05:00', w.id]]);
    // The service without a provider list may use the other provider and chair at 09:00.
    assert.equal((await p.search('date_from=2026-03-02&date_to=2026-03-02')).length, 2);
  });

  it('defaults to today … today + 6 at the location and offers nothing in the past', async () => {
    const p = await offered([slot(6, '06:00', '09:00', 1), slot(0, '09:00', '10:00', 1)], {}, { hours: ['06:00', '17:00'] });
    // Today is Sunday 2026-03-01, 07:00 in New York: its 06:00 session has begun, its 07:00 and 08:00 ones are offered.
    assert.deepEqual((await p.search('')).map((x) => x.start),
      ['2026-03-01T07:00:00-05:00', '2026-03-01T08:00:00-05:00', '2026-03-02T09:00:00-05:00']);
  });

  it('returns 400 for a malformed date, a reversed window and one over 90 days; 404 for an inactive service', async () => {
    const p = await offered([slot(0, '09:00', '12:00')]);
    const get = (q: string) => p.c.get(`/services/${p.service.id}/availability?${q}`);
    assert.deepEqual(bad(await get('date_from=2026-02-30')).loc, ['query', 'date_from']);
    assert.deepEqual(bad(await get('date_from=2026-03-09&date_to=2026-03-02')).loc, ['query', 'date_to']);
    assert.deepEqual(bad(await get('date_from=2026-03-02&date_to=2026-05-31')).loc, ['query', 'date_to']);
    assert.equal((await get('date_from=2026-03-02&date_to=2026-05-30')).status, 200);
    assert.equal((await p.c.patch(`/services/${p.service.id}`, { base_version: 1, is_active: false })).status, 200);
    const gone = await get('');
    assert.equal(gone.status, 404);
    assert.equal(firstIssue(gone).type, 'not_found');
  });

  it('keeps wall-clock windows on the New York spring-forward day (2026-03-08)', async () => {
    const p = await offered([slot(5, '09:00', '11:00', 3), slot(6, '09:00', '11:00', 3), slot(6, '01:00', '04:00', 3)], {}, { hours: ['00:00', '23:00'] });
    assert.deepEqual((await p.search('date_from=2026-03-07&date_to=2026-03-08')).map((x) => [x.start, x.end]), [
      ['2026-03-07T09:00:00-05:00', '2026-03-07T10:00:00-05:00'], // Saturday, EST
      ['2026-03-07T10:00:00-05:00', '2026-03-07T11:00:00-05:00'],
      // Sunday: 01:00 would end at 02:00 and 02:00 would start in the gap (02:00–03:00 does not exist): neither is offered.
      ['2026-03-08T03:00:00-04:00', '2026-03-08T04:00:00-04:00'],
      ['2026-03-08T09:00:00-04:00', '2026-03-08T10:00:00-04:00'], // 09:00 wall clock, now EDT
      ['2026-03-08T10:00:00-04:00', '2026-03-08T11:00:00-04:00'],
    ]);
  });

  it('keeps wall-clock windows on the New York fall-back day (2026-11-01)', async () => {
    const p = await offered([slot(5, '09:00', '10:00', 3), slot(6, '09:00', '10:00', 3), slot(6, '01:00', '03:00', 3)], {}, { hours: ['00:00', '23:00'] });
    assert.deepEqual((await p.search('date_from=2026-10-31&date_to=2026-11-01')).map((x) => [x.start, x.end]), [
      ['2026-10-31T09:00:00-04:00', '2026-10-31T10:00:00-04:00'], // Saturday, EDT
      // Sunday: 01:00 is the first pass of the repeated hour (EDT); a booking 01:00–02:00 on the wall clock ends at 02:00 EST.
      ['2026-11-01T01:00:00-04:00', '2026-11-01T02:00:00-05:00'],
      ['2026-11-01T02:00:00-05:00', '2026-11-01T03:00:00-05:00'],
      ['2026-11-01T09:00:00-05:00', '2026-11-01T10:00:00-05:00'], // 09:00 wall clock, now EST
    ]);
  });
});
