import type { Api, Deps } from '../deps.ts';

/** Routes for appointment-rules (to be written). */
export function appointmentRulesRoutes(_app: Api, _deps: Deps): void {}
