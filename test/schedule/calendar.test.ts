import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, testPool } from '../helpers.ts';
import { makeBlockoutType, makeLocation, makeOperatory, makePractice, makeUserToken } from '../factories.ts';

after(closeTestApp);

const SUNDAY = 6;
const MONDAY = 0;
const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';

/** A practice with helpers to book, change status, add blockouts, templates and overrides through the API. */
async function calendarPractice() {
  const p = await makePractice();
  const { c, loc } = p;
  const book = async (date: string, start: string, end: string, over: Record<string, unknown> = {}) => {
    const res = await c.post('/appointments', p.body({ schedule_date: date, start_time: start, end_time: end, ...over }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };
  const lunch = await makeBlockoutType(p.c.orgId);
  const blockout = async (date: string, over: Record<string, unknown> = {}) => {
    const res = await c.post('/blockouts/instances', {
      blockout_type_uuid: lunch.id, location_uuid: loc.id, schedule_date: date, start_time: '12:00', end_time: '13:00', ...over,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.items[0];
  };
  const template = async (providerId: string, day: number, start: string, end: string) => {
    const res = await c.post('/schedule/templates', {
      provider_uuid: providerId, location_uuid: loc.id, day_of_week: day, start_time: start, end_time: end, effective_from: '2026-01-01',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  };
  const override = async (providerId: string, date: string, start: string, end: string) => {
    const res = await c.post('/schedule/overrides', { provider_uuid: providerId, location_uuid: loc.id, override_date: date, start_time: start, end_time: end });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  };
  const daily = (date: string, query = '') => c.get(`/schedule/calendar/daily?location_uuid=${loc.id}&target_date=${date}${query}`);
  return { ...p, book, blockout, template, override, daily, lunch };
}

/** Runs `fn` and returns how many queries it sent through the app's pool. */
async function countQueries(fn: () => Promise<unknown>): Promise<number> {
  const pool = testPool();
  const original = pool.query;
  let n = 0;
  pool.query = function (this: unknown, ...args: unknown[]) {
    n++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pool.query;
  try {
    await fn();
  } finally {
    pool.query = original;
  }
  return n;
}

const ids = (xs: { id: string }[]) => xs.map((x) => x.id);

describe('daily calendar', () => {
  it('the spring-forward day has 23 hours and holds the appointments starting in it, with blockouts and provider schedules', async () => {
    const { c, ops, dentist, hygienist, book, blockout, template, override, daily } = await calendarPractice();
    await book('2026-03-07', '23:30', '23:59'); // the evening before: another day
    const first = await book('2026-03-08', '00:00', '00:30'); // 00:00 EST, the first instant of the day
    const afterGap = await book('2026-03-08', '03:00', '04:00'); // 03:00 EDT, just after the gap
    const late = await book('2026-03-08', '23:00', '23:30', { operatory_uuid: ops[1]!.id }); // 23:00 EDT is 03:00Z on the 9th
    await book('2026-03-09', '00:00', '00:30'); // the next day
    const broken = await book('2026-03-08', '09:00', '10:00');
    assert.equal((await c.post(`/appointments/${broken.id}/break`, { base_version: 1 })).status, 200);
    const cancelled = await book('2026-03-08', '10:00', '11:00');
    assert.equal((await c.post(`/appointments/${cancelled.id}/cancel`, { base_version: 1 })).status, 200);
    const lunch = await blockout('2026-03-08');
    await blockout('2026-03-09');
    await template(dentist.id, SUNDAY, '08:00', '12:00');
    await override(hygienist.id, '2026-03-08', '10:00', '14:00');

    const res = await daily('2026-03-08');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const d = res.body;
    assert.equal(d.date, '2026-03-08');
    assert.equal(d.day_hours, 23);
    assert.equal(d.location_timezone, 'America/New_York');
    assert.deepEqual(ids(d.appointments), [first.id, afterGap.id, broken.id, late.id], 'by start; broken stays, cancelled goes');
    assert.deepEqual(d.appointments.map((a: any) => a.start_time),
      ['2026-03-08T00:00:00-05:00', '2026-03-08T03:00:00-04:00', '2026-03-08T09:00:00-04:00', '2026-03-08T23:00:00-04:00']);
    assert.deepEqual(d.appointments[0], (await c.get(`/appointments/${first.id}`)).body, 'full Appointment records, no Tier 2 fields unasked');
    assert.deepEqual(d.blockouts, [(await c.get(`/blockouts/instances/${lunch.id}`)).body]);
    assert.deepEqual(d.provider_schedules, [
      {
        provider: { id: hygienist.id, name: 'Hal Hygiene' }, is_override: true,
        time_ranges: [{ start_time: '10:00:00', end_time: '14:00:00', start_at: '2026-03-08T10:00:00-04:00', end_at: '2026-03-08T14:00:00-04:00', operatory: null }],
      },
      {
        provider: { id: dentist.id, name: 'Dana Molar' }, is_override: false,
        time_ranges: [{ start_time: '08:00:00', end_time: '12:00:00', start_at: '2026-03-08T08:00:00-04:00', end_at: '2026-03-08T12:00:00-04:00', operatory: null }],
      },
    ], 'by last name; the same entries as GET /schedule/daily-providers');
    const providers = (await c.get(`/schedule/daily-providers?location_uuid=${d.appointments[0].location.id}&date=2026-03-08`)).body.providers;
    assert.deepEqual(d.provider_schedules, providers);
  });

  it('the fall-back day has 25 hours and an ambiguous 01:30 start is the earlier instant', async () => {
    const { book, daily } = await calendarPractice();
    const ambiguous = await book('2026-11-01', '01:30', '02:30'); // 01:30 EDT, then 02:30 EST: two real hours
    const evening = await book('2026-11-01', '23:00', '23:30'); // 23:00 EST is 04:00Z on the 2nd
    await book('2026-11-02', '00:00', '00:30');
    const d = (await daily('2026-11-01')).body;
    assert.equal(d.day_hours, 25);
    assert.deepEqual(ids(d.appointments), [ambiguous.id, evening.id]);
    assert.equal(d.appointments[0].start_time, '2026-11-01T01:30:00-04:00');
    assert.equal(d.appointments[1].start_time, '2026-11-01T23:00:00-05:00');
    assert.equal((await daily('2026-03-10')).body.day_hours, 24);
  });

  it('fields adds the requested Tier 2 patient fields to each appointment and leaves the others out', async () => {
    const { book, daily } = await calendarPractice();
    await book('2026-03-10', '10:00', '11:00');
    const some = (await daily('2026-03-10', '&fields=chart_number,mobile_phone,balance_due')).body.appointments[0];
    assert.deepEqual([some.chart_number, some.mobile_phone, some.balance_due], ['A1', '555-0101', '40.00']);
    assert.equal('preferred_name' in some, false);
    assert.equal('birth_date' in some, false);
    const rest = (await daily('2026-03-10', '&fields=%20preferred_name%20,,birth_date,preferred_name')).body.appointments[0];
    assert.deepEqual([rest.preferred_name, rest.birth_date], [null, null], 'blanks and repeats are ignored; unset fields are null');
    assert.equal('chart_number' in rest, false);
    const none = (await daily('2026-03-10')).body.appointments[0];
    for (const f of ['chart_number', 'mobile_phone', 'balance_due', 'preferred_name', 'birth_date']) assert.equal(f in none, false, f);
  });

  it('returns 422 for an unknown field key or a malformed date', async () => {
    const { daily } = await calendarPractice();
    const res = await daily('2026-03-10', '&fields=chart_number,ssn');
    assert.equal(res.status, 422);
    assert.deepEqual(firstIssue(res).loc, ['query', 'fields']);
    assert.match(firstIssue(res).msg, /ssn/);
    assert.equal((await daily('2026-02-30')).status, 422);
  });

  it('shows only the location\'s appointments and returns 404 for an unknown location or one outside the caller\'s locations', async () => {
    const { c, loc, book, daily } = await calendarPractice();
    const uptown = await makeLocation(c.orgId, { name: 'Uptown' });
    const op = await makeOperatory(c.orgId, uptown.id, 'U1');
    await book('2026-03-10', '10:00', '11:00', { location_uuid: uptown.id, operatory_uuid: op.id });
    assert.deepEqual((await daily('2026-03-10')).body.appointments, []);
    const unknown = await c.get(`/schedule/calendar/daily?location_uuid=${MISSING}&target_date=2026-03-10`);
    assert.equal(unknown.status, 404);
    assert.deepEqual(firstIssue(unknown).loc, ['query', 'location_uuid']);
    const limited = c.as((await makeUserToken(c.orgId, 'viewer', [uptown.id])).token);
    assert.equal((await limited.get(`/schedule/calendar/daily?location_uuid=${loc.id}&target_date=2026-03-10`)).status, 404);
    assert.equal((await limited.get(`/schedule/calendar/daily?location_uuid=${uptown.id}&target_date=2026-03-10`)).body.appointments.length, 1);
  });
});

describe('weekly calendar', () => {
  it('gives seven local days from any week_start, each with its own appointments, blockouts and schedules', async () => {
    const { c, loc, dentist, book, blockout, template } = await calendarPractice();
    await book('2026-03-03', '10:00', '11:00'); // Tuesday before
    const wed = await book('2026-03-04', '10:00', '11:00');
    const sun = await book('2026-03-08', '23:00', '23:30'); // 03:00Z on Monday the 9th
    const tue = await book('2026-03-10', '10:00', '11:00');
    await book('2026-03-11', '10:00', '11:00'); // the Wednesday after
    const friday = await blockout('2026-03-06');
    await template(dentist.id, MONDAY, '08:00', '17:00');

    const res = await c.get(`/schedule/calendar/weekly?location_uuid=${loc.id}&week_start=2026-03-04&fields=chart_number`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const w = res.body;
    assert.equal(w.location_timezone, 'America/New_York');
    assert.deepEqual(w.days.map((d: any) => d.date), ['2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10']);
    assert.deepEqual(w.days.map((d: any) => d.day_hours), [24, 24, 24, 24, 23, 24, 24]);
    assert.deepEqual(w.days.map((d: any) => ids(d.appointments)), [[wed.id], [], [], [], [sun.id], [], [tue.id]]);
    assert.equal(w.days[0].appointments[0].chart_number, 'A1');
    assert.deepEqual(w.days.map((d: any) => ids(d.blockouts)), [[], [], [friday.id], [], [], [], []]);
    assert.deepEqual(w.days.map((d: any) => d.provider_schedules.length), [0, 0, 0, 0, 0, 1, 0]);
    assert.equal(w.days[5].provider_schedules[0].time_ranges[0].start_at, '2026-03-09T08:00:00-04:00');
    assert.equal('location_timezone' in w.days[0], false);
    const day = (await c.get(`/schedule/calendar/daily?location_uuid=${loc.id}&target_date=2026-03-08&fields=chart_number`)).body;
    const { location_timezone: _, ...dayShape } = day;
    assert.deepEqual(w.days[4], dayShape, 'each day is the daily view without location_timezone');
  });

  it('returns 404 for an unknown location and 422 without week_start', async () => {
    const { c, loc } = await calendarPractice();
    assert.equal((await c.get(`/schedule/calendar/weekly?location_uuid=${MISSING}&week_start=2026-03-09`)).status, 404);
    const missing = await c.get(`/schedule/calendar/weekly?location_uuid=${loc.id}`);
    assert.equal(missing.status, 422);
    assert.deepEqual(firstIssue(missing).loc, ['query', 'week_start']);
    assert.equal((await c.get(`/schedule/calendar/weekly?location_uuid=${loc.id}&week_start=2026-03-09&fields=nope`)).status, 422);
  });
});

describe('calendar query counts', () => {
  it('a day, and a week, load in the same number of queries with 2 or 20 appointments', async () => {
    const { c, loc, ops, dentist, hygienist, book, blockout, template, override, daily } = await calendarPractice();
    for (const [i, t] of ['08:00', '09:00'].entries()) await book('2026-03-10', t, `${t.slice(0, 2)}:30`, { operatory_uuid: ops[i]!.id, provider_uuid: dentist.id });
    for (let i = 0; i < 20; i++) {
      const start = 8 * 60 + 20 * i;
      const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      await book('2026-03-12', hhmm(start), hhmm(start + 20), { provider_uuid: i % 2 ? dentist.id : hygienist.id, allow_overlap: true });
    }
    for (const date of ['2026-03-10', '2026-03-12']) await blockout(date);
    await template(dentist.id, 1, '08:00', '17:00'); // Tuesday
    await template(hygienist.id, 3, '08:00', '17:00'); // Thursday
    await override(dentist.id, '2026-03-12', '09:00', '12:00');
    const fields = '&fields=chart_number,mobile_phone,balance_due,preferred_name,birth_date';
    const two = await countQueries(async () => assert.equal((await daily('2026-03-10', fields)).body.appointments.length, 2));
    const twenty = await countQueries(async () => assert.equal((await daily('2026-03-12', fields)).body.appointments.length, 20));
    assert.equal(two, twenty);
    assert.ok(two <= 8, `${two} queries for a day`);
    const week = await countQueries(async () => {
      const w = (await c.get(`/schedule/calendar/weekly?location_uuid=${loc.id}&week_start=2026-03-09${fields}`)).body;
      assert.equal(w.days.reduce((n: number, d: any) => n + d.appointments.length, 0), 22);
    });
    assert.equal(week, two, 'the week is read with range queries, not day by day');
    const month = await countQueries(async () => assert.equal((await c.get(`/schedule/calendar/monthly?location_uuid=${loc.id}&month=2026-03`)).status, 200));
    assert.ok(month <= 6, `${month} queries for a month`);
  });
});

describe('monthly calendar', () => {
  it('summarises every day of the month: counts, scheduled and completed production, goals and holidays', async () => {
    const { c, loc, dentist, hygienist, type, book, blockout } = await calendarPractice();
    await c.post('/procedure-codes', { code: 'D0120', description: 'Periodic evaluation', default_fee: 58 });
    await c.patch(`/appointment-types/${type.id}`, { base_version: 1, procedure_codes_to_add: ['D0120'] });
    const exam = { appointment_type_uuid: type.id };
    await book('2026-03-10', '08:00', '09:00', exam);
    await book('2026-03-10', '09:00', '10:00', exam);
    const done = await book('2026-03-10', '10:00', '11:00', exam);
    assert.equal((await c.post(`/appointments/${done.id}/transition`, { base_version: 1, status: 'complete' })).status, 200);
    const broken = await book('2026-03-10', '11:00', '12:00', exam);
    assert.equal((await c.post(`/appointments/${broken.id}/break`, { base_version: 1 })).status, 200);
    const explicit = await book('2026-03-08', '23:00', '23:30', exam); // 03:00Z on the 9th, still the 8th locally
    assert.equal((await c.patch(`/appointments/${explicit.id}`, { base_version: 1, production_amount: 120.5 })).status, 200);
    await book('2026-04-01', '00:00', '00:30', exam); // next month
    for (const [provider, amount] of [[dentist.id, 200], [hygienist.id, 150.5]] as const) {
      await c.post('/schedule/production-goals', { provider_uuid: provider, location_uuid: loc.id, goal_date: '2026-03-10', goal_amount: amount });
    }
    const holiday = await makeBlockoutType(c.orgId, { name: 'Closed', is_holiday: true });
    await blockout('2026-03-17', { blockout_type_uuid: holiday.id, start_time: '00:00', end_time: '23:59' });
    await blockout('2026-03-18'); // lunch is no holiday

    const res = await c.get(`/schedule/calendar/monthly?location_uuid=${loc.id}&month=2026-03`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const m = res.body;
    assert.equal(m.month, '2026-03');
    assert.equal(m.location_timezone, 'America/New_York');
    assert.equal(m.days.length, 31);
    assert.equal(m.days[0].date, '2026-03-01');
    assert.equal(m.days[30].date, '2026-03-31');
    const day = (date: string) => m.days.find((d: any) => d.date === date);
    assert.deepEqual(day('2026-03-10'), {
      date: '2026-03-10', day_hours: 24, appointment_count: 3, scheduled_production: '116.00', completed_production: '58.00',
      production_goal: '350.50', is_holiday: false,
    });
    assert.deepEqual(day('2026-03-08'), {
      date: '2026-03-08', day_hours: 23, appointment_count: 1, scheduled_production: '120.50', completed_production: '0.00',
      production_goal: '0.00', is_holiday: false,
    });
    assert.equal(day('2026-03-09').appointment_count, 0);
    assert.equal(day('2026-03-17').is_holiday, true);
    assert.equal(day('2026-03-18').is_holiday, false);
    assert.equal(m.days.filter((d: any) => d.is_holiday).length, 1);
    assert.equal(m.days.reduce((n: number, d: any) => n + d.appointment_count, 0), 4);
    const november = (await c.get(`/schedule/calendar/monthly?location_uuid=${loc.id}&month=2026-11`)).body;
    assert.equal(november.days.length, 30);
    assert.equal(november.days[0].day_hours, 25);
    assert.equal((await c.get(`/schedule/calendar/monthly?location_uuid=${loc.id}&month=2028-02`)).body.days.length, 29, 'leap year');
  });

  it('returns 422 for a month not in YYYY-MM form and 404 for an unknown or invisible location', async () => {
    const { c, loc } = await calendarPractice();
    for (const month of ['2026-13', '2026-3', 'March', '2026-03-01', '']) {
      const res = await c.get(`/schedule/calendar/monthly?location_uuid=${loc.id}&month=${month}`);
      assert.equal(res.status, 422, month);
      assert.deepEqual(firstIssue(res).loc, ['query', 'month']);
    }
    assert.equal((await c.get(`/schedule/calendar/monthly?location_uuid=${loc.id}`)).status, 422);
    const unknown = await c.get(`/schedule/calendar/monthly?location_uuid=${MISSING}&month=2026-03`);
    assert.equal(unknown.status, 404);
    assert.deepEqual(firstIssue(unknown).loc, ['query', 'location_uuid']);
    const uptown = await makeLocation(c.orgId, { name: 'Uptown' });
    const limited = c.as((await makeUserToken(c.orgId, 'staff', [uptown.id])).token);
    assert.equal((await limited.get(`/schedule/calendar/monthly?location_uuid=${loc.id}&month=2026-03`)).status, 404);
  });
});
