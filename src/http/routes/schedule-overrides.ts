import type { Api, Deps } from '../deps.ts';

/** Routes for schedule-overrides (to be written). */
export function scheduleOverridesRoutes(_app: Api, _deps: Deps): void {}
