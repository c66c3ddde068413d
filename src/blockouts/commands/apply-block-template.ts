import { randomUUID } from 'node:crypto';
import { holidayDates, holidayWarning, planPlacements, templateCandidates, type TemplateItemRule } from '../domain/copy-plan.ts';
import { invalid } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { listBlockTemplateItems, type BlockTemplateItemRow } from '../db/block-templates.ts';
import { listActiveBlockoutsOn, lockLocationBlockouts } from '../db/blockouts.ts';
import type { LocationScope } from '../../core/scope.ts';
import { requireBlockTemplate } from './block-templates.ts';
import type { CopyResult } from './copy-blockouts.ts';
import { requireBlockoutLocation, toPlaced, writeBlockouts } from './create-blockouts.ts';

function toRule(i: BlockTemplateItemRow): TemplateItemRule {
  return {
    id: i.id, typeId: i.blockout_type_id, typeName: i.type_name, typeActive: i.type_status === 'active', isHoliday: i.is_holiday,
    operatoryId: i.operatory_id, operatoryName: i.operatory_name, operatoryLocationId: i.operatory_location_id,
    startTime: i.start_time, endTime: i.end_time,
  };
}

/**
 * Creates one blockout per item of a template at a location on a date, all in one new recurrence group,
 * through the same rules as copies: a holiday date gets nothing; an item whose operatory is elsewhere,
 * whose type is inactive, whose time is in a DST gap or which would overlap is skipped with a warning.
 * Throws 404 (template, location), 422 (inactive template, template of another location).
 */
export function applyBlockTemplate(
  db: Db, orgId: string, scope: LocationScope, templateId: string, locationId: string, date: string,
): Promise<CopyResult> {
  return withTransaction(db, async (tx) => {
    const template = await requireBlockTemplate(tx, orgId, scope, templateId);
    const location = await requireBlockoutLocation(tx, orgId, scope, locationId);
    if (template.status !== 'active') throw invalid(['path', 'template_uuid'], 'The template is inactive');
    if (template.location_id !== null && template.location_id !== location.id) {
      throw invalid(['body', 'location_uuid'], 'The template belongs to another location');
    }
    await lockLocationBlockouts(tx, orgId, location.id);
    const placed = (await listActiveBlockoutsOn(tx, orgId, location.id, [date])).map(toPlaced);
    if (holidayDates(placed).has(date)) return { count: 0, warnings: [`${holidayWarning(date)}: nothing was added on it`] };
    const items = (await listBlockTemplateItems(tx, orgId, template.id)).map(toRule);
    const { candidates, warnings: elsewhere } = templateCandidates(items, date, location.id);
    const { drafts, warnings } = planPlacements(candidates, placed, location.timezone);
    const group = randomUUID();
    await writeBlockouts(tx, orgId, location.id, drafts, drafts.map(() => group), 'template_applied');
    return { count: drafts.length, warnings: [...elsewhere, ...warnings] };
  });
}
