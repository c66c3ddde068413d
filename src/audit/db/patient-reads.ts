import type { Db } from '../../core/db/client.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';
import type { ReadKind } from '../domain/audited-reads.ts';

/** One read of patient data, as recorded. */
export interface NewPatientRead {
  orgId: string;
  userId: string;
  tokenId: string;
  method: string;
  /** The route's OpenAPI path, e.g. `/api/v1/{org_id}/patients/{patient_uuid}`. */
  route: string;
  kind: ReadKind;
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

// The one statement every audited read adds: named, so each connection plans it once.
const INSERT = {
  name: 'insert-patient-read',
  text: `INSERT INTO audit.patient_reads (org_id, user_id, token_id, method, route, record_kind, record_id, patient_ids, request_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::uuid[], $9)`,
};

/** Appends one read to the audit log (read_at: the database's clock). The table refuses UPDATE, DELETE and TRUNCATE. */
export async function insertPatientRead(db: Db, r: NewPatientRead): Promise<void> {
  await db.query({
    ...INSERT,
    values: [r.orgId, r.userId, r.tokenId, r.method, r.route, r.kind, r.recordId, r.patientIds, r.requestId],
  });
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
