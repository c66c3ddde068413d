import type { Api, Deps } from '../deps.ts';

/** Routes for patients (to be written). */
export function patientsRoutes(_app: Api, _deps: Deps): void {}
