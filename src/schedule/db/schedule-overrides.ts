import type { OverrideRule } from '../domain/schedule.ts';
import type { Db } from '../../core/db/client.ts';
import { many, one } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';

export const OVERRIDE_REASONS = ['vacation', 'sick', 'training', 'holiday', 'personal', 'extra_hours', 'schedule_change', 'other'] as const;
export type OverrideReason = (typeof OVERRIDE_REASONS)[number];

/** The columns of an override a PATCH may change; times are null exactly when unavailable. */
export interface OverrideFields {
  operatory_id: string | null;
  is_unavailable: boolean;
  /** Local wall clock HH:MM:SS */
  start_time: string | null;
  end_time: string | null;
  /** The same range as instants (RFC 3339), computed with the location's zone. */
  start_at: string | null;
  end_at: string | null;
  override_reason: OverrideReason;
  note: string;
}

export interface NewOverride extends OverrideFields {
  provider_id: string;
  location_id: string;
  override_date: string;
}

/** A stored override row. */
export interface OverrideRecord extends NewOverride {
  org_id: string;
  id: string;
  version: number;
  created_at: string;
  updated_at: string;
}

/** An override joined with reference names and its location's zone. */
export interface ScheduleOverrideRow extends OverrideRecord {
  provider_first_name: string;
  provider_last_name: string;
  location_name: string;
  location_timezone: string;
  operatory_name: string | null;
}

export interface OverrideFilter {
  providerId?: string;
  locationId?: string;
  dateFrom?: string;
  dateTo?: string;
}

const FROM = `provider_schedule_overrides s
  JOIN providers p ON p.org_id = s.org_id AND p.id = s.provider_id
  JOIN locations l ON l.org_id = s.org_id AND l.id = s.location_id
  LEFT JOIN operatories o ON o.org_id = s.org_id AND o.id = s.operatory_id`;
const COLUMNS = `s.*, p.first_name AS provider_first_name, p.last_name AS provider_last_name,
  l.name AS location_name, l.timezone AS location_timezone, o.name AS operatory_name`;

/** Lists overrides at the locations in `scope`, by date, start (unavailable first), provider last name and id. */
export function listOverrides(db: Db, orgId: string, scope: LocationScope, f: OverrideFilter, page: PageRequest) {
  const where = new Filter(orgId, 's')
    .add('s.location_id = ANY($?)', scope ?? undefined)
    .add('s.provider_id = $?', f.providerId)
    .add('s.location_id = $?', f.locationId)
    .add('s.override_date >= $?', f.dateFrom)
    .add('s.override_date <= $?', f.dateTo);
  return selectPage<ScheduleOverrideRow>(db, COLUMNS, FROM, where, 's.override_date, s.start_at NULLS FIRST, lower(p.last_name), s.id', page);
}

/** One override at a location in `scope`, with reference names, or undefined. */
export function getOverride(db: Db, orgId: string, id: string, scope: LocationScope): Promise<ScheduleOverrideRow | undefined> {
  return one<ScheduleOverrideRow>(db, `SELECT ${COLUMNS} FROM ${FROM}
    WHERE s.org_id = $1 AND s.id = $2 AND ($3::uuid[] IS NULL OR s.location_id = ANY($3))`, [orgId, id, scope]);
}

/** One override at a location in `scope`, row-locked until the transaction ends, or undefined. */
export function lockOverride(db: Db, orgId: string, id: string, scope: LocationScope): Promise<OverrideRecord | undefined> {
  return one<OverrideRecord>(db, `SELECT * FROM provider_schedule_overrides
    WHERE org_id = $1 AND id = $2 AND ($3::uuid[] IS NULL OR location_id = ANY($3)) FOR UPDATE`, [orgId, id, scope]);
}

/** Inserts an override and returns its id; the CHECK refuses times on an unavailable override. */
export async function insertOverride(db: Db, orgId: string, o: NewOverride): Promise<string> {
  return (await one<{ id: string }>(db, `
    INSERT INTO provider_schedule_overrides (org_id, provider_id, location_id, operatory_id, override_date,
      start_time, end_time, start_at, end_at, is_unavailable, override_reason, note)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
  [orgId, o.provider_id, o.location_id, o.operatory_id, o.override_date, o.start_time, o.end_time,
    o.start_at, o.end_at, o.is_unavailable, o.override_reason, o.note]))!.id;
}

/** Deletes one override at a location in `scope`; false when there was none. */
export async function deleteOverride(db: Db, orgId: string, id: string, scope: LocationScope): Promise<boolean> {
  const res = await db.query(`DELETE FROM provider_schedule_overrides
    WHERE org_id = $1 AND id = $2 AND ($3::uuid[] IS NULL OR location_id = ANY($3))`, [orgId, id, scope]);
  return res.rowCount === 1;
}

/**
 * The first other override of the same provider, location and date that cannot coexist with `o`:
 * any override when either is unavailable, else one whose instants overlap `o`'s (half-open).
 */
export function findConflictingOverride(db: Db, orgId: string, o: NewOverride, excludeId: string | null): Promise<OverrideRecord | undefined> {
  return one<OverrideRecord>(db, `SELECT * FROM provider_schedule_overrides
    WHERE org_id = $1 AND provider_id = $2 AND location_id = $3 AND override_date = $4
      AND ($5::boolean OR is_unavailable OR (start_at < $7::timestamptz AND end_at > $6::timestamptz))
      AND ($8::uuid IS NULL OR id <> $8)
    ORDER BY start_at NULLS FIRST, id LIMIT 1`,
  [orgId, o.provider_id, o.location_id, o.override_date, o.is_unavailable, o.start_at, o.end_at, excludeId]);
}

/** Overrides at a location on local `date`, of one provider or of all when `providerId` is undefined, with reference names. */
export function listOverridesOnDate(db: Db, orgId: string, locationId: string, date: string, providerId?: string): Promise<ScheduleOverrideRow[]> {
  return many<ScheduleOverrideRow>(db, `SELECT ${COLUMNS} FROM ${FROM}
    WHERE s.org_id = $1 AND s.location_id = $2 AND s.override_date = $3 AND ($4::uuid IS NULL OR s.provider_id = $4)`,
  [orgId, locationId, date, providerId ?? null]);
}

const BETWEEN = {
  name: 'overrides-between',
  text: `SELECT ${COLUMNS} FROM ${FROM}
    WHERE s.org_id = $1 AND s.location_id = $2 AND s.override_date BETWEEN $3::date AND $4::date`,
};

/** Overrides at a location on local dates [from, to] (inclusive), with reference names. */
export function listOverridesBetween(db: Db, orgId: string, locationId: string, from: string, to: string): Promise<ScheduleOverrideRow[]> {
  return many<ScheduleOverrideRow>(db, BETWEEN, [orgId, locationId, from, to]);
}

/** The engine's view of an override row. */
export function toOverrideRule(r: OverrideRecord): OverrideRule {
  return {
    id: r.id, providerId: r.provider_id, operatoryId: r.operatory_id, date: r.override_date,
    startTime: r.start_time, endTime: r.end_time, isUnavailable: r.is_unavailable,
  };
}
