// A calendar feed created with patient names discloses them at its secret URL: each fetch that names patients is
// recorded in the audit of patient data reads (issue 16), as a read by the feed's creator with the feed as credential.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, testApp, testPool, type Client } from '../helpers.ts';
import { makePractice, makeUserToken } from '../factories.ts';

after(closeTestApp);

type Practice = Awaited<ReturnType<typeof makePractice>>;

async function fetchFeed(url: string, method: 'GET' | 'HEAD' = 'GET', headers: Record<string, string> = {}) {
  return (await testApp()).inject({ method, url: new URL(url).pathname, headers });
}

async function reads(c: Client, query = '') {
  const res = await c.get(`/audit/patient-reads?page_size=200${query}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

/** Two patients' visits at the practice's location on 2026-03-10 (Ann twice) and a second patient, Bob. */
async function visits(p: Practice) {
  const bob = (await p.c.post('/patients', { first_name: 'Bob', last_name: 'Jones' })).body;
  for (const [patient, start] of [[p.patient.id, '09:00'], [bob.id, '10:00'], [p.patient.id, '11:00']] as const) {
    const res = await p.c.post('/appointments', p.body({ patient_uuid: patient, start_time: start, end_time: `${Number(start.slice(0, 2)) + 1}:00` }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
  return { bob };
}

describe('calendar feeds in the audit of patient data reads', () => {
  it('a fetch of a feed with patient names is recorded: the creator as reader, the feed as credential and record, every patient named', async () => {
    const p = await makePractice();
    const { bob } = await visits(p);
    const staff = await makeUserToken(p.c.orgId, 'staff');
    const feed = (await p.c.as(staff.token).post('/calendar-feeds', { location_uuid: p.loc.id, include_patient_names: true })).body;
    const res = await fetchFeed(feed.url, 'GET', { 'x-request-id': 'feed-fetch-1' });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.body, /Ann Smith/);
    const page = await reads(p.c);
    assert.equal(page.total, 1);
    const [r] = page.items;
    assert.deepEqual({ ...r, id: undefined, read_at: undefined }, {
      id: undefined, read_at: undefined, user: { id: staff.userId, name: 'staff user' }, token_uuid: feed.id, method: 'GET',
      route: '/feeds/{token}.ics', record_kind: 'calendar_feed', record_uuid: feed.id, patient_uuids: [p.patient.id, bob.id],
      request_id: 'feed-fetch-1',
    });
    assert.equal(JSON.stringify(r).includes(feed.token), false, 'the audit never holds the secret');
    // Found by patient and by the creator, like any read.
    assert.equal((await reads(p.c, `&patient_uuid=${bob.id}`)).total, 1);
    assert.equal((await reads(p.c, `&user_uuid=${staff.userId}`)).total, 1);
    // Every fetch is a read.
    assert.equal((await fetchFeed(feed.url)).statusCode, 200);
    assert.equal((await reads(p.c)).total, 2);
  });

  it('a 304, a HEAD, a feed without names, a feed with names but no appointments and an unknown or revoked token record nothing', async () => {
    const p = await makePractice();
    const named = (await p.c.post('/calendar-feeds', { location_uuid: p.loc.id, include_patient_names: true })).body;
    const empty = await fetchFeed(named.url);
    assert.equal(empty.statusCode, 200);
    assert.equal((await reads(p.c)).total, 0, 'no appointment, no patient named');
    await visits(p);
    const first = await fetchFeed(named.url);
    assert.equal((await reads(p.c)).total, 1);
    assert.equal((await fetchFeed(named.url, 'GET', { 'if-none-match': String(first.headers.etag) })).statusCode, 304);
    assert.equal((await fetchFeed(named.url, 'HEAD')).statusCode, 200);
    const plain = (await p.c.post('/calendar-feeds', { location_uuid: p.loc.id })).body;
    const unnamed = await fetchFeed(plain.url);
    assert.equal(unnamed.statusCode, 200);
    assert.doesNotMatch(unnamed.body, /Smith/);
    assert.equal((await p.c.delete(`/calendar-feeds/${named.id}`)).status, 204);
    assert.equal((await fetchFeed(named.url)).statusCode, 404);
    assert.equal((await reads(p.c)).total, 1);
  });

  it('when the fetch cannot be recorded the answer is 500 without the calendar', async () => {
    const p = await makePractice();
    await visits(p);
    const feed = (await p.c.post('/calendar-feeds', { location_uuid: p.loc.id, include_patient_names: true })).body;
    // A feed without its creator (only a database edit makes one) has no reader to record the fetch as.
    await testPool().query('UPDATE calendar_feeds SET created_by = NULL WHERE org_id = $1 AND id = $2', [p.c.orgId, feed.id]);
    const res = await fetchFeed(feed.url);
    assert.equal(res.statusCode, 500);
    assert.doesNotMatch(res.body, /Smith|VCALENDAR/);
    assert.equal((await reads(p.c)).total, 0);
  });
});
