/** FHIR R4 issue-type codes this face answers with. */
export type IssueCode = 'invalid' | 'not-found' | 'login' | 'forbidden' | 'throttled' | 'exception' | 'processing' | 'incomplete';
export type IssueSeverity = 'fatal' | 'error' | 'warning' | 'information';

/** A FHIR R4 OperationOutcome with human-readable issues. */
export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  issue: { severity: IssueSeverity; code: IssueCode; details: { text: string } }[];
}

/** An OperationOutcome of one issue. */
export function operationOutcome(severity: IssueSeverity, code: IssueCode, text: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, details: { text } }] };
}

// What each HTTP status of this face means as an issue type; anything unlisted is a processing failure.
const CODE_BY_STATUS: Record<number, IssueCode> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  429: 'throttled',
  500: 'exception',
};

/** The error OperationOutcome for a refusal answered with `status`, carrying `texts` as its issues. */
export function outcomeForStatus(status: number, texts: string[]): OperationOutcome {
  const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'exception' : 'processing');
  const issue = (texts.length ? texts : ['The request was refused']).map((text) => ({ severity: 'error' as const, code, details: { text } }));
  return { resourceType: 'OperationOutcome', issue };
}
