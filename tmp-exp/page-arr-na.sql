SET jit=off;
BEGIN;
EXPLAIN (ANALYZE, BUFFERS off) 
    WITH page AS MATERIALIZED (
      SELECT a.id, k.sort_value, a.patient_id, l.timezone, array_to_string(ARRAY['{', '"id":', '"' || a.id || '"',
       ',"status":', '"' || a.status || '"',
       ',"patient":', '{"id":"' || a.patient_id || '","name":' || coalesce(to_json(pt.first_name || ' ' || pt.last_name)::text, 'null') || '}',
       ',"location":', '{"id":"' || a.location_id || '","name":' || coalesce(to_json(l.name)::text, 'null') || '}',
       ',"location_timezone":', coalesce(to_json(l.timezone)::text, 'null'),
       ',"operatory":', coalesce('{"id":"' || a.operatory_id || '","name":' || coalesce(to_json((SELECT o.name FROM operatories o WHERE o.org_id = a.org_id AND o.id = a.operatory_id))::text, 'null') || '}', 'null'),
       ',"appointment_type":', coalesce('{"id":"' || a.appointment_type_id || '","name":' || coalesce(to_json(t.name)::text, 'null') || '}', 'null'),
       ',"provider":', coalesce(pv.first, 'null'),
       ',"providers":', '[' || coalesce(pv.list, '') || ']',
       ',"schedule_date":', coalesce('"' || a.schedule_date || '"', 'null'),
       ',"start_time":', coalesce('"' || chr(1) || floor(extract(epoch FROM a.start_at) * 1000)::bigint || '"', 'null'),
       ',"end_time":', coalesce('"' || chr(1) || floor(extract(epoch FROM a.end_at) * 1000)::bigint || '"', 'null'),
       ',"datetime_ask_to_arrive":', coalesce('"' || chr(1) || floor(extract(epoch FROM a.ask_to_arrive_at) * 1000)::bigint || '"', 'null'),
       ',"note":', coalesce(to_json(a.note)::text, 'null'),
       ',"priority":', a.priority::text,
       ',"is_new_patient":', a.is_new_patient::text,
       ',"is_time_locked":', a.is_time_locked::text,
       ',"item_order":', a.item_order::text,
       ',"color_override":', coalesce(to_json(a.color_override)::text, 'null'),
       ',"confirmation_status":', coalesce('{"id":"' || a.confirmation_status_id || '","name":' || coalesce(to_json(cs.name)::text, 'null') || '}', 'null'),
       ',"confirmation_status_label":', coalesce(to_json(cs.name)::text, 'null'),
       ',"broken_reason":', coalesce('{"id":"' || a.broken_reason_id || '","name":' || coalesce(to_json((SELECT d.name FROM definitions d WHERE d.org_id = a.org_id AND d.id = a.broken_reason_id))::text, 'null') || '}', 'null'),
       ',"cancel_reason":', coalesce('{"id":"' || a.cancel_reason_id || '","name":' || coalesce(to_json((SELECT d.name FROM definitions d WHERE d.org_id = a.org_id AND d.id = a.cancel_reason_id))::text, 'null') || '}', 'null'),
       ',"cancelled_by":', coalesce('"' || a.cancelled_by || '"', 'null'),
       ',"flow_status":', coalesce('{"id":"' || a.flow_status_id || '","name":' || coalesce(to_json((SELECT fs.name FROM patient_flow_statuses fs WHERE fs.org_id = a.org_id AND fs.id = a.flow_status_id))::text, 'null') || '}', 'null'),
       ',"recall":', coalesce('{"id":"' || a.recall_id || '","name":null}', 'null'),
       ',"tags":', '[' || coalesce((SELECT string_agg(array_to_string(ARRAY['{', '"id":', '"' || d.id || '"',
       ',"name":', coalesce(to_json(d.name)::text, 'null'),
       ',"color":', coalesce(to_json(d.color)::text, 'null'), '}']::text[], ''),
       ',' ORDER BY d.item_order, d.name)
       FROM appointment_tags tg JOIN definitions d ON d.org_id = tg.org_id AND d.id = tg.definition_id
      WHERE tg.org_id = a.org_id AND tg.appointment_id = a.id), '') || ']',
       ',"production_amount":', '"' || coalesce(a.production_override, (SELECT coalesce(sum(pc.fee), 0)::numeric(12, 2)
       FROM appointment_procedures pc WHERE pc.org_id = a.org_id AND pc.appointment_id = a.id)) || '"',
       ',"estimated_insurance":', coalesce('"' || a.estimated_insurance || '"', 'null'),
       ',"estimated_patient_portion":', coalesce('"' || a.estimated_patient_portion || '"', 'null'),
       ',"slot_uuid":', coalesce('"' || a.slot_id || '"', 'null'),
       ',"version":', a.version::text,
       ',"created_at":', '"' || to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"',
       ',"updated_at":', '"' || to_char(a.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"', '}']::text[], '') AS json, row_number() OVER (ORDER BY a.start_at ASC NULLS LAST, a.id ASC) AS ord
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
      SELECT string_agg(array_to_string(ARRAY['{', '"id":', '"' || ap.provider_id || '"',
       ',"name":', ap.name,
       ',"role":', '"' || ap.role || '"',
       ',"start_time":', coalesce('"' || ap.start_time || '"', 'null'),
       ',"end_time":', coalesce('"' || ap.end_time || '"', 'null'),
       ',"start_at":', coalesce('"' || chr(1) || floor(extract(epoch FROM ap.start_at) * 1000)::bigint || '"', 'null'),
       ',"end_at":', coalesce('"' || chr(1) || floor(extract(epoch FROM ap.end_at) * 1000)::bigint || '"', 'null'), '}']::text[], ''), ',' ORDER BY ap.item_order) AS list,
             (array_agg('{"id":"' || ap.provider_id || '","name":' || ap.name || '}' ORDER BY ap.item_order))[1] AS first
        FROM (SELECT ap.provider_id, ap.role, ap.start_time, ap.end_time, ap.start_at, ap.end_at, ap.item_order,
                     coalesce(to_json((SELECT pr.first_name || ' ' || pr.last_name FROM providers pr WHERE pr.org_id = ap.org_id AND pr.id = ap.provider_id))::text, 'null') AS name
                FROM appointment_providers ap
               WHERE ap.org_id = a.org_id AND ap.appointment_id = a.id OFFSET 0) ap) pv
    )
    SELECT id, sort_value, patient_id, timezone, json FROM page ORDER BY ord;
ROLLBACK;
