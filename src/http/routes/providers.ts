import type { Api, Deps } from '../deps.ts';

/** Routes for providers (to be written). */
export function providersRoutes(_app: Api, _deps: Deps): void {}
