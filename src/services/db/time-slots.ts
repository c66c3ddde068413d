import { many, type Db } from '../../core/db/client.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';
import type { LocationScope } from '../../core/scope.ts';

/** A stored time slot; times are wall clock `HH:MM:SS` at the service's location. */
export interface TimeSlotRow {
  id: number;
  service_id: number;
  day_of_week: number;
  start_time: string;
  end_time: string;
  max_bookings: number;
  created_at: string;
  updated_at: string;
}

/** A time slot to write: `id` null inserts, a number updates that time slot of the service. */
export interface TimeSlotWrite {
  id: number | null;
  day_of_week: number;
  start_time: string;
  end_time: string;
  max_bookings: number;
}

const FROM = 'service_time_slots t JOIN services s ON s.org_id = t.org_id AND s.id = t.service_id';
const COLUMNS = 't.id, t.service_id, t.day_of_week, t.start_time, t.end_time, t.max_bookings, t.created_at, t.updated_at';
const ORDER = 't.service_id, t.day_of_week, t.start_time, t.id';

/**
 * One page (every row when `page` is null) of the time slots of services at locations in `scope`,
 * optionally of one service, by service, weekday, start and id.
 */
export async function listTimeSlots(db: Db, orgId: string, scope: LocationScope, serviceId: number | undefined, page: PageRequest | null) {
  const where = new Filter(orgId, 't')
    .add('s.location_id = ANY($?)', scope ?? undefined)
    .add('t.service_id = $?', serviceId);
  if (page) return selectPage<TimeSlotRow>(db, COLUMNS, FROM, where, ORDER, page);
  const rows = await many<TimeSlotRow>(db, `SELECT ${COLUMNS} FROM ${FROM} WHERE ${where.sql} ORDER BY ${ORDER}`, where.params);
  return { rows, total: rows.length };
}

/** Every time slot of one service, by weekday and start. */
export function listServiceTimeSlots(db: Db, orgId: string, serviceId: number): Promise<TimeSlotRow[]> {
  return many<TimeSlotRow>(db, `SELECT ${COLUMNS} FROM service_time_slots t WHERE t.org_id = $1 AND t.service_id = $2 ORDER BY ${ORDER}`, [orgId, serviceId]);
}

/**
 * Inserts the new time slots and updates the given ones of one service in two statements; returns the
 * written rows in the order of `slots` (identities grow in insertion order). Every id must be the service's.
 */
export async function writeTimeSlots(db: Db, orgId: string, serviceId: number, slots: TimeSlotWrite[]): Promise<TimeSlotRow[]> {
  const cols = (xs: TimeSlotWrite[]) => [xs.map((x) => x.day_of_week), xs.map((x) => x.start_time), xs.map((x) => x.end_time), xs.map((x) => x.max_bookings)];
  const updates = slots.filter((s) => s.id !== null);
  const inserts = slots.filter((s) => s.id === null);
  const updated = updates.length ? await many<TimeSlotRow>(db, `
    UPDATE service_time_slots t SET day_of_week = u.d, start_time = u.s, end_time = u.e, max_bookings = u.m
      FROM unnest($3::bigint[], $4::smallint[], $5::time[], $6::time[], $7::int[]) AS u(id, d, s, e, m)
     WHERE t.org_id = $1 AND t.service_id = $2 AND t.id = u.id
    RETURNING ${COLUMNS}`, [orgId, serviceId, updates.map((u) => u.id), ...cols(updates)]) : [];
  const inserted = inserts.length ? await many<TimeSlotRow>(db, `
    INSERT INTO service_time_slots AS t (org_id, service_id, day_of_week, start_time, end_time, max_bookings)
    SELECT $1, $2, u.d, u.s, u.e, u.m
      FROM unnest($3::smallint[], $4::time[], $5::time[], $6::int[]) WITH ORDINALITY AS u(d, s, e, m, n) ORDER BY u.n
    RETURNING ${COLUMNS}`, [orgId, serviceId, ...cols(inserts)]) : [];
  const byId = new Map(updated.map((r) => [r.id, r]));
  const fresh = inserted.sort((a, b) => a.id - b.id).values();
  return slots.map((s) => (s.id === null ? fresh.next().value! : byId.get(s.id)!));
}

/** Deletes one time slot of a service at a location in `scope`; false when there is none. */
export async function deleteTimeSlot(db: Db, orgId: string, id: number, scope: LocationScope): Promise<boolean> {
  const res = await db.query(`
    DELETE FROM service_time_slots t USING services s
     WHERE t.org_id = $1 AND t.id = $2 AND s.org_id = t.org_id AND s.id = t.service_id
       AND ($3::uuid[] IS NULL OR s.location_id = ANY($3))`, [orgId, id, scope]);
  return res.rowCount === 1;
}

/** Deletes every time slot of one service on one weekday; the number deleted. */
export async function deleteTimeSlotsOnDay(db: Db, orgId: string, serviceId: number, dayOfWeek: number): Promise<number> {
  const res = await db.query('DELETE FROM service_time_slots WHERE org_id = $1 AND service_id = $2 AND day_of_week = $3', [orgId, serviceId, dayOfWeek]);
  return res.rowCount ?? 0;
}
