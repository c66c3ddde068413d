import type { Api, Deps } from '../deps.ts';

/** Routes for users (to be written). */
export function usersRoutes(_app: Api, _deps: Deps): void {}
