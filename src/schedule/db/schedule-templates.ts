import type { TemplateRule } from '../domain/schedule.ts';
import type { Db } from '../../core/db/client.ts';
import { many, one } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';

/** The columns of a template a client chooses (times `HH:MM:SS`, dates `YYYY-MM-DD`). */
export interface NewTemplate {
  provider_id: string;
  location_id: string;
  operatory_id: string | null;
  /** 0 = Monday … 6 = Sunday */
  day_of_week: number;
  start_time: string;
  end_time: string;
  effective_from: string;
  /** Inclusive; null: open-ended. */
  effective_to: string | null;
  note: string;
}

/** A stored template row. */
export interface TemplateRecord extends NewTemplate {
  org_id: string;
  id: string;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A template joined with the names its lightweight references show. */
export interface ScheduleTemplateRow extends TemplateRecord {
  provider_first_name: string;
  provider_last_name: string;
  location_name: string;
  operatory_name: string | null;
}

export interface TemplateFilter {
  providerId?: string;
  locationId?: string;
  dayOfWeek?: number;
}

const FROM = `provider_schedule_templates t
  JOIN providers p ON p.org_id = t.org_id AND p.id = t.provider_id
  JOIN locations l ON l.org_id = t.org_id AND l.id = t.location_id
  LEFT JOIN operatories o ON o.org_id = t.org_id AND o.id = t.operatory_id`;
const COLUMNS = `t.*, p.first_name AS provider_first_name, p.last_name AS provider_last_name,
  l.name AS location_name, o.name AS operatory_name`;

/** Lists templates at the locations in `scope`, by weekday, start time, provider last name and id. */
export function listTemplates(db: Db, orgId: string, scope: LocationScope, f: TemplateFilter, page: PageRequest) {
  const where = new Filter(orgId, 't')
    .add('t.location_id = ANY($?)', scope ?? undefined)
    .add('t.provider_id = $?', f.providerId)
    .add('t.location_id = $?', f.locationId)
    .add('t.day_of_week = $?', f.dayOfWeek);
  return selectPage<ScheduleTemplateRow>(db, COLUMNS, FROM, where, 't.day_of_week, t.start_time, lower(p.last_name), t.id', page);
}

/** One template at a location in `scope`, with reference names, or undefined. */
export function getTemplate(db: Db, orgId: string, id: string, scope: LocationScope): Promise<ScheduleTemplateRow | undefined> {
  return one<ScheduleTemplateRow>(db, `SELECT ${COLUMNS} FROM ${FROM}
    WHERE t.org_id = $1 AND t.id = $2 AND ($3::uuid[] IS NULL OR t.location_id = ANY($3))`, [orgId, id, scope]);
}

/** One template at a location in `scope`, row-locked until the transaction ends, or undefined. */
export function lockTemplate(db: Db, orgId: string, id: string, scope: LocationScope): Promise<TemplateRecord | undefined> {
  return one<TemplateRecord>(db, `SELECT * FROM provider_schedule_templates
    WHERE org_id = $1 AND id = $2 AND ($3::uuid[] IS NULL OR location_id = ANY($3)) FOR UPDATE`, [orgId, id, scope]);
}

/** Inserts a template and returns its id; the exclusion constraint refuses an overlap with 23P01. */
export async function insertTemplate(db: Db, orgId: string, t: NewTemplate): Promise<string> {
  return (await one<{ id: string }>(db, `
    INSERT INTO provider_schedule_templates
      (org_id, provider_id, location_id, operatory_id, day_of_week, start_time, end_time, effective_from, effective_to, note)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
  [orgId, t.provider_id, t.location_id, t.operatory_id, t.day_of_week, t.start_time, t.end_time,
    t.effective_from, t.effective_to, t.note]))!.id;
}

/** Deletes one template at a location in `scope`; false when there was none. */
export async function deleteTemplate(db: Db, orgId: string, id: string, scope: LocationScope): Promise<boolean> {
  const res = await db.query(`DELETE FROM provider_schedule_templates
    WHERE org_id = $1 AND id = $2 AND ($3::uuid[] IS NULL OR location_id = ANY($3))`, [orgId, id, scope]);
  return res.rowCount === 1;
}

/**
 * The first template of the same provider, location and weekday whose times overlap `t`'s
 * (half-open, wall clock) within an overlapping inclusive effective period, other than `excludeId`.
 */
export function findOverlappingTemplate(db: Db, orgId: string, t: NewTemplate, excludeId: string | null): Promise<TemplateRecord | undefined> {
  return one<TemplateRecord>(db, `SELECT * FROM provider_schedule_templates
    WHERE org_id = $1 AND provider_id = $2 AND location_id = $3 AND day_of_week = $4
      AND start_time < $6::time AND end_time > $5::time
      AND daterange(effective_from, effective_to, '[]') && daterange($7::date, $8::date, '[]')
      AND ($9::uuid IS NULL OR id <> $9)
    ORDER BY effective_from, start_time, id LIMIT 1`,
  [orgId, t.provider_id, t.location_id, t.day_of_week, t.start_time, t.end_time, t.effective_from, t.effective_to, excludeId]);
}

/**
 * Serialises schedule writes for one provider until the transaction ends (a transaction-scoped
 * advisory lock), so two writers cannot both pass an overlap check.
 */
export async function lockProviderSchedule(db: Db, orgId: string, providerId: string): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock(hashtextextended($1::text, 0))', [`provider-schedule:${orgId}:${providerId}`]);
}

/**
 * Templates at a location in force on local `date` (its weekday, inside the inclusive effective
 * period), of one provider or of all when `providerId` is undefined, with reference names.
 */
export function listTemplatesInForce(db: Db, orgId: string, locationId: string, date: string, providerId?: string): Promise<ScheduleTemplateRow[]> {
  return many<ScheduleTemplateRow>(db, `SELECT ${COLUMNS} FROM ${FROM}
    WHERE t.org_id = $1 AND t.location_id = $2 AND t.day_of_week = extract(isodow FROM $3::date)::int - 1
      AND t.effective_from <= $3::date AND (t.effective_to IS NULL OR t.effective_to >= $3::date)
      AND ($4::uuid IS NULL OR t.provider_id = $4)`, [orgId, locationId, date, providerId ?? null]);
}

const IN_FORCE_BETWEEN = {
  name: 'templates-in-force-between',
  text: `SELECT ${COLUMNS} FROM ${FROM}
    WHERE t.org_id = $1 AND t.location_id = $2 AND t.effective_from <= $4::date
      AND (t.effective_to IS NULL OR t.effective_to >= $3::date)`,
};

/** Templates at a location in force on at least one local date of [from, to] (inclusive), with reference names. */
export function listTemplatesInForceBetween(db: Db, orgId: string, locationId: string, from: string, to: string): Promise<ScheduleTemplateRow[]> {
  return many<ScheduleTemplateRow>(db, IN_FORCE_BETWEEN, [orgId, locationId, from, to]);
}

/** The engine's view of a template row. */
export function toTemplateRule(r: TemplateRecord): TemplateRule {
  return {
    id: r.id, providerId: r.provider_id, operatoryId: r.operatory_id, dayOfWeek: r.day_of_week,
    startTime: r.start_time, endTime: r.end_time, effectiveFrom: r.effective_from, effectiveTo: r.effective_to,
  };
}
