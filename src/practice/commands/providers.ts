import { notFound } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { insertProvider, type NewProvider, type ProviderRow } from '../db/providers.ts';
import { deleteOrArchive, updateVersioned } from '../../core/db/records.ts';

/** Creates a provider of the organisation. */
export function createProvider(db: Db, orgId: string, input: NewProvider): Promise<ProviderRow> {
  return insertProvider(db, orgId, input);
}

/** Patches a provider, guarded by `baseVersion` (not_found / version_conflict naming the current version). */
export function updateProvider(
  db: Db, orgId: string, id: string, baseVersion: number, changes: Partial<NewProvider>,
): Promise<ProviderRow> {
  return updateVersioned<ProviderRow>(db, {
    table: 'providers', what: 'Provider', idParam: 'provider_uuid', orgId, id, baseVersion, changes,
  });
}

/** Deletes a provider, or archives it (is_active=false) while other records reference it; not_found when missing. */
export function removeProvider(db: Db, orgId: string, id: string): Promise<'deleted' | 'archived'> {
  return withTransaction(db, async (tx) => {
    const outcome = await deleteOrArchive(tx, 'providers', orgId, id);
    if (!outcome) throw notFound('Provider', ['path', 'provider_uuid']);
    return outcome;
  });
}
