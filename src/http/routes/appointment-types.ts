import type { Api, Deps } from '../deps.ts';

/** Routes for appointment-types (to be written). */
export function appointmentTypesRoutes(_app: Api, _deps: Deps): void {}
