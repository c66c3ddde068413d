-- Retention (docs/operations/retention.md, `chairtime prune`).
--
-- The read audit becomes range-partitioned by month of read_at (UTC), so that the retention path removes a whole
-- month once every row in it is older than AUDIT_RETENTION_DAYS, by detaching and dropping its partition: no row is
-- ever updated or deleted. The append-only triggers stay on the partitioned table: the row trigger is cloned onto every
-- partition (a DELETE or UPDATE addressed to a partition is refused too), and since a statement trigger is not cloned,
-- each partition gets its own TRUNCATE trigger. Detaching and dropping a partition is DDL and fires no DML trigger;
-- like ALTER TABLE … DISABLE TRIGGER it is an operator's (or the prune command's) deliberate act that
-- log_statement = 'ddl' records, never something a request can do.
--
-- A partition is named after its month (audit.patient_reads_2027_01 holds [2027-01-01, 2027-02-01) UTC). Partitions
-- are made ahead by `chairtime prune`, and on demand by the insert that finds none for its month, so a lapsed
-- schedule never costs an audited read. Existing rows stay where they are: the old table is attached as one partition
-- from the month of its oldest row to the end of this month (named after this month), and goes when all of it has
-- passed retention.

ALTER TABLE audit.patient_reads RENAME TO patient_reads_existing;
ALTER TABLE audit.patient_reads_existing DROP CONSTRAINT patient_reads_pkey;
ALTER INDEX audit.patient_reads_newest RENAME TO patient_reads_existing_newest;
ALTER INDEX audit.patient_reads_by_user RENAME TO patient_reads_existing_by_user;
ALTER INDEX audit.patient_reads_by_patient RENAME TO patient_reads_existing_by_patient;
-- Its row trigger is replaced by the clone of the partitioned table's when it is attached, in this same transaction.
DROP TRIGGER patient_reads_append_only ON audit.patient_reads_existing;

-- The same columns, defaults and checks (an attached partition must match exactly). The key includes read_at, as
-- a partitioned table's must; ids are random, so (org_id, id) stays unique in practice.
CREATE TABLE audit.patient_reads (LIKE audit.patient_reads_existing INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
  PRIMARY KEY (org_id, id, read_at)
) PARTITION BY RANGE (read_at);
CREATE INDEX patient_reads_newest ON audit.patient_reads (org_id, read_at DESC, id DESC);
CREATE INDEX patient_reads_by_user ON audit.patient_reads (org_id, user_id, read_at DESC, id DESC);
CREATE INDEX patient_reads_by_patient ON audit.patient_reads USING gin (patient_ids);
CREATE TRIGGER patient_reads_append_only BEFORE UPDATE OR DELETE ON audit.patient_reads
  FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER patient_reads_no_truncate BEFORE TRUNCATE ON audit.patient_reads
  FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();

-- Makes the partition of the month (UTC) holding instant `at` unless one of that name exists, and returns its name.
-- Created apart and then attached, which locks the partitioned table only SHARE UPDATE EXCLUSIVE (reads and inserts go
-- on); CREATE TABLE … PARTITION OF would lock it ACCESS EXCLUSIVE. Concurrent callers queue on an advisory lock.
CREATE FUNCTION audit.ensure_patient_reads_partition(at timestamptz) RETURNS text
LANGUAGE plpgsql SET TimeZone = 'UTC' AS $$
DECLARE
  month_start timestamptz := date_trunc('month', at);
  name text := 'patient_reads_' || to_char(at, 'YYYY_MM');
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('audit.patient_reads partitions', 0));
  IF to_regclass(format('audit.%I', name)) IS NULL THEN
    EXECUTE format('CREATE TABLE audit.%I (LIKE audit.patient_reads INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name);
    EXECUTE format('ALTER TABLE audit.patient_reads ATTACH PARTITION audit.%I FOR VALUES FROM (%L) TO (%L)',
      name, month_start, month_start + interval '1 month');
    EXECUTE format('CREATE TRIGGER patient_reads_no_truncate BEFORE TRUNCATE ON audit.%I '
      'FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change()', name);
  END IF;
  RETURN name;
END
$$;

DO LANGUAGE plpgsql $$
DECLARE
  oldest timestamptz := (SELECT min(read_at) FROM audit.patient_reads_existing);
  this_month timestamp := date_trunc('month', now() AT TIME ZONE 'UTC');
  name text := 'patient_reads_' || to_char(now() AT TIME ZONE 'UTC', 'YYYY_MM');
BEGIN
  IF oldest IS NULL THEN
    DROP TABLE audit.patient_reads_existing;
  ELSE
    EXECUTE format('ALTER TABLE audit.patient_reads_existing RENAME TO %I', name);
    EXECUTE format('ALTER TABLE audit.patient_reads ATTACH PARTITION audit.%I FOR VALUES FROM (%L) TO (%L)',
      name, date_trunc('month', oldest, 'UTC'), (this_month + interval '1 month') AT TIME ZONE 'UTC');
  END IF;
  -- This month and the next two (this month is the existing rows' partition when there were any).
  FOR i IN 0..2 LOOP
    PERFORM audit.ensure_patient_reads_partition((this_month + make_interval(months => i)) AT TIME ZONE 'UTC');
  END LOOP;
END
$$;

-- The webhook retention sweep looks for old events by age.
CREATE INDEX webhook_events_created_idx ON webhook_events (created_at);
