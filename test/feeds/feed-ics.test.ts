import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Temporal } from 'temporal-polyfill';
import { Writable } from 'node:stream';
import pino from 'pino';
import { buildApp } from '../../src/core/http/app.ts';
import { closeTestApp, FIXED_NOW, testApp, testAppAt, testPool } from '../helpers.ts';
import { makeLocation, makeOperatory, makePractice } from '../factories.ts';
import type { Api } from '../../src/core/http/deps.ts';
import { parseIcs, prop, text, type Component } from './ics.ts';

after(closeTestApp);

type Practice = Awaited<ReturnType<typeof makePractice>>;

/** GET of a feed's URL (as returned at creation) on `app`, parsed when it is a calendar. */
async function fetchFeed(app: Api, url: string, headers: Record<string, string> = {}) {
  const res = await app.inject({ method: 'GET', url: new URL(url).pathname, headers });
  return { res, cal: res.statusCode === 200 ? parseIcs(res.body) : undefined };
}

const events = (cal: Component) => cal.children.filter((c) => c.name === 'VEVENT');
const eventOf = (cal: Component, appointmentId: string) => events(cal).find((e) => prop(e, 'UID').value === `${appointmentId}@chairtime`);

async function book(p: Practice, over: Record<string, unknown>) {
  const res = await p.c.post('/appointments', p.body({ appointment_type_uuid: p.type.id, provider_uuid: p.dentist.id, ...over }));
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

/** The instant a DTSTART/DTEND names, read through its TZID (or UTC `Z`), as RFC 3339 UTC. */
function instantOf(p: { params: Record<string, string>; value: string }): string {
  const m = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)(Z?)$/.exec(p.value)!;
  const local = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`;
  const zone = m[7] ? 'UTC' : p.params.TZID!;
  return Temporal.PlainDateTime.from(local).toZonedDateTime(zone).toInstant().toString();
}

describe('calendar feeds: the .ics', () => {
  it('answers text/calendar with private caching and an ETag (304 on If-None-Match); one event per chair-occupying appointment', async () => {
    const p = await makePractice();
    const scheduled = await book(p, { start_time: '09:00', end_time: '10:00' });
    const completed = await book(p, { start_time: '10:00', end_time: '11:00' });
    const cancelled = await book(p, { start_time: '11:00', end_time: '12:00' });
    const broken = await book(p, { start_time: '12:00', end_time: '13:00' });
    const planned = await book(p, { start_time: '13:00', end_time: '14:00', status: 'planned' });
    assert.equal((await p.c.post(`/appointments/${completed.id}/transition`, { base_version: 1, status: 'complete' })).status, 200);
    assert.equal((await p.c.post(`/appointments/${cancelled.id}/cancel`, { base_version: 1 })).status, 200);
    assert.equal((await p.c.post(`/appointments/${broken.id}/break`, { base_version: 1 })).status, 200);
    const tooLate = await book(p, { schedule_date: '2026-09-07' });
    const tooEarly = await book(p, { schedule_date: '2026-02-07' });
    const feed = (await p.c.post('/calendar-feeds', { location_uuid: p.loc.id })).body;
    const app = await testApp();
    const { res, cal } = await fetchFeed(app, feed.url);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'text/calendar; charset=utf-8');
    assert.equal(res.headers['cache-control'], 'private, max-age=300');
    assert.deepEqual([prop(cal!, 'VERSION').value, prop(cal!, 'X-WR-CALNAME').value], ['2.0', 'Main Street']);
    const uids = events(cal!).map((e) => prop(e, 'UID').value);
    assert.deepEqual(uids, [`${scheduled.id}@chairtime`, `${completed.id}@chairtime`]);
    for (const gone of [cancelled, broken, planned, tooLate, tooEarly]) assert.equal(eventOf(cal!, gone.id), undefined);
    const e = eventOf(cal!, completed.id)!;
    assert.deepEqual([prop(e, 'SEQUENCE').value, text(prop(e, 'SUMMARY').value), text(prop(e, 'LOCATION').value),
      text(prop(e, 'DESCRIPTION').value)], ['2', 'Exam', 'Main Street — Op 1', 'Providers: Dana Molar']);
    assert.match(prop(e, 'DTSTAMP').value, /^\d{8}T\d{6}Z$/, 'DTSTAMP is UTC');
    assert.deepEqual([prop(e, 'DTSTART').params.TZID, prop(e, 'DTSTART').value, prop(e, 'DTEND').value],
      ['America/New_York', '20260310T100000', '20260310T110000']);
    const etag = res.headers.etag as string;
    assert.match(etag, /^"[A-Za-z0-9_-]+"$/);
    const again = await fetchFeed(app, feed.url, { 'if-none-match': etag });
    assert.deepEqual([again.res.statusCode, again.res.body], [304, '']);
    // A change to an appointment changes the feed, its ETag, and the event's SEQUENCE.
    assert.equal((await p.c.post(`/appointments/${scheduled.id}/move`, { base_version: 1, schedule_date: '2026-03-10', start_time: '08:00', end_time: '09:00' })).status, 200);
    const moved = await fetchFeed(app, feed.url, { 'if-none-match': etag });
    assert.equal(moved.res.statusCode, 200);
    assert.deepEqual([prop(eventOf(moved.cal!, scheduled.id)!, 'SEQUENCE').value, prop(eventOf(moved.cal!, scheduled.id)!, 'DTSTART').value],
      ['2', '20260310T080000']);
  });

  it('across New York\'s DST changes, events carry TZID and local times and the VTIMEZONE has DAYLIGHT and STANDARD', async () => {
    const p = await makePractice();
    // 10:00 EDT (UTC-4) on the spring-forward day, and 10:00 EST (UTC-5) on the fall-back day.
    const spring = await book(p, { schedule_date: '2026-03-08', start_time: '10:00', end_time: '11:00' });
    const fall = await book(p, { schedule_date: '2026-11-01', start_time: '10:00', end_time: '11:00' });
    assert.deepEqual([spring.start_time, fall.start_time], ['2026-03-08T10:00:00-04:00', '2026-11-01T10:00:00-05:00']);
    const feed = (await p.c.post('/calendar-feeds', { provider_uuid: p.dentist.id })).body;
    // The window is 30 days back to 180 ahead: each DST day is seen from a clock a few weeks before it.
    for (const [now, appt, local] of [['2026-03-01T12:00:00Z', spring, '20260308T100000'], ['2026-10-15T12:00:00Z', fall, '20261101T100000']] as const) {
      const { res, cal } = await fetchFeed(await testAppAt(new Date(now)), feed.url);
      assert.equal(res.statusCode, 200);
      const e = eventOf(cal!, appt.id)!;
      assert.deepEqual([prop(e, 'DTSTART').params.TZID, prop(e, 'DTSTART').value], ['America/New_York', local]);
      assert.equal(instantOf(prop(e, 'DTSTART')), Temporal.Instant.from(appt.start_time).toString());
      assert.equal(instantOf(prop(e, 'DTEND')), Temporal.Instant.from(appt.end_time).toString());
      const zones = cal!.children.filter((c) => c.name === 'VTIMEZONE');
      assert.deepEqual(zones.map((z) => prop(z, 'TZID').value), ['America/New_York']);
      const rules = Object.fromEntries(zones[0]!.children.map((r) => [r.name, [prop(r, 'TZOFFSETFROM').value, prop(r, 'TZOFFSETTO').value, prop(r, 'RRULE').value]]));
      assert.deepEqual(rules, {
        DAYLIGHT: ['-0500', '-0400', 'FREQ=YEARLY;BYMONTH=3;BYDAY=2SU'],
        STANDARD: ['-0400', '-0500', 'FREQ=YEARLY;BYMONTH=11;BYDAY=1SU'],
      });
    }
  });

  it('a provider feed spans locations, each event in its location\'s zone with a VTIMEZONE for each', async () => {
    const p = await makePractice();
    const berlin = await makeLocation(p.c.orgId, { name: 'Berlin', timezone: 'Europe/Berlin' });
    const chair = await makeOperatory(p.c.orgId, berlin.id, 'B1');
    const ny = await book(p, { start_time: '09:00', end_time: '10:00' });
    // 2026-03-29 is Berlin's spring-forward day: 10:00 CEST (UTC+2).
    const de = await book(p, { location_uuid: berlin.id, operatory_uuid: chair.id, schedule_date: '2026-03-29', start_time: '10:00', end_time: '10:30' });
    const someoneElse = await book(p, { start_time: '11:00', end_time: '12:00', provider_uuid: p.hygienist.id });
    const feed = (await p.c.post('/calendar-feeds', { provider_uuid: p.dentist.id, name: 'Dr Molar' })).body;
    const { cal } = await fetchFeed(await testApp(), feed.url);
    assert.equal(prop(cal!, 'X-WR-CALNAME').value, 'Dr Molar');
    assert.deepEqual(events(cal!).map((e) => prop(e, 'UID').value), [`${ny.id}@chairtime`, `${de.id}@chairtime`]);
    assert.equal(eventOf(cal!, someoneElse.id), undefined);
    const e = eventOf(cal!, de.id)!;
    assert.deepEqual([prop(e, 'DTSTART').params.TZID, prop(e, 'DTSTART').value, text(prop(e, 'LOCATION').value)],
      ['Europe/Berlin', '20260329T100000', 'Berlin — B1']);
    assert.equal(instantOf(prop(e, 'DTSTART')), '2026-03-29T08:00:00Z');
    assert.deepEqual(cal!.children.filter((c) => c.name === 'VTIMEZONE').map((z) => prop(z, 'TZID').value).sort(), ['America/New_York', 'Europe/Berlin']);
  });

  it('patient names stay out unless the feed was created with include_patient_names', async () => {
    const p = await makePractice();
    const appt = await book(p, { start_time: '09:00', end_time: '10:00' });
    const app = await testApp();
    const quiet = await fetchFeed(app, (await p.c.post('/calendar-feeds', { location_uuid: p.loc.id })).body.url);
    assert.equal(text(prop(eventOf(quiet.cal!, appt.id)!, 'SUMMARY').value), 'Exam');
    assert.doesNotMatch(quiet.res.body, /Smith|Ann|A1|555-0101/);
    const named = await fetchFeed(app, (await p.c.post('/calendar-feeds', { location_uuid: p.loc.id, include_patient_names: true })).body.url);
    assert.equal(text(prop(eventOf(named.cal!, appt.id)!, 'SUMMARY').value), 'Exam — Ann Smith');
  });

  it('a feed without events is still a calendar with its location\'s VTIMEZONE', async () => {
    const p = await makePractice();
    const { res, cal } = await fetchFeed(await testApp(), (await p.c.post('/calendar-feeds', { location_uuid: p.loc.id })).body.url);
    assert.equal(res.statusCode, 200);
    assert.deepEqual([events(cal!).length, cal!.children.map((c) => c.name)], [0, ['VTIMEZONE']]);
  });

  it('a revoked, unknown or malformed token, and any other path under /feeds/, → 404 with the error body', async () => {
    const p = await makePractice();
    const app = await testApp();
    const feed = (await p.c.post('/calendar-feeds', { location_uuid: p.loc.id })).body;
    assert.equal((await fetchFeed(app, feed.url)).res.statusCode, 200);
    assert.equal((await p.c.delete(`/calendar-feeds/${feed.id}`)).status, 204);
    const revoked = await fetchFeed(app, feed.url);
    assert.deepEqual([revoked.res.statusCode, revoked.res.json().detail[0].type], [404, 'not_found']);
    const base = new URL(feed.url).origin;
    const secret = feed.token.slice(-43);
    const flipped = feed.token.slice(0, -1) + (feed.token.endsWith('A') ? 'B' : 'A');
    for (const path of [`/feeds/${flipped}.ics`, `/feeds/cf_${'0'.repeat(32)}_${secret}.ics`, '/feeds/nope.ics', `/feeds/${feed.token}`,
      `/feeds/${feed.token}.ics/`, '/feeds/a/b.ics']) {
      const { res } = await fetchFeed(app, base + path);
      assert.deepEqual([res.statusCode, res.json().detail[0].type], [404, 'not_found'], path);
    }
  });

  it('the request log never holds a feed token, for a live, unknown or mistyped feed URL', async () => {
    const p = await makePractice();
    const feed = (await p.c.post('/calendar-feeds', { location_uuid: p.loc.id })).body;
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const app = await buildApp({ db: testPool(), clock: () => FIXED_NOW }, pino({ level: 'info' }, sink));
    try {
      const path = new URL(feed.url).pathname;
      for (const url of [path, `${path}?x=1`, `/feeds/${feed.token}`, path.replace(/.\.ics$/, 'x.ics'), `${path}/`]) {
        await app.inject({ method: 'GET', url });
      }
      assert.equal((await app.inject({ method: 'GET', url: path })).statusCode, 200);
    } finally {
      await app.close();
    }
    const log = lines.join('');
    assert.ok(log.includes('"url":"/feeds/[redacted]"'), log.slice(0, 500));
    assert.ok(!log.includes(feed.token.slice(-43)), 'the secret is not in the log');
    assert.ok(!log.includes(feed.token.slice(3, 35 + 8)), 'nor a piece of the token');
  });
});
