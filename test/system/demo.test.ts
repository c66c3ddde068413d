import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadDemo, type DemoCredentials } from '../../src/demo/load-demo.ts';
import { Client, closeTestApp, FIXED_NOW, testApp, testPool } from '../helpers.ts';

after(closeTestApp);

// Loading the demo books hundreds of appointments through the API's commands: load it once here.
let creds: DemoCredentials;
before(async () => {
  creds = await loadDemo(testPool(), FIXED_NOW);
});

describe('demo practice', () => {
  it('has two locations in New York and Los Angeles, six chairs each, five providers, 300 patients, CDT codes and 12 types', async () => {
    const c = new Client(await testApp(), creds.org_id, creds.token);
    const locations = (await c.get('/locations')).body;
    assert.deepEqual(locations.items.map((l: any) => l.timezone).sort(), ['America/Los_Angeles', 'America/New_York']);
    for (const l of locations.items) assert.equal((await c.get(`/operatories?location_uuid=${l.id}`)).body.total, 6);
    const providers = (await c.get('/providers')).body.items;
    assert.equal(providers.length, 5);
    assert.deepEqual(new Set(providers.map((p: any) => p.provider_type)), new Set(['dentist', 'hygienist']));
    assert.equal((await c.get('/patients')).body.total, 300);
    assert.ok((await c.get('/procedure-codes')).body.total >= 20);
    const types = (await c.get('/appointment-types?page_size=200')).body.items;
    assert.equal(types.length, 12);
    assert.ok(types.every((t: any) => t.time_pattern && t.duration_minutes === t.time_pattern.length * 5));
  });

  it('has a believable schedule: weekly templates for every provider, weekday lunches, alternate-Friday meetings, a holiday, overrides', async () => {
    // FIXED_NOW is Tuesday 2026-03-10: the demo week starts Monday 2026-03-09; Memorial Day (2026-05-25) is its holiday.
    const c = new Client(await testApp(), creds.org_id, creds.token);
    const [east] = (await c.get('/locations?q=Brooklyn')).body.items;
    const providers = (await c.get('/providers')).body.items;
    const templates = (await c.get('/schedule/templates?page_size=200')).body.items;
    assert.deepEqual(new Set(templates.map((t: any) => t.provider.id)), new Set(providers.map((p: any) => p.id)));
    const day = (await c.get(`/schedule/daily-providers?location_uuid=${east.id}&date=2026-03-10`)).body;
    assert.ok(day.providers.length >= 2);
    assert.ok(day.providers.every((p: any) => p.time_ranges.length > 0));
    const blockouts = async (from: string, to: string) =>
      (await c.get(`/blockouts/instances?location_uuid=${east.id}&date_from=${from}&date_to=${to}&page_size=200`)).body.items;
    const week = await blockouts('2026-03-09', '2026-03-15');
    assert.equal(week.filter((b: any) => b.blockout_type.name === 'Lunch').length, 5);
    assert.equal(week.filter((b: any) => b.blockout_type.name === 'Staff Meeting').length, 1);
    const nextWeek = await blockouts('2026-03-16', '2026-03-22');
    assert.equal(nextWeek.filter((b: any) => b.blockout_type.name === 'Staff Meeting').length, 0, 'meetings are every other Friday');
    const memorialDay = await blockouts('2026-05-25', '2026-05-25');
    assert.deepEqual(memorialDay.map((b: any) => [b.blockout_type.name, b.note]), [['Holiday', 'Memorial Day']], 'no lunch on the holiday');
    assert.equal((await c.get('/schedule/overrides')).body.total, 3);
  });

  it('has four weeks of appointments: past ones completed, broken or cancelled, future ones scheduled', async () => {
    const c = new Client(await testApp(), creds.org_id, creds.token);
    const [east] = (await c.get('/locations?q=Brooklyn')).body.items;
    const past = (await c.get(`/appointments?location_uuid=${east.id}&date_from=2026-02-24&date_to=2026-03-09&page_size=200`)).body.items;
    const future = (await c.get(`/appointments?location_uuid=${east.id}&date_from=2026-03-11&date_to=2026-03-23&page_size=200`)).body.items;
    assert.ok(past.length > 50 && future.length > 50, `${past.length} past, ${future.length} future`);
    assert.ok(past.every((a: any) => ['complete', 'broken', 'cancelled'].includes(a.status)));
    assert.ok(past.filter((a: any) => a.status === 'complete').length > past.length / 2);
    assert.ok(future.every((a: any) => a.status === 'scheduled'));
    const day = (await c.get(`/schedule/calendar/daily?location_uuid=${east.id}&target_date=2026-03-11`)).body;
    assert.ok(day.appointments.length > 5);
    assert.ok(day.appointments.every((a: any) => a.operatory && a.provider));
    // Crown seats carry no fee of their own (billed at the prep); nearly everything else does.
    assert.ok(day.appointments.filter((a: any) => Number(a.production_amount) > 0).length >= day.appointments.length * 0.7);
  });

  it('offers online booking: open hours and a default type per location, two booking blocks with slots, two services with time slots', async () => {
    const c = new Client(await testApp(), creds.org_id, creds.token);
    const locations = (await c.get('/locations')).body.items;
    assert.ok(locations.every((l: any) => l.open_hours?.length >= 5 && l.default_appointment_type_uuid));
    const blocks = (await c.get('/booking-blocks')).body.items;
    assert.deepEqual(blocks.map((b: any) => b.name).sort(), ['New patient visits', 'Saturday hygiene clinic']);
    const slots = (await c.get('/slots?page_size=200')).body;
    assert.equal(slots.total, 4 + 4 * 2, 'two weeks: a new-patient slot each Tuesday and Thursday, four hygiene slots each Saturday');
    assert.ok(slots.items.every((s: any) => s._object === 'slot' && s.available));
    const services = (await c.get('/services')).body.data.services;
    assert.deepEqual(services.map((s: any) => s.name).sort(), ['Emergency exam', 'Teeth cleaning']);
    for (const s of services) assert.ok((await c.get(`/services/${s.id}/time-slots`)).body.data.length >= 3);
    const [east] = locations.filter((l: any) => l.timezone === 'America/New_York');
    const free = await c.get(`/schedule/free-time?location_uuid=${east.id}&date_from=2026-03-11&date_to=2026-03-17`);
    assert.ok(free.body.items.length > 0, 'the demo week has openings');
  });

  it('has a shared front-desk view per location, and the manager\'s default saved search runs', async () => {
    const c = new Client(await testApp(), creds.org_id, creds.token);
    for (const l of (await c.get('/locations')).body.items) {
      const views = (await c.get(`/schedule/views?location_uuid=${l.id}`)).body.items;
      assert.equal(views.length, 1);
      assert.equal(views[0].visibility, 'shared');
      assert.equal(views[0].operatory_uuids.length, 6);
      assert.ok(views[0].card_layout && views[0].bubble_layout && views[0].color_config);
    }
    const [search] = (await c.get('/schedule/saved-searches')).body.items;
    assert.equal(search.is_default, true);
    const run = await c.get(`/schedule/free-time?saved_search_uuid=${search.id}&date_from=2026-03-11&date_to=2026-03-17`);
    assert.equal(run.status, 200, JSON.stringify(run.body));
    assert.ok(run.body.items.length > 0, JSON.stringify(run.body).slice(0, 600));
    assert.ok(run.body.items.every((i: any) => i.start_time >= '08:00:00' && i.end_time <= '12:00:00'));
  });

  it('has recall types with triggers, due and overdue recalls kept true by its visits, and an ASAP list that quick-fill ranks', async () => {
    const c = new Client(await testApp(), creds.org_id, creds.token);
    const types = (await c.get('/recalls/types')).body.items;
    assert.deepEqual(types.map((t: any) => [t.name, t.default_interval]), [['Prophy', { months: 6 }], ['Periodic exam', { months: 6 }], ['Bitewings', { months: 12 }]]);
    for (const [t, code] of [[types[0], 'D1110'], [types[1], 'D0120'], [types[2], 'D0274']]) {
      const triggers = (await c.get(`/recalls/triggers?recall_type_uuid=${t.id}`)).body.items;
      assert.deepEqual(triggers.map((x: any) => x.procedure_code.name), [code]);
    }
    const due = (await c.get('/recalls/patient-recalls/due?page_size=200')).body;
    assert.ok(due.total >= 15, `${due.total} due`);
    assert.ok(due.items.every((r: any) => r.status === 'overdue' && r.patient_phone !== undefined));
    const all = (await c.get('/recalls/patient-recalls?page_size=200')).body.items;
    const statuses = new Set(all.map((r: any) => r.status));
    for (const s of ['due', 'overdue', 'scheduled']) assert.ok(statuses.has(s), `a ${s} recall`);
    // A completed past visit with a prophylaxis set its patient's recall: last visit that date, due six months on.
    assert.ok(all.some((r: any) => r.date_previous && r.date_previous <= '2026-03-10'), 'a recall advanced by a completed visit');
    const entries = (await c.get('/waitlist/entries?page_size=200')).body.items;
    assert.ok(entries.length >= 6);
    assert.ok(entries.some((e: any) => e.source === 'recall') && entries.some((e: any) => e.urgency === 'urgent'));
    const [east] = (await c.get('/locations?q=Brooklyn')).body.items;
    const fill = await c.post('/waitlist/quick-fill', { location_uuid: east.id, slot_date: '2026-03-12', slot_start_time: '08:00', slot_end_time: '09:00' });
    assert.equal(fill.status, 200, JSON.stringify(fill.body));
    assert.ok(fill.body.matches.length > 0, 'someone on the list could take an hour on Thursday morning');
  });

  it('is the same practice every time (seeded), and loads atomically in one transaction', async () => {
    const a = creds;
    const b = await loadDemo(testPool(), FIXED_NOW);
    const names = async (orgId: string) => (await testPool().query(
      'SELECT first_name, last_name, chart_number FROM patients WHERE org_id = $1 ORDER BY chart_number', [orgId])).rows;
    assert.deepEqual(await names(a.org_id), await names(b.org_id));
  });
});
