import { notFound } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { getLocation } from '../db/locations.ts';
import type { LocationScope } from '../../core/scope.ts';
import { getOperatory, insertOperatory, type NewOperatory, type OperatoryRow } from '../db/operatories.ts';
import { deleteOrArchive, updateVersioned } from '../../core/db/records.ts';

/** Fields of an operatory a PATCH may change: everything but its location. */
export type OperatoryChanges = Partial<Omit<NewOperatory, 'location_id'>>;

/**
 * Creates an operatory in a location of the organisation that the caller may see; an unknown, foreign
 * or out-of-scope location is not_found at ['body', 'location_uuid'].
 */
export function createOperatory(db: Db, orgId: string, scope: LocationScope, input: NewOperatory): Promise<OperatoryRow> {
  return withTransaction(db, async (tx) => {
    if (!(await getLocation(tx, orgId, input.location_id, scope))) throw notFound('Location', ['body', 'location_uuid']);
    return insertOperatory(tx, orgId, input);
  });
}

/** Patches an operatory of a location in `scope`, guarded by `baseVersion` (not_found / version_conflict). */
export function updateOperatory(
  db: Db, orgId: string, scope: LocationScope, id: string, baseVersion: number, changes: OperatoryChanges,
): Promise<OperatoryRow> {
  return withTransaction(db, async (tx) => {
    await updateVersioned(tx, {
      table: 'operatories', what: 'Operatory', idParam: 'operatory_uuid', orgId, id, baseVersion, changes,
      ...(scope ? { scopeSql: 'location_id = ANY($?)', scopeValue: scope } : {}),
    });
    return (await getOperatory(tx, orgId, id, scope))!;
  });
}

/** Deletes an operatory of a location in `scope`, or archives it (is_active=false) while other records reference it. */
export function removeOperatory(db: Db, orgId: string, scope: LocationScope, id: string): Promise<'deleted' | 'archived'> {
  return withTransaction(db, async (tx) => {
    if (!(await getOperatory(tx, orgId, id, scope))) throw notFound('Operatory', ['path', 'operatory_uuid']);
    return (await deleteOrArchive(tx, 'operatories', orgId, id))!;
  });
}
