import { many, type Db } from '../../core/db/client.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';

/** One field's change: what it was and what it became. */
export type FieldChanges = Record<string, { old: unknown; new: unknown }>;

export interface HistoryRow {
  id: string;
  appointment_id: string;
  action: string;
  changes: FieldChanges | Record<string, unknown>;
  actor_user_id: string | null;
  actor_name: string | null;
  created_at: string;
}

/**
 * The INSERT of one history entry, naming the acting user as they are now; each argument is an SQL expression
 * (a placeholder, or a column of `from`, e.g. a WITH item that inserted the appointment).
 */
export function historyInsertSql(
  e: { orgId: string; appointmentId: string; action: string; changes: string; actorUserId: string }, from = '',
): string {
  return `
    INSERT INTO appointment_history (org_id, appointment_id, action, changes, actor_user_id, actor_name)
    SELECT ${e.orgId}, ${e.appointmentId}, ${e.action}, ${e.changes}, ${e.actorUserId},
           (SELECT name FROM users WHERE org_id = ${e.orgId} AND id = ${e.actorUserId}) ${from}`;
}

const INSERT = {
  name: 'appointment-history-insert',
  text: historyInsertSql({ orgId: '$1::uuid', appointmentId: '$2::uuid', action: '$3::text', changes: '$4::jsonb', actorUserId: '$5::uuid' }),
};

/**
 * Appends a history entry in the caller's transaction, naming the acting user as they are now (the
 * name is kept even if the user is later deleted). No foreign key to the appointment: entries survive
 * a hard delete.
 */
export async function insertHistory(
  db: Db, orgId: string, appointmentId: string, action: string, changes: object, actorUserId: string | null,
): Promise<void> {
  await many(db, INSERT, [orgId, appointmentId, action, JSON.stringify(changes), actorUserId]);
}

/** An appointment's history, newest first. */
export function listHistory(db: Db, orgId: string, appointmentId: string, page: PageRequest) {
  const where = new Filter(orgId).add('appointment_id = $?', appointmentId);
  return selectPage<HistoryRow>(db, 'id, appointment_id, action, changes, actor_user_id, actor_name, created_at',
    'appointment_history', where, 'created_at DESC, id DESC', page);
}
