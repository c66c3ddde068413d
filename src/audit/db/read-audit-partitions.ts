import type pg from 'pg';
import { many, one, type Db } from '../../core/db/client.ts';

/** A partition of audit.patient_reads whose every row is past retention, or such a table left detached. */
export interface ExpiredPartition {
  name: string;
  /** Still a partition (else a table an interrupted prune detached but did not drop). */
  attached: boolean;
  /** Detached CONCURRENTLY by an interrupted prune and not yet finalized. */
  detaching: boolean;
}

// Partition names come from the catalog, never a request; only names of this shape are ever put into SQL text.
const PARTITION_NAME = /^patient_reads_\d{4}_\d{2}$/;

function partitionName(name: string): string {
  if (!PARTITION_NAME.test(name)) throw new Error(`not a read audit partition: ${name}`);
  return name;
}

/**
 * Makes the monthly (UTC) partition holding instant `at` (null: the database's now) unless it exists, and returns its
 * name (`patient_reads_YYYY_MM`). Attaches it without blocking reads or inserts (migration 021).
 */
export async function ensureReadAuditPartition(db: Db, at: Date | null): Promise<string> {
  const row = await one<{ name: string }>(db, 'SELECT audit.ensure_patient_reads_partition(coalesce($1::timestamptz, now())) AS name', [at]);
  return row!.name;
}

/**
 * The partitions whose upper bound is at least `retentionDays` days before the database's now (every row in them is
 * that old), and tables of partition shape an interrupted prune left detached whose month is as old, oldest first.
 * An attached partition's bound comes from the catalog; a detached table's from its name.
 */
export function listExpiredReadAuditPartitions(db: Db, retentionDays: number): Promise<ExpiredPartition[]> {
  return many<ExpiredPartition>(db, `
    WITH tables AS (
      SELECT c.relname AS name, true AS attached, i.inhdetachpending AS detaching,
             (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1]::timestamptz AS upper_bound
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'audit.patient_reads'::regclass
      UNION ALL
      SELECT c.relname, false, false, (to_date(substr(c.relname, 15), 'YYYY_MM') + interval '1 month') AT TIME ZONE 'UTC'
        FROM pg_class c
       WHERE c.relnamespace = 'audit'::regnamespace AND c.relkind = 'r' AND NOT c.relispartition
         AND c.relname ~ '^patient_reads_[0-9]{4}_[0-9]{2}$'
    )
    SELECT name, attached, detaching FROM tables
     WHERE upper_bound <= now() - make_interval(days => $1) ORDER BY upper_bound`, [retentionDays]);
}

/**
 * Detaches partition `name` from audit.patient_reads: CONCURRENTLY (reads and inserts go on; it waits for the
 * transactions that may see it), or FINALIZE for one an interrupted prune left pending. Runs outside a transaction,
 * so `db` is the pool.
 */
export async function detachReadAuditPartition(db: pg.Pool, name: string, pending: boolean): Promise<void> {
  await db.query(`ALTER TABLE audit.patient_reads DETACH PARTITION audit.${partitionName(name)} ${pending ? 'FINALIZE' : 'CONCURRENTLY'}`);
}

/** Drops the detached partition table `name` with its rows (DDL: no row trigger fires). */
export async function dropReadAuditTable(db: Db, name: string): Promise<void> {
  await db.query(`DROP TABLE audit.${partitionName(name)}`);
}
