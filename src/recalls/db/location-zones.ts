import { many, type Db } from '../../core/db/client.ts';

/** The organisation's locations with their IANA zones, oldest first (the first is the fallback location of recalls). */
export function listLocationZones(db: Db, orgId: string): Promise<{ id: string; timezone: string }[]> {
  return many<{ id: string; timezone: string }>(db, 'SELECT id, timezone FROM locations WHERE org_id = $1 ORDER BY created_at, id', [orgId]);
}
