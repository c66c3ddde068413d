-- Minimal floor of calendar/daily and calendar/weekly (npm run bench, scenarios day and week): ONE
-- statement returning every field the response needs for one location and range, names by join,
-- as one JSON document. Written by hand for pgbench; never derived from src/.
-- Variables: :org, :loc (pgbench -D); :i picks a range of bench_floor_ranges (filled by the bench
-- with the same local-day bounds chairtime is asked for).
\set i random(1, :ranges)
WITH r AS (SELECT first_date, last_date, start_at, end_at FROM bench_floor_ranges WHERE i = :i)
SELECT json_build_object(
  'location', (SELECT json_build_object('id', l.id, 'name', l.name, 'timezone', l.timezone)
                 FROM locations l WHERE l.org_id = :org AND l.id = :loc),
  'appointments', (SELECT coalesce(json_agg(x ORDER BY x.start_at, x.item_order, x.id), '[]') FROM (
      SELECT a.*, l.name AS location_name, l.timezone AS location_timezone,
             pt.first_name || ' ' || pt.last_name AS patient_name, pt.chart_number, pt.mobile_phone,
             pt.balance_due, pt.preferred_name, pt.birth_date,
             o.name AS operatory_name, t.name AS appointment_type_name, t.time_pattern,
             cs.name AS confirmation_status_name, br.name AS broken_reason_name, cr.name AS cancel_reason_name,
             fs.name AS flow_status_name, ap.providers, tg.tags, pc.procedures_total
        FROM appointments a
        JOIN locations l ON l.org_id = a.org_id AND l.id = a.location_id
        -- a per-row index probe (OFFSET 0 keeps it one): a range of unknown bounds would otherwise hash every patient
        CROSS JOIN LATERAL (SELECT * FROM patients pt WHERE pt.org_id = a.org_id AND pt.id = a.patient_id OFFSET 0) pt
        LEFT JOIN operatories o ON o.org_id = a.org_id AND o.id = a.operatory_id
        LEFT JOIN appointment_types t ON t.org_id = a.org_id AND t.id = a.appointment_type_id
        LEFT JOIN definitions cs ON cs.org_id = a.org_id AND cs.id = a.confirmation_status_id
        LEFT JOIN definitions br ON br.org_id = a.org_id AND br.id = a.broken_reason_id
        LEFT JOIN definitions cr ON cr.org_id = a.org_id AND cr.id = a.cancel_reason_id
        LEFT JOIN patient_flow_statuses fs ON fs.org_id = a.org_id AND fs.id = a.flow_status_id
        CROSS JOIN LATERAL (
          SELECT coalesce(json_agg(json_build_object('id', p.provider_id,
                   'name', (SELECT pr.first_name || ' ' || pr.last_name FROM providers pr WHERE pr.org_id = p.org_id AND pr.id = p.provider_id), 'role', p.role,
                   'start_time', p.start_time, 'end_time', p.end_time, 'start_at', p.start_at, 'end_at', p.end_at) ORDER BY p.item_order), '[]') AS providers
            FROM appointment_providers p
           WHERE p.org_id = a.org_id AND p.appointment_id = a.id) ap
        CROSS JOIN LATERAL (
          SELECT coalesce(json_agg(json_build_object('id', d.id, 'name', d.name, 'color', d.color) ORDER BY d.item_order, d.name), '[]') AS tags
            FROM appointment_tags g JOIN definitions d ON d.org_id = g.org_id AND d.id = g.definition_id
           WHERE g.org_id = a.org_id AND g.appointment_id = a.id) tg
        CROSS JOIN LATERAL (
          SELECT coalesce(sum(q.fee), 0) AS procedures_total FROM appointment_procedures q
           WHERE q.org_id = a.org_id AND q.appointment_id = a.id) pc
       WHERE a.org_id = :org AND a.location_id = :loc AND a.start_at >= (SELECT start_at FROM r) AND a.start_at < (SELECT end_at FROM r)
         AND a.status <> 'cancelled') x),
  'blockouts', (SELECT coalesce(json_agg(x ORDER BY x.schedule_date, x.start_time, x.id), '[]') FROM (
      SELECT b.*, o.name AS operatory_name, bt.name AS type_name, bt.is_holiday
        FROM blockouts b
        JOIN blockout_types bt ON bt.org_id = b.org_id AND bt.id = b.blockout_type_id
        LEFT JOIN operatories o ON o.org_id = b.org_id AND o.id = b.operatory_id
       WHERE b.org_id = :org AND b.location_id = :loc AND b.schedule_date BETWEEN (SELECT first_date FROM r) AND (SELECT last_date FROM r)
         AND b.status = 'active') x),
  'templates', (SELECT coalesce(json_agg(x), '[]') FROM (
      SELECT s.*, p.first_name AS provider_first_name, p.last_name AS provider_last_name, o.name AS operatory_name
        FROM provider_schedule_templates s
        JOIN providers p ON p.org_id = s.org_id AND p.id = s.provider_id
        LEFT JOIN operatories o ON o.org_id = s.org_id AND o.id = s.operatory_id
       WHERE s.org_id = :org AND s.location_id = :loc AND s.effective_from <= (SELECT last_date FROM r)
         AND (s.effective_to IS NULL OR s.effective_to >= (SELECT first_date FROM r))) x),
  'overrides', (SELECT coalesce(json_agg(x), '[]') FROM (
      SELECT s.*, p.first_name AS provider_first_name, p.last_name AS provider_last_name, o.name AS operatory_name
        FROM provider_schedule_overrides s
        JOIN providers p ON p.org_id = s.org_id AND p.id = s.provider_id
        LEFT JOIN operatories o ON o.org_id = s.org_id AND o.id = s.operatory_id
       WHERE s.org_id = :org AND s.location_id = :loc AND s.override_date BETWEEN (SELECT first_date FROM r) AND (SELECT last_date FROM r)) x));
