SET jit=off;
BEGIN;
EXPLAIN (ANALYZE, BUFFERS off) 
    WITH page AS MATERIALIZED (
      SELECT a.id, k.sort_value, a.patient_id, l.timezone, format('{"id":%s,"status":%s,"patient":%s,"location":%s,"location_timezone":%s,"operatory":%s,"appointment_type":%s,"provider":%s,"providers":%s,"schedule_date":%s,"start_time":%s,"end_time":%s,"datetime_ask_to_arrive":%s,"note":%s,"priority":%s,"is_new_patient":%s,"is_time_locked":%s,"item_order":%s,"color_override":%s,"confirmation_status":%s,"confirmation_status_label":%s,"broken_reason":%s,"cancel_reason":%s,"cancelled_by":%s,"flow_status":%s,"recall":%s,"tags":%s,"production_amount":%s,"estimated_insurance":%s,"estimated_patient_portion":%s,"slot_uuid":%s,"version":%s,"created_at":%s,"updated_at":%s}', '"' || a.id || '"',
       '"' || a.status || '"',
       '{"id":"' || a.patient_id || '","name":' || coalesce(to_json(pt.first_name || ' ' || pt.last_name)::text, 'null') || '}',
       '{"id":"' || a.location_id || '","name":' || coalesce(to_json(l.name)::text, 'null') || '}',
       coalesce(to_json(l.timezone)::text, 'null'),
       coalesce('{"id":"' || a.operatory_id || '","name":' || coalesce(to_json((SELECT o.name FROM operatories o WHERE o.org_id = a.org_id AND o.id = a.operatory_id))::text, 'null') || '}', 'null'),
       coalesce('{"id":"' || a.appointment_type_id || '","name":' || coalesce(to_json(t.name)::text, 'null') || '}', 'null'),
       coalesce(pv.first, 'null'),
       '[' || coalesce(pv.list, '') || ']',
       coalesce('"' || a.schedule_date || '"', 'null'),
       coalesce('"' || chr(1) || floor(extract(epoch FROM a.start_at) * 1000)::bigint || '"', 'null'),
       coalesce('"' || chr(1) || floor(extract(epoch FROM a.end_at) * 1000)::bigint || '"', 'null'),
       coalesce('"' || chr(1) || floor(extract(epoch FROM a.ask_to_arrive_at) * 1000)::bigint || '"', 'null'),
       coalesce(to_json(a.note)::text, 'null'),
       a.priority::text,
       a.is_new_patient::text,
       a.is_time_locked::text,
       a.item_order::text,
       coalesce(to_json(a.color_override)::text, 'null'),
       coalesce('{"id":"' || a.confirmation_status_id || '","name":' || coalesce(to_json(cs.name)::text, 'null') || '}', 'null'),
       coalesce(to_json(cs.name)::text, 'null'),
       coalesce('{"id":"' || a.broken_reason_id || '","name":' || coalesce(to_json((SELECT d.name FROM definitions d WHERE d.org_id = a.org_id AND d.id = a.broken_reason_id))::text, 'null') || '}', 'null'),
       coalesce('{"id":"' || a.cancel_reason_id || '","name":' || coalesce(to_json((SELECT d.name FROM definitions d WHERE d.org_id = a.org_id AND d.id = a.cancel_reason_id))::text, 'null') || '}', 'null'),
       coalesce('"' || a.cancelled_by || '"', 'null'),
       coalesce('{"id":"' || a.flow_status_id || '","name":' || coalesce(to_json((SELECT fs.name FROM patient_flow_statuses fs WHERE fs.org_id = a.org_id AND fs.id = a.flow_status_id))::text, 'null') || '}', 'null'),
       coalesce('{"id":"' || a.recall_id || '","name":null}', 'null'),
       '[' || coalesce((SELECT string_agg(format('{"id":%s,"name":%s,"color":%s}', '"' || d.id || '"',
       coalesce(to_json(d.name)::text, 'null'),
       coalesce(to_json(d.color)::text, 'null')),
       ',' ORDER BY d.item_order, d.name)
       FROM appointment_tags tg JOIN definitions d ON d.org_id = tg.org_id AND d.id = tg.definition_id
      WHERE tg.org_id = a.org_id AND tg.appointment_id = a.id), '') || ']',
       '"' || coalesce(a.production_override, (SELECT coalesce(sum(pc.fee), 0)::numeric(12, 2)
       FROM appointment_procedures pc WHERE pc.org_id = a.org_id AND pc.appointment_id = a.id)) || '"',
       coalesce('"' || a.estimated_insurance || '"', 'null'),
       coalesce('"' || a.estimated_patient_portion || '"', 'null'),
       coalesce('"' || a.slot_id || '"', 'null'),
       a.version::text,
       '"' || to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"',
       '"' || to_char(a.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"') AS json, row_number() OVER (ORDER BY a.start_at ASC NULLS LAST, a.id ASC) AS ord
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
      SELECT string_agg(format('{"id":%s,"name":%s,"role":%s,"start_time":%s,"end_time":%s,"start_at":%s,"end_at":%s}', '"' || ap.provider_id || '"',
       ap.name,
       '"' || ap.role || '"',
       coalesce('"' || ap.start_time || '"', 'null'),
       coalesce('"' || ap.end_time || '"', 'null'),
       coalesce('"' || chr(1) || floor(extract(epoch FROM ap.start_at) * 1000)::bigint || '"', 'null'),
       coalesce('"' || chr(1) || floor(extract(epoch FROM ap.end_at) * 1000)::bigint || '"', 'null')), ',' ORDER BY ap.item_order) AS list,
             (array_agg('{"id":"' || ap.provider_id || '","name":' || ap.name || '}' ORDER BY ap.item_order))[1] AS first
        FROM (SELECT ap.provider_id, ap.role, ap.start_time, ap.end_time, ap.start_at, ap.end_at, ap.item_order,
                     coalesce(to_json((SELECT pr.first_name || ' ' || pr.last_name FROM providers pr WHERE pr.org_id = ap.org_id AND pr.id = ap.provider_id))::text, 'null') AS name
                FROM appointment_providers ap
               WHERE ap.org_id = a.org_id AND ap.appointment_id = a.id OFFSET 0) ap) pv
    )
    SELECT id, sort_value, patient_id, timezone, json FROM page ORDER BY ord;
ROLLBACK;
