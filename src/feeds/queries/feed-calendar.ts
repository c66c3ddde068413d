import type { Db } from '../../core/db/client.ts';
import { findLiveFeedByHash } from '../db/calendar-feeds.ts';
import { listFeedAppointments } from '../db/feed-appointments.ts';
import { feedWindow, toFeedEvent } from '../domain/feed-events.ts';
import { parseFeedToken } from '../domain/feed-token.ts';
import { renderFeed } from '../domain/render-ics.ts';

/**
 * The iCalendar text of the live feed whose token is `token`, at instant `now`; null when the token is
 * malformed, unknown or revoked (no query for a malformed one). Two statements: the feed, its appointments.
 */
export async function loadFeedCalendar(db: Db, token: string, now: Date): Promise<string | null> {
  const parsed = parseFeedToken(token);
  if (!parsed) return null;
  const feed = await findLiveFeedByHash(db, parsed.orgId, parsed.hash);
  if (!feed) return null;
  const subject = feed.provider_id ? { providerId: feed.provider_id } : { locationId: feed.location_id! };
  const rows = await listFeedAppointments(db, parsed.orgId, subject, feedWindow(now), feed.include_patient_names);
  return renderFeed(feed.title, feed.home_zone, rows.map((r) => toFeedEvent(r, feed.include_patient_names)));
}
