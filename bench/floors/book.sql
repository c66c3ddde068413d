-- Minimal floor of a conflict-checked booking (npm run bench, scenarios book and contend): one
-- transaction with the chair and provider advisory locks, the chair and provider overlap checks, the
-- appointment insert, its provider row and its history row. Written by hand for pgbench; never
-- derived from src/.
-- Variables: :org, :user, :confirmation, :clients, :base (pgbench -D, with n=0); each client walks its own
-- share of bench_floor_slots (the free slots chairtime books, filled by the bench), so no two
-- clients ask for the same slot and the sequence is the one chairtime is sent.
\set n :n + 1
\set i :base + :client_id + 1 + (:n - 1) * :clients
BEGIN;
SELECT op, prov, patient, loc, schedule_date, start_time, end_time, start_at, end_at,
       pg_advisory_xact_lock(hashtextextended('op:' || :org || ':' || op, 0)) IS NULL AS l1,
       pg_advisory_xact_lock(hashtextextended('pr:' || :org || ':' || prov, 0)) IS NULL AS l2
  FROM bench_floor_slots WHERE i = :i \gset
SELECT count(*) AS chair_busy FROM appointments
 WHERE org_id = :org AND operatory_id = :op AND status IN ('scheduled', 'complete')
   AND tstzrange(start_at, end_at) && tstzrange(:start_at, :end_at) \gset
SELECT count(*) AS provider_busy FROM appointment_providers
 WHERE org_id = :org AND provider_id = :prov AND occupies
   AND appointment_start_at < :end_at AND appointment_end_at > :start_at \gset
\if :chair_busy = 0 AND :provider_busy = 0
INSERT INTO appointments (org_id, patient_id, location_id, operatory_id, status, schedule_date, start_time, end_time,
                          start_at, end_at, note, confirmation_status_id)
VALUES (:org, :patient, :loc, :op, 'scheduled', :schedule_date, :start_time, :end_time, :start_at, :end_at, 'bench', :confirmation)
RETURNING id AS appointment_id \gset
INSERT INTO appointment_providers (org_id, appointment_id, provider_id, role, item_order)
VALUES (:org, :appointment_id, :prov, 'primary', 0);
INSERT INTO appointment_history (org_id, appointment_id, action, changes, actor_user_id)
VALUES (:org, :appointment_id, 'created', jsonb_build_object('status', 'scheduled', 'operatory_id', :op::text,
        'schedule_date', :schedule_date::text, 'start_time', :start_time::text, 'end_time', :end_time::text), :user);
COMMIT;
\else
ROLLBACK;
\endif
