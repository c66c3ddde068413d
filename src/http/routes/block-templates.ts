import type { Api, Deps } from '../deps.ts';

/** Routes for block-templates (to be written). */
export function blockTemplatesRoutes(_app: Api, _deps: Deps): void {}
