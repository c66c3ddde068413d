// GET /metrics (issue 16, Operations): Prometheus text, behind METRICS_TOKEN, per-app registry.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { buildApp } from '../../src/core/http/app.ts';
import type { Api } from '../../src/core/http/deps.ts';
import { provideGauge } from '../../src/metrics/index.ts';
import { Client, closeTestApp, FIXED_NOW, firstIssue, testApp, testPool } from '../helpers.ts';
import { makePractice } from '../factories.ts';

const TOKEN = 'metrics-test-token-0123456789';
let app: Api;

before(async () => {
  app = await buildApp({ db: testPool(), clock: () => FIXED_NOW, metricsToken: TOKEN });
});
after(async () => {
  await app.close();
  await closeTestApp();
});

async function scrape(token = TOKEN): Promise<{ status: number; type: string; text: string }> {
  const res = await app.inject({ method: 'GET', url: '/metrics', headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.statusCode, type: String(res.headers['content-type']), text: res.body };
}

/** The value of one series (`name{labels}`; labels in the order prom-client writes them), or undefined. */
function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  it('answers 404 (the error body of an unknown route) when METRICS_TOKEN is not set', async () => {
    const res = await (await testApp()).inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().detail[0].type, 'not_found');
  });

  it('answers 404 without the token or with another one, and Prometheus text with it', async () => {
    for (const token of ['', 'wrong', `${TOKEN}x`]) {
      const res = await scrape(token);
      assert.equal(res.status, 404, token);
      assert.equal(JSON.parse(res.text).detail[0].type, 'not_found');
    }
    const ok = await scrape();
    assert.equal(ok.status, 200);
    assert.match(ok.type, /^text\/plain; version=0\.0\.4/);
    assert.match(ok.text, /^# HELP chairtime_http_requests_total /m);
    assert.match(ok.text, /^# TYPE chairtime_http_request_duration_seconds histogram$/m);
    assert.match(ok.text, /^process_cpu_user_seconds_total /m);
  });

  it('counts requests and their latency by route pattern and status, never by the raw URL', async () => {
    const { c, patient } = await makePractice();
    const client = new Client(app, c.orgId, c.token);
    const unmatched = 'chairtime_http_requests_total{method="GET",route="unmatched",status_code="404"}';
    const unmatchedBefore = value((await scrape()).text, unmatched) ?? 0;
    for (let i = 0; i < 3; i++) assert.equal((await client.get(`/patients/${patient.id}`)).status, 200);
    assert.equal((await client.get(`/patients/${randomUUID()}`)).status, 404);
    assert.equal((await client.get(`/no-such/${randomUUID()}`)).status, 404);
    const { text } = await scrape();
    const route = 'route="/api/v1/:org_id/patients/:patient_uuid"';
    assert.equal(value(text, `chairtime_http_requests_total{method="GET",${route},status_code="200"}`), 3);
    assert.equal(value(text, `chairtime_http_requests_total{method="GET",${route},status_code="404"}`), 1);
    assert.equal(value(text, `chairtime_http_request_duration_seconds_count{method="GET",${route},status_code="200"}`), 3);
    assert.equal(value(text, `chairtime_http_request_duration_seconds_bucket{le="+Inf",method="GET",${route},status_code="200"}`), 3);
    assert.ok(value(text, `chairtime_http_request_duration_seconds_sum{method="GET",${route},status_code="200"}`)! > 0);
    assert.equal(value(text, unmatched)! - unmatchedBefore, 1);
    assert.doesNotMatch(text, new RegExp(`${patient.id}|${c.orgId}`));
  });

  it('counts bookings and slot conflicts', async () => {
    const { c, body } = await makePractice();
    const client = new Client(app, c.orgId, c.token);
    const before = await scrape();
    assert.equal((await client.post('/appointments', body())).status, 201);
    const taken = await client.post('/appointments', body({ start_time: '10:30', end_time: '11:30' }));
    assert.equal(taken.status, 409);
    assert.equal(firstIssue(taken).type, 'slot_conflict');
    // A 409 of another kind is no conflict of chairs.
    const appt = (await client.get('/appointments')).body.items[0];
    assert.equal((await client.patch(`/appointments/${appt.id}`, { base_version: 99, note: 'x' })).status, 409);
    const after = await scrape();
    const delta = (name: string) => value(after.text, name)! - (value(before.text, name) ?? 0);
    assert.equal(delta('chairtime_bookings_total'), 1);
    assert.equal(delta('chairtime_booking_conflicts_total'), 1);
  });

  it('reports the pool\'s connections in use, idle and waiting at the time of the scrape', async () => {
    const max = testPool().options.max!;
    const held = await Promise.all(Array.from({ length: max }, () => testPool().connect()));
    const waiting = testPool().query('SELECT 1');
    try {
      const { text } = await scrape();
      assert.equal(value(text, 'chairtime_db_pool_connections{state="in_use"}'), max);
      assert.equal(value(text, 'chairtime_db_pool_connections{state="idle"}'), 0);
      assert.equal(value(text, 'chairtime_db_pool_waiting'), 1);
      assert.equal(value(text, 'chairtime_db_pool_max_connections'), max);
    } finally {
      for (const client of held) client.release();
      await waiting;
    }
    // The provided gauges' reads of that scrape gave up after a second (the pool was full) and run now: let them finish.
    for (let i = 0; i < 100 && (testPool().waitingCount > 0 || testPool().idleCount < testPool().totalCount); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const { text } = await scrape();
    assert.equal(value(text, 'chairtime_db_pool_connections{state="in_use"}'), 0);
    assert.equal(value(text, 'chairtime_db_pool_waiting'), 0);
  });

  it('exposes a gauge another area provides, read on scrape; a failing read keeps the scrape answering', async () => {
    let backlog = 7;
    provideGauge({ name: 'chairtime_test_backlog', help: 'test', read: async (db) => (await db.query('SELECT $1::int AS n', [backlog])).rows[0].n });
    provideGauge({ name: 'chairtime_test_broken', help: 'test', read: async () => { throw new Error('down'); } });
    assert.equal(value((await scrape()).text, 'chairtime_test_backlog'), 7);
    backlog = 3;
    const res = await scrape();
    assert.equal(res.status, 200);
    assert.equal(value(res.text, 'chairtime_test_backlog'), 3);
  });

  it('reports the webhook backlog: deliveries still pending across organisations', async () => {
    const p = await makePractice();
    assert.equal((await p.c.post('/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['appointment.created'] })).status, 201);
    assert.equal((await p.c.post('/appointments', p.body())).status, 201);
    const pending = async () => (await testPool().query("SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'pending'")).rows[0].n;
    const before = await pending();
    assert.ok(before >= 1, 'no worker runs here: the booking\'s delivery waits');
    assert.equal(value((await scrape()).text, 'chairtime_webhook_backlog'), before);
  });
});
