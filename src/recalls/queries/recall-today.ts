import type { Db } from '../../core/db/client.ts';
import { localDate } from '../../core/time.ts';
import { listLocationZones } from '../db/location-zones.ts';
import type { RecallToday } from '../db/patient-recalls.ts';

/**
 * Today at each of the organisation's locations at instant `now`, and the fallback (today at its oldest
 * location, or in UTC when it has none yet) for recalls whose patient has no appointment to place them.
 */
export async function recallToday(db: Db, orgId: string, now: Date): Promise<RecallToday> {
  const zones = await listLocationZones(db, orgId);
  const todays = zones.map((z) => localDate(now, z.timezone));
  return {
    locationIds: zones.map((z) => z.id), todays, fallbackLocationId: zones[0]?.id ?? null, fallback: todays[0] ?? localDate(now, 'UTC'),
  };
}
