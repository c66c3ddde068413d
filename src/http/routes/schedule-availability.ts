import type { Api, Deps } from '../deps.ts';

/** Routes for schedule-availability (to be written). */
export function scheduleAvailabilityRoutes(_app: Api, _deps: Deps): void {}
