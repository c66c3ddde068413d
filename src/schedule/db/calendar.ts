// Range reads behind the calendar views: each loads a whole day, week or month at one location in
// one statement, so a view costs a fixed number of queries whatever it holds.
import { appointmentSelect, CHAIR_OCCUPYING_SQL, productionAmountSql, type AppointmentRow } from '../../appointments/index.ts';
import type { Db } from '../../core/db/client.ts';
import { many } from '../../core/db/client.ts';

/** A full appointment row on the calendar, with the patient's Tier 2 fields. */
export interface CalendarAppointmentRow extends AppointmentRow {
  chart_number: string | null;
  mobile_phone: string | null;
  /** Decimal text */
  balance_due: string;
  preferred_name: string | null;
  birth_date: string | null;
}

const CALENDAR_RANGE = `${appointmentSelect([
  'pt.chart_number', 'pt.mobile_phone', 'pt.balance_due::text AS balance_due', 'pt.preferred_name', 'pt.birth_date'])}
   WHERE a.org_id = $1 AND a.location_id = $2 AND a.start_at >= $3::timestamptz AND a.start_at < $4::timestamptz
     AND a.status <> 'cancelled'
   ORDER BY a.start_at, a.item_order, a.id`;

/**
 * The full rows of the appointments at a location starting in [startAt, endAt) (RFC 3339), whatever
 * their status except cancelled, by start, item_order and id, with their patients' Tier 2 fields: one
 * named (prepared) statement for a day or a week. The caller has checked the location is visible.
 */
export function listCalendarAppointments(db: Db, orgId: string, locationId: string, startAt: string, endAt: string): Promise<CalendarAppointmentRow[]> {
  return many<CalendarAppointmentRow>(db, { name: 'calendar-appointments', text: CALENDAR_RANGE }, [orgId, locationId, startAt, endAt]);
}

/** One local date's appointment figures; amounts are decimal text. */
export interface DailyProductionRow {
  schedule_date: string;
  appointment_count: number;
  scheduled_production: string;
  completed_production: string;
}

/**
 * Per local schedule_date, for the appointments at a location starting in [startAt, endAt): the count
 * of scheduled and complete ones and the production of each status (explicit amount, else the sum of
 * the procedures' fees). Dates without such appointments are absent.
 */
export function sumProductionByDate(db: Db, orgId: string, locationId: string, startAt: string, endAt: string): Promise<DailyProductionRow[]> {
  return many<DailyProductionRow>(db, `
    SELECT a.schedule_date, count(*)::int AS appointment_count,
           coalesce(sum(x.amount) FILTER (WHERE a.status = 'scheduled'), 0)::numeric(16, 2)::text AS scheduled_production,
           coalesce(sum(x.amount) FILTER (WHERE a.status = 'complete'), 0)::numeric(16, 2)::text AS completed_production
      FROM appointments a
      CROSS JOIN LATERAL (SELECT ${productionAmountSql('a')} AS amount) x
     WHERE a.org_id = $1 AND a.location_id = $2 AND a.start_at >= $3::timestamptz AND a.start_at < $4::timestamptz
       AND a.status IN (${CHAIR_OCCUPYING_SQL})
     GROUP BY a.schedule_date`, [orgId, locationId, startAt, endAt]);
}

/** Local dates in [from, to] (inclusive) holding an active blockout of a holiday type at a location. */
export async function listHolidayDates(db: Db, orgId: string, locationId: string, from: string, to: string): Promise<string[]> {
  const rows = await many<{ schedule_date: string }>(db, `
    SELECT DISTINCT b.schedule_date FROM blockouts b
      JOIN blockout_types t ON t.org_id = b.org_id AND t.id = b.blockout_type_id
     WHERE b.org_id = $1 AND b.location_id = $2 AND b.schedule_date BETWEEN $3::date AND $4::date
       AND b.status = 'active' AND t.is_holiday`, [orgId, locationId, from, to]);
  return rows.map((r) => r.schedule_date);
}
