import { fileURLToPath } from 'node:url';

/** Where `npm run build:web` (Vite, configured by vite.config.ts) writes the page. */
export const PAGE_DIR = fileURLToPath(new URL('../../../dist/web/', import.meta.url));

/** The Vite configuration of the page (its sources are in web/). */
export const VITE_CONFIG = fileURLToPath(new URL('../../../vite.config.ts', import.meta.url));
