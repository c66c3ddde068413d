import { invalid, notFound } from '../../core/errors.ts';
import type { Db } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { getOperatory, getProvider } from '../../practice/index.ts';
import { checkTimeWindow } from '../domain/preference.ts';
import type { PreferenceFields } from '../db/patient-preferences.ts';

/**
 * 422 at the end field (or the start field when only it was given) when the window the row will have,
 * `after`, does not start before it ends. `given` is what the request named.
 */
export function requireTimeWindow(after: Pick<PreferenceFields, 'preferred_time_start' | 'preferred_time_end'>, given: Partial<PreferenceFields>): void {
  const why = checkTimeWindow(after.preferred_time_start, after.preferred_time_end);
  if (!why) return;
  const field = given.preferred_time_end !== undefined ? 'preferred_time_end' : 'preferred_time_start';
  throw invalid(['body', field], why);
}

/**
 * 404 at the body field for a provider the request names that is not in the organisation, or a chair
 * that is not in it or lies at a location outside `scope` (a location-limited caller cannot name a chair
 * it cannot see). Null and omitted references are not checked.
 */
export async function requireReferences(db: Db, orgId: string, scope: LocationScope, given: Partial<PreferenceFields>): Promise<void> {
  if (given.preferred_provider_id && !(await getProvider(db, orgId, given.preferred_provider_id))) {
    throw notFound('Provider', ['body', 'preferred_provider_uuid']);
  }
  if (given.preferred_operatory_id && !(await getOperatory(db, orgId, given.preferred_operatory_id, scope))) {
    throw notFound('Operatory', ['body', 'preferred_operatory_uuid']);
  }
}
