import type { Api, Deps } from '../deps.ts';

/** Routes for appointment-details (to be written). */
export function appointmentDetailsRoutes(_app: Api, _deps: Deps): void {}
