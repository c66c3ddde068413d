import type { Api, Deps } from '../deps.ts';

/** Routes for operatories (to be written). */
export function operatoriesRoutes(_app: Api, _deps: Deps): void {}
