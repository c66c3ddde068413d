import type { Api, Deps } from '../deps.ts';

/** Routes for procedure-codes (to be written). */
export function procedureCodesRoutes(_app: Api, _deps: Deps): void {}
