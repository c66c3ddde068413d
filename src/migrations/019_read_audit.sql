-- HIPAA audit controls (45 CFR 164.312(b)): who read which patients' data, and when. One row per answer that
-- named patients, written before the answer is sent (src/audit). Append-only: a trigger refuses UPDATE, DELETE and
-- TRUNCATE for every role, the table owner and superusers included (a REVOKE would not bind them, and chairtime
-- usually connects as the owner). Removing rows after the retention period is an operator's deliberate act
-- (ALTER TABLE … DISABLE TRIGGER, which log_statement = 'ddl' records), never something the API can do.
--
-- Its own schema, beside the practice's tables in public: the log is not practice data a request changes (a
-- failed request changes nothing in public; a successful read adds here), and an operator can grant, back up
-- or ship it apart. No foreign keys: a fact recorded must neither block deleting a user, token or patient nor
-- vanish with them; user_id and token_id are the request's authenticated ones.

CREATE SCHEMA IF NOT EXISTS audit;

CREATE TABLE audit.patient_reads (
  org_id      uuid NOT NULL,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  read_at     timestamptz NOT NULL DEFAULT now(),
  user_id     uuid NOT NULL,
  token_id    uuid NOT NULL,
  method      text NOT NULL,
  -- The route's OpenAPI path, e.g. /api/v1/{org_id}/patients/{patient_uuid}.
  route       text NOT NULL,
  record_kind text NOT NULL,
  -- The record the path named (the appointment, the recall …); null for lists and searches.
  record_id   uuid,
  -- Every patient the answer named.
  patient_ids uuid[] NOT NULL CHECK (cardinality(patient_ids) > 0),
  request_id  text NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE INDEX patient_reads_newest ON audit.patient_reads (org_id, read_at DESC, id DESC);
CREATE INDEX patient_reads_by_user ON audit.patient_reads (org_id, user_id, read_at DESC, id DESC);
CREATE INDEX patient_reads_by_patient ON audit.patient_reads USING gin (patient_ids);

CREATE FUNCTION audit.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit.% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER patient_reads_append_only BEFORE UPDATE OR DELETE ON audit.patient_reads
  FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER patient_reads_no_truncate BEFORE TRUNCATE ON audit.patient_reads
  FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
