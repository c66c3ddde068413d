import { PRODUCTION_STATUSES_SQL, productionAmountSql, type AppointmentStatus } from '../../appointments/index.ts';
import type { Db } from '../../core/db/client.ts';
import { many, one } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';

/** The schema's unique key: one goal per provider, location and date. */
export const GOAL_UNIQUE_KEY = 'production_goals_org_id_provider_id_location_id_goal_date_key';

/** A production goal's columns a client chooses; the amount is decimal text or a number with ≤ 2 decimals. */
export interface NewProductionGoal {
  provider_id: string;
  location_id: string;
  goal_date: string;
  goal_amount: number | string;
}

/** A stored goal. */
export interface ProductionGoalRecord {
  org_id: string;
  id: string;
  provider_id: string;
  location_id: string;
  goal_date: string;
  /** Decimal text, two decimals */
  goal_amount: string;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A goal joined with the names its references show. */
export interface ProductionGoalRow extends ProductionGoalRecord {
  provider_first_name: string;
  provider_last_name: string;
  location_name: string;
}

export interface ProductionGoalFilter {
  locationId?: string;
  providerId?: string;
  dateFrom?: string;
  dateTo?: string;
}

const FROM = `production_goals g
  JOIN providers p ON p.org_id = g.org_id AND p.id = g.provider_id
  JOIN locations l ON l.org_id = g.org_id AND l.id = g.location_id`;
const COLUMNS = `g.*, p.first_name AS provider_first_name, p.last_name AS provider_last_name, l.name AS location_name`;

/** Lists goals at the locations in `scope`, by goal_date, provider last and first name, location name and id. */
export function listProductionGoals(db: Db, orgId: string, scope: LocationScope, f: ProductionGoalFilter, page: PageRequest) {
  const where = new Filter(orgId, 'g')
    .add('g.location_id = ANY($?)', scope ?? undefined)
    .add('g.location_id = $?', f.locationId)
    .add('g.provider_id = $?', f.providerId)
    .add('g.goal_date >= $?', f.dateFrom)
    .add('g.goal_date <= $?', f.dateTo);
  return selectPage<ProductionGoalRow>(db, COLUMNS, FROM, where,
    'g.goal_date, lower(p.last_name), lower(p.first_name), lower(l.name), g.id', page);
}

/** One goal at a location in `scope`, with reference names, or undefined. */
export function getProductionGoal(db: Db, orgId: string, id: string, scope: LocationScope): Promise<ProductionGoalRow | undefined> {
  return one<ProductionGoalRow>(db, `SELECT ${COLUMNS} FROM ${FROM}
    WHERE g.org_id = $1 AND g.id = $2 AND ($3::uuid[] IS NULL OR g.location_id = ANY($3))`, [orgId, id, scope]);
}

/** One goal at a location in `scope`, row-locked until the transaction ends, or undefined. */
export function lockProductionGoal(db: Db, orgId: string, id: string, scope: LocationScope): Promise<ProductionGoalRecord | undefined> {
  return one<ProductionGoalRecord>(db, `SELECT * FROM production_goals
    WHERE org_id = $1 AND id = $2 AND ($3::uuid[] IS NULL OR location_id = ANY($3)) FOR UPDATE`, [orgId, id, scope]);
}

/** The id of the goal of a provider at a location on a date, or undefined. */
export async function findProductionGoal(db: Db, orgId: string, g: Omit<NewProductionGoal, 'goal_amount'>): Promise<string | undefined> {
  return (await one<{ id: string }>(db, `SELECT id FROM production_goals
    WHERE org_id = $1 AND provider_id = $2 AND location_id = $3 AND goal_date = $4`,
  [orgId, g.provider_id, g.location_id, g.goal_date]))?.id;
}

/** Inserts a goal and returns its id; a second goal of the same provider, location and date violates GOAL_UNIQUE_KEY (23505). */
export async function insertProductionGoal(db: Db, orgId: string, g: NewProductionGoal): Promise<string> {
  return (await one<{ id: string }>(db, `
    INSERT INTO production_goals (org_id, provider_id, location_id, goal_date, goal_amount)
    VALUES ($1, $2, $3, $4, $5) RETURNING id`, [orgId, g.provider_id, g.location_id, g.goal_date, g.goal_amount]))!.id;
}

/**
 * Inserts a goal, or sets the amount of the existing goal of the same provider, location and date
 * (version + 1), in one atomic statement. `created` tells which happened.
 */
export async function upsertProductionGoal(db: Db, orgId: string, g: NewProductionGoal): Promise<{ id: string; created: boolean }> {
  return (await one<{ id: string; created: boolean }>(db, `
    INSERT INTO production_goals AS g (org_id, provider_id, location_id, goal_date, goal_amount)
    VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (org_id, provider_id, location_id, goal_date)
    DO UPDATE SET goal_amount = EXCLUDED.goal_amount, version = g.version + 1
    RETURNING id, (xmax = 0) AS created`, [orgId, g.provider_id, g.location_id, g.goal_date, g.goal_amount]))!;
}

/** Sets one goal's amount, version + 1 (callers check base_version under the row lock first). */
export async function updateProductionGoalAmount(db: Db, orgId: string, id: string, amount: number | string): Promise<void> {
  await db.query('UPDATE production_goals SET goal_amount = $3, version = version + 1 WHERE org_id = $1 AND id = $2', [orgId, id, amount]);
}

/** Deletes one goal at a location in `scope` for good; false when there was none. */
export async function deleteProductionGoal(db: Db, orgId: string, id: string, scope: LocationScope): Promise<boolean> {
  const res = await db.query(`DELETE FROM production_goals
    WHERE org_id = $1 AND id = $2 AND ($3::uuid[] IS NULL OR location_id = ANY($3))`, [orgId, id, scope]);
  return res.rowCount === 1;
}

/** Provider named in a summary line. */
export interface NamedProvider {
  provider_id: string;
  first_name: string;
  last_name: string;
}

/** Each provider's goal total at a location over inclusive local dates [from, to], decimal text. */
export function sumGoalsByProvider(db: Db, orgId: string, locationId: string, from: string, to: string): Promise<(NamedProvider & { amount: string })[]> {
  return many(db, `
    SELECT g.provider_id, p.first_name, p.last_name, sum(g.goal_amount)::numeric(16, 2)::text AS amount
      FROM production_goals g JOIN providers p ON p.org_id = g.org_id AND p.id = g.provider_id
     WHERE g.org_id = $1 AND g.location_id = $2 AND g.goal_date BETWEEN $3::date AND $4::date
     GROUP BY g.provider_id, p.first_name, p.last_name`, [orgId, locationId, from, to]);
}

/** The goal total of each date at a location over inclusive local dates [from, to] that has goals, decimal text. */
export function sumGoalsByDate(db: Db, orgId: string, locationId: string, from: string, to: string): Promise<{ goal_date: string; amount: string }[]> {
  return many(db, `
    SELECT goal_date, sum(goal_amount)::numeric(16, 2)::text AS amount FROM production_goals
     WHERE org_id = $1 AND location_id = $2 AND goal_date BETWEEN $3::date AND $4::date
     GROUP BY goal_date`, [orgId, locationId, from, to]);
}

/** A production line: one status of one primary provider (null: none assigned). */
export interface ProductionRow {
  provider_id: string | null;
  first_name: string | null;
  last_name: string | null;
  status: AppointmentStatus;
  amount: string;
}

/**
 * Production of the appointments at a location starting in [startAt, endAt) (RFC 3339), summed per
 * primary provider (appointment_providers item_order 0) and status. An appointment's production is
 * its explicit override, else the sum of its procedures' fees.
 */
export function sumProductionByProvider(db: Db, orgId: string, locationId: string, startAt: string, endAt: string): Promise<ProductionRow[]> {
  return many<ProductionRow>(db, `
    SELECT ap.provider_id, p.first_name, p.last_name, a.status,
           sum(${productionAmountSql('a')})::numeric(16, 2)::text AS amount
      FROM appointments a
      LEFT JOIN appointment_providers ap ON ap.org_id = a.org_id AND ap.appointment_id = a.id AND ap.item_order = 0
      LEFT JOIN providers p ON p.org_id = ap.org_id AND p.id = ap.provider_id
     WHERE a.org_id = $1 AND a.location_id = $2 AND a.start_at >= $3::timestamptz AND a.start_at < $4::timestamptz
       AND a.status IN (${PRODUCTION_STATUSES_SQL})
     GROUP BY ap.provider_id, p.first_name, p.last_name, a.status`, [orgId, locationId, startAt, endAt]);
}
