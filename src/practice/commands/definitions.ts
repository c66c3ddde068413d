import { AppError, notFound } from '../../core/errors.ts';
import type { DefinitionCategory } from '../domain/defaults.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import {
  findDefinitionIdByName, getDefinition, insertDefinition, type DefinitionRow, type NewDefinition,
} from '../db/definitions.ts';
import { deleteOrArchive, updateVersioned } from '../../core/db/records.ts';

/** 409 already_exists when another definition (not `selfId`) of `category` is named exactly `name`. */
async function checkNameFree(db: Db, orgId: string, category: DefinitionCategory, name: string, selfId?: string): Promise<void> {
  const holder = await findDefinitionIdByName(db, orgId, category, name);
  if (holder && holder !== selfId) {
    throw new AppError('already_exists', `${category} already has a definition named '${name}'`, ['body', 'name']);
  }
}

/**
 * Creates a definition; without `item_order` it goes after the last of its category. A (category, name)
 * already taken → 409 already_exists (the unique key is the backstop under races).
 */
export function createDefinition(db: Db, orgId: string, input: NewDefinition): Promise<DefinitionRow> {
  return withTransaction(db, async (tx) => {
    await checkNameFree(tx, orgId, input.category, input.name);
    return insertDefinition(tx, orgId, input);
  });
}

export type DefinitionChanges = Partial<Pick<DefinitionRow, 'name' | 'color' | 'item_order' | 'is_hidden'>>;

/** Patches a definition guarded by `baseVersion` (category never changes): 404, then 409 already_exists for a taken name, then 409 version_conflict. */
export function updateDefinition(
  db: Db, orgId: string, id: string, baseVersion: number, changes: DefinitionChanges,
): Promise<DefinitionRow> {
  return withTransaction(db, async (tx) => {
    const current = await getDefinition(tx, orgId, id);
    if (!current) throw notFound('Definition', ['path', 'definition_uuid']);
    if (changes.name !== undefined) await checkNameFree(tx, orgId, current.category, changes.name, id);
    return updateVersioned<DefinitionRow>(tx, {
      table: 'definitions', what: 'Definition', idParam: 'definition_uuid', orgId, id, baseVersion, changes,
    });
  });
}

/** Deletes a definition, or hides it (is_hidden=true) while other records still reference it. */
export async function removeDefinition(db: Db, orgId: string, id: string): Promise<'deleted' | 'archived'> {
  const outcome = await withTransaction(db, (tx) => deleteOrArchive(tx, 'definitions', orgId, id));
  if (!outcome) throw notFound('Definition', ['path', 'definition_uuid']);
  return outcome;
}
