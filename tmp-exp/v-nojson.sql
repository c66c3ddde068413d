SET jit=off;
BEGIN;
EXPLAIN (ANALYZE, BUFFERS off) 
    WITH page AS MATERIALIZED (
      SELECT a.id, k.sort_value, a.patient_id, l.timezone, a.note AS json, row_number() OVER (ORDER BY a.start_at ASC NULLS LAST, a.id ASC) AS ord
        FROM (SELECT id, sort_value FROM (SELECT id, sort_value FROM (
      (
    SELECT a.id, (a.start_at)::text AS sort_value, a.start_at FROM appointments a
     WHERE a.org_id = '326ef2a5-ef3c-4fdf-acb8-2e67b9f44dac' AND (a.start_at, a.id) > ('2026-01-05 14:00:00+00'::timestamptz, '00000000-0000-0000-0000-000000000000'::uuid) ORDER BY a.start_at ASC, a.id ASC LIMIT 201)
      UNION ALL (
    SELECT a.id, (a.start_at)::text AS sort_value, a.start_at FROM appointments a
     WHERE a.org_id = '326ef2a5-ef3c-4fdf-acb8-2e67b9f44dac' AND a.start_at IS NULL ORDER BY a.id ASC LIMIT 201)) k
     ORDER BY start_at ASC NULLS LAST, id ASC LIMIT 201) k LIMIT '100' + 1) k
        JOIN appointments a ON a.org_id = '326ef2a5-ef3c-4fdf-acb8-2e67b9f44dac' AND a.id = k.id 
    JOIN locations l ON l.org_id = a.org_id AND l.id = a.location_id
    CROSS JOIN LATERAL (SELECT pt.first_name, pt.last_name FROM patients pt WHERE pt.org_id = a.org_id AND pt.id = a.patient_id OFFSET 0) pt
    LEFT JOIN appointment_types t ON t.org_id = a.org_id AND t.id = a.appointment_type_id
    LEFT JOIN LATERAL (SELECT d.name FROM definitions d WHERE d.org_id = a.org_id AND d.id = a.confirmation_status_id OFFSET 0) cs ON true
    CROSS JOIN LATERAL (
      SELECT string_agg((((('{' || '"id":' || '"' || ap.provider_id || '"') || ',"name":' || ap.name) || (',"role":' || '"' || ap.role || '"' || ',"start_time":' || coalesce('"' || ap.start_time || '"', 'null'))) || ((',"end_time":' || coalesce('"' || ap.end_time || '"', 'null') || ',"start_at":' || coalesce('"' || chr(1) || floor(extract(epoch FROM ap.start_at) * 1000)::bigint || '"', 'null')) || (',"end_at":' || coalesce('"' || chr(1) || floor(extract(epoch FROM ap.end_at) * 1000)::bigint || '"', 'null') || '}'))), ',' ORDER BY ap.item_order) AS list,
             (array_agg('{"id":"' || ap.provider_id || '","name":' || ap.name || '}' ORDER BY ap.item_order))[1] AS first
        FROM (SELECT ap.provider_id, ap.role, ap.start_time, ap.end_time, ap.start_at, ap.end_at, ap.item_order,
                     coalesce(to_json((SELECT pr.first_name || ' ' || pr.last_name FROM providers pr WHERE pr.org_id = ap.org_id AND pr.id = ap.provider_id))::text, 'null') AS name
                FROM appointment_providers ap
               WHERE ap.org_id = a.org_id AND ap.appointment_id = a.id OFFSET 0) ap) pv
    )
    SELECT id, sort_value, patient_id, timezone, json FROM page ORDER BY ord;
ROLLBACK;
