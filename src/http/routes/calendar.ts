import type { Api, Deps } from '../deps.ts';

/** Routes for calendar (to be written). */
export function calendarRoutes(_app: Api, _deps: Deps): void {}
