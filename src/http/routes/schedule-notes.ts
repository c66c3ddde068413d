import type { Api, Deps } from '../deps.ts';

/** Routes for schedule-notes (to be written). */
export function scheduleNotesRoutes(_app: Api, _deps: Deps): void {}
