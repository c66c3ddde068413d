import type { Api, Deps } from '../deps.ts';

/** Routes for admin (to be written). */
export function adminRoutes(_app: Api, _deps: Deps): void {}
