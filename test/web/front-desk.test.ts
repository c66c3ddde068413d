// The front desk page in a real browser (headless Chromium): sign in, the demo's day by chair checked
// against the API, booking by clicking, moving by dragging, a stale move refused, live updates between
// two pages, New York's 23- and 25-hour days, and axe-core finding nothing serious.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { closeTestApp } from '../helpers.ts';
import { offerDemoOnPage } from '../../src/web/index.ts';
import { ARTIFACTS, newPage, showDay, signInByToken, startHarness, type Harness } from './browser.ts';

const DAY = '2026-03-10'; // FIXED_NOW's local date in New York: the demo's "today"
let h: Harness;
let desk: Page;
let east: { id: string };
let view: { id: string };

after(async () => {
  offerDemoOnPage(null);
  await h?.browser.close();
  await closeTestApp();
});

before(async () => {
  h = await startHarness();
  offerDemoOnPage(h.demo);
  east = (await h.api.get('/locations')).body.items.find((l: { timezone: string }) => l.timezone === 'America/New_York');
  view = (await h.api.get(`/schedule/views?location_uuid=${east.id}`)).body.items[0];
  desk = await newPage(h);
});

/** Free 30-minute places at Brooklyn on DAY whose grid slot no card or blockout covers, from GET /schedule/free-time. */
async function freePlaces(page: Page): Promise<{ operatory: string; at: number; start: string }[]> {
  const res = await h.api.get(`/schedule/free-time?location_uuid=${east.id}&date_from=${DAY}&date_to=${DAY}&duration_minutes=30&limit=200`);
  const out = [];
  for (const f of res.body.items) {
    const at = Date.parse(f.start_at);
    const open = await page.evaluate(({ op, at }) => {
      const slot = document.querySelector(`.chair-col[data-operatory-id="${op}"] .slot[data-at="${at}"]`) as HTMLElement | null;
      if (!slot) return false;
      slot.scrollIntoView({ block: 'center' });
      const r = slot.getBoundingClientRect();
      return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === slot;
    }, { op: f.operatory.id, at });
    if (open) out.push({ operatory: f.operatory.id, at, start: f.start_time });
  }
  return out;
}

/** Free places within two hours of an appointment (so that a drag needs no scrolling), not where it is. */
async function placesNear(page: Page, a: { start_time: string; operatory: { id: string } }) {
  const start = Date.parse(a.start_time);
  return (await freePlaces(page)).filter((p) => Math.abs(p.at - start) <= 7_200_000 && (p.operatory !== a.operatory.id || Math.abs(p.at - start) >= 1_800_000));
}

async function axeSerious(page: Page): Promise<string[]> {
  const source = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  const result = await page.evaluate(async () => (window as any).axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical')
    .map((v: { id: string; nodes: { target: string[] }[] }) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

describe('the front desk page', () => {
  it('serves the page with a strict Content-Security-Policy, and the demo opens with one click from this machine', async () => {
    const res = await fetch(`${h.base}/`);
    assert.equal(res.status, 200);
    const csp = res.headers.get('content-security-policy')!;
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|https?:/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.doesNotMatch(await res.text(), /<script>(?!<)/, 'no inline script');
    await desk.goto(`${h.base}/`);
    assert.deepEqual(await axeSerious(desk), []);
    await desk.getByRole('button', { name: /Open the demo practice/ }).click();
    await desk.locator('header.toolbar').waitFor();
    assert.match(await desk.locator('header.toolbar').innerText(), /Riverside Dental/);
  });

  it('shows the demo\'s appointments of a day in their chairs at their times, as the API has them', async () => {
    await showDay(desk, DAY);
    const api = (await h.api.get(`/schedule/calendar/daily?location_uuid=${east.id}&target_date=${DAY}&view_uuid=${view.id}`)).body;
    const shown = api.appointments.filter((a: any) => a.operatory && a.start_time);
    assert.ok(shown.length >= 10, `only ${shown.length} appointments on the demo's day`);
    const cards = await desk.evaluate(() => [...document.querySelectorAll('[data-testid="appointment-card"]')].map((c) => {
      const card = c as HTMLElement;
      const col = card.closest('.chair-col') as HTMLElement;
      const slot = col.querySelector(`.slot[data-at="${Date.parse(card.dataset.start!)}"]`) as HTMLElement | null;
      return { id: card.dataset.appointmentId, chair: col.dataset.operatoryId, top: card.offsetTop, slotTop: slot?.offsetTop ?? null };
    }));
    assert.equal(cards.length, shown.length);
    for (const a of shown) {
      const card = cards.find((c) => c.id === a.id);
      assert.ok(card, `appointment ${a.id} is not drawn`);
      assert.equal(card.chair, a.operatory.id, `appointment ${a.id} is in the wrong chair`);
      if (card.slotTop !== null) assert.equal(card.top, card.slotTop, `appointment ${a.id} is drawn at the wrong time`);
    }
    await desk.screenshot({ path: `${ARTIFACTS}/day-view.png` });
  });

  let booked: string;
  it('books an appointment by clicking empty time, and the card appears', async () => {
    const [place] = await freePlaces(desk);
    assert.ok(place, 'no free place on the demo day');
    await desk.locator(`.chair-col[data-operatory-id="${place.operatory}"] .slot[data-at="${place.at}"]`).click();
    const dialog = desk.getByTestId('book-dialog');
    const patient = (await h.api.get('/patients?page_size=1')).body.items[0];
    await dialog.getByRole('searchbox', { name: 'Patient' }).fill(patient.last_name);
    await dialog.getByRole('button', { name: new RegExp(patient.name) }).first().click();
    await dialog.getByLabel('Length (minutes)').fill('30');
    await dialog.getByRole('button', { name: 'Book' }).click();
    await desk.getByTestId('message').filter({ hasText: /Booked/ }).waitFor();
    const list = (await h.api.get(`/appointments?location_uuid=${east.id}&date_from=${DAY}&date_to=${DAY}&patient_uuid=${patient.id}&page_size=200`)).body.items;
    const mine = list.find((a: any) => a.operatory?.id === place.operatory && Date.parse(a.start_time) === place.at);
    assert.ok(mine, 'the booking is not in the API');
    booked = mine.id;
    await desk.locator(`[data-appointment-id="${booked}"]`).waitFor();
  });

  it('moves an appointment by dragging its card, and the move is kept', async () => {
    const before = (await h.api.get(`/appointments/${booked}`)).body;
    const [target] = await placesNear(desk, before);
    assert.ok(target, 'no free place near the card');
    await drag(desk, booked, target);
    await desk.getByTestId('message').filter({ hasText: /Moved|Could not/ }).waitFor();
    assert.match(await desk.getByTestId('message').innerText(), /Moved/);
    const after = (await h.api.get(`/appointments/${booked}`)).body;
    assert.equal(after.operatory.id, target.operatory);
    assert.equal(Date.parse(after.start_time), target.at);
    assert.equal(after.version, before.version + 1);
  });

  it('a second page hears a booking made elsewhere and shows it within 2 s, without polling', async () => {
    const other = await newPage(h);
    await signInByToken(other, h);
    await showDay(other, DAY);
    await other.getByTestId('live').filter({ hasText: 'Live' }).waitFor();
    await desk.getByTestId('live').filter({ hasText: 'Live' }).waitFor();
    const [place] = await freePlaces(other);
    const patient = (await h.api.get('/patients?page_size=1&page=2')).body.items[0];
    const t0 = Date.now();
    const res = await h.api.post('/appointments', {
      patient_uuid: patient.id, location_uuid: east.id, operatory_uuid: place!.operatory, schedule_date: DAY, start_time: place!.start,
      end_time: addMinutes(place!.start, 30),
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    await Promise.all([other, desk].map((p) => p.locator(`[data-appointment-id="${res.body.id}"]`).waitFor({ timeout: 2000 })));
    assert.ok(Date.now() - t0 < 2000);
    await other.close();
  });

  it('a move of a card another desk changed meanwhile is refused with 409: the card snaps back and the page says why', async () => {
    const stale = await newPage(h);
    await stale.route('**/events', (r) => r.abort());
    await signInByToken(stale, h);
    await showDay(stale, DAY);
    const before = (await h.api.get(`/appointments/${booked}`)).body;
    // Another desk changes the appointment (its note) after this page read it.
    const changed = await h.api.patch(`/appointments/${booked}`, { base_version: before.version, note: 'Changed at the other desk' });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    // The page still has version before.version: drag the card half an hour later in its chair.
    const target = { operatory: before.operatory.id, at: Date.parse(before.start_time) + 1_800_000 };
    const seen: number[] = [];
    stale.on('response', (r) => { if (r.url().endsWith('/move')) seen.push(r.status()); });
    await drag(stale, booked, target);
    await stale.getByTestId('message').filter({ hasText: /Someone else changed this appointment/ }).waitFor();
    assert.deepEqual(seen, [409]);
    await stale.screenshot({ path: `${ARTIFACTS}/conflict.png` });
    const now = (await h.api.get(`/appointments/${booked}`)).body;
    assert.deepEqual([now.start_time, now.version], [before.start_time, before.version + 1], 'the refused move changed nothing');
    await stale.close();
  });

  it('draws New York\'s spring-forward day with 23 hours and its fall-back day with 25, the odd hour labelled', async () => {
    await desk.getByLabel('Whole day').check();
    await showDay(desk, '2026-03-08');
    const spring = desk.getByTestId('day-grid');
    assert.equal(await spring.getAttribute('data-rows'), String(23 * 6));
    assert.match(await desk.locator('.day-head').innerText(), /23-hour day/);
    assert.match(await desk.getByTestId('dst-marker').innerText(), /02:00–03:00 skipped/);
    await showDay(desk, '2026-11-01');
    assert.equal(await desk.getByTestId('day-grid').getAttribute('data-rows'), String(25 * 6));
    assert.match(await desk.getByTestId('dst-marker').innerText(), /01:00–02:00 repeated/);
    const labels = await desk.getByTestId('row-label').allInnerTexts();
    assert.ok(labels.includes('01:00 EDT') && labels.includes('01:00 EST'), labels.join('|'));
    await desk.getByLabel('Whole day').uncheck();
  });

  it('shows the week and the month, and the day view passes axe-core with no serious or critical violation', async () => {
    await showDay(desk, DAY);
    assert.deepEqual(await axeSerious(desk), []);
    await desk.getByRole('button', { name: 'Week', exact: true }).click();
    await desk.getByTestId('week-view').waitFor();
    assert.ok(await desk.getByTestId('week-day').count() >= 5);
    await desk.screenshot({ path: `${ARTIFACTS}/week-view.png` });
    await desk.getByRole('button', { name: 'Month', exact: true }).click();
    await desk.getByTestId('month-view').waitFor();
    assert.equal(await desk.locator('.month-day').count(), 31);
  });
});

function addMinutes(time: string, minutes: number): string {
  const t = Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)) + minutes;
  return `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}:00`;
}

/** Drags a card with the mouse so that its top lands on a slot. */
async function drag(page: Page, id: string, target: { operatory: string; at: number }): Promise<void> {
  const card = page.locator(`[data-appointment-id="${id}"]`);
  const slot = page.locator(`.chair-col[data-operatory-id="${target.operatory}"] .slot[data-at="${target.at}"]`);
  // The target is within two hours of the card: with the target in the middle, both are on screen.
  await slot.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const from = (await card.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + 5);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2, from.y + 25, { steps: 3 });
  const to = (await slot.boundingBox())!;
  assert.ok(to.y > 0 && to.y < page.viewportSize()!.height, 'the target slot is on screen');
  await page.mouse.move(to.x + to.width / 2, to.y + 5, { steps: 8 });
  await page.mouse.up();
}
