import type { Api, Deps } from '../deps.ts';

/** Routes for blockouts (to be written). */
export function blockoutsRoutes(_app: Api, _deps: Deps): void {}
