SET jit=off;
EXPLAIN (ANALYZE, TIMING off, SUMMARY on) SELECT a.*, l.name AS location_name, l.timezone AS location_timezone,
       pt.first_name || ' ' || pt.last_name AS patient_name,
       o.name AS operatory_name, t.name AS appointment_type_name, t.time_pattern,
       cs.name AS confirmation_status_name, br.name AS broken_reason_name, cr.name AS cancel_reason_name,
       fs.name AS flow_status_name, ap.providers, tg.tags, pc.procedures_total
  FROM (SELECT * FROM appointments
         WHERE org_id = '326ef2a5-ef3c-4fdf-acb8-2e67b9f44dac' AND (start_at, id) > ('2026-01-05 14:00:00+00'::timestamptz, '00000000-0000-0000-0000-000000000000'::uuid)
         ORDER BY start_at, id LIMIT 100) a
  JOIN locations l ON l.org_id = a.org_id AND l.id = a.location_id
  -- a per-row index probe (OFFSET 0 keeps it one) instead of hashing every patient
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
 ORDER BY a.start_at, a.id;
