import type { Api, Deps } from '../deps.ts';

/** Routes for definitions (to be written). */
export function definitionsRoutes(_app: Api, _deps: Deps): void {}
