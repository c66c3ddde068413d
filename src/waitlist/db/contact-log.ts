import { many, type Db } from '../../core/db/client.ts';

/** One logged contact attempt or recorded response. */
export interface ContactLogRow {
  id: string;
  entry_id: string;
  kind: 'contact' | 'response';
  contact_method: string | null;
  initiated_by: string | null;
  message_id: string | null;
  slot_date: string | null;
  slot_start_time: string | null;
  slot_location_id: string | null;
  slot_location_name: string | null;
  patient_response: string | null;
  status_before: string;
  status_after: string;
  user_id: string | null;
  created_at: string;
}

export type NewContactLog = Omit<ContactLogRow, 'id' | 'entry_id' | 'slot_location_name' | 'created_at'>;

const LOG_COLUMNS = ['kind', 'contact_method', 'initiated_by', 'message_id', 'slot_date', 'slot_start_time', 'slot_location_id',
  'patient_response', 'status_before', 'status_after', 'user_id'] as const;

/** Appends one record to entry `entryId`'s contact log, stamped `at`. */
export async function insertContactLog(db: Db, orgId: string, entryId: string, r: NewContactLog, at: Date): Promise<void> {
  await db.query(`INSERT INTO asap_contact_log (org_id, entry_id, created_at, ${LOG_COLUMNS.join(', ')})
    VALUES ($1, $2, $3, ${LOG_COLUMNS.map((_c, i) => `$${i + 4}`).join(', ')})`,
  [orgId, entryId, at.toISOString(), ...LOG_COLUMNS.map((c) => r[c])]);
}

/** The contact log of entry `entryId`, newest first (created_at, then insertion order, descending). */
export function listContactLog(db: Db, orgId: string, entryId: string): Promise<ContactLogRow[]> {
  return many<ContactLogRow>(db, `SELECT c.*, l.name AS slot_location_name FROM asap_contact_log c
      LEFT JOIN locations l ON l.org_id = c.org_id AND l.id = c.slot_location_id
     WHERE c.org_id = $1 AND c.entry_id = $2 ORDER BY c.created_at DESC, c.seq DESC`, [orgId, entryId]);
}
