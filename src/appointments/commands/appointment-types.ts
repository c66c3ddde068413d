import type pg from 'pg';
import { AppError, invalid, notFound, versionConflict, type Issue } from '../../core/errors.ts';
import { DEFAULT_TIMING, resolveTiming, type Timing, type TimingChange } from '../domain/time-pattern.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import {
  archiveAppointmentTypeRow, findProcedureCodesByCode, getAppointmentType, insertAppointmentType,
  lockAppointmentType, replaceAppointmentTypeCodes, replaceAppointmentTypeLocations,
  type AppointmentTypeWithLinks,
} from '../db/appointment-types.ts';
import { findVisibleLocationIds } from '../../practice/index.ts';
import type { LocationScope } from '../../core/scope.ts';
import { updateVersioned } from '../../core/db/records.ts';

/** Fields of an appointment type as a client sends them; absent = default (create) or unchanged (update). */
export interface AppointmentTypeInput {
  name?: string;
  abbrev?: string | null;
  color?: string | null;
  duration_minutes?: number;
  /** null: no explicit pattern, derive it from duration_minutes. */
  time_pattern?: string | null;
  blockout_only?: boolean;
  is_hidden?: boolean;
  item_order?: number;
  require_all?: boolean;
  /** Empty or null: every location. */
  location_uuids?: string[] | null;
  required_procedure_codes?: string[];
  procedure_codes_to_add?: string[];
}

const CODE_LISTS = [['required_procedure_codes', 'required'], ['procedure_codes_to_add', 'add']] as const;
const PLAIN_COLUMNS = ['name', 'abbrev', 'color', 'blockout_only', 'is_hidden', 'item_order', 'require_all'] as const;

function timingOrThrow(input: AppointmentTypeInput, current: Timing): Timing {
  const change: TimingChange = {};
  if (input.time_pattern !== undefined) change.timePattern = input.time_pattern;
  if (input.duration_minutes !== undefined) change.durationMinutes = input.duration_minutes;
  const result = resolveTiming(change, current);
  if (result.ok) return result.timing;
  const { reason, field, msg } = result.refusal;
  throw invalid(['body', field], msg, reason === 'time_pattern_mismatch' ? 'time_pattern_mismatch' : 'value_error');
}

function throwIssues(issues: Issue[]): void {
  const [first, ...more] = issues;
  if (first) throw new AppError(first.type as AppError['code'], first.msg, first.loc, more);
}

function duplicateIssues(field: string, keys: string[]): Issue[] {
  const seen = new Set<string>();
  const issues: Issue[] = [];
  keys.forEach((k, i) => {
    if (seen.has(k)) issues.push({ loc: ['body', field, i], msg: `Duplicate entry '${k}'`, type: 'value_error' });
    seen.add(k);
  });
  return issues;
}

/** Location ids (lower case) for `uuids`; 422 for duplicates, 404 for ids not in the org or outside `scope`. */
async function locationIdsOrThrow(tx: pg.PoolClient, orgId: string, scope: LocationScope, uuids: string[]): Promise<string[]> {
  const ids = uuids.map((u) => u.toLowerCase());
  throwIssues(duplicateIssues('location_uuids', ids));
  const visible = await findVisibleLocationIds(tx, orgId, ids, scope);
  const missing = ids.findIndex((id) => !visible.has(id));
  if (missing >= 0) throw notFound('Location', ['body', 'location_uuids', missing]);
  return ids;
}

/** Procedure code ids for the codes of one list; 422 for duplicates (case-insensitive) and unknown codes. */
async function codeIdsOrThrow(tx: pg.PoolClient, orgId: string, field: string, codes: string[]): Promise<string[]> {
  throwIssues(duplicateIssues(field, codes.map((c) => c.toLowerCase())));
  const found = await findProcedureCodesByCode(tx, orgId, codes);
  throwIssues(found.flatMap((f, i) => (f ? [] : [{
    loc: ['body', field, i], msg: `Unknown procedure code '${codes[i]}'`, type: 'unknown_procedure_code',
  }])));
  return found.map((f) => f!.id);
}

/** Validates and writes the location and code lists the input names; lists left out stay as they are. */
async function writeLinks(tx: pg.PoolClient, orgId: string, scope: LocationScope, typeId: string, input: AppointmentTypeInput): Promise<void> {
  if (input.location_uuids !== undefined) {
    const ids = await locationIdsOrThrow(tx, orgId, scope, input.location_uuids ?? []);
    await replaceAppointmentTypeLocations(tx, orgId, typeId, ids);
  }
  for (const [field, kind] of CODE_LISTS) {
    const codes = input[field];
    if (codes === undefined) continue;
    await replaceAppointmentTypeCodes(tx, orgId, typeId, kind, await codeIdsOrThrow(tx, orgId, field, codes));
  }
}

/**
 * Creates an appointment type with its locations and code lists in one transaction. Throws 422
 * (value_error, time_pattern_mismatch, unknown_procedure_code) or 404 for a location outside `scope`.
 */
export function createAppointmentType(
  db: Db, orgId: string, scope: LocationScope, input: AppointmentTypeInput & { name: string },
): Promise<AppointmentTypeWithLinks> {
  const timing = timingOrThrow(input, DEFAULT_TIMING);
  return withTransaction(db, async (tx) => {
    const row = await insertAppointmentType(tx, orgId, {
      name: input.name, abbrev: input.abbrev ?? null, color: input.color ?? null,
      duration_minutes: timing.durationMinutes, time_pattern: timing.timePattern,
      blockout_only: input.blockout_only ?? false, is_hidden: input.is_hidden ?? false,
      item_order: input.item_order ?? 0, require_all: input.require_all ?? false,
    });
    await writeLinks(tx, orgId, scope, row.id, input);
    return (await getAppointmentType(tx, orgId, row.id))!;
  });
}

/**
 * Patches an appointment type guarded by `baseVersion` (checked first: 404, then 409, then 422).
 * The merged time pattern and duration must agree; given lists replace the stored ones. An archived
 * type stays archived.
 */
export function updateAppointmentType(
  db: Db, orgId: string, scope: LocationScope, id: string, baseVersion: number, input: AppointmentTypeInput,
): Promise<AppointmentTypeWithLinks> {
  return withTransaction(db, async (tx) => {
    const current = await lockAppointmentType(tx, orgId, id);
    if (!current) throw notFound('Appointment type', ['path', 'appointment_type_uuid']);
    if (current.version !== baseVersion) throw versionConflict(current.version);
    const timing = timingOrThrow(input, { timePattern: current.time_pattern, durationMinutes: current.duration_minutes });
    const changes: Record<string, unknown> = {};
    for (const col of PLAIN_COLUMNS) if (input[col] !== undefined) changes[col] = input[col];
    if (input.time_pattern !== undefined || input.duration_minutes !== undefined) {
      Object.assign(changes, { time_pattern: timing.timePattern, duration_minutes: timing.durationMinutes });
    }
    await writeLinks(tx, orgId, scope, id, input);
    await updateVersioned(tx, {
      table: 'appointment_types', what: 'Appointment type', idParam: 'appointment_type_uuid', orgId, id, baseVersion, changes,
    });
    return (await getAppointmentType(tx, orgId, id))!;
  });
}

/**
 * Archives an appointment type (status archived, deleted_at set, version + 1). Archiving an archived
 * type returns it unchanged. Throws not_found for an unknown id.
 */
export function archiveAppointmentType(db: Db, orgId: string, id: string): Promise<AppointmentTypeWithLinks> {
  return withTransaction(db, async (tx) => {
    await archiveAppointmentTypeRow(tx, orgId, id);
    const type = await getAppointmentType(tx, orgId, id);
    if (!type) throw notFound('Appointment type', ['path', 'appointment_type_uuid']);
    return type;
  });
}
