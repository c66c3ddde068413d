import pg from 'pg';
import { ambient, type Db } from '../../core/db/client.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';
import type { ReadKind } from '../domain/audited-reads.ts';
import { ensureReadAuditPartition } from './read-audit-partitions.ts';

/** What was read: an audited API route's kind, or a calendar feed (fetched by its secret URL, outside the API). */
export type RecordKind = ReadKind | 'calendar_feed';

/** One read of patient data, as recorded. */
export interface NewPatientRead {
  orgId: string;
  userId: string;
  tokenId: string;
  method: string;
  /** The route's OpenAPI path, e.g. `/api/v1/{org_id}/patients/{patient_uuid}`. */
  route: string;
  kind: RecordKind;
  /** The record the path named, if any. */
  recordId: string | null;
  patientIds: string[];
  requestId: string;
}

export interface PatientReadRow {
  id: string;
  read_at: string;
  user_id: string;
  user_name: string | null;
  token_id: string;
  method: string;
  route: string;
  record_kind: string;
  record_id: string | null;
  patient_ids: string[];
  request_id: string;
}

const COLUMNS = 'org_id, user_id, token_id, method, route, record_kind, record_id, patient_ids, request_id';

// Inside the caller's transaction: the row commits with it, as durably as the caller's commit.
const INSERT = {
  name: 'insert-patient-read',
  text: `INSERT INTO audit.patient_reads (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::uuid[], $9)`,
};

// On its own (the pool; the statement is its transaction): the row is in the table before the answer leaves, and
// its commit does not wait for its WAL flush (synchronous_commit off for this statement's transaction only). The
// WAL writer flushes within three wal_writer_delay (600 ms by default); only an operating-system or power failure
// in that window could lose the newest rows — a crash of PostgreSQL or of chairtime cannot. That wait was the
// largest part of an audited read (5 ms on a virtual disk, against 0.2 ms without), the same trade a log-based
// audit such as pgaudit makes.
const FLUSH_BY_WAL_WRITER = `(SELECT set_config('synchronous_commit', 'off', true)) AS flush_by_wal_writer`;
const INSERT_ON_ITS_OWN = {
  name: 'insert-patient-read-own',
  text: `INSERT INTO audit.patient_reads (${COLUMNS})
         SELECT $1::uuid, $2::uuid, $3::uuid, $4::text, $5::text, $6::text, $7::uuid, $8::uuid[], $9::text
           FROM ${FLUSH_BY_WAL_WRITER}`,
};

/** A read about to be made, before the patients it names are known. */
export type PendingPatientRead = Omit<NewPatientRead, 'patientIds'>;

/**
 * A WITH item (`name AS (INSERT …)`) recording `read` in the statement that makes it: the read's patients are
 * `patientIds`, an SQL uuid[] expression over the statement's other WITH items (nothing is recorded when it is null
 * or empty). The record commits with the read, and with the same durability as INSERT_ON_ITS_OWN on the pool.
 * Values are bound through `bind` (the statement's parameters). The statement throws 23514 when the month's
 * partition is missing: see `retryWithReadAuditPartition`.
 */
export function patientReadInsertItem(
  db: Db, name: string, read: PendingPatientRead, patientIds: string, bind: (value: unknown) => string,
): string {
  const values = [read.orgId, read.userId, read.tokenId, read.method, read.route, read.kind, read.recordId];
  const [orgId, userId, tokenId, method, route, kind, recordId] = values.map(bind);
  const onItsOwn = ambient(db) instanceof pg.Pool;
  return `${name} AS (
    INSERT INTO audit.patient_reads (${COLUMNS})
    SELECT ${orgId}::uuid, ${userId}::uuid, ${tokenId}::uuid, ${method}::text, ${route}::text, ${kind}::text, ${recordId}::uuid,
           ids, ${bind(read.requestId)}::text
      FROM (SELECT ${patientIds} AS ids) AS named${onItsOwn ? `, ${FLUSH_BY_WAL_WRITER}` : ''}
     WHERE cardinality(ids) > 0)`;
}

/**
 * Runs `statement`, one that records a read (insertPatientRead's, or one with a `patientReadInsertItem`), and once more
 * after making the month's partition if it was missing (prune not run). Inside a transaction the failure has aborted
 * it: nothing to retry there.
 */
export async function retryWithReadAuditPartition<T>(db: Db, statement: () => Promise<T>): Promise<T> {
  try {
    return await statement();
  } catch (err) {
    // 23514 is "no partition for the row" here: the row's one CHECK (patient_ids not empty) is the caller's to keep.
    if ((err as { code?: string }).code !== '23514' || !(ambient(db) instanceof pg.Pool)) throw err;
    await ensureReadAuditPartition(db, null);
    return statement();
  }
}

/**
 * Appends one read to the audit log (read_at: the database's clock). The table refuses UPDATE, DELETE and TRUNCATE.
 * On the pool, the row commits without waiting for its WAL flush (see INSERT_ON_ITS_OWN), and a month without its
 * partition yet (prune not run) gets it made here and the insert is tried again.
 */
export async function insertPatientRead(db: Db, r: NewPatientRead): Promise<void> {
  const values = [r.orgId, r.userId, r.tokenId, r.method, r.route, r.kind, r.recordId, r.patientIds, r.requestId];
  // A pool joined by a request transaction (an idempotent POST) runs this inside that transaction: not on its own.
  const statement = ambient(db) instanceof pg.Pool ? INSERT_ON_ITS_OWN : INSERT;
  await retryWithReadAuditPartition(db, () => db.query({ ...statement, values }));
}

/**
 * One page of an organisation's recorded reads, newest first (read_at, then id, descending), optionally only
 * those that named `patientId` or were made by `userId`, with the reader's name (null if the user is gone).
 */
export function listPatientReads(
  db: Db, orgId: string, f: { patientId?: string; userId?: string }, page: PageRequest,
): Promise<{ rows: PatientReadRow[]; total: number }> {
  const filter = new Filter(orgId, 'r')
    .add('r.patient_ids @> ARRAY[$?::uuid]', f.patientId)
    .add('r.user_id = $?', f.userId);
  return selectPage<PatientReadRow>(db,
    `r.id, r.read_at, r.user_id, u.name AS user_name, r.token_id, r.method, r.route, r.record_kind, r.record_id, r.patient_ids, r.request_id`,
    'audit.patient_reads r LEFT JOIN users u ON u.org_id = r.org_id AND u.id = r.user_id', filter, 'r.read_at DESC, r.id DESC', page);
}
