// The set-based statements behind bench:seed. Each builds one table of the practice from
// generate_series and small seed_* maps (temporary tables), so a million rows take seconds.

/** Location zones: a chain centred on New York, spread over US zones, with two European clinics. */
const ZONES = [
  ...Array<string>(10).fill('America/New_York'), ...Array<string>(5).fill('America/Chicago'),
  ...Array<string>(4).fill('America/Denver'), 'America/Phoenix', 'America/Phoenix',
  ...Array<string>(6).fill('America/Los_Angeles'), 'Europe/Berlin', 'Europe/Berlin', 'Pacific/Honolulu',
];

export const LOCATIONS = ZONES.length;
export const OPERATORIES_PER_LOCATION = 10;
export const PATIENTS = 5000;
/** Hour cells of a working day (lunch 12:00–13:00 is a blockout); each holds at most one appointment. */
export const CELL_HOURS = [8, 9, 10, 11, 13, 14, 15, 16];

/** What the statements are built for. */
export interface SeedContext {
  orgId: string;
  /** Inclusive range of seeded local dates (weekdays only get appointments). */
  firstDate: string;
  lastDate: string;
  /** Days before it are the past: mostly complete; from it on mostly scheduled. */
  today: string;
  /** Per mille of operatory-day-cells that get an appointment. */
  fill: number;
  /** Per mille of the availability clinic's chair half-hours that get an appointment. */
  availabilityFill: number;
}

export interface Statement {
  text: string;
  values: unknown[];
}

const sql = (text: string, ...values: unknown[]): Statement => ({ text, values });

/** The maps every later statement joins: locations, operatories, providers, weekdays, cells, types, patients. */
export const mapStatements = (c: SeedContext): Statement[] => [
  // A deterministic pseudo-random non-negative int per key; a SQL function this simple is inlined.
  sql(`CREATE FUNCTION pg_temp.h(k bigint) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT hashint8(k) & 2147483647'`),
  sql(`CREATE TEMP TABLE seed_locations AS
     SELECT n, gen_random_uuid() AS id, (ARRAY['${ZONES.join("','")}'])[n] AS tz,
            gen_random_uuid() AS dentist_id, gen_random_uuid() AS hygienist_id
       FROM generate_series(1, ${LOCATIONS}) n`),
  sql(`CREATE TEMP TABLE seed_operatories AS
     SELECT (l.n - 1) * ${OPERATORIES_PER_LOCATION} + j AS n, j, l.id AS location_id, l.tz, gen_random_uuid() AS id
       FROM seed_locations l, generate_series(1, ${OPERATORIES_PER_LOCATION}) j`),
  sql(`CREATE TEMP TABLE seed_days AS
     SELECT (row_number() OVER (ORDER BY d))::int AS n, d::date AS d
       FROM generate_series($1::date, $2::date, interval '1 day') d WHERE extract(isodow FROM d) < 6`, c.firstDate, c.lastDate),
  sql(`CREATE TEMP TABLE seed_cells AS
     SELECT (n - 1)::int AS n, make_time(h, 0, 0) AS start_time FROM unnest(ARRAY[${CELL_HOURS.join(', ')}]) WITH ORDINALITY AS c(h, n)`),
  // Every type but Crown ends by :45; a crown fills its hour, but its provider time (X) is the first
  // half only. So hh:45–hh+1:00 is free for every provider, and free in every chair without a crown,
  // while crowns in neighbouring chairs still overlap it: what the book scenario needs.
  sql(`CREATE TEMP TABLE seed_types (n int, id uuid, name text, minutes int, pattern text, hygiene boolean)`),
  sql(`INSERT INTO seed_types VALUES
     (0, gen_random_uuid(), 'Consult', 20, 'XXXX', false),
     (1, gen_random_uuid(), 'Exam', 30, '//XX//', false),
     (2, gen_random_uuid(), 'Filling', 40, '/XXXXXX/', false),
     (3, gen_random_uuid(), 'Cleaning', 45, 'XXXXXXXXX', true),
     (4, gen_random_uuid(), 'Crown', 60, 'XXXXXX//////', false)`),
  sql(`CREATE TEMP TABLE seed_patients AS SELECT n, gen_random_uuid() AS id FROM generate_series(1, ${PATIENTS}) n`),
];

/** The practice around the appointments: locations, chairs, providers and their schedules, blockouts, patients, types. */
export const practiceStatements = (c: SeedContext): Statement[] => [
  sql(`INSERT INTO locations (org_id, id, name, timezone, address, phone)
   SELECT $1, id, format('Clinic %s', lpad(n::text, 2, '0')), tz, format('%s Main Street', n * 10), format('555-01%s', lpad(n::text, 2, '0'))
     FROM seed_locations`, c.orgId),
  sql(`INSERT INTO operatories (org_id, id, location_id, name, abbrev, is_hygiene, item_order)
   SELECT $1, id, location_id, format('Op %s', j), format('OP%s', j), j > 7, j FROM seed_operatories`, c.orgId),
  sql(`INSERT INTO providers (org_id, id, first_name, last_name, abbrev, provider_type)
   SELECT $1, p.id, p.first, format('%s %s', p.last, l.n), format('%s%s', left(p.last, 2), l.n), p.kind
     FROM seed_locations l, LATERAL (VALUES (l.dentist_id, 'Dana', 'Dentist', 'dentist'),
                                            (l.hygienist_id, 'Hana', 'Hygienist', 'hygienist')) AS p(id, first, last, kind)`, c.orgId),
  // Split shifts Monday–Friday, 08:00–12:00 and 13:00–17:00, in force from the first seeded date.
  sql(`INSERT INTO provider_schedule_templates (org_id, provider_id, location_id, day_of_week, start_time, end_time, effective_from)
   SELECT $1, p.id, l.id, dow, s.start_time, s.end_time, $2::date
     FROM seed_locations l, LATERAL (VALUES (l.dentist_id), (l.hygienist_id)) AS p(id), generate_series(0, 4) dow,
          (VALUES (time '08:00', time '12:00'), (time '13:00', time '17:00')) AS s(start_time, end_time)`, c.orgId, c.firstDate),
  // About eight vacation days per provider over the three years.
  sql(`INSERT INTO provider_schedule_overrides (org_id, provider_id, location_id, override_date, is_unavailable, override_reason)
   SELECT $1, p.id, l.id, d.d, true, 'vacation'
     FROM seed_locations l, LATERAL (VALUES (l.dentist_id, 1), (l.hygienist_id, 2)) AS p(id, k), seed_days d
    WHERE (d.n + l.n * 7 + p.k * 31) % 97 = 0`, c.orgId),
  sql(`INSERT INTO blockout_types (org_id, name, abbreviation, color, is_no_schedule, item_order)
   VALUES ($1, 'Lunch', 'LN', '#BDBDBD', true, 0), ($1, 'Staff meeting', 'MT', '#90A4AE', false, 1)`, c.orgId),
  // Seeding only: local date + time → instant with AT TIME ZONE in SQL, where the app converts in JS
  // with Temporal. Acceptable here because 12:00–13:00 never falls in a DST gap or fold.
  sql(`INSERT INTO blockouts (org_id, location_id, blockout_type_id, schedule_date, start_time, end_time, start_at, end_at, note)
   SELECT $1, l.id, t.id, d.d, time '12:00', time '13:00', (d.d + time '12:00') AT TIME ZONE l.tz, (d.d + time '13:00') AT TIME ZONE l.tz, 'Lunch'
     FROM seed_locations l, seed_days d, blockout_types t WHERE t.org_id = $1 AND t.name = 'Lunch'`, c.orgId),
  sql(`INSERT INTO patients (org_id, id, first_name, last_name, birth_date, chart_number, mobile_phone, email, balance_due)
   SELECT $1, id, (ARRAY['Ana','Ben','Chloe','David','Emma','Farid','Grace','Hiro','Ines','Jon'])[n % 10 + 1],
          format('Patient%s', n), date '1950-01-01' + (pg_temp.h(n) % 25000), format('B%s', lpad(n::text, 6, '0')),
          format('555-%s', lpad((n % 10000)::text, 4, '0')), format('patient%s@example.com', n), (pg_temp.h(n + 7) % 50000) / 100.0
     FROM seed_patients`, c.orgId),
  sql(`INSERT INTO appointment_types (org_id, id, name, abbrev, duration_minutes, time_pattern, item_order)
   SELECT $1, id, name, left(name, 3), minutes, pattern, n FROM seed_types`, c.orgId),
];

/**
 * The appointments: each operatory-day-cell holds one with probability fill/1000, starting on the
 * hour and lasting its type's 20–60 minutes, so none overlap in an operatory. Past days are mostly
 * complete (some broken, cancelled or still scheduled), days from `today` on mostly scheduled.
 */
export const appointmentsStatement = (c: SeedContext): Statement => sql(`
  INSERT INTO appointments (org_id, patient_id, location_id, operatory_id, appointment_type_id, status, schedule_date,
                            start_time, end_time, start_at, end_at)
  SELECT $1, p.id, o.location_id, o.id, t.id,
         CASE WHEN d.d < $2::date THEN CASE WHEN y.s < 82 THEN 'complete' WHEN y.s < 89 THEN 'broken' WHEN y.s < 96 THEN 'cancelled' ELSE 'scheduled' END
              ELSE CASE WHEN y.s < 93 THEN 'scheduled' ELSE 'cancelled' END END,
         d.d, c.start_time, c.start_time + t.minutes * interval '1 minute',
         -- Seeding only (as for the blockouts): cells lie between 08:00 and 17:00, never in a DST gap or fold.
         (d.d + c.start_time) AT TIME ZONE o.tz, (d.d + c.start_time + t.minutes * interval '1 minute') AT TIME ZONE o.tz
    FROM seed_operatories o CROSS JOIN seed_days d CROSS JOIN seed_cells c
   CROSS JOIN LATERAL (SELECT pg_temp.h(o.n::bigint * 1000003 + d.n * 17 + c.n) AS r) x
   CROSS JOIN LATERAL (SELECT pg_temp.h(x.r) % 100 AS s) y
    JOIN seed_types t ON t.n = (x.r / 1000) % 5
    JOIN seed_patients p ON p.n = (x.r / 5000) % ${PATIENTS} + 1
   WHERE x.r % 1000 < $3`, c.orgId, c.today, c.fill);

/**
 * One provider per appointment: the location's hygienist for cleanings, else its dentist. The copy of the
 * appointment's range and type (migration 008) is written here: the bulk insert runs with triggers off.
 */
export const appointmentProvidersStatement = (c: SeedContext): Statement => sql(`
  INSERT INTO appointment_providers (org_id, appointment_id, provider_id, role, item_order, appointment_start_at, appointment_end_at,
                                     appointment_type_id, occupies)
  SELECT a.org_id, a.id, CASE WHEN t.hygiene THEN l.hygienist_id ELSE l.dentist_id END,
         CASE WHEN t.hygiene THEN 'hygienist' ELSE 'primary' END, 0, a.start_at, a.end_at, a.appointment_type_id,
         a.status IN ('scheduled', 'complete')
    FROM appointments a JOIN seed_types t ON t.id = a.appointment_type_id JOIN seed_locations l ON l.id = a.location_id
   WHERE a.org_id = $1`, c.orgId);

/** The availability clinic: the location the availability scenarios search. */
export const AVAILABILITY_CLINIC = 'Availability Clinic';
export const AVAILABILITY_PROVIDERS = 20;
export const AVAILABILITY_DAYS = 90;
export const AVAILABILITY_APPOINTMENTS = 10_000;

/**
 * A New York clinic with 10 chairs and 20 providers working weekdays 08:00–12:00 and 13:00–17:00 in any
 * chair, open 07:00–18:00, its default type a 30-minute exam, and about 10,000 appointments over the 90
 * days from today on a half-hour grid (none overlap in a chair; each takes a provider free at that time),
 * so a search over the window finds a few hundred openings among them.
 */
export const availabilityClinicStatements = (c: SeedContext): Statement[] => [
  sql(`CREATE TEMP TABLE seed_avail AS SELECT gen_random_uuid() AS id`),
  sql(`INSERT INTO locations (org_id, id, name, timezone, open_hours, default_appointment_type_id)
   SELECT $1, a.id, '${AVAILABILITY_CLINIC}', 'America/New_York',
          (SELECT jsonb_agg(jsonb_build_object('day_of_week', d, 'start_time', '07:00:00', 'end_time', '18:00:00')) FROM generate_series(0, 4) d),
          (SELECT id FROM seed_types WHERE name = 'Exam')
     FROM seed_avail a`, c.orgId),
  sql(`CREATE TEMP TABLE seed_avail_ops AS SELECT j, gen_random_uuid() AS id FROM generate_series(1, 10) j`),
  sql(`INSERT INTO operatories (org_id, id, location_id, name, abbrev, item_order)
   SELECT $1, o.id, a.id, format('Chair %s', o.j), format('CH%s', o.j), o.j FROM seed_avail_ops o, seed_avail a`, c.orgId),
  sql(`CREATE TEMP TABLE seed_avail_providers AS SELECT k, gen_random_uuid() AS id FROM generate_series(0, ${AVAILABILITY_PROVIDERS - 1}) k`),
  sql(`INSERT INTO providers (org_id, id, first_name, last_name, abbrev, provider_type)
   SELECT $1, id, 'Avery', format('Provider %s', lpad(k::text, 2, '0')), format('AV%s', k), 'dentist' FROM seed_avail_providers`, c.orgId),
  sql(`INSERT INTO provider_schedule_templates (org_id, provider_id, location_id, day_of_week, start_time, end_time, effective_from)
   SELECT $1, p.id, a.id, dow, s.start_time, s.end_time, $2::date
     FROM seed_avail a, seed_avail_providers p, generate_series(0, 4) dow,
          (VALUES (time '08:00', time '12:00'), (time '13:00', time '17:00')) AS s(start_time, end_time)`, c.orgId, c.firstDate),
  // Half-hour cells of the working hours on the weekdays of the window; chair j at cell s is taken by
  // provider (j + 3s + day) mod 20, so no provider is in two chairs at once.
  sql(`INSERT INTO appointments (org_id, patient_id, location_id, operatory_id, appointment_type_id, status, schedule_date,
                                 start_time, end_time, start_at, end_at, note)
   SELECT $1, p.id, a.id, o.id, t.id, 'scheduled', d.d, s.t, s.t + interval '30 minutes',
          (d.d + s.t) AT TIME ZONE 'America/New_York', (d.d + s.t + interval '30 minutes') AT TIME ZONE 'America/New_York',
          format('avail:%s', (o.j + 3 * s.n + d.n) % ${AVAILABILITY_PROVIDERS})
     FROM seed_avail a, seed_avail_ops o,
          (SELECT (row_number() OVER (ORDER BY d))::int AS n, d::date AS d FROM generate_series($2::date, $2::date + ${AVAILABILITY_DAYS - 1}, interval '1 day') d
            WHERE extract(isodow FROM d) < 6) d,
          (SELECT (row_number() OVER (ORDER BY t))::int AS n, t FROM (SELECT make_time(8, 0, 0) + m * interval '30 minutes' AS t
             FROM generate_series(0, 17) m) x WHERE t < time '12:00' OR t >= time '13:00') s,
          seed_types t, seed_patients p
    WHERE t.name = 'Exam' AND p.n = (pg_temp.h(o.j * 7919 + d.n * 104729 + s.n) % ${PATIENTS}) + 1
      AND pg_temp.h(o.j * 31 + d.n * 1009 + s.n * 7) % 1000 < $3`, c.orgId, c.today, c.availabilityFill),
  sql(`INSERT INTO appointment_providers (org_id, appointment_id, provider_id, role, item_order, appointment_start_at, appointment_end_at,
                                      appointment_type_id, occupies)
   SELECT ap.org_id, ap.id, p.id, 'primary', 0, ap.start_at, ap.end_at, ap.appointment_type_id, true
     FROM appointments ap JOIN seed_avail a ON a.id = ap.location_id
     JOIN seed_avail_providers p ON p.k = CASE WHEN ap.note LIKE 'avail:%' THEN split_part(ap.note, ':', 2)::int END
    WHERE ap.org_id = $1`, c.orgId),
  sql(`UPDATE appointments SET note = '' WHERE org_id = $1 AND note LIKE 'avail:%'`, c.orgId),
];
