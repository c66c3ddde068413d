import type { Api, Deps } from '../deps.ts';

/** Routes for appointment-lifecycle (to be written). */
export function appointmentLifecycleRoutes(_app: Api, _deps: Deps): void {}
