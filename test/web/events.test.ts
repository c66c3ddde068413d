// GET /events (the live stream) over real HTTP, and the page's own routes: security headers, assets and
// the demo offer kept to this machine.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { closeTestApp, takeEventFrames, testApp } from '../helpers.ts';
import { makeLocation, makeOperatory, makePractice, makeUserToken } from '../factories.ts';
import { offerDemoOnPage } from '../../src/web/index.ts';

let base: string;

after(async () => {
  offerDemoOnPage(null);
  await closeTestApp();
});

before(async () => {
  const app = await testApp();
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});

/** Opens the stream and collects its events until `stop()`. */
async function stream(orgId: string, token: string) {
  const abort = new AbortController();
  const res = await fetch(`${base}/api/v1/${orgId}/events`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: abort.signal,
  });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type')!, /^text\/event-stream/);
  const events: { event: string; data: any }[] = [];
  let ready!: () => void;
  const isReady = new Promise<void>((r) => { ready = r; });
  void (async () => {
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for await (const chunk of res.body!) {
        buf = takeEventFrames(buf + decoder.decode(chunk as Uint8Array, { stream: true }), (event, data) => {
          if (event === 'ready') ready();
          else events.push({ event, data });
        });
      }
    } catch { /* aborted */ }
  })();
  await isReady;
  return { events, stop: () => abort.abort() };
}

const until = async (check: () => boolean, ms = 2000) => {
  for (const t0 = Date.now(); !check(); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
  }
};

describe('GET /events', () => {
  it('streams each committed booking, move and cancellation to the organisation\'s pages, with the day it touched', async () => {
    const { c, body, ops } = await makePractice();
    const s = await stream(c.orgId, c.token);
    const booked = await c.post('/appointments', body());
    assert.equal(booked.status, 201);
    await until(() => s.events.length >= 1);
    assert.deepEqual(s.events[0], { event: 'appointment', data: {
      org_id: c.orgId, location_id: body().location_uuid, appointment_id: booked.body.id, date: '2026-03-10', action: 'created',
    } });
    const moved = await c.post(`/appointments/${booked.body.id}/move`, {
      base_version: 1, schedule_date: '2026-03-11', start_time: '09:00', end_time: '10:00', operatory_uuid: ops[1]!.id,
    });
    assert.equal(moved.status, 200);
    await until(() => s.events.length >= 3);
    assert.deepEqual(s.events.slice(1).map((e) => [e.data.action, e.data.date]).sort(), [['moved', '2026-03-10'], ['moved', '2026-03-11']]);
    s.stop();
  });

  it('sends nothing for a refused write, and nothing to another organisation', async () => {
    const a = await makePractice();
    const b = await makePractice();
    const sb = await stream(b.c.orgId, b.c.token);
    const sa = await stream(a.c.orgId, a.c.token);
    assert.equal((await a.c.post('/appointments', a.body())).status, 201);
    assert.equal((await a.c.post('/appointments', a.body())).status, 409);
    await until(() => sa.events.length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(sa.events.length, 1);
    assert.equal(sb.events.length, 0);
    sa.stop();
    sb.stop();
  });

  it('a user limited to some locations hears only the changes at those locations', async () => {
    const { c, body, loc } = await makePractice();
    const other = await makeLocation(c.orgId, { name: 'Uptown', timezone: 'America/New_York' });
    const chair = await makeOperatory(c.orgId, other.id, 'Up 1');
    const limited = await makeUserToken(c.orgId, 'staff', [other.id]);
    const s = await stream(c.orgId, limited.token);
    assert.equal((await c.post('/appointments', body())).status, 201);
    assert.equal((await c.post('/appointments', body({ location_uuid: other.id, operatory_uuid: chair.id }))).status, 201);
    await until(() => s.events.length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(s.events.map((e) => e.data.location_id), [other.id]);
    assert.notEqual(loc.id, other.id);
    s.stop();
  });

  it('answers 406 without Accept: text/event-stream, 401 without a token and 404 for another organisation', async () => {
    const { c } = await makePractice();
    const other = await makePractice();
    const url = `${base}/api/v1/${c.orgId}/events`;
    const plain = await fetch(url, { headers: { authorization: `Bearer ${c.token}` } });
    assert.equal(plain.status, 406);
    assert.equal((await plain.json()).detail[0].type, 'not_acceptable');
    assert.equal((await fetch(url, { headers: { accept: 'text/event-stream' } })).status, 401);
    assert.equal((await fetch(url, { headers: { authorization: `Bearer ${other.c.token}`, accept: 'text/event-stream' } })).status, 404);
  });
});

describe('the page\'s routes', () => {
  it('serve the page and its assets with security headers, and leave the API\'s headers alone', async () => {
    const page = await fetch(`${base}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy')!, /default-src 'none'.*frame-ancestors 'none'/);
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(await page.text())![1]!;
    const js = await fetch(base + asset);
    assert.equal(js.status, 200);
    assert.match(js.headers.get('cache-control')!, /immutable/);
    assert.equal((await fetch(`${base}/assets/..%2Fpackage.json`)).status, 404);
    const api = await fetch(`${base}/healthz`);
    assert.equal(api.headers.get('content-security-policy'), null);
  });

  it('offer the demo\'s credentials only while the demo is served, and only to this machine by a loopback name', async () => {
    offerDemoOnPage(null);
    assert.equal((await fetch(`${base}/web/demo`)).status, 404);
    offerDemoOnPage({ org_id: 'o', org_name: 'Demo', token: 't' });
    const res = await fetch(`${base}/web/demo`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.deepEqual(await res.json(), { org_id: 'o', org_name: 'Demo', token: 't' });
    const app = await testApp();
    const rebound = await app.inject({ method: 'GET', url: '/web/demo', headers: { host: 'evil.example' }, remoteAddress: '127.0.0.1' });
    assert.equal(rebound.statusCode, 404);
    const remote = await app.inject({ method: 'GET', url: '/web/demo', headers: { host: '127.0.0.1:8080' }, remoteAddress: '10.0.0.7' });
    assert.equal(remote.statusCode, 404);
    offerDemoOnPage(null);
  });
});
