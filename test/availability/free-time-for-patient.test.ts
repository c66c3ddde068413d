import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Api } from '../../src/core/http/deps.ts';
import { closeTestApp, firstIssue, testAppAt } from '../helpers.ts';
import { twoChairPractice } from './two-chair-practice.ts';
import { makeUser, saveSearch } from '../saved-searches/saved-search-fixture.ts';

// The free-time search for a patient (ranked by the patient's preference) and run from a saved search.
const NOW = new Date('2026-03-01T12:00:00Z');
let app: Api;

before(async () => {
  app = await testAppAt(NOW);
});
after(closeTestApp);

const practice = () => twoChairPractice(app);

type Item = { schedule_date: string; start_time: string; end_time: string; provider: { id: string }; operatory: { id: string }; matches_preference?: boolean };
const key = (i: Item) => `${i.schedule_date} ${i.start_time} ${i.provider.id} ${i.operatory.id}`;
const weekday = (date: string) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;

describe('GET /schedule/free-time?patient_uuid=…', () => {
  it('lists the starts that fit the preference first, then the rest, each group in start order, and marks each', async () => {
    const p = await practice();
    const put = await p.c.put(`/schedule/patient-preferences/by-patient/${p.patient.id}`, {
      preferred_days: [1, 3], preferred_time_start: '09:00', preferred_time_end: '10:30', preferred_provider_uuid: p.bob.id,
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const window = `location_uuid=${p.loc.id}&date_from=2026-03-02&date_to=2026-03-08&duration_minutes=30&step_minutes=30`;
    const all = (await p.c.get(`/schedule/free-time?${window}&limit=1000`)).body.items as Item[];
    const fits = (i: Item) => [1, 3].includes(weekday(i.schedule_date)) && i.start_time >= '09:00:00' && i.end_time <= '10:30:00' && i.provider.id === p.bob.id;
    const expected = [...all.filter(fits), ...all.filter((i) => !fits(i))];
    assert.ok(all.filter(fits).length > 0 && all.filter(fits).length < all.length);

    const ranked = await p.c.get(`/schedule/free-time?${window}&limit=1000&patient_uuid=${p.patient.id}`);
    assert.equal(ranked.status, 200, JSON.stringify(ranked.body));
    assert.deepEqual(ranked.body.items.map(key), expected.map(key));
    assert.deepEqual(ranked.body.items.map((i: Item) => i.matches_preference), expected.map(fits));
    assert.deepEqual(ranked.body.patient_preference, { id: put.body.id, learned_from_history: false });
    assert.equal(ranked.body.has_more, false);

    // The limit cuts the ranked list, across the two groups.
    const fitting = all.filter(fits).length;
    const page = await p.c.get(`/schedule/free-time?${window}&limit=${fitting + 2}&patient_uuid=${p.patient.id}`);
    assert.deepEqual(page.body.items.map(key), expected.slice(0, fitting + 2).map(key));
    assert.equal(page.body.has_more, true);
    const short = await p.c.get(`/schedule/free-time?${window}&limit=2&patient_uuid=${p.patient.id}`);
    assert.deepEqual(short.body.items.map(key), expected.slice(0, 2).map(key));
    assert.equal(short.body.has_more, true);

    // One per start: a start that fits comes once, with the preferred provider, and not again among the rest.
    const one = (await p.c.get(`/schedule/free-time?${window}&limit=1000&one_per_start=true&patient_uuid=${p.patient.id}`)).body.items as Item[];
    const starts = one.map((i) => `${i.schedule_date} ${i.start_time}`);
    assert.equal(new Set(starts).size, starts.length);
    assert.ok(one.filter((i) => i.matches_preference).every((i) => i.provider.id === p.bob.id));
  });

  it('keeps start order and marks nothing for a patient without a preference; 404 for an unknown patient', async () => {
    const p = await practice();
    const window = `location_uuid=${p.loc.id}&date_from=2026-03-02&date_to=2026-03-03&duration_minutes=30&step_minutes=30`;
    const plain = await p.c.get(`/schedule/free-time?${window}`);
    const res = await p.c.get(`/schedule/free-time?${window}&patient_uuid=${p.patient.id}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.items.map(key), plain.body.items.map(key));
    assert.ok(res.body.items.every((i: Item) => i.matches_preference === false));
    assert.equal(res.body.patient_preference, null);
    assert.equal(plain.body.items[0].matches_preference, undefined);

    const unknown = await p.c.get(`/schedule/free-time?${window}&patient_uuid=00000000-0000-4000-8000-000000000001`);
    assert.equal(unknown.status, 404);
    assert.deepEqual(firstIssue(unknown).loc, ['query', 'patient_uuid']);
  });
});

describe('GET /schedule/free-time?saved_search_uuid=…', () => {
  it('applies the saved criteria, and parameters in the URL win over them', async () => {
    const p = await practice();
    const saved = await saveSearch(p.c, {
      criteria: { location_uuid: p.loc.id, date_from: '2026-03-02', date_to: '2026-03-08', duration_minutes: 30, days_of_week: [2], earliest_time: '10:00', limit: 5, provider_uuids: null },
    });
    const direct = await p.c.get(`/schedule/free-time?location_uuid=${p.loc.id}&date_from=2026-03-02&date_to=2026-03-08&duration_minutes=30&days_of_week=2&earliest_time=10:00&limit=5`);
    const run = await p.c.get(`/schedule/free-time?saved_search_uuid=${saved.id}`);
    assert.equal(run.status, 200, JSON.stringify(run.body));
    assert.deepEqual(run.body, direct.body);
    assert.equal(run.body.items.length, 5);

    const over = await p.c.get(`/schedule/free-time?saved_search_uuid=${saved.id}&earliest_time=11:00&limit=100&days_of_week=3`);
    assert.equal(over.status, 200);
    assert.ok(over.body.items.length > 5);
    assert.ok(over.body.items.every((i: Item) => i.start_time >= '11:00:00' && weekday(i.schedule_date) === 3));
  });

  it('refuses another user\'s search (404), another type, an unknown key and a bad value (422), and a search without a location (422)', async () => {
    const p = await practice();
    const other = await makeUser(p.c, 'admin');
    const theirs = await saveSearch(other.client, { criteria: { location_uuid: p.loc.id, duration_minutes: 30 } });
    const notMine = await p.c.get(`/schedule/free-time?saved_search_uuid=${theirs.id}`);
    assert.equal(notMine.status, 404);
    assert.deepEqual(firstIssue(notMine).loc, ['query', 'saved_search_uuid']);
    assert.equal((await other.client.get(`/schedule/free-time?saved_search_uuid=${theirs.id}`)).status, 200);

    const kind = await saveSearch(p.c, { search_type: 'patient_lookup', criteria: { location_uuid: p.loc.id } });
    const wrongType = await p.c.get(`/schedule/free-time?saved_search_uuid=${kind.id}`);
    assert.equal(wrongType.status, 422);
    assert.deepEqual(firstIssue(wrongType).loc, ['query', 'saved_search_uuid']);

    const odd = await saveSearch(p.c, { criteria: { location_uuid: p.loc.id, duration_minutes: 30, colour: 'blue' } });
    const unknownKey = await p.c.get(`/schedule/free-time?saved_search_uuid=${odd.id}`);
    assert.equal(unknownKey.status, 422);
    assert.deepEqual(firstIssue(unknownKey), {
      loc: ['saved_search', 'criteria', 'colour'], type: 'extra_forbidden',
      msg: 'The saved search\'s criteria hold "colour", which the free-time search does not understand',
    });

    const bad = await saveSearch(p.c, { criteria: { location_uuid: p.loc.id, duration_minutes: 30, step_minutes: 1 } });
    const badValue = await p.c.get(`/schedule/free-time?saved_search_uuid=${bad.id}`);
    assert.equal(badValue.status, 422);
    assert.deepEqual(firstIssue(badValue).loc, ['saved_search', 'criteria', 'step_minutes']);
    assert.equal(firstIssue(badValue).type, 'greater_than_equal');
    // The URL's own value makes the search whole again.
    assert.equal((await p.c.get(`/schedule/free-time?saved_search_uuid=${bad.id}&step_minutes=15`)).status, 200);

    const nowhere = await saveSearch(p.c, { criteria: { duration_minutes: 30 } });
    const noLocation = await p.c.get(`/schedule/free-time?saved_search_uuid=${nowhere.id}`);
    assert.equal(noLocation.status, 422);
    assert.deepEqual(firstIssue(noLocation).loc, ['query', 'location_uuid']);
    assert.equal(firstIssue(noLocation).type, 'missing');
    assert.equal((await p.c.get('/schedule/free-time?duration_minutes=30')).status, 422);
  });
});
