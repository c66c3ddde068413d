import type { Api, Deps } from '../deps.ts';

/** Routes for flow-statuses (to be written). */
export function flowStatusesRoutes(_app: Api, _deps: Deps): void {}
