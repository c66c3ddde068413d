import type { Api, Deps } from '../deps.ts';

/** Routes for appointment-queries (to be written). */
export function appointmentQueriesRoutes(_app: Api, _deps: Deps): void {}
