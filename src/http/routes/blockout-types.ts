import type { Api, Deps } from '../deps.ts';

/** Routes for blockout-types (to be written). */
export function blockoutTypesRoutes(_app: Api, _deps: Deps): void {}
