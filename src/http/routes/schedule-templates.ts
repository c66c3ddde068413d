import type { Api, Deps } from '../deps.ts';

/** Routes for schedule-templates (to be written). */
export function scheduleTemplatesRoutes(_app: Api, _deps: Deps): void {}
