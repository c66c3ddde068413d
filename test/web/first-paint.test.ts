// First paint of a busy day: 150 appointments in ten chairs at one location, created through the API, and the
// page opened on that day in headless Chromium. The test asserts only that every card is drawn and prints how
// long it took from navigation (performance.now) to the frame after the last card was in the grid; the number
// is measured, not asserted (a timed test proves nothing on a loaded machine). README "The front desk page"
// quotes it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { ensurePageBuilt, isPageRoute } from '../../src/web/index.ts';
import { closeTestApp, newOrg, testApp, type Client } from '../helpers.ts';
import { warmUp } from '../../src/core/http/app.ts';

const CHAIRS = 10;
const PER_CHAIR = 15;
const TZ = 'America/New_York';
let browser: Browser;
let base: string;
let c: Client;
let orgName: string;

after(async () => {
  await browser?.close();
  await closeTestApp();
});

before(async () => {
  await ensurePageBuilt(() => undefined);
  const app = await testApp();
  await app.listen({ port: 0, host: '127.0.0.1' });
  // As `chairtime serve` does once it listens: a page opened a second after a start finds its routes compiled.
  await warmUp(app, isPageRoute);
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  c = await newOrg('First Paint');
  orgName = (await c.get('/organization')).body.name;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00`;

describe('first paint of a 150-appointment day', () => {
  it('draws all 150 appointments of the day the page opens on, and prints how long that took', async () => {
    // The page opens on today at its first location (the browser's clock): book that day.
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(new Date());
    const loc = (await c.post('/locations', { name: 'Busy Street', timezone: TZ })).body;
    const ops = [];
    for (let i = 0; i < CHAIRS; i++) ops.push((await c.post('/operatories', { location_uuid: loc.id, name: `Chair ${i + 1}`, item_order: i })).body);
    const made = await Promise.all(ops.map(async (op, i) => {
      const patient = (await c.post('/patients', { first_name: `Pat${i}`, last_name: `Busy${i}` })).body;
      let n = 0;
      for (let k = 0; k < PER_CHAIR; k++) {
        const res = await c.post('/appointments', {
          patient_uuid: patient.id, location_uuid: loc.id, operatory_uuid: op.id, schedule_date: day,
          start_time: clock(7 * 60 + k * 40), end_time: clock(7 * 60 + (k + 1) * 40),
        });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        n++;
      }
      return n;
    }));
    const total = made.reduce((a, b) => a + b, 0);
    assert.equal(total, CHAIRS * PER_CHAIR);

    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    // Signed in already (the token in this tab's session storage), and a watch for the moment every card is in.
    await page.addInitScript(({ session, total }) => {
      sessionStorage.setItem('chairtime.session', JSON.stringify(session));
      const w = window as unknown as { __firstPaint?: number; __cardsIn?: number };
      const seen = new MutationObserver(() => {
        if (w.__cardsIn || document.querySelectorAll('[data-testid="appointment-card"]').length < total) return;
        w.__cardsIn = performance.now();
        seen.disconnect();
        requestAnimationFrame(() => requestAnimationFrame(() => { w.__firstPaint = performance.now(); }));
      });
      seen.observe(document, { childList: true, subtree: true });
    }, { session: { orgId: c.orgId, token: c.token, orgName }, total });
    const measure = async () => {
      await page.waitForFunction(() => (window as unknown as { __firstPaint?: number }).__firstPaint);
      return page.evaluate(() => {
        const w = window as unknown as { __firstPaint: number; __cardsIn: number };
        // The API's share: when the answer the grid waited for (the day's first calendar) arrived.
        const api = performance.getEntriesByType('resource').filter((r) => r.name.includes('/schedule/calendar/daily'))
          .map((r) => (r as PerformanceResourceTiming).responseEnd);
        return {
          cardsIn: Math.round(w.__cardsIn), painted: Math.round(w.__firstPaint), calendarIn: Math.round(Math.min(...api)),
          cards: document.querySelectorAll('[data-testid="appointment-card"]').length,
        };
      });
    };
    await page.goto(`${base}/`);
    const cold = await measure();
    await page.reload();
    const warm = await measure();
    for (const m of [cold, warm]) assert.equal(m.cards, total, 'every appointment of the day is drawn');
    assert.equal(await page.locator(`section.day[data-date="${day}"] .chair-col`).count(), CHAIRS);
    console.log(`# first paint of a ${total}-appointment day (${CHAIRS} chairs): ${cold.painted} ms from navigation in a new browser context `
      + `(the day's calendar answered at ${cold.calendarIn} ms, all cards in the DOM at ${cold.cardsIn} ms); on reload ${warm.painted} ms `
      + `(calendar at ${warm.calendarIn} ms, cards at ${warm.cardsIn} ms)`);
    await context.close();
  });
});
