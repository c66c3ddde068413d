import type { Db } from '../../core/db/client.ts';

/**
 * Sets the recall an appointment was booked for (null clears it) when it differs, without a version
 * bump: the link is derived by the recalls area in the same transaction as the change that made it
 * true, never a client's write, so a client's `base_version` stays current.
 */
export async function setAppointmentRecall(db: Db, orgId: string, appointmentId: string, recallId: string | null): Promise<void> {
  await db.query('UPDATE appointments SET recall_id = $3 WHERE org_id = $1 AND id = $2 AND recall_id IS DISTINCT FROM $3',
    [orgId, appointmentId, recallId]);
}
