import type { Api, Deps } from '../deps.ts';

/** Routes for production-goals (to be written). */
export function productionGoalsRoutes(_app: Api, _deps: Deps): void {}
