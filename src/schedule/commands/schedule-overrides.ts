import type pg from 'pg';
import { AppError, invalid, notFound, versionConflict } from '../../core/errors.ts';
import { normalizeWallTime } from '../../core/time.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { updateVersioned } from '../../core/db/records.ts';
import {
  deleteOverride, findConflictingOverride, getOverride, insertOverride, lockOverride,
  type NewOverride, type OverrideFields, type OverrideRecord, type ScheduleOverrideRow,
} from '../db/schedule-overrides.ts';
import { lockProviderSchedule } from '../db/schedule-templates.ts';
import { requireScheduleRefs } from './schedule-templates.ts';
import { requireLocalRange } from '../../core/time-input.ts';

/** Times as a client sends them: absent (undefined), cleared (null) or a wall-clock `HH:MM[:SS]`. */
export interface OverrideTimes {
  start_time?: string | null;
  end_time?: string | null;
}

/** An override as a client creates it; the instants are computed here. */
export type OverrideInput = Omit<NewOverride, 'start_time' | 'end_time' | 'start_at' | 'end_at'> & OverrideTimes;

/** What a PATCH may change: times, availability, reason, note and operatory (not provider, location or date). */
export type OverrideChanges = Partial<Omit<OverrideFields, 'start_time' | 'end_time' | 'start_at' | 'end_at'>> & OverrideTimes;

type ResolvedTimes = Pick<OverrideFields, 'start_time' | 'end_time' | 'start_at' | 'end_at'>;

function wallTimeOrThrow(field: 'start_time' | 'end_time', text: string | null | undefined): string {
  if (text === undefined || text === null) throw new AppError('missing', `${field} is required unless is_unavailable is true`, ['body', field]);
  const time = normalizeWallTime(text);
  if (!time) throw invalid(['body', field], `Invalid wall-clock time '${text}'`);
  return time;
}

/**
 * The stored times of an override: all null when unavailable (a given time → 422), otherwise both
 * wall-clock times are required (422 `missing`) and converted on `date` in `zone` with
 * requireLocalRange (422 `dst_gap`; an ambiguous time is the earlier instant).
 */
function resolveTimes(isUnavailable: boolean, times: OverrideTimes, date: string, zone: string): ResolvedTimes {
  if (isUnavailable) {
    const given = (['start_time', 'end_time'] as const).find((f) => times[f] !== undefined && times[f] !== null);
    if (given) throw invalid(['body', given], `${given} must be left out when is_unavailable is true`);
    return { start_time: null, end_time: null, start_at: null, end_at: null };
  }
  const start = wallTimeOrThrow('start_time', times.start_time);
  const end = wallTimeOrThrow('end_time', times.end_time);
  const { startMs, endMs } = requireLocalRange(date, start, end, zone);
  return { start_time: start, end_time: end, start_at: new Date(startMs).toISOString(), end_at: new Date(endMs).toISOString() };
}

async function refuseConflict(tx: pg.PoolClient, orgId: string, o: NewOverride, excludeId: string | null): Promise<void> {
  const other = await findConflictingOverride(tx, orgId, o, excludeId);
  if (!other) return;
  const what = other.is_unavailable ? 'unavailable all day' : `${other.start_time}–${other.end_time}`;
  const why = o.is_unavailable || other.is_unavailable ? 'an unavailable override cannot coexist with another override' : 'the times overlap';
  throw new AppError('overlap', `Conflicts with schedule override ${other.id} on ${other.override_date} (${what}): ${why}`, ['body']);
}

/**
 * Creates a date override: references 404 (operatory of another location 422), times 422 as in
 * resolveTimes, then under the provider's schedule lock 409 `overlap` when it cannot coexist with
 * another override of the provider at the location that date.
 */
export function createOverride(db: Db, orgId: string, scope: LocationScope, input: OverrideInput): Promise<ScheduleOverrideRow> {
  return withTransaction(db, async (tx) => {
    const location = await requireScheduleRefs(tx, orgId, scope, input);
    const { start_time: _s, end_time: _e, ...rest } = input;
    const o: NewOverride = { ...rest, ...resolveTimes(input.is_unavailable, input, input.override_date, location.timezone) };
    await lockProviderSchedule(tx, orgId, o.provider_id);
    await refuseConflict(tx, orgId, o, null);
    const id = await insertOverride(tx, orgId, o);
    return (await getOverride(tx, orgId, id, null))!;
  });
}

/**
 * The override after `changes`: when it ends up unavailable, times not given are dropped; when it
 * ends up available, times not given keep their stored values (and must then exist).
 */
function mergedTimes(current: OverrideRecord, changes: OverrideChanges, isUnavailable: boolean): OverrideTimes {
  if (isUnavailable) return { start_time: changes.start_time, end_time: changes.end_time };
  return {
    start_time: changes.start_time !== undefined ? changes.start_time : current.start_time,
    end_time: changes.end_time !== undefined ? changes.end_time : current.end_time,
  };
}

/**
 * Patches an override at a location in `scope`: 404, then 409 when an optional `baseVersion` is
 * stale, then the merged override is checked like a new one (404, 422, 409 `overlap` ignoring itself).
 */
export function updateOverride(
  db: Db, orgId: string, scope: LocationScope, id: string, baseVersion: number | undefined, changes: OverrideChanges,
): Promise<ScheduleOverrideRow> {
  return withTransaction(db, async (tx) => {
    const current = await lockOverride(tx, orgId, id, scope);
    if (!current) throw notFound('Schedule override', ['path', 'override_uuid']);
    if (baseVersion !== undefined && current.version !== baseVersion) throw versionConflict(current.version);
    const location = await requireScheduleRefs(tx, orgId, scope, { location_id: current.location_id, operatory_id: changes.operatory_id });
    const isUnavailable = changes.is_unavailable ?? current.is_unavailable;
    const times = resolveTimes(isUnavailable, mergedTimes(current, changes, isUnavailable), current.override_date, location.timezone);
    const set: Record<string, unknown> = { ...times, is_unavailable: isUnavailable };
    for (const k of ['operatory_id', 'override_reason', 'note'] as const) if (changes[k] !== undefined) set[k] = changes[k];
    await lockProviderSchedule(tx, orgId, current.provider_id);
    await refuseConflict(tx, orgId, { ...current, ...set } as NewOverride, id);
    await updateVersioned(tx, {
      table: 'provider_schedule_overrides', what: 'Schedule override', idParam: 'override_uuid',
      orgId, id, baseVersion: current.version, changes: set,
    });
    return (await getOverride(tx, orgId, id, null))!;
  });
}

/** Deletes an override at a location in `scope` for good; 404 otherwise. */
export async function removeOverride(db: Db, orgId: string, scope: LocationScope, id: string): Promise<void> {
  if (!(await deleteOverride(db, orgId, id, scope))) throw notFound('Schedule override', ['path', 'override_uuid']);
}
