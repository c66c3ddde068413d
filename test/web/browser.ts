// The browser tests' harness: the page built, one in-process server on a real port with the demo practice
// (its "today" is FIXED_NOW), and one headless Debian Chromium driven by playwright-core (nothing downloads a browser).
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensurePageBuilt } from '../../src/web/index.ts';
import { loadDemo, type DemoCredentials } from '../../src/demo/load-demo.ts';
import { Client, FIXED_NOW, testApp, testPool } from '../helpers.ts';

export const ARTIFACTS = 'test-artifacts/web';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Harness { base: string; demo: DemoCredentials; api: Client; browser: Browser }

export async function startHarness(): Promise<Harness> {
  await ensurePageBuilt(() => undefined);
  await mkdir(ARTIFACTS, { recursive: true });
  const app = await testApp();
  const demo = await loadDemo(testPool(), FIXED_NOW);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  // launch() gives every run a fresh temporary profile (the --user-data-dir the brief asks for).
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  return { base: `http://127.0.0.1:${port}`, demo, api: new Client(app, demo.org_id, demo.token), browser };
}

export async function newPage(h: Harness): Promise<Page> {
  const page = await h.browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(10_000);
  return page;
}

/** Signs in by pasting the token, as a person would. */
export async function signInByToken(page: Page, h: Harness): Promise<void> {
  await page.goto(`${h.base}/`);
  await page.getByLabel('API token').fill(h.demo.token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('header.toolbar').waitFor();
}

/** Shows a date in day mode and waits until the grid shows it. */
export async function showDay(page: Page, date: string): Promise<void> {
  await page.getByRole('button', { name: 'Day', exact: true }).click();
  await page.locator('#tb-date').fill(date);
  await page.locator(`section.day[data-date="${date}"]`).waitFor();
}
