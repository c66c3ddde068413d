import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorObject } from 'ajv';
import { AppError, type Issue } from '../../core/errors.ts';
import type { RefusalRenderer } from '../../core/http/auth.ts';
import { STATUS, issuesFromAjv } from '../../core/http/errors.ts';
import { outcomeForStatus } from '../domain/outcome.ts';

/** The media type of every answer of the FHIR face. */
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

function sendOutcome(reply: FastifyReply, status: number, texts: string[]): FastifyReply {
  return reply.code(status).type(FHIR_JSON).send(outcomeForStatus(status, texts));
}

/** Writes an auth refusal (401 login, 403 forbidden, 404 not-found, 429 throttled) as an OperationOutcome. */
export const renderOperationOutcome: RefusalRenderer = (reply, status, issues) => sendOutcome(reply, status, issues.map((i) => i.msg));

const PARTS: Record<string, string> = { querystring: 'Search parameter', params: 'Path parameter' };

/** A validation issue as a sentence naming the parameter, e.g. "Search parameter 'duration': Input should be a valid integer". */
function validationText(issue: Issue, part: string): string {
  const name = issue.loc.slice(1).join('.');
  if (issue.type === 'missing') return `${part} '${name}' is required`;
  return `${part} '${name}': ${issue.msg}`;
}

/**
 * The FHIR face's error handler: expected refusals keep their status (but a house 422 is FHIR's 400),
 * validation errors are 400 `invalid` naming the parameter, and anything unexpected is a 500 `exception`
 * that tells nothing of its cause (the cause is logged).
 */
export function fhirErrorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof AppError) {
    const status = STATUS[err.code] === 422 ? 400 : STATUS[err.code];
    return sendOutcome(reply, status, err.issues.map((i) => i.msg));
  }
  if (err.validation) {
    const part = PARTS[err.validationContext ?? ''] ?? 'Parameter';
    const issues = issuesFromAjv(err.validation as ErrorObject[], part);
    return sendOutcome(reply, 400, issues.map((i) => validationText(i, part)));
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return sendOutcome(reply, err.statusCode === 422 ? 400 : err.statusCode, ['The request could not be processed']);
  }
  req.log.error({ err }, 'unhandled error');
  return sendOutcome(reply, 500, ['Internal server error']);
}

/** 404 for a path under the FHIR base that serves nothing (e.g. a Slot read, which this face does not offer). */
export function fhirNotFound(_req: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendOutcome(reply, 404, ['This FHIR base serves no such interaction: see the CapabilityStatement at metadata']);
}
