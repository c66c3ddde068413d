import { access } from 'node:fs/promises';
import path from 'node:path';
import { PAGE_DIR, VITE_CONFIG } from '../domain/page-files.ts';

/**
 * Builds the page with Vite when its output is missing (a checkout where `npm ci` did not run `prepare`);
 * an existing build is left alone. Without Vite installed (production install), only says what to do.
 */
export async function ensurePageBuilt(say: (msg: string) => void): Promise<void> {
  const built = await access(path.join(PAGE_DIR, 'index.html')).then(() => true, () => false);
  if (built) return;
  const vite = await import('vite').catch(() => null);
  if (!vite) {
    say('the front desk page is not built and Vite is not installed: run `npm ci` (or `npm run build:web`)');
    return;
  }
  say('building the front desk page (once) …');
  await vite.build({ configFile: VITE_CONFIG, logLevel: 'warn' });
}
