import type pg from 'pg';
import { AppError, invalid, notFound, versionConflict } from '../../core/errors.ts';
import { normalizeWallTime } from '../../core/time.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { getLocation, type LocationRow, getOperatory, getProvider } from '../../practice/index.ts';
import type { LocationScope } from '../../core/scope.ts';
import { updateVersioned } from '../../core/db/records.ts';
import {
  deleteTemplate, findOverlappingTemplate, getTemplate, insertTemplate, lockProviderSchedule, lockTemplate,
  type NewTemplate, type ScheduleTemplateRow, type TemplateRecord,
} from '../db/schedule-templates.ts';

/** Fields of a template a PATCH may change: everything but its provider and location. */
export type TemplateChanges = Partial<Omit<NewTemplate, 'provider_id' | 'location_id'>>;

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/**
 * Checks the provider, location and optional operatory a schedule record names: each must exist in
 * the organisation (404 at ['body', '<field>']; a location outside `scope` and an operatory of such
 * a location count as missing), and the operatory must belong to the location (422). Returns the location.
 */
export async function requireScheduleRefs(
  tx: Db, orgId: string, scope: LocationScope,
  refs: { provider_id?: string; location_id: string; operatory_id: string | null | undefined },
): Promise<LocationRow> {
  const location = await getLocation(tx, orgId, refs.location_id, scope);
  if (!location) throw notFound('Location', ['body', 'location_uuid']);
  if (refs.provider_id !== undefined && !(await getProvider(tx, orgId, refs.provider_id))) {
    throw notFound('Provider', ['body', 'provider_uuid']);
  }
  if (refs.operatory_id) {
    const operatory = await getOperatory(tx, orgId, refs.operatory_id, scope);
    if (!operatory) throw notFound('Operatory', ['body', 'operatory_uuid']);
    if (operatory.location_id !== location.id) {
      throw invalid(['body', 'operatory_uuid'], `Operatory ${operatory.id} belongs to another location than ${location.id}`);
    }
  }
  return location;
}

/** Normalises the wall-clock times and checks end after start and the effective period (422). */
function checkedTemplate(t: NewTemplate): NewTemplate {
  const start_time = normalizeWallTime(t.start_time);
  const end_time = normalizeWallTime(t.end_time);
  if (!start_time) throw invalid(['body', 'start_time'], `Invalid wall-clock time '${t.start_time}'`);
  if (!end_time) throw invalid(['body', 'end_time'], `Invalid wall-clock time '${t.end_time}'`);
  if (end_time <= start_time) throw invalid(['body', 'end_time'], 'end_time must be after start_time');
  if (t.effective_to !== null && t.effective_to < t.effective_from) {
    throw invalid(['body', 'effective_to'], 'effective_to must not be before effective_from');
  }
  return { ...t, start_time, end_time };
}

function overlapError(other: TemplateRecord): AppError {
  const period = `effective ${other.effective_from} to ${other.effective_to ?? 'open end'}`;
  return new AppError('overlap',
    `Overlaps schedule template ${other.id} (${WEEKDAYS[other.day_of_week]} ${other.start_time}–${other.end_time}, ${period})`,
    ['body']);
}

async function refuseOverlap(tx: pg.PoolClient, orgId: string, t: NewTemplate, excludeId: string | null): Promise<void> {
  const other = await findOverlappingTemplate(tx, orgId, t, excludeId);
  if (other) throw overlapError(other);
}

/** Runs `write` in a savepoint; the exclusion constraint's 23P01 becomes the same 409 the check gives. */
async function guarded<T>(tx: pg.PoolClient, orgId: string, t: NewTemplate, excludeId: string | null, write: (sp: pg.PoolClient) => Promise<T>): Promise<T> {
  try {
    return await withTransaction(tx, write);
  } catch (err) {
    if ((err as { code?: string }).code !== '23P01') throw err;
    await refuseOverlap(tx, orgId, t, excludeId);
    throw new AppError('overlap', 'Overlaps another schedule template of this provider, location and weekday', ['body']);
  }
}

/**
 * Creates a weekly template after checking times (422), references (404, 422 for an operatory of
 * another location) and, under the provider's schedule lock, overlap with the provider's other
 * templates at the location and weekday (409 `overlap` naming the other one).
 */
export function createTemplate(db: Db, orgId: string, scope: LocationScope, input: NewTemplate): Promise<ScheduleTemplateRow> {
  const t = checkedTemplate(input);
  return withTransaction(db, async (tx) => {
    await requireScheduleRefs(tx, orgId, scope, t);
    await lockProviderSchedule(tx, orgId, t.provider_id);
    await refuseOverlap(tx, orgId, t, null);
    const id = await guarded(tx, orgId, t, null, (sp) => insertTemplate(sp, orgId, t));
    return (await getTemplate(tx, orgId, id, null))!;
  });
}

/**
 * Patches a template at a location in `scope`: 404, then 409 for a stale `baseVersion`, then the
 * merged template is checked like a new one (422, 404, 409 `overlap`, ignoring the template itself).
 */
export function updateTemplate(
  db: Db, orgId: string, scope: LocationScope, id: string, baseVersion: number, changes: TemplateChanges,
): Promise<ScheduleTemplateRow> {
  return withTransaction(db, async (tx) => {
    const current = await lockTemplate(tx, orgId, id, scope);
    if (!current) throw notFound('Schedule template', ['path', 'template_uuid']);
    if (current.version !== baseVersion) throw versionConflict(current.version);
    const given = (Object.keys(changes) as (keyof TemplateChanges)[]).filter((k) => changes[k] !== undefined);
    const merged = checkedTemplate({ ...current, ...Object.fromEntries(given.map((k) => [k, changes[k]])) });
    if (changes.operatory_id) await requireScheduleRefs(tx, orgId, scope, { location_id: current.location_id, operatory_id: changes.operatory_id });
    await lockProviderSchedule(tx, orgId, current.provider_id);
    await refuseOverlap(tx, orgId, merged, id);
    const set = Object.fromEntries(given.map((k) => [k, merged[k]]));
    await guarded(tx, orgId, merged, id, (sp) => updateVersioned(sp, {
      table: 'provider_schedule_templates', what: 'Schedule template', idParam: 'template_uuid', orgId, id, baseVersion, changes: set,
    }));
    return (await getTemplate(tx, orgId, id, null))!;
  });
}

/** Deletes a template at a location in `scope` for good (templates are never referenced); 404 otherwise. */
export async function removeTemplate(db: Db, orgId: string, scope: LocationScope, id: string): Promise<void> {
  if (!(await deleteTemplate(db, orgId, id, scope))) throw notFound('Schedule template', ['path', 'template_uuid']);
}
