// The API routes the front desk page calls (web/src), as Fastify names them: what a served process compiles ahead
// (warmUp), so the page's first visitor does not wait for their serializers and validators.

const API = '/api/v1/:org_id';

/** `METHOD /api/v1/:org_id/…` of every API route the page calls. */
export const PAGE_API_ROUTES: readonly string[] = [
  'GET /organization', 'GET /locations', 'GET /operatories', 'GET /providers', 'GET /appointment-types', 'GET /blockouts/types',
  'GET /schedule/views', 'GET /schedule/calendar/daily', 'GET /schedule/calendar/weekly', 'GET /schedule/calendar/monthly',
  'GET /appointments/confirmation-statuses', 'GET /schedule/flow-statuses', 'GET /patients', 'GET /schedule/free-time',
  'POST /appointments', 'PATCH /appointments/:appointment_uuid', 'POST /appointments/:appointment_uuid/move',
].map((r) => r.replace(' /', ` ${API}/`));

const PAGE_ROUTES = new Set(PAGE_API_ROUTES);

/** Whether the front desk page calls this route (method and Fastify pattern). */
export function isPageRoute(route: { method: string; url: string }): boolean {
  return PAGE_ROUTES.has(`${route.method} ${route.url}`);
}
