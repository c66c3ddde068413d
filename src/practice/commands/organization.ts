import { invalid, versionConflict } from '../../core/errors.ts';
import type { Db } from '../../core/db/client.ts';
import { normalizeOrigin } from '../domain/origins.ts';
import { updateOrganization, type OrganizationRow } from '../db/organizations.ts';

/**
 * Changes an organisation's name and allowed browser origins, guarded by `baseVersion` (409 stale). Each
 * origin must be an http(s) origin (422 naming its index); they are stored normalised and de-duplicated.
 */
export async function updateOrganizationSettings(
  db: Db, orgId: string, baseVersion: number, changes: { name?: string; allowed_origins?: string[] },
): Promise<OrganizationRow> {
  let origins: string[] | undefined;
  if (changes.allowed_origins) {
    origins = changes.allowed_origins.map((o, i) => {
      const normal = normalizeOrigin(o);
      if (!normal) throw invalid(['body', 'allowed_origins', i], `'${o}' is not an origin such as https://booking.example.com`);
      return normal;
    });
    origins = [...new Set(origins)];
  }
  const result = await updateOrganization(db, orgId, baseVersion, { name: changes.name, allowed_origins: origins });
  if ('current' in result) throw versionConflict(result.current);
  return result;
}
