import { notFound } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { getBlockoutType, insertBlockoutType, type BlockoutTypeRow, type NewBlockoutType } from '../db/blockout-types.ts';
import { deleteOrArchive, updateVersioned } from '../../core/db/records.ts';

/** Fields of a blockout type a PATCH may change. */
export type BlockoutTypeChanges = Partial<NewBlockoutType & { status: 'active' | 'inactive' }>;

/** Creates an active blockout type (types are organisation-wide). */
export function createBlockoutType(db: Db, orgId: string, input: NewBlockoutType): Promise<BlockoutTypeRow> {
  return insertBlockoutType(db, orgId, input);
}

/** Patches a blockout type guarded by `baseVersion` (not_found / version_conflict). */
export function updateBlockoutType(db: Db, orgId: string, id: string, baseVersion: number, changes: BlockoutTypeChanges): Promise<BlockoutTypeRow> {
  return updateVersioned<BlockoutTypeRow>(db, {
    table: 'blockout_types', what: 'Blockout type', idParam: 'blockout_type_uuid', orgId, id, baseVersion, changes,
  });
}

/** Deletes a blockout type, or archives it (status inactive) while blockouts or template items reference it. */
export function removeBlockoutType(db: Db, orgId: string, id: string): Promise<'deleted' | 'archived'> {
  return withTransaction(db, async (tx) => {
    if (!(await getBlockoutType(tx, orgId, id))) throw notFound('Blockout type', ['path', 'blockout_type_uuid']);
    return (await deleteOrArchive(tx, 'blockout_types', orgId, id))!;
  });
}
