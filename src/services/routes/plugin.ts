import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorObject } from 'ajv';
import { AppError } from '../../core/errors.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { issuesFromAjv, sendIssues, STATUS } from '../../core/http/errors.ts';
import { serviceBookingsRoutes } from './service-bookings.ts';
import { servicesRoutes } from './services.ts';
import { timeSlotsRoutes } from './time-slots.ts';

const PARTS: Record<string, string> = { querystring: 'query', params: 'path', headers: 'header' };
const JSON_ERRORS = new Set(['FST_ERR_CTP_EMPTY_JSON_BODY', 'FST_ERR_CTP_INVALID_JSON_BODY']);

/**
 * The surface's error handler: what the house answers with 422 (request validation, a body that is not
 * JSON, an AppError of a 422 code such as value_error or missing) is 400 here, with the same issues in the
 * same body. Everything else goes on to the house handler, which answers it as everywhere else.
 */
function badInputAs400(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err.validation) return sendIssues(reply, 400, issuesFromAjv(err.validation as ErrorObject[], PARTS[err.validationContext ?? ''] ?? 'body'));
  if (err instanceof AppError && STATUS[err.code] === 422) return sendIssues(reply, 400, err.issues);
  if (JSON_ERRORS.has(err.code) || (err.statusCode === 400 && err.message.includes('JSON'))) {
    return sendIssues(reply, 400, [{ loc: ['body'], msg: 'Body is not valid JSON', type: 'json_invalid' }]);
  }
  throw err;
}

/**
 * Services, their weekly time slots, and booking them: one encapsulated plugin (registered inside the
 * tenant-authenticated `/api/v1/{org_id}` scope) so that its bad-input answers are the 400s its clients expect.
 */
export function servicesPlugin(deps: Deps) {
  return async function services(app: Api): Promise<void> {
    app.setErrorHandler(badInputAs400);
    servicesRoutes(app, deps);
    timeSlotsRoutes(app, deps);
    serviceBookingsRoutes(app, deps);
  };
}
