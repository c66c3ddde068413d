import { invalid, notFound, versionConflict } from '../../core/errors.ts';
import { wallSeconds } from '../../core/time.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import {
  deleteBlockTemplate, deleteBlockTemplateItem, getBlockTemplate, insertBlockTemplate, insertBlockTemplateItem,
  templateHasOperatoriesOutside, type BlockTemplateItemRow, type BlockTemplateRow, type NewBlockTemplate,
} from '../db/block-templates.ts';
import { getOperatory } from '../../practice/index.ts';
import type { LocationScope } from '../../core/scope.ts';
import { updateVersioned } from '../../core/db/records.ts';
import { requireActiveBlockoutType, requireBlockoutLocation } from './create-blockouts.ts';

/** Fields of a template a PATCH may change; `location_id` null makes it usable at every location. */
export type BlockTemplateChanges = Partial<NewBlockTemplate & { status: 'active' | 'inactive' }>;

/** A template visible in `scope` (org-wide, or of one of its locations), or 404 at ['path', 'template_uuid']. */
export async function requireBlockTemplate(db: Db, orgId: string, scope: LocationScope, id: string, forUpdate = false): Promise<BlockTemplateRow> {
  const t = await getBlockTemplate(db, orgId, id, scope, forUpdate);
  if (!t) throw notFound('Block schedule template', ['path', 'template_uuid']);
  return t;
}

/** Creates an active template; a given location must be visible in `scope` (404 at body.location_uuid). */
export function createBlockTemplate(db: Db, orgId: string, scope: LocationScope, input: NewBlockTemplate): Promise<BlockTemplateRow> {
  return withTransaction(db, async (tx) => {
    if (input.location_id !== null) await requireBlockoutLocation(tx, orgId, scope, input.location_id);
    return (await getBlockTemplate(tx, orgId, await insertBlockTemplate(tx, orgId, input), null))!;
  });
}

/**
 * Patches a template visible in `scope` guarded by `baseVersion` (404, 409, then the location: 404 when
 * not visible, 422 when items name operatories of another location).
 */
export function updateBlockTemplate(
  db: Db, orgId: string, scope: LocationScope, id: string, baseVersion: number, changes: BlockTemplateChanges,
): Promise<BlockTemplateRow> {
  return withTransaction(db, async (tx) => {
    const current = await requireBlockTemplate(tx, orgId, scope, id, true);
    if (current.version !== baseVersion) throw versionConflict(current.version);
    const locationId = changes.location_id;
    if (locationId) {
      const location = await requireBlockoutLocation(tx, orgId, scope, locationId);
      if (await templateHasOperatoriesOutside(tx, orgId, id, location.id)) {
        throw invalid(['body', 'location_uuid'], 'Items of this template block operatories of another location');
      }
    }
    await updateVersioned(tx, {
      table: 'block_schedule_templates', what: 'Block schedule template', idParam: 'template_uuid', orgId, id, baseVersion, changes,
    });
    return (await getBlockTemplate(tx, orgId, id, null))!;
  });
}

/** Deletes a template visible in `scope` with its items; blockouts made from it stay. */
export function removeBlockTemplate(db: Db, orgId: string, scope: LocationScope, id: string): Promise<void> {
  return withTransaction(db, async (tx) => {
    await requireBlockTemplate(tx, orgId, scope, id, true);
    await deleteBlockTemplate(tx, orgId, id);
  });
}

export interface NewItemInput {
  blockout_type_id: string;
  operatory_id: string | null;
  /** HH:MM:SS */
  start_time: string;
  end_time: string;
  item_order: number;
}

/**
 * Adds an item to a template visible in `scope`: 404 for the template, type or an operatory outside
 * `scope`; 422 for an inactive type, an operatory not at the template's location, or end not after start.
 */
export function addBlockTemplateItem(db: Db, orgId: string, scope: LocationScope, templateId: string, input: NewItemInput): Promise<BlockTemplateItemRow> {
  return withTransaction(db, async (tx) => {
    const template = await requireBlockTemplate(tx, orgId, scope, templateId, true);
    await requireActiveBlockoutType(tx, orgId, input.blockout_type_id, ['body', 'blockout_type_uuid']);
    if (input.operatory_id !== null) {
      const op = await getOperatory(tx, orgId, input.operatory_id, scope);
      if (!op) throw notFound('Operatory', ['body', 'operatory_uuid']);
      if (template.location_id !== null && op.location_id !== template.location_id) {
        throw invalid(['body', 'operatory_uuid'], 'The operatory is not at the template\'s location');
      }
    }
    if (wallSeconds(input.end_time) <= wallSeconds(input.start_time)) throw invalid(['body', 'end_time'], 'end_time must be after start_time');
    return insertBlockTemplateItem(tx, orgId, { template_id: template.id, ...input });
  });
}

/** Removes one item of a template visible in `scope` (404 for either). */
export function removeBlockTemplateItem(db: Db, orgId: string, scope: LocationScope, templateId: string, itemId: string): Promise<void> {
  return withTransaction(db, async (tx) => {
    const template = await requireBlockTemplate(tx, orgId, scope, templateId, true);
    if (!(await deleteBlockTemplateItem(tx, orgId, template.id, itemId))) throw notFound('Template item', ['path', 'item_uuid']);
  });
}
